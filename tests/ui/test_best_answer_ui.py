"""The best-answer panel opened from History and from the review (issue 33), on takes made of
real speech (espeak-ng clips stored as the takes' recordings: this test is about the panel, not
the microphone, which tests/core/test_best_answer.py records through), transcribed by tiny.en
and scored by the real scorer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import soundfile as sf
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.ui.best_answer_view import BestAnswerDialog
from window_helpers import open_window

STORY = "tell-me-about-a-time-you-handled-a-production-outage/1"
TAKES = (
    "On Black Friday our checkout service failed for thirty percent of orders. Um, we rolled back "
    "the config push within twelve minutes. Checkout came back in nineteen minutes.",
    "I declared a sev one and opened a single incident channel. Then I added a canary stage for "
    "gateway config changes. Basically, to be honest, it went well.",
)


@pytest.fixture(scope="module")
def data(make_speech, sample_deck_path, tmp_path_factory):  # type: ignore[no-untyped-def]
    from star_rehearsal.core.scoring import score_answer
    from star_rehearsal.core.transcription import create_engine, story_prompt

    deck = load_deck(sample_deck_path)
    story = deck.story(STORY)
    folder = tmp_path_factory.mktemp("best-ui")
    store = TakesStore(folder)
    engine = create_engine("faster-whisper", "tiny.en")
    for text in TAKES:
        take = store.new_take(deck.question_of(STORY), story, sample_deck_path)
        shutil.copy(make_speech(text, wpm=150), take.audio_path)
        length = sf.info(str(take.audio_path)).duration
        store.finish_take(take.id, length)
        transcript = engine.transcribe(take.audio_path, prompt=story_prompt(story))
        store.save_transcript(take.id, transcript)
        store.save_score(take.id, score_answer(story, transcript, deck=deck).to_json())
    store.close()
    return folder


def test_history_opens_the_panel_and_exports_the_reel(
    qtbot, data, sample_deck_path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, sample_deck_path, data, tmp_path / "settings.json")
    window.tabs.setCurrentWidget(window.history)
    qtbot.waitUntil(lambda: window.history.table.rowCount() == 2)
    assert window.history.best.isEnabled()
    window.history.best.click()
    dialog = window.history.best_dialog
    assert isinstance(dialog, BestAnswerDialog) and dialog.isVisible()
    script = dialog.summary.script
    assert script.takes == 2 and any(line.own_words for line in script.lines)
    text = dialog.script.toPlainText()
    assert "not yet in your words" in text  # the postmortem and two results were never said
    assert dialog.grid.rowCount() == len(dialog.summary.history.rows)
    assert dialog.grid.columnCount() == 3  # the point, then one column per take
    assert "You have never said: " in dialog.never.text() and "postmortem" in dialog.never.text()
    reel = dialog.export_reel(tmp_path / "reel.wav")
    assert reel is not None and reel.pieces and (tmp_path / "reel.wav").is_file()
    assert "Reel written" in dialog.reel_status.text()
    dialog.close()


def test_the_review_opens_the_panel_of_its_story(
    qtbot, data, sample_deck_path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, sample_deck_path, data, tmp_path / "settings.json")
    store = TakesStore(data)
    take_id = store.list_takes()[-1].id
    store.close()
    review = window.session.open_take(take_id)
    assert review is not None
    window.review.show_review(review)
    assert window.review.best_button.isEnabled()
    window.review.best_button.click()
    dialog = window.review.best_dialog
    assert dialog is not None and dialog.summary.script.story_id == STORY
    assert "basically" in [i["phrase"] for i in dialog.summary.pet_phrases["items"]]
    dialog.close()


def test_the_report_holds_the_best_answer(qtbot, data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from star_rehearsal.core.practice.report import question_report
    from star_rehearsal.ui.report_export import write_markdown, write_pdf

    store = TakesStore(data)
    takes = store.list_takes()
    store.close()
    report = question_report(takes[-1].question_text, takes, {})
    assert "## Best answer: Checkout outage on Black Friday" in report.markdown
    assert "*Wrote a blameless postmortem with five follow-up owners.* (not yet in your words)" in (
        report.markdown
    )
    written = write_markdown(report, tmp_path / "r.md")
    assert "## Best answer" in written[0].read_text()
    assert write_pdf(report, tmp_path / "r.pdf").stat().st_size > 1000


def test_the_dashboard_opens_the_point_history_of_the_selected_story(
    qtbot, data, sample_deck_path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, sample_deck_path, data, tmp_path / "settings.json")
    window.tabs.setCurrentWidget(window.dashboard)
    qtbot.waitUntil(lambda: any(r.story_id == STORY for r in window.dashboard.visible_rows()))
    row = next(r for r in window.dashboard.visible_rows() if r.story_id == STORY)
    window.dashboard.select(row.question_id, row.story_id)
    window.dashboard.history_button.click()
    dialog = window.best_dialog
    assert isinstance(dialog, BestAnswerDialog) and dialog.isVisible()
    assert dialog.summary.script.story_id == STORY
    assert dialog.grid.columnCount() == 3  # the point, then one column per take
    dialog.close()
