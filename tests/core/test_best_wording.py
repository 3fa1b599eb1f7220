"""`best`'s text counts takes in words ("1 take", "3 takes"), never "take(s)"."""

from __future__ import annotations

from star_rehearsal.cli.best_cmd import report


def test_best_counts_takes_in_words() -> None:
    out = {"title": "Conflict", "band": (60.0, 120.0), "takes": 1, "seconds": 90.0,
           "pace_wpm": 140.0, "lines": [], "cut": [], "history": {"never_said": []},
           "drill": {"prompt": ""},
           "pet_phrases": {"pets": ["you know"],
                           "items": [{"phrase": "you know", "count": 4, "takes": 3}]}}  # fmt: skip
    text = report(out)
    assert "best answer from 1 take," in text
    assert "“you know” ×4 in 3 takes" in text
    assert "(s)" not in text
