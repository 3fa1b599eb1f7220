"""History's rows, typed: what one row shows, read from a core Take or a store TakeLine (issue
28: no dict from core into the view); a 30-second drill is marked so the charts leave it out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from star_rehearsal.core.drill_status import DRILL
from star_rehearsal.core.takes_summary import TakeLine


class Take(Protocol):
    """What History reads of a core.takes.Take (a view does not import the takes store)."""

    @property
    def id(self) -> str: ...
    @property
    def question_text(self) -> str: ...
    @property
    def started_at(self) -> str: ...
    @property
    def duration_s(self) -> float | None: ...
    @property
    def status(self) -> str: ...
    @property
    def overall(self) -> int | None: ...
    @property
    def score_problem(self) -> str | None: ...
    @property
    def score(self) -> Mapping[str, object] | None: ...
    @property
    def transcript(self) -> object | None: ...


@dataclass(frozen=True)
class HistoryRow:
    """What one row of History shows, read from a core Take or a store TakeLine."""

    id: str
    when: datetime | None
    duration: float
    score: int | None
    covered: str  # "5/7", or "—" without a score
    status: str
    question: str
    drill: bool = False  # a 30-second version: in the table, labelled, never in the charts


def _when(started_at: str | None) -> datetime | None:
    if not started_at:
        return None
    try:
        return datetime.fromisoformat(started_at)
    except ValueError:
        return None


def take_row(take: Take | TakeLine) -> HistoryRow:
    """The numbers a history row shows, read from a core Take (or a store TakeLine: the
    score's summary, nothing decoded)."""
    if isinstance(take, TakeLine):
        covered = f"{take.covered}/{take.total}" if take.total else "—"
        has_score, drill = take.has_score, take.status == DRILL
        corrected = take.corrected
        has_transcript = take.has_transcript
        overall = take.overall
    else:
        score: Mapping[str, object] = take.score or {}
        listed = score.get("key_points")
        points = [p for p in listed if isinstance(p, dict)] if isinstance(listed, list) else []
        covered = f"{sum(bool(p.get('covered')) for p in points)}/{len(points)}" if points else "—"
        has_score, corrected = bool(score), bool(score.get("user"))
        drill = take.status == DRILL or isinstance(score.get("drill"), dict)
        has_transcript = take.transcript is not None
        stored = score.get("overall")
        overall = int(stored) if isinstance(stored, int | float) else take.overall
    status = _status_text(take.status, take.score_problem, has_score, has_transcript)
    return HistoryRow(
        id=take.id,
        when=_when(take.started_at),
        duration=float(take.duration_s or 0),
        score=None if overall is None else int(overall),
        covered=covered,
        status=status + (" · your word" if corrected else ""),
        question=take.question_text or "",
        drill=drill,
    )


def order(row: HistoryRow) -> tuple[datetime, str]:
    when = row.when
    if isinstance(when, datetime) and when.tzinfo is not None:
        when = when.replace(tzinfo=None)  # ISO times with and without an offset sort together
    return (when or datetime.min, row.id)


def _status_text(status: str, problem: str | None, has_score: bool, has_transcript: bool) -> str:
    if problem:
        return f"{status}, score damaged"  # the row stays; the problem is in the banner
    if status == "too-short":  # core/too_short: kept, not scored
        return "too short"
    if status == DRILL:  # core/drill_status: a 30-second version, not a full answer
        return "30 s drill"
    if status == "recovered":
        if has_score:
            return "recovered, scored"
        if has_transcript:
            return "recovered, transcribed"
        return "recovered, transcribing…"
    return status
