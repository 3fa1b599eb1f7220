"""Delivery coaching tied to the story's content: ownership, hedging, voice, recital, live
nudges and the 30-second drill. Plain functions; no Qt.

`coach` is imported when first asked for: the window imports `coaching.nudges` at start, and
`coach` brings numpy and the scorer's modules (~0.5 s) before the first paint otherwise."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from star_rehearsal.core.coaching.report import coach

__all__ = ["coach"]


def __getattr__(name: str) -> object:
    if name == "coach":
        from star_rehearsal.core.coaching.report import coach

        return coach
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
