"""Report export from the window (issue 29, item 5): a question with a 10 KB title gets a file
name cut to fit and the status names the file written; a write that fails says why in the
banner and never claims "Report written". Real window, real takes store, real PDF writer."""

from __future__ import annotations

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
