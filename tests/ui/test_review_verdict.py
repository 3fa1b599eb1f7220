"""A verdict at the top of every review (issue 30, item 2) and no praise for a silent take
(rough edge 1). Real window, real scorer (lexical), offscreen Qt."""

from __future__ import annotations

from pathlib import Path

import pytest
from star_rehearsal.core.transcript import Segment, Transcript, Word
from window_helpers import open_on_outage, review_of, scored, timed

ACTIONS_ONLY = (
    "On Black Friday our checkout service started failing for thirty percent of orders. "
    "As incident commander I had to restore checkout quickly. I declared a SEV one and opened "
    "a single incident channel. Then I rolled back the config push within twelve minutes. "
    "I added a canary stage for gateway config changes and wrote a blameless postmortem with "
    "five follow-up owners."
)


@pytest.fixture
def window(qtbot, tmp_path: Path, sample_deck_path: Path):
    w = open_on_outage(qtbot, tmp_path, sample_deck_path)
    return w


def test_the_verdict_names_the_strength_and_the_two_most_valuable_fixes(qtbot, window):
    view = window.review
    view.show_review(review_of(window, timed(ACTIONS_ONLY)))
    text = view.verdict.text()
    assert view.verdict.isVisibleTo(view)
    assert "Strong actions; you never landed a result." in text
    fixes = text.split("Fix first:")[1]
    assert "1. Land the result: say “Checkout recovered in 19 minutes" in fixes
    assert "2. " in fixes and "3. " not in fixes


def silent_take(seconds: float = 75.0, words: str = "") -> Transcript:
    """A 1:15 take in which nobody spoke (or a word or two was picked up)."""
    if not words:
        return Transcript("", (), seconds)
    ws = tuple(Word(10 + i * 0.3, 10.2 + i * 0.3, " " + w) for i, w in enumerate(words.split()))
    return Transcript(words, (Segment(ws[0].start, ws[-1].end, words, ws),), seconds)


@pytest.mark.parametrize("words", ["", "um okay"])
def test_a_silent_take_is_praised_for_nothing(qtbot, window, words):
    view = window.review
    transcript = silent_take(words=words)
    score = scored(window, transcript, duration=75.0)
    view.show_review(review_of(window, transcript, score))
    assert "on target" not in view.stat_text("Length")
    assert view.stat_text("Long pauses") != "none"
    assert view.stat_text("Fillers") != "0"
    coaching = view.coaching.view.toPlainText()
    for praise in ("0 hedges", "Your own words", "owned"):
        assert praise not in coaching
    assert view.silent.isVisibleTo(view)
    assert "Nothing to judge" in view.verdict.text()
