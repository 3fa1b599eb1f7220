"""An accidental take (a tap of Record then Stop, or nothing said) is kept but not scored: a
0/100 for it would drag the schedule, the dashboard and the trend for no fault of the answer.
The take's row is marked `too-short` (its audio and transcript stay); the schedule reads only
scored takes and recovery only `finished`/`recovered` ones, so neither picks it up."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from star_rehearsal.core.takes import TakesStore
    from star_rehearsal.core.transcript import Transcript

MIN_TAKE_S = 1.5  # shorter than this is a slip of the finger, not an answer
# A take with no word heard is a slip too while it is shorter than this; a longer one gets its
# review, which says no voice was heard and offers to discard it (an answer into a muted
# microphone is not "too short"). The window warns of silence after the same 5 s.
NO_WORDS_SLIP_S = 5.0
TOO_SHORT = "too-short"  # the take's status


def too_short_reason(duration_s: float | None, transcript: Transcript) -> str:
    """Why the take is not worth scoring ("" when it is): under MIN_TAKE_S, or no word heard
    in under NO_WORDS_SLIP_S."""
    if duration_s is not None and duration_s < MIN_TAKE_S:
        return f"only {duration_s:.1f} s long"
    if not transcript.text.strip() and (duration_s is None or duration_s < NO_WORDS_SLIP_S):
        return "no words were heard"
    return ""


def mark_too_short(store: TakesStore, take_id: str) -> None:
    """The take's status says it was kept unscored as too short (History shows 'too short')."""
    store.write_many([("UPDATE takes SET status = ? WHERE id = ?", (TOO_SHORT, take_id))])


def notice(reason: str) -> str:
    """What the window says instead of a review."""
    return (f"Take too short to score ({reason}) — kept in History as 'too short'; "
            "it does not count in your practice schedule.")  # fmt: skip
