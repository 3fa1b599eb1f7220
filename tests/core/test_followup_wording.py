"""Issue 30 rough edge 11: a follow-up read "What came of confidence via data in the end?" —
the topic ran on past a preposition the template did not know."""

from __future__ import annotations

import pytest
from star_rehearsal.core.practice.followups import follow_up_for


@pytest.mark.parametrize(
    ("point", "topic"),
    [
        ("Built confidence via data from two pilots", "confidence"),
        ("Gained trust through weekly demos", "trust"),
        ("Earned buy-in using a shared dashboard", "buy-in"),
    ],
)
def test_the_topic_stops_at_a_preposition(point: str, topic: str) -> None:
    assert follow_up_for("result", point, []).question == f"What came of {topic} in the end?"
