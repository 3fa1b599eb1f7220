"""Live nudges during a take: a pure policy of elapsed time, the band, the result points the
live transcript has covered so far and when fillers were said.

Quiet by design: one short cue at a time, beside the timer, never a dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from star_rehearsal.core.coaching.live import LiveScore

NO_RESULT_SHARE = 0.6  # "no result yet" once this share of the band's end has passed
FILLER_CLUSTER = 3  # this many fillers ...
FILLER_WINDOW_S = 10.0  # ... within this many seconds
# The live transcript trails the voice by a few seconds (measured up to ~7 s), so a cluster
# stays relevant this long after its last filler.
FILLER_RECENT_S = 15.0


@dataclass(frozen=True)
class LiveState:
    elapsed_s: float
    band: tuple[float, float]
    results_covered: int
    results_total: int
    filler_times: Sequence[float] = field(default_factory=tuple)


@dataclass(frozen=True)
class Nudge:
    kind: str  # "wrap up" | "no result yet" | "fillers"
    text: str


def filler_cluster(times: Sequence[float], now: float) -> bool:
    """≥ FILLER_CLUSTER fillers within FILLER_WINDOW_S, the last of them recent."""
    recent = sorted(t for t in times if now - FILLER_RECENT_S <= t <= now)
    n = FILLER_CLUSTER
    return any(recent[i + n - 1] - recent[i] <= FILLER_WINDOW_S for i in range(len(recent) - n + 1))


def nudges(state: LiveState) -> list[Nudge]:
    """The cues that apply now, most important first."""
    out = []
    end = state.band[1]
    if state.elapsed_s >= end:
        text = "Wrap up: land the result" if not state.results_covered else "Wrap up"
        out.append(Nudge("wrap up", text))
    elif (
        state.results_total
        and not state.results_covered
        and state.elapsed_s >= NO_RESULT_SHARE * end
    ):
        out.append(Nudge("no result yet", "No result yet — get to the outcome"))
    if filler_cluster(state.filler_times, state.elapsed_s):
        out.append(Nudge("fillers", "Fillers piling up — pause instead"))
    return out


def live_state(score: LiveScore, elapsed_s: float, band: tuple[float, float]) -> LiveState:
    """LiveState from a score of the live transcript so far."""
    results = [p for p in score.key_points if p.kind == "result"]
    return LiveState(elapsed_s, band, sum(p.covered for p in results), len(results),
                     score.filler_times)  # fmt: skip
