"""Reads beside writes in the takes store: how long a read from the UI thread takes while worker
threads save transcripts and scores as fast as they can, against the same reads with no writer.

The store has one writer thread and a read connection per thread (WAL), so a read should not
wait for a write in flight. `--code PATH` measures another checkout's `desktop/` (e.g. one
before the writer thread, where one connection behind a lock served both) with the same script.

    .venv/bin/python benchmarks/bench_store.py [--seconds 4] [--code CHECKOUT] [--dir FOLDER]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TAKES = 200
WRITERS = 2


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(seconds: float, where: Path | None) -> dict[str, object]:
    from star_rehearsal.core.deck import Question, Story
    from star_rehearsal.core.takes import TakesStore
    from star_rehearsal.core.transcript import Transcript

    story = Story("q/1", "Title", "S", "T", ("a1", "a2"), ("r1",))
    question = Question("q", "Section", "Question?", (story,))
    words = " ".join(f"word{i}" for i in range(180))  # a 90-second answer
    score = {"overall": 70, "key_points": [{"text": "x" * 80, "covered": True}] * 8,
             "coaching": {"pad": "y" * 6000}}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-store-", dir=where) as tmp:
        store = TakesStore(Path(tmp))
        ids = []
        for _ in range(TAKES):
            take = store.new_take(question, story, "deck.md")
            store.finish_take(take.id, 75.0)
            store.save_score(take.id, score)
            ids.append(take.id)

        def reads(until: float) -> list[float]:
            took, i = [], 0
            while time.perf_counter() < until:
                start = time.perf_counter()
                store.get(ids[i % len(ids)])
                took.append((time.perf_counter() - start) * 1000)
                i += 1
            return took

        quiet = reads(time.perf_counter() + seconds / 2)
        alone = []  # a UI-thread write (finish_take) with nothing else running
        until = time.perf_counter() + seconds / 2
        while time.perf_counter() < until:
            start = time.perf_counter()
            store.finish_take(ids[len(alone) % len(ids)], 75.0)
            alone.append((time.perf_counter() - start) * 1000)
        stop = threading.Event()
        written = [0]

        def write(n: int) -> None:
            i = 0
            while not stop.is_set():
                take_id = ids[(n * 97 + i) % len(ids)]
                store.save_transcript(take_id, Transcript(words, duration_s=75.0))
                store.save_score(take_id, score)
                written[0] += 2
                i += 1

        writers = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
        started = time.perf_counter()
        for w in writers:
            w.start()
        busy = reads(time.perf_counter() + seconds)
        stop.set()
        for w in writers:
            w.join()
        elapsed = time.perf_counter() - started
        store.close()
    return {
        "quiet": quiet, "busy": busy, "write": alone, "writes_per_s": written[0] / elapsed,
    }  # fmt: skip


def summary(took: list[float]) -> str:
    return (f"{statistics.median(took):.2f} ms / {percentile(took, 0.99):.2f} ms / "
            f"{max(took):.1f} ms ({len(took)} calls)")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--code", type=Path, help="a checkout whose desktop/ is measured")
    parser.add_argument("--dir", type=Path, help="make the data folder here (default: $TMPDIR)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.code:
        sys.path.insert(0, str(args.code.resolve() / "desktop"))
    result = measure(args.seconds, args.dir)
    if args.json:
        print(json.dumps({k: v if not isinstance(v, list) else {
            "median_ms": statistics.median(v), "p99_ms": percentile(v, 0.99), "max_ms": max(v),
            "reads": len(v)} for k, v in result.items()}, indent=2))  # fmt: skip
        return 0
    code = args.code or ROOT
    where = args.dir or tempfile.gettempdir()
    print(f"code: {code}  data in: {where}  load average: {os.getloadavg()[0]:.1f}")
    print(f"UI-thread read (get one take), median / p99 / max, {TAKES} takes in the store:")
    print(f"  no writer:            {summary(result['quiet'])}")  # type: ignore[arg-type]
    print(f"  {WRITERS} threads writing:    {summary(result['busy'])}")  # type: ignore[arg-type]
    print(f"  writes committed meanwhile: {result['writes_per_s']:.0f}/s")
    print(f"UI-thread write (finish_take), nothing else running: {summary(result['write'])}")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()  # opt-outs before any dependency loads: docs/privacy.md
    raise SystemExit(main())
