"""Screenshots of the review with the user's word (issue 30): docs/screenshots/review-word.png
and review-word-dark.png.

Runs the real window (under Xvfb when DISPLAY is set to it, else offscreen) on the sample deck.
The take is a stored one — no microphone needed: its transcript is what tiny.en heard of an
answer with no result ("config bush" for "config push") and a point only planned (the canary
stage "pushed to next quarter": its row says why it is not counted), scored by the real scorer. Then the
user's word goes through the app's own path (ui/take_corrections: the store, the real scorer
off the UI thread): the transcript corrected, and "I said this" on a result the scorer missed.

    .venv/bin/python scripts/screenshots_review.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEARD = (
    "Um, on Black Friday our checkout service started failing for thirty percent of orders "
    "after a config bush to the payment gateway client. As incident commander I had to restore "
    "checkout quickly and keep support and leadership informed. I declared a SEV one and opened "
    "a single incident channel. Then I rolled back the config bush within twelve minutes. "
    "We talked about adding a canary stage for gateway config changes, but it got pushed to "
    "next quarter. I wrote a blameless postmortem "
    "with five follow up owners. So, basically, things got a lot better after that."
)


def spin_until(app, cond: Callable[[], bool], timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.01)


def timed(text: str, wpm: float = 145.0):  # type: ignore[no-untyped-def]
    """Word timings at an even pace, with the two misheard words marked unsure as tiny.en does."""
    from star_rehearsal.core.transcript import Segment, Transcript, Word

    step = 60.0 / wpm
    words = [Word(i * step, i * step + 0.8 * step, t, 0.25 if t.startswith("bush") else 0.93)
             for i, t in enumerate(text.split())]  # fmt: skip
    return Transcript(text, (Segment(0.0, words[-1].end, text, tuple(words)),),
                      words[-1].end + 0.6, "faster-whisper", "tiny.en")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication
    from star_rehearsal.ui.qt_compat import protect_none_refcount

    protect_none_refcount()
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        return shoot(app, args.out, Path(tmp))


def shoot(app, out: Path, work: Path) -> int:  # type: ignore[no-untyped-def]
    from star_rehearsal.core.scoring import score_answer
    from star_rehearsal.ui.app import apply_theme, create_window

    deck = work / "deck.md"
    shutil.copy(ROOT / "stories" / "sample-deck.md", deck)
    apply_theme(app, "light")
    window = create_window(deck, work / "data", work / "settings.json", load_model=False)
    window.resize(1280, 900)
    window.show()
    s = window.session
    spin_until(app, lambda: s.deck is not None and s.question is not None, 30, "the deck")
    outage = next(q for q in s.deck.questions if "outage" in q.text)
    s.select_question(outage)
    story = outage.stories[0]
    take = s.store.new_take(outage, story, deck)
    transcript = timed(HEARD)
    s.store.finish_take(take.id, transcript.duration_s)
    s.store.save_transcript(take.id, transcript)
    score = score_answer(story, transcript, deck=s.deck, target_band=s.settings.target_band)
    s.store.save_score(take.id, score.to_json())
    s.takes_changed.emit()
    s.open_take(take.id)
    done: list[str] = []
    window.corrections.corrected.connect(done.append)
    window.corrections.request(text=HEARD.replace("config bush", "config push"))
    spin_until(app, lambda: len(done) == 1, 120, "the corrected transcript to be re-scored")
    review = s.review
    missed = next(p.text for p in review.score.key_points if p.kind == "result" and not p.covered)
    window.corrections.request(calls={missed: True})
    spin_until(app, lambda: len(done) == 2, 60, "the user's call")
    view = window.review
    row = next(i for i, r in enumerate(view._rows) if r.text == missed)
    view.points.setCurrentRow(row)
    view.points.setFocus()
    out.mkdir(parents=True, exist_ok=True)
    for theme_name, name in (("light", "review-word.png"), ("dark", "review-word-dark.png")):
        apply_theme(app, theme_name)
        view.rerender()
        view.points.setCurrentRow(row)
        for _ in range(20):
            app.processEvents()
        window.grab().save(str(out / name))
        print("saved", out / name, flush=True)
    window.close()
    s.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
