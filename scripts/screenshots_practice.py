"""Screenshots of the practice views for the README: docs/screenshots/dashboard.png, mock.png
and mock-summary.png (never the other screenshots; scripts/screenshots.py makes those).

Runs the real window under Xvfb (started here if DISPLAY is unset) on the sample deck. The
takes are real takes in the real store, scored by the real scorer, but from typed answers (the
story's own sentences, some points left out) instead of speech, and dated over the last two
weeks so the schedule has something to say.

    .venv/bin/python scripts/screenshots_practice.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))


def typed_takes(data: Path, deck_path: Path) -> None:
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.scoring import score_answer
    from star_rehearsal.core.takes import TakesStore
    from star_rehearsal.core.transcript import Transcript

    deck = load_deck(deck_path)
    store = TakesStore(data)
    rng = random.Random(16)
    now = datetime.now(UTC)
    practised = [(q, s) for q in deck.questions for s in q.stories][:9]
    for n, (q, story) in enumerate(practised):
        takes = 1 + n % 4
        for k in range(takes):
            points = [t for _, t in story.key_points]
            keep = [p for p in points if rng.random() < 0.45 + 0.15 * k] or points[:1]
            text = f"{story.situation} {story.task} " + ". ".join(keep) + "."
            seconds = len(text.split()) * 60 / rng.randint(125, 150) + 6  # a spoken pace
            score = score_answer(story, Transcript(text, duration_s=seconds), deck=deck,
                                 duration_s=seconds).to_json()  # fmt: skip
            take = store.new_take(q, story, deck_path)
            store.finish_take(take.id, seconds)
            store.save_score(take.id, score)
            when = now - timedelta(days=14 - 3 * k - n % 3, hours=n)
            # the store stamps "now"; date the take back for the schedule
            store.write_many([("UPDATE takes SET started_at = ? WHERE id = ?",
                               (when.isoformat(), take.id))])  # fmt: skip
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--deck", type=Path, default=ROOT / "stories" / "sample-deck.md")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="star-practice-shots-"))
    xvfb = None
    try:
        if not os.environ.get("DISPLAY"):
            xvfb = subprocess.Popen(
                ["Xvfb", ":96", "-screen", "0", "1400x900x24", "-nolisten", "tcp"]
            )
            os.environ["DISPLAY"] = ":96"
            time.sleep(1.0)  # a script, not a test: Xvfb has no readiness signal to wait on
        os.environ["QT_QPA_PLATFORM"] = "xcb"
        typed_takes(work / "data", args.deck)
        return shoot(args.out, work, args.deck)
    finally:
        if xvfb is not None:
            xvfb.terminate()
        shutil.rmtree(work, ignore_errors=True)


def shoot(out: Path, work: Path, deck: Path) -> int:
    from PySide6.QtWidgets import QApplication
    from screenshots import spin_until
    from star_rehearsal.core.practice import mock
    from star_rehearsal.core.practice.followups import follow_up
    from star_rehearsal.core.scoring import score_answer
    from star_rehearsal.core.transcript import Transcript
    from star_rehearsal.ui.app import apply_theme, create_window
    from star_rehearsal.ui.mock_session import MockSessionDialog
    from star_rehearsal.ui.voice import Voice

    app = QApplication(sys.argv[:1])
    app.setApplicationName("STAR Rehearsal")
    apply_theme(app, "light")
    window = create_window(deck, work / "data", work / "settings.json", load_model=False)
    window.resize(1280, 820)
    window.show()
    session = window.session
    spin_until(app, lambda: session.question is not None and bool(window.practice.rows), 20, "rows")

    def save(widget, name: str) -> None:
        app.processEvents()
        widget.grab().save(str(out / name))
        print("saved", out / name, flush=True)

    window.tabs.setCurrentWidget(window.dashboard)
    board = window.dashboard
    unsaid = next((r for r in board.visible_rows() if r.never_said), None)
    if unsaid is not None:
        board.select(unsaid.question_id, unsaid.story_id)
    board.table.setFocus()
    save(window, "dashboard.png")

    # A mock interview, at the follow-up after a first answer that missed a result.
    session.settings.extra["practice"] = {"think_s": 10.0, "mock_questions": 3}
    dialog = MockSessionDialog(session, window.practice, window, voice=Voice("none"))
    dialog.resize(900, 560)
    dialog.show()
    rows = window.practice.rows
    practised = list(
        {r.question_id: r for r in reversed(rows) if r.takes and r.never_said}.values()
    )
    practised.reverse()
    dialog.start(practised[:3])
    takes = session.store.list_takes(practised[0].question_id)
    answer = next(t for t in reversed(takes) if t.story_id == practised[0].story_id)
    fu = follow_up(answer.score)
    mock.add_take(window.practice.store, dialog.session_id, answer.id, 1, mock.ANSWER,
                  practised[0].question)  # fmt: skip
    dialog._ask_follow_up(fu, answer.id)
    dialog._tick.stop()  # hold the countdown at 7 s for the picture
    dialog._clock.restart()
    dialog.think_s = 7.4
    dialog._on_tick()
    save(dialog, "mock.png")
    # the follow-up answered (typed, scored by the real scorer on the missed points only)
    fu_story = dialog.current.story
    fu_take = session.store.new_take(dialog.current.question, fu_story, deck)
    reply = f"In the end {fu.point}."
    fu_score = score_answer(fu_story, Transcript(reply, duration_s=9.0), duration_s=9.0)
    session.store.finish_take(fu_take.id, 9.0)
    session.store.save_score(fu_take.id, fu_score.to_json())
    mock.add_take(window.practice.store, dialog.session_id, fu_take.id, 1, mock.FOLLOW_UP,
                  fu.question, answer.id, [{"kind": k, "text": t} for k, t in fu.points])  # fmt: skip
    for i, row in enumerate(practised[1:3], 2):
        take = next(t for t in reversed(session.store.list_takes(row.question_id))
                    if t.story_id == row.story_id)  # fmt: skip
        mock.add_take(
            window.practice.store, dialog.session_id, take.id, i, mock.ANSWER, row.question
        )
    dialog.end_session()
    save(dialog, "mock-summary.png")
    dialog.accept()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
