"""Rough edges of issue 30 (item 3), each in the real window or widget, offscreen Qt; each test
failed on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from star_rehearsal.core.coaching.live import live_coverage
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.scoring.score import Score
from star_rehearsal.core.transcript import Segment
from star_rehearsal.ui.live_nudges import LiveNudges
from window_helpers import open_on_outage, review_of, scored, timed

OUTAGE = "tell-me-about-a-time-you-handled-a-production-outage/1"
ANSWER = (
    "On Black Friday our checkout service started failing for thirty percent of orders. "
    "As incident commander I had to restore checkout quickly. I declared a SEV one and opened "
    "a single incident channel. Then I rolled back the config push within twelve minutes. "
    "Checkout recovered in nineteen minutes with no lost orders."
)


@pytest.fixture
def window(qtbot, tmp_path: Path, sample_deck_path: Path):
    w = open_on_outage(qtbot, tmp_path, sample_deck_path)
    return w


def test_star_split_never_says_zero_seconds_for_a_ticked_part(qtbot, window):
    """Rough edge 3: "T 0s" while the Task is ticked as said."""
    transcript = timed(ANSWER)
    data = scored(window, transcript).to_json()
    data["star"] = {"situation": 0.9, "task": 0.8,
                    "seconds": {"situation": 6.0, "task": 0.0, "actions": 9.0, "results": 3.0}}  # fmt: skip
    view = window.review
    view.show_review(review_of(window, transcript, Score.from_json(data)))
    texts = [view.points.item(i).text() for i in range(view.points.count())]
    assert any(t.startswith("✓  Task") for t in texts)  # ticked
    split = view.stat_text("STAR split")
    assert "T 0s" not in split and "S+T 6s" in split
    data["star"]["seconds"] = {"situation": 0.0, "task": 0.0, "actions": 9.0, "results": 3.0}
    view.show_review(review_of(window, transcript, Score.from_json(data)))
    assert "S 0s" not in view.stat_text("STAR split")


def test_a_fast_pace_does_not_score_full_marks(qtbot, window):
    """Rough edge 6: "fast 163 wpm" still showed 5/5."""
    transcript = timed(ANSWER)
    data = scored(window, transcript).to_json()
    data["words_per_minute"] = 163.0
    data["pace"]["verdict"] = "fast"
    data["components"]["pace"] = 0.925  # the scorer's 1 - 3/40 for 163 wpm against 120-160
    view = window.review
    view.show_review(review_of(window, transcript, Score.from_json(data)))
    assert "fast" in view.stat_text("Pace")
    assert "Pace 4.6 of 5" in view.parts.summary()


def test_nudges_wait_for_the_transcript_to_catch_up(qtbot, window):
    """Rough edge 2: "No result yet" fired while the result was being said, the live words
    trailing 7-13 s behind the voice."""
    deck = window.session.deck
    story = deck.story(OUTAGE)
    nudges = window.session.nudges
    nudges.start(story, deck, (60.0, 90.0), enabled=True)
    said = [Segment(0.0, 6.0, "I declared a SEV one and opened a single incident channel.")]
    nudges.set_coverage(live_coverage(story, deck, said))
    window.session.lag_changed.emit(9.0)  # the words trail the voice by 9 s
    nudges.tick(60.0)
    assert nudges.text == ""
    window.session.lag_changed.emit(1.0)  # caught up, and still no result
    nudges.tick(62.0)
    assert nudges.text.startswith("No result yet")
    nudges.stop()


def test_no_result_nudge_during_silence(qtbot, sample_deck_path):
    """Rough edge 1: "No result yet" nudged a take in which nothing had been said."""
    deck = load_deck(sample_deck_path)
    nudges = LiveNudges()
    nudges.start(deck.story(OUTAGE), deck, (60.0, 90.0), enabled=True)
    nudges.tick(70.0)
    assert nudges.text == ""


def test_after_stop_and_esc_the_old_take_leaves_the_screen(qtbot, window):
    """Rough edge 5: after Stop then Esc the old live transcript and timer stayed on screen.
    The session's signals are sent as Stop and Esc send them (no microphone needed here)."""
    from star_rehearsal.ui.session import FINISHING, IDLE

    rehearse = window.rehearse
    rehearse.set_live_text("I declared a SEV one and rolled back the config push.")
    rehearse.timer.set_elapsed(42.0)
    window.session.state_changed.emit(FINISHING)  # Stop
    assert "config push" in rehearse.live.toPlainText()  # kept while it finishes
    window.session.state_changed.emit(IDLE)  # Esc: stop waiting
    assert rehearse.live.toPlainText() == "" and rehearse.timer.elapsed == 0


def test_the_banner_says_when_the_background_take_is_scored(qtbot, window):
    """Rough edge 5: the banner kept saying "still being transcribed" after the score came.
    The finished take is handed to the session as the finish job hands it (no microphone)."""
    from star_rehearsal.services.take_steps import FinishedTake

    s = window.session
    transcript = timed(ANSWER)
    s.notice.emit("info", "The take is still being transcribed and scored in the background; "
                  "its review appears in History when it is done.")  # fmt: skip
    s._background.add("take-1")  # what Esc (stop waiting) leaves
    done = FinishedTake("take-1", transcript, scored(window, transcript))
    s._on_finished(done, Path("take-1.wav"), s.question, s.story)
    text = window.banner.text.text()
    assert "still being transcribed" not in text and "is scored" in text
    assert window.pages.currentWidget() is window.rehearse  # no jump to a review


def test_a_30_second_version_is_not_compared_with_a_full_take(qtbot, window):
    """Rough edge 6: a drill take showed "−33 against the previous take" (a full take)."""
    transcript = timed(ANSWER)
    data = scored(window, transcript, band=(30.0, 45.0)).to_json()
    data["drill"] = {"band": [30, 45], "previous_take": None, "survived": [], "cut": []}
    view = window.review
    view.show_review(review_of(window, transcript, data, previous=90))
    assert "against the previous take" not in view.delta.text()
    assert "30-second version" in view.delta.text()
