"""Counts in words for the window and the CLI: "1 question", "2 questions", "1 story"."""

from __future__ import annotations


def count(n: int, one: str, many: str | None = None) -> str:
    """`n` with the noun agreeing ("1 story", "0 stories"); `many` defaults to `one` + "s"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
