"""Report export from the window (issue 29, item 5): a question with a 10 KB title gets a file
name cut to fit and the status names the file written; a write that fails says why in the
banner and never claims "Report written". Real window, real takes store, real PDF writer."""

from __future__ import annotations

from datetime import timedelta

from practice_helpers import T0, add_take, make_score
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.ui.practice import export_question
from star_rehearsal.ui.report_export import NAME_MAX, default_report_name
from window_helpers import open_window


def test_a_10kb_title_is_exported_under_a_name_that_fits(qtbot, tmp_path):
    title = "Tell me about a time you " + "kept going and " * 700 + "finished?"
    deck_path = tmp_path / "deck.md"
    deck_path.write_text(f"## Long\n\n### {title}\n\n1. STAR — Long story\n\n"
                         "- Situation: s\n- Task: t\n- Actions: did a; did b\n"
                         "- Results: r went up\n", encoding="utf-8")  # fmt: skip
    deck = load_deck(deck_path)
    q = deck.questions[0]
    assert len(q.id.encode()) > NAME_MAX  # the name the dialog used to offer
    store = TakesStore(tmp_path / "data")
    add_take(store, q, q.stories[0], T0, make_score(q.stories[0]))
    store.close()
    window = open_window(qtbot, deck_path, tmp_path / "data", tmp_path / "s.json")
    assert len(default_report_name(q.id).encode()) <= NAME_MAX
    written = export_question(window, q.id, tmp_path / f"{q.id}.pdf")
    assert written and written[0].read_bytes()[:5] == b"%PDF-"
    assert window.status.text() == f"Report written to {written[0]}"
    full = tmp_path / "full.pdf"
    full.symlink_to("/dev/full")
    window.status.setText("")
    assert export_question(window, q.id, full) == []
    assert "is a device" in window.banner.text.text() and "written" not in window.status.text()
    window.close()


def test_a_markdown_reports_chart_is_not_replaced_without_asking(qtbot, tmp_path, monkeypatch):
    """The save dialog confirms the .md; the -scores.png beside it was replaced silently. The
    question box is answered by a stand-in (a modal dialog cannot be clicked from the test)."""
    from PySide6.QtWidgets import QMessageBox

    deck_path = tmp_path / "deck.md"
    deck_path.write_text("## S\n\n### Tell me about a time you fixed a build.\n\n1. STAR — Build\n\n"
                         "- Situation: s\n- Task: t\n- Actions: did a; did b\n"
                         "- Results: r went up\n", encoding="utf-8")  # fmt: skip
    deck = load_deck(deck_path)
    q = deck.questions[0]
    store = TakesStore(tmp_path / "data")
    add_take(store, q, q.stories[0], T0, make_score(q.stories[0]))
    add_take(store, q, q.stories[0], T0 + timedelta(days=1), make_score(q.stories[0]))
    store.close()
    window = open_window(qtbot, deck_path, tmp_path / "data", tmp_path / "s.json")
    out = tmp_path / "report.md"
    chart = tmp_path / "report-scores.png"
    chart.write_bytes(b"my own picture")
    asked: list[str] = []

    def answer(choice):  # type: ignore[no-untyped-def]
        def question(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
            asked.append(text)
            return choice

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    assert export_question(window, q.id, out) == []
    assert asked and str(chart) in asked[0]
    assert chart.read_bytes() == b"my own picture" and not out.exists()
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    written = export_question(window, q.id, out)
    assert out in written and chart.read_bytes()[:4] == b"\x89PNG"
    window.close()
