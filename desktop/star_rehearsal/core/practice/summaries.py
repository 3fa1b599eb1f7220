"""The dashboard's take summaries kept between refreshes (issue 34): every scored take's
summary once, then only the takes changed since (the store's `rev`), each card's takes and the
points said in them updated one take at a time, so a refresh after one take does not go
through 10,000. Filled by `PracticeStore.summaries(full=False)`; read by `queue.deck_rows`."""

from __future__ import annotations

import bisect
import json
from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from star_rehearsal.core.practice.schedule import TakeSummary

LIGHT_COLUMNS = (
    "id, question_id, story_id, started_at, duration_s, overall, rev, score_state,"
    " points_said, CASE WHEN score_state IS NULL THEN score_json END AS score_json,"
    " score_json IS NOT NULL AS has_score, status = 'drill' AS drill"  # core/drill_status
)


class Summaries(list["TakeSummary"]):
    """Take summaries in recording order, with each card's takes (in order) and the points
    said in them (counted, so a changed take is taken out again), kept up to date one take
    at a time; `deck_rows` reads `by_card` instead of going through every take."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, TakeSummary] = {}
        self.skipped: dict[str, str] = {}  # take id -> why it was left out ("" : no score)
        self.by_card: dict[tuple[str, str | None], tuple[list[TakeSummary], Counter[str]]] = {}
        self.rev = 0
        self._stale = True

    def add(self, t: TakeSummary) -> None:
        self.rows[t.id] = t
        own, said = self.by_card.setdefault((t.question_id, t.story_id), ([], Counter()))
        if own and _when(own[-1]) > _when(t):
            bisect.insort(own, t, key=_when)
        else:
            own.append(t)
        said[_said_key(t)] += 1
        if not self._stale and (not self or _when(self[-1]) <= _when(t)):
            self.append(t)  # the usual case, a new take: no sorting
        else:
            self._stale = True

    def drop(self, take_id: str) -> None:
        self.skipped.pop(take_id, None)
        t = self.rows.pop(take_id, None)
        if t is None:
            return
        own, said = self.by_card[(t.question_id, t.story_id)]
        own.remove(t)
        said[_said_key(t)] -= 1
        self._stale = True

    def ordered(self) -> Summaries:
        if self._stale:
            self[:] = sorted(self.rows.values(), key=_when)
            self._stale = False
        return self


def _said_key(t: TakeSummary) -> str:
    """The points a take said, as one key: takes of a card mostly say the same few sets."""
    return t.said_json if t.said_json is not None else json.dumps(list(t.said_points))


def said_of(counted: Counter[str]) -> set[str]:
    """Every point said by the takes counted (each distinct list decoded once)."""
    out: set[str] = set()
    for key, n in counted.items():
        if n > 0:
            out.update(str(x) for x in json.loads(key))
    return out


def _when(t: TakeSummary) -> tuple[datetime, str]:
    return (t.started_at, t.id)
