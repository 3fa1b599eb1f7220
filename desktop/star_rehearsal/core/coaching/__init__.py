"""Delivery coaching tied to the story's content: ownership, hedging, voice, recital, live
nudges and the 30-second drill. Plain functions; no Qt."""

from star_rehearsal.core.coaching.report import coach

__all__ = ["coach"]
