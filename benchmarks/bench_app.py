"""Window benchmarks: cold start to an interactive window, Stop -> review for a 90 s answer
through the real recording path (virtual microphone), peak RSS of the running app.

    eval "$(bash scripts/virtual-mic.sh start /tmp/mic-bench)"
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_app.py [--runs 5] [--skip-take]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DECK = ROOT / "stories" / "sample-deck.md"

CHILD = r"""
import sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from star_rehearsal.ui.app import apply_theme, create_window
apply_theme(app)
w = create_window(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
w.show()
def interactive():
    print("interactive", flush=True)
    def poll():
        if w.session.question is not None and "deck" not in marks:
            marks.add("deck"); print("deck", flush=True)
        if w.session.engine is not None:
            print("model", flush=True); w.close(); app.quit()
    t = QTimer(w); t.timeout.connect(poll); t.start(5)
marks = set()
QTimer.singleShot(0, interactive)
app.exec()
"""

# About 230 words: at 150 wpm espeak-ng speaks it in about 90 s.
LONG_ANSWER = " ".join([
    "On Black Friday our checkout service started failing for thirty percent of orders right",
    "after a config push to the payment gateway client. Support queues were filling up and the",
    "revenue dashboard was dropping by the minute. As incident commander I had to restore",
    "checkout quickly and keep support and leadership informed the whole time, without making",
    "the situation worse by guessing. First I declared a SEV one and opened a single incident",
    "channel, so that engineers, support and the business all worked from one place and one",
    "timeline. I asked one engineer to keep the timeline and another to watch the payment",
    "error rates. We compared the failing requests with the deploy log and the config push was",
    "the only change in the window, so I rolled back the config push within twelve minutes.",
    "Error rates fell straight away and we watched them for another ten minutes before calling",
    "it stable. Once we were stable I added a canary stage for gateway config changes, so that",
    "a bad push now reaches one percent of traffic first and rolls back by itself when errors",
    "rise. I also wrote a blameless postmortem with five follow up owners and reviewed it with",
    "the payments team and with support. The result was that checkout recovered in nineteen",
    "minutes with no lost orders. Config related incidents dropped to zero over the next two",
    "quarters, and the canary stage became the default for every payment change across the",
    "company.",
])  # fmt: skip


def cold_start(runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"interactive": [], "deck": [], "model": []}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", CHILD, str(DECK), f"{tmp}/data",
                                     f"{tmp}/settings.json"], stdout=subprocess.PIPE, text=True,
                                    env=env, stderr=subprocess.DEVNULL)  # fmt: skip
            assert proc.stdout is not None
            for line in proc.stdout:
                key = line.strip()
                if key in times:
                    times[key].append(time.perf_counter() - t0)
            proc.wait()
    return times


def stop_to_review() -> dict[str, float]:
    from PySide6.QtWidgets import QApplication
    from star_rehearsal.ui.app import create_window

    app = QApplication.instance() or QApplication(sys.argv[:1])

    def spin(cond, timeout: float) -> None:
        end = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > end:
                raise SystemExit("timed out")
            app.processEvents()
            time.sleep(0.005)

    tmp = Path(tempfile.mkdtemp(prefix="bench-app-"))
    raw, clip = tmp / "a.raw.wav", tmp / "a.wav"
    subprocess.run(
        ["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), LONG_ANSWER], check=True
    )
    subprocess.run(["sox", "-q", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(clip),
                    "pad", "0.3", "0.3"], check=True)  # fmt: skip
    window = create_window(DECK, tmp / "data", tmp / "settings.json")
    window.show()
    session = window.session
    spin(lambda: session.question is not None and session.engine is not None, 120)
    spin(lambda: session.workers.busy == 0, 300)  # scoring warm-up done
    session.select_question(next(q for q in session.deck.questions if "outage" in q.text))
    session.start_take()
    player = subprocess.Popen(["paplay", "-d", "virtmic", str(clip)])
    spin(lambda: player.poll() is not None, 300)
    spin(lambda: session._recorder.elapsed_s > 0 and True, 5)
    lag = float(session._live.lag_seconds)
    reviews: list[Any] = []  # core.review.Review
    session.review_ready.connect(reviews.append)
    t0 = time.perf_counter()
    session.stop_take()
    spin(lambda: bool(reviews), 120)
    app.processEvents()
    elapsed = time.perf_counter() - t0
    review = reviews[0]
    window.close()
    return {"stop_to_review_s": elapsed, "take_s": float(review.score.duration_s),
            "lag_at_stop_s": lag, "overall": float(review.overall),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-take", action="store_true")
    args = parser.parse_args()
    starts = cold_start(args.runs)
    print(f"cold start, {args.runs} runs (median / max):")
    for key, values in starts.items():
        if values:
            print(f"  {key:12s} {statistics.median(values):.2f} s / {max(values):.2f} s")
    if not args.skip_take:
        if not os.environ.get("PULSE_SERVER"):
            print("no virtual microphone (PULSE_SERVER unset): skipping Stop -> review")
            return 0
        result = stop_to_review()
        print(f"Stop -> review for a {result['take_s']:.1f} s take: {result['stop_to_review_s']:.2f} s "
              f"(live transcript {result['lag_at_stop_s']:.1f} s behind at Stop; score "
              f"{result['overall']:.0f})")  # fmt: skip
        print(f"peak RSS of the app process: {result['peak_rss_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()  # opt-outs before any dependency loads: docs/privacy.md
    raise SystemExit(main())
