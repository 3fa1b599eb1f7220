"""The user has the last word (issue 30, item 1), in the real window: "I said this" on a missed
point, a corrected transcript and "Score against the story I told" are saved per take (real
SQLite), re-scored by the real scorer off the UI thread, shown as the user's call, read by
History, the dashboard and the report, and still there after a restart."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from star_rehearsal.core.practice.report import question_report
from star_rehearsal.core.scoring import score_answer
from star_rehearsal.ui.history_view import take_row
from window_helpers import open_window, timed

HEARD = (
    "On Black Friday checkout failed for thirty percent of orders after a config bush. "
    "As incident commander I had to restore checkout and keep leadership informed. "
    "I declared a SEV-1 and opened one incident channel, rolled back the config bush within "
    "twelve minutes, added a canary stage for gateway config changes and wrote a blameless "
    "postmortem with five follow-up owners."
)
LEAK_TOLD = (
    "The search indexer was restarted by the kernel every few days because of a memory leak. "
    "I had to find the leak without pausing feature work. I captured heap profiles from "
    "production at fixed intervals, traced the growth to an unbounded LRU cache of tokenizers, "
    "capped the cache and added a memory alarm at eighty percent of the limit. Memory stayed "
    "flat at one point two gigabytes for a month."
)


@pytest.fixture
def paths(tmp_path: Path, sample_deck_path: Path) -> tuple[Path, Path, Path]:
    deck = tmp_path / "deck.md"
    shutil.copy(sample_deck_path, deck)
    return deck, tmp_path / "data", tmp_path / "settings.json"


def store_take(window, text: str) -> str:
    """A take of the outage question, transcribed and scored by the real scorer, as saved."""
    s = window.session
    outage = next(q for q in s.deck.questions if "outage" in q.text)
    s.select_question(outage)
    story = outage.stories[0]
    s.select_story(story)
    take = s.store.new_take(outage, story, None)
    transcript = timed(text)
    s.store.finish_take(take.id, transcript.duration_s)
    s.store.save_transcript(take.id, transcript)
    score = score_answer(story, transcript, deck=s.deck, target_band=(60.0, 90.0))
    s.store.save_score(take.id, score.to_json())
    s.takes_changed.emit()
    return take.id


def row_of(view, text: str) -> int:
    return next(i for i, r in enumerate(view._rows) if r.text == text)


def test_overrule_and_correct_survive_restart_and_reach_history_dashboard_report(
    qtbot, paths
) -> None:
    window = open_window(qtbot, *paths)
    take_id = store_take(window, HEARD)
    review = window.session.open_take(take_id)
    assert review is not None
    view = window.review
    first = review.overall
    result = next(p.text for p in review.score.key_points if p.kind == "result")
    view.points.setCurrentRow(row_of(view, result))
    assert view.call.said.isEnabled()
    with qtbot.waitSignal(window.corrections.corrected, timeout=60_000):
        view.call.said.click()
    review = window.session.review
    assert review.user_calls == {result: True} and review.overall > first
    assert "your call" in view.points.item(row_of(view, result)).text()
    assert "Your word" in view.word.text() and str(first) in view.word.text()

    # Correct the transcript: Whisper's "config bush" was "config push".
    def fill() -> None:
        dialog = view.correct_dialog
        dialog.editor.setPlainText(HEARD.replace("config bush", "config push"))
        dialog.accept()

    QTimer.singleShot(0, fill)
    with qtbot.waitSignal(window.corrections.corrected, timeout=60_000):
        view.correct_button.click()
    review = window.session.review
    assert "config push" in review.transcript.text and "bush" not in review.transcript.text
    assert review.original_text == HEARD
    assert review.user_calls == {result: True}  # the call outlives the re-score
    qtbot.waitUntil(lambda: not view.drawing)
    assert "config push" in view.transcript.toPlainText()

    history = window.session.takes_for(review.question.id)
    assert history[-1].overall == review.overall  # History reads the corrected score
    assert "your word" in take_row(history[-1]).status
    window.tabs.setCurrentIndex(1)  # the History tab, as the window fills it
    qtbot.waitUntil(lambda: any(r.id == take_id and "your word" in r.status
                                for r in window.history.rows))  # fmt: skip
    row = next(r for r in window.practice.rows if r.question_id == review.question.id
               and r.story_id == review.story.id)  # fmt: skip
    assert row.last == review.overall and result not in row.never_said  # the dashboard
    assert row.last_rating != "again"  # the schedule replayed the take with the user's call
    report = question_report(review.question_text, history, {}).markdown
    assert "I said this: " + result in report and "first heard" in report
    window.close()

    again = open_window(qtbot, *paths)  # a restart: everything read back from the store
    reopened = again.session.open_take(take_id)
    assert reopened is not None
    assert reopened.user_calls == {result: True} and reopened.transcript_corrected
    assert reopened.overall == review.overall
    assert "your call" in again.review.points.item(row_of(again.review, result)).text()


def test_score_against_the_story_told(qtbot, paths) -> None:
    window = open_window(qtbot, *paths)
    take_id = store_take(window, LEAK_TOLD)
    review = window.session.open_take(take_id)
    assert (
        review is not None and review.told_story_title == "Slow memory leak in the search indexer"
    )
    view = window.review
    assert view.told_button.isVisibleTo(view)
    with qtbot.waitSignal(window.corrections.corrected, timeout=60_000):
        view.told_button.click()
    review = window.session.review
    assert (
        review.story is not None and review.story.title == "Slow memory leak in the search indexer"
    )
    assert review.told_story_title is None and review.story_chosen
    assert not view.told_button.isVisibleTo(view)
    assert "scored against the story you told" in view.word.text()
    assert window.session.store.get(take_id).story_id == review.story.id
