"""Issue 30 rough edge 9: a result said with a wrong figure ("ninety minutes" where the story
says 19) was ticked ✓ in the review's checklist. It is now an "Unsure — listen" row that names
the figure to check. Real window (offscreen), real scorer; the transcript is timed text."""

from __future__ import annotations

from window_helpers import checklist_items, open_on_outage, show_answer

ANSWER = (
    "On Black Friday our checkout service started failing for thirty percent of orders. "
    "As incident commander I had to restore checkout quickly. I declared a SEV one and opened "
    "a single incident channel. Then I rolled back the config push within twelve minutes. "
    "Checkout recovered in ninety minutes with no lost orders."
)


def test_a_wrong_figure_is_not_ticked_but_asked_to_listen(qtbot, tmp_path, sample_deck_path):  # type: ignore[no-untyped-def]
    window = open_on_outage(qtbot, tmp_path, sample_deck_path)
    show_answer(window, ANSWER)
    texts = [item.text() for item in checklist_items(window)]
    row = next(t for t in texts if "Checkout recovered in 19 minutes" in t)
    assert row.startswith("?  Unsure — listen"), texts  # was "✓  Result: Checkout recovered…"
    assert "Check this figure: you said 90 minutes, the story has 19 minutes" in row
