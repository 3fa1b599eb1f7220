"""The dashboard, practise-next, mock interviews and report export in the real window with the
real takes store (offscreen Qt). The end-to-end mock interview speaks into the virtual mic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from practice_helpers import add_take, make_score
from PySide6.QtCore import Qt
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.practice import mock
from star_rehearsal.core.practice.followups import follow_up
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.core.transcript import Transcript
from star_rehearsal.ui.mock_session import MockSessionDialog
from star_rehearsal.ui.practice import export_question, follow_up_now
from star_rehearsal.ui.voice import Voice
from window_helpers import open_window

NOW = datetime.now(UTC)


def dashboard_ready(window) -> bool:
    return window.session.question is not None and bool(window.practice.rows)


def seed_takes(tmp_path: Path, deck_path: Path):
    """Three days ago the outage story, badly (due again); yesterday the leak story, well."""
    deck = load_deck(deck_path)
    q = next(q for q in deck.questions if "outage" in q.text)
    outage, leak = q.stories
    store = TakesStore(tmp_path / "data")
    add_take(store, q, outage, NOW - timedelta(days=3), make_score(outage, covered=1, overall=35))
    add_take(store, q, leak, NOW - timedelta(days=1), make_score(leak, overall=88))
    store.close()
    return deck, q, outage, leak


def test_dashboard_shows_the_deck_sorted_by_due_and_opens_a_row_with_enter(
    qtbot, tmp_path, sample_deck_path
):
    deck, q, outage, leak = seed_takes(tmp_path, sample_deck_path)
    window = open_window(
        qtbot,
        sample_deck_path,
        tmp_path / "data",
        tmp_path / "settings.json",
        ready=dashboard_ready,
    )
    board = window.dashboard
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is board
    rows = board.visible_rows()
    assert len(rows) == len(deck.all_stories())
    assert (rows[0].story_id, rows[0].state) == (outage.id, "due")  # sorted by Due
    assert rows[-1].story_id == leak.id  # practised well: due last
    cells = [board.proxy.data(board.proxy.index(0, c)) for c in range(9)]
    assert cells[:5] == [q.text, outage.title, "1", "35", "35"] and cells[8] == "now"
    assert cells[7] == f"{len(outage.key_points) - 1} of {len(outage.key_points)}"
    assert "Never said yet" in board.detail.text()
    assert "1 due now" in board.summary.text()

    board.filter.setText("memory leak")
    assert [r.story_id for r in board.visible_rows()] == [leak.id]
    board.filter.clear()
    board.kind.setCurrentIndex(board.kind.findData("new"))
    assert board.visible_rows() and all(r.takes == 0 for r in board.visible_rows())
    board.kind.setCurrentIndex(0)
    board.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # last score, best first
    assert board.visible_rows()[0].story_id == leak.id

    window.session.select_question(deck.questions[-1])
    board.select(q.id, leak.id)
    board.table.setFocus()
    qtbot.keyClick(board.table, Qt.Key.Key_Return)
    assert window.tabs.currentIndex() == 0
    assert (window.session.question.id, window.session.story.id) == (q.id, leak.id)
    assert window.rehearse.stories.currentText().startswith(leak.title[:10])

    window.session.select_question(deck.questions[-1])
    qtbot.mouseClick(board.next_button, Qt.MouseButton.LeftButton)
    assert (window.session.question.id, window.session.story.id) == (q.id, outage.id)
    window.close()


def test_a_fresh_data_folder_puts_every_question_on_the_dashboard_as_new(
    qtbot, tmp_path, sample_deck_path
):
    window = open_window(
        qtbot,
        sample_deck_path,
        tmp_path / "data",
        tmp_path / "settings.json",
        ready=dashboard_ready,
    )
    rows = window.dashboard.visible_rows()
    assert {r.question_id for r in rows} == {q.id for q in window.session.deck.questions}
    assert all(r.state == "new" and r.takes == 0 for r in rows)
    assert "0 practised" in window.dashboard.summary.text()
    window.close()


def test_export_of_a_question_report_from_the_window(qtbot, tmp_path, sample_deck_path):
    _, q, _, _ = seed_takes(tmp_path, sample_deck_path)
    window = open_window(
        qtbot,
        sample_deck_path,
        tmp_path / "data",
        tmp_path / "settings.json",
        ready=dashboard_ready,
    )
    written = export_question(window, q.id, tmp_path / "report.pdf")
    assert written and written[0].read_bytes()[:5] == b"%PDF-"
    md = export_question(window, q.id, tmp_path / "report.md")
    assert [p.name for p in md] == ["report.md", "report-scores.png"]
    assert "| 2 |" in md[0].read_text(encoding="utf-8")
    none = export_question(window, window.session.deck.questions[-1].id, tmp_path / "x.md")
    assert none == [] and "no takes yet" in window.banner.text.text()
    window.close()


def test_mock_setup_refuses_a_bad_interview_date_and_summary_exports(
    qtbot, tmp_path, sample_deck_path
):
    deck, q, outage, _ = seed_takes(tmp_path, sample_deck_path)
    window = open_window(
        qtbot,
        sample_deck_path,
        tmp_path / "data",
        tmp_path / "settings.json",
        ready=dashboard_ready,
    )
    dialog = MockSessionDialog(window.session, window.practice, window, voice=Voice("none"))
    qtbot.addWidget(dialog)
    assert not dialog.speak.isEnabled()  # no voice: the option says why instead
    dialog.interview.setText("next friday")
    assert dialog.start() is False and "YYYY-MM-DD" in dialog.setup_error.text()

    store = window.practice.store
    plan = [r for r in window.practice.rows if r.story_id == outage.id]
    sid = mock.new_session(store, plan, "due", 10.0, str(deck.path))
    take = window.session.store.list_takes(q.id)[0]
    mock.add_take(store, sid, take.id, 1, mock.ANSWER, q.text)
    mock.finish_session(store, sid)
    dialog.show_summary(sid)
    assert dialog.pages.currentIndex() == 2
    assert q.text in dialog.summary.toPlainText() and "Missed" in dialog.summary.toPlainText()
    out = dialog.export(".pdf", tmp_path / "mock.pdf")
    assert out[0].read_bytes()[:5] == b"%PDF-"
    dialog.close()
    window.close()


# Said: the situation, two of the four actions, the first result; not the other results.
ANSWER = (
    "On Black Friday our checkout service started failing for thirty percent of orders after a "
    "config push to the payment gateway client. As incident commander I had to restore checkout "
    "quickly. I declared a SEV one and opened a single incident channel. Then I rolled back the "
    "config push within twelve minutes. Checkout recovered in nineteen minutes with no lost "
    "orders."
)


@pytest.mark.audio
def test_mock_interview_end_to_end_with_think_time_voice_follow_up_and_summary(
    qtbot, tmp_path, sample_deck_path, make_speech, virtual_mic
):
    answer_clip = make_speech(ANSWER, wpm=165)
    window = open_window(
        qtbot,
        sample_deck_path,
        tmp_path / "data",
        tmp_path / "settings.json",
        ready=dashboard_ready,
        load_model=True,
    )
    qtbot.waitUntil(lambda: window.session.engine is not None, timeout=60_000)
    q = next(q for q in window.session.deck.questions if "outage" in q.text)
    voice = Voice("mock")  # Qt's own test engine: proves the question is handed to the voice
    assert voice.available
    spoken: list[str] = []
    voice.say = lambda text: spoken.append(text) or True  # type: ignore[method-assign]
    window.session.settings.extra["practice"] = {"think_s": 1.0, "voice": True}
    dialog = MockSessionDialog(window.session, window.practice, window, voice=voice)
    qtbot.addWidget(dialog)
    dialog.show()
    plan = [r for r in window.practice.rows if r.story_id == q.stories[0].id]
    with qtbot.waitSignal(dialog.phase_changed, check_params_cb=lambda p: p == "think"):
        assert dialog.start(plan)
    assert dialog.question.text() == q.text and spoken == [q.text]
    assert "Situation" not in dialog.findChild(type(dialog.summary)).toPlainText()  # card hidden
    assert window.session.state == "idle"  # thinking, not recording yet
    qtbot.waitUntil(lambda: dialog.phase == "answer", timeout=5_000)  # the countdown ran out
    assert window.session.state == "recording"
    player = virtual_mic(answer_clip)
    qtbot.waitUntil(lambda: player.poll() is not None, timeout=60_000)
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.phase == "think", timeout=60_000)
    fu_question = dialog.question.text()
    answer = window.session.store.get(dialog.current.parent)
    asked = follow_up(answer.score)  # usually "What came of config-related incidents …?"
    assert asked is not None and fu_question == asked.question
    assert asked.kind == "result"  # the answer said one result of three: a missed one is asked
    assert "follow-up" in dialog.progress.text() and spoken[-1] == fu_question
    follow_clip = make_speech(f"Afterwards, {asked.point}.", wpm=150)
    qtbot.waitUntil(lambda: dialog.phase == "answer", timeout=10_000)
    player = virtual_mic(follow_clip)
    qtbot.waitUntil(lambda: player.poll() is not None, timeout=60_000)
    with qtbot.waitSignal(dialog.session_finished, timeout=60_000) as finished:
        qtbot.mouseClick(dialog.action, Qt.MouseButton.LeftButton)
    record = mock.load_session(window.practice.store, finished.args[0])
    roles = [(m.position, m.role) for m in record.takes]
    assert roles == [(1, "answer"), (1, "follow-up")]
    fu_take = window.session.store.get(record.takes[1].take_id)
    scored = {p["text"]: p["covered"] for p in fu_take.score["key_points"]}
    missed = {p["text"] for p in answer.score["key_points"] if not p["covered"]}
    assert record.takes[0].take_id == answer.id
    assert set(scored) == missed  # the follow-up is scored on the missed points only
    assert scored[asked.point]  # the point asked about was said in the follow-up
    text = dialog.summary.toPlainText()
    assert q.text in text and "Recovered" in text and fu_question in text
    # the answer is a review of the question's card; the follow-up is not
    row = next(r for r in window.practice.rows if r.story_id == q.stories[0].id)
    assert row.takes == 1 and row.state == "later"
    assert window.session.question.id == q.id  # back on the deck question, not the follow-up
    dialog.accept()
    window.close()


def test_follow_up_on_a_reviewed_take_asks_about_its_missed_result(
    qtbot, tmp_path, sample_deck_path
):
    _, q, outage, _ = seed_takes(tmp_path, sample_deck_path)
    window = open_window(
        qtbot,
        sample_deck_path,
        tmp_path / "data",
        tmp_path / "settings.json",
        ready=dashboard_ready,
    )
    take = window.session.store.list_takes(q.id)[0]
    said = "I declared a SEV one and opened a single incident channel."
    window.session.store.save_transcript(take.id, Transcript(said, duration_s=5.0))
    with qtbot.waitSignal(window.session.review_ready):
        window.session.open_take(take.id)
    window.session.settings.extra["practice"] = {"think_s": 30.0, "voice": False}
    dialog = follow_up_now(window)
    qtbot.addWidget(dialog)
    assert dialog.phase == "think" and "follow-up" in dialog.progress.text()
    # the seeded take said only the first action: the first result is what is asked about
    assert dialog.question.text() == "How did you measure the change in checkout?"
    assert dialog.current is not None and dialog.current.points is not None
    assert dialog.current.question.id.endswith("~follow-up")
    assert [p["text"] for p in dialog.current.points] == [t for _, t in outage.key_points[1:]]
    dialog.reject()
    assert window.session.question.id == q.id
    window.close()
