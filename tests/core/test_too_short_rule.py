"""Which takes are kept unscored as slips: under 1.5 s, or no word in under 5 s. A longer take
with no word heard (an answer into a muted microphone) keeps its review, which says so and
offers to discard it; calling it "too short" would blame the wrong cause."""

from __future__ import annotations

from star_rehearsal.core.too_short import too_short_reason
from star_rehearsal.core.transcript import Transcript


def test_slips_are_too_short_and_a_long_silent_take_is_not() -> None:
    silent, said = Transcript.from_text(""), Transcript.from_text("I rolled back the push.")
    assert too_short_reason(0.9, said) == "only 0.9 s long"
    assert too_short_reason(3.0, silent) == "no words were heard"
    assert too_short_reason(None, silent) == "no words were heard"
    assert too_short_reason(3.0, said) == ""
    assert too_short_reason(40.0, silent) == ""  # its review says no voice was heard
