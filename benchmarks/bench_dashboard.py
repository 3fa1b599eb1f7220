"""Dashboard open time for a big deck: 200 questions (one story each, 6 points) × 5 scored
takes = 1000 takes in the real takes database, in the real window (offscreen Qt).

Measured, in one process: the first open (the FSRS cards are built from all 1000 takes), a
reopen (cards already stored), a refresh after one more take, and the `next --json` command.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_dashboard.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

QUESTIONS, TAKES = 200, 5


def make_deck(path: Path) -> None:
    lines = ["# Big deck", ""]
    for i in range(QUESTIONS):
        if i % 20 == 0:
            lines += [f"## Pillar {i // 20 + 1}", ""]
        lines += [f"### Tell me about situation number {i} with system {i * 7 % 97}?", "",
                  f"1. STAR — Story {i}", "",
                  f"- Situation: Service {i} was slow for customers in region {i % 9}.",
                  "- Task: Make it fast again.",
                  f"- Actions: profiled handler {i}; added cache tier {i}; rewrote query {i}; "
                  f"load tested release {i}",
                  f"- Results: p95 fell from {800 + i} ms to {200 + i} ms; costs dropped {i % 40}%",
                  ""]  # fmt: skip
    path.write_text("\n".join(lines), encoding="utf-8")


def fill_store(data: Path, deck_path: Path) -> None:
    import numpy as np
    import soundfile as sf
    from practice_helpers import add_take, make_score
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.takes import TakesStore

    silence = np.zeros(1600, dtype=np.float32)
    deck = load_deck(deck_path)
    assert len(deck.questions) == QUESTIONS, deck.messages[:3]
    store = TakesStore(data)
    start = datetime.now(UTC) - timedelta(days=30)
    for i, q in enumerate(deck.questions):
        story = q.stories[0]
        for k in range(TAKES):
            covered = (i + k) % (len(story.key_points) + 1)
            when = start + timedelta(days=k * 5 + i % 5, minutes=i)
            take_id = add_take(store, q, story, when,
                               make_score(story, covered, duration=60 + (i * k) % 50))  # fmt: skip
            # a short real WAV: without its audio a take would be marked missing on open
            sf.write(store.get(take_id).audio_path, silence, 16000, subtype="PCM_16")
    store.close()


def open_dashboard(
    app, deck: Path, data: Path, settings: Path, expect: int | None = QUESTIONS
) -> dict[str, float]:
    from star_rehearsal.ui.app import create_window
    from star_rehearsal.ui.practice import PracticeController

    spent: list[float] = []
    original = PracticeController.refresh

    def timed(self):  # the dashboard's own work: sync the cards, build the rows, fill the view
        t = time.perf_counter()
        try:
            return original(self)
        finally:
            spent.append(time.perf_counter() - t)

    PracticeController.refresh = timed
    t0 = time.perf_counter()
    window = create_window(deck, data, settings, load_model=False)
    window.resize(1280, 820)
    window.show()
    while not window.practice.rows:
        app.processEvents()
    t_rows = time.perf_counter()
    window.tabs.setCurrentWidget(window.dashboard)
    window.dashboard.grab()  # paints the table
    t_shown = time.perf_counter()
    assert expect is None or window.dashboard.proxy.rowCount() == expect
    r0 = time.perf_counter()
    window.practice.refresh()
    window.dashboard.grab()
    r1 = time.perf_counter()
    window.close()
    PracticeController.refresh = original
    return {"rows": t_rows - t0, "shown": t_shown - t0, "tab": t_shown - t_rows,
            "refresh": r1 - r0, "own": spent[0] + (t_shown - t_rows)}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "dashboard.md"
    )
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    load_before = os.getloadavg()[0]
    first, again = [], []
    cli = []
    with tempfile.TemporaryDirectory() as tmp:
        deck = Path(tmp) / "big-deck.md"
        make_deck(deck)
        # one window first, so module imports and Qt start-up are not counted as dashboard time
        open_dashboard(app, ROOT / "stories" / "sample-deck.md", Path(tmp) / "warm", Path(tmp) / "w.json",
                       expect=None)  # fmt: skip
        for run in range(args.runs):
            data = Path(tmp) / f"data{run}"
            fill_store(data, deck)
            settings = Path(tmp) / f"settings{run}.json"
            first.append(open_dashboard(app, deck, data, settings))
            again.append(open_dashboard(app, deck, data, settings))
            t = time.perf_counter()
            out = subprocess.run([sys.executable, "-m", "star_rehearsal", "next", "--deck", str(deck),
                                  "--data-dir", str(data), "--json", "--limit", "5"],
                                 check=True, capture_output=True, text=True)  # fmt: skip
            cli.append(time.perf_counter() - t)
            assert len(json.loads(out.stdout)["queue"]) == 5

    def med(rows: list[dict[str, float]], key: str) -> str:
        values = [r[key] for r in rows]
        return f"{statistics.median(values) * 1000:.0f} ms (max {max(values) * 1000:.0f})"

    text = f"""# Dashboard benchmark

`{" ".join(["QT_QPA_PLATFORM=offscreen", ".venv/bin/python", "benchmarks/bench_dashboard.py", f"--runs {args.runs}"])}`

A deck of {QUESTIONS} questions (one story, 6 key points each) with {TAKES} scored takes per
question ({QUESTIONS * TAKES} takes) in the real takes database; the real window, offscreen Qt,
on the shared 2-core machine (1-minute load average {load_before:.1f} at the start,
{os.getloadavg()[0]:.1f} at the end). Median of {args.runs} runs (max in brackets), measured
{datetime.now(UTC):%Y-%m-%d %H:%M} UTC.

| step | first open (cards built from all takes) | reopen (cards stored) |
|---|---|---|
| **dashboard open: cards synced, rows built, tab shown and painted** | **{med(first, "own")}** | **{med(again, "own")}** |
| window created → dashboard rows ready | {med(first, "rows")} | {med(again, "rows")} |
| switch to the Dashboard tab and paint it | {med(first, "tab")} | {med(again, "tab")} |
| window created → dashboard shown | {med(first, "shown")} | {med(again, "shown")} |
| refresh after a take (sync + rows + repaint) | {med(first, "refresh")} | {med(again, "refresh")} |

`star-rehearsal next --json --limit 5` on the same data (a new process, imports included):
median {statistics.median(cli) * 1000:.0f} ms (max {max(cli) * 1000:.0f}).

Module imports and Qt start-up are excluded (a warm-up window opens first); "window created"
includes what every window start does (parse the deck on the worker pool, open the store and
check every take's audio, fill the question list); the first
open also reviews all {QUESTIONS * TAKES} takes with FSRS and stores {QUESTIONS} cards.
"""
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()  # opt-outs before any dependency loads: docs/privacy.md
    raise SystemExit(main())
