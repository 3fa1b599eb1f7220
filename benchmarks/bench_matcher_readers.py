"""How fast the matcher reads pairs one run at a time on two threads, against runs side by side
(matcher.READERS), on a quiet machine and with busy processes beside it. Each setting reads the
same pairs in turn, alternating in one process (a ratio: the machine is shared, so no absolute
budget figure comes from here). The probabilities must be identical in every setting.

    .venv/bin/python benchmarks/bench_matcher_readers.py [--busy 0 2] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import onnxruntime
from bench_app import LONG_ANSWER
from star_rehearsal.core.scoring import matcher as matcher_module
from star_rehearsal.core.scoring.matcher import Matcher

BUSY_LOOP = "while True:\n    pass\n"
POINT = "Rolled back the config push within twelve minutes"


def two_thread_runs() -> Matcher:
    """The setting before READERS: one run at a time, each split over two threads."""
    matcher = Matcher(threads=1)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 2
    options.inter_op_num_threads = 1
    matcher._session = onnxruntime.InferenceSession(
        str(matcher_module.MODEL_DIR / "model.onnx"), options, providers=["CPUExecutionProvider"]
    )
    return matcher


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--busy", type=int, nargs="+", default=[0, 2])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    words = LONG_ANSWER.split()
    sentences = [" ".join(words[i : i + 18]) for i in range(0, len(words) - 18, 3)]
    settings: dict[str, Matcher] = {
        "one run at a time, 2 threads each": two_thread_runs(),
        "one run at a time, 1 thread": Matcher(threads=1),
        f"{matcher_module.READERS} runs side by side, 1 thread each": Matcher(),
    }

    def read(matcher: Matcher) -> Callable[[], list[float]]:
        def go() -> list[float]:
            matcher._cache.clear()
            return [float(v) for v in matcher.probabilities([POINT] * len(sentences), sentences)]

        return go

    said = {name: read(m)() for name, m in settings.items()}
    same = len({tuple(v) for v in said.values()}) == 1
    print(f"{len(sentences)} pairs; probabilities identical in every setting: {same}")
    for busy in args.busy:
        procs = [subprocess.Popen([sys.executable, "-c", BUSY_LOOP]) for _ in range(busy)]
        times: dict[str, list[float]] = {name: [] for name in settings}
        try:
            for _ in range(args.rounds):
                for name, matcher in settings.items():
                    started = time.perf_counter()
                    read(matcher)()
                    times[name].append((time.perf_counter() - started) / len(sentences) * 1000)
        finally:
            for proc in procs:
                proc.terminate()
        for name, per_pair in times.items():
            print(f"busy={busy} {name}: {statistics.median(per_pair):.1f} ms a pair "
                  f"(worst round {max(per_pair):.1f})")  # fmt: skip
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
