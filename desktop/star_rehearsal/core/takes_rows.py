"""Reading takes row by row, so one damaged row never hides the others.

A bad JSON field, a non-numeric score or a corrupted database page costs that row (or that
field), never the whole History: the rest is shown and `store.problems` says what was skipped.
"""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from star_rehearsal.core.stored_score import DamagedScore, decode_score
from star_rehearsal.core.stored_score import score_problem as score_problem_text

if TYPE_CHECKING:
    from star_rehearsal.core.takes import Take, TakesStore

# Rowids probed one by one when the table cannot be scanned (a corrupted page).
_MAX_PROBE = 100_000


def take_from_row(store: TakesStore, row: sqlite3.Row) -> Take:
    """A Take from a row; unreadable optional fields become None and are reported."""
    from star_rehearsal.core.takes import Take

    take_id = row["id"]
    audio = row["audio_file"]
    if not isinstance(take_id, str) or not take_id or not isinstance(audio, str) or not audio:
        raise ValueError("the row has no take id or no audio file name")

    def field(name: str) -> Any:
        value = row[name]
        if not value:
            return None
        try:
            return json.loads(value)
        except (TypeError, ValueError):
            store.problems.append(f"take {take_id}: its {name} is not valid JSON; left out")
            return None

    overall = row["overall"]
    if overall is not None and (isinstance(overall, bool) or not isinstance(overall, int | float)
                                or not math.isfinite(overall)):  # fmt: skip
        store.problems.append(f"take {take_id}: its score {overall!r} is not a number; left out")
        overall = None
    score_problem = None
    try:
        score = decode_score(row["score_json"])
    except DamagedScore as exc:  # the take stays (its audio, its transcript), its score does not
        score_problem = score_problem_text(take_id, exc)
        store.problems.append(score_problem)
        score, overall = None, None
    if score is not None:  # the score is the truth; the column is its copy for quick queries
        overall = score["overall"]
    duration = row["duration_s"]
    if duration is not None and not isinstance(duration, int | float):
        duration = None
    return Take(
        id=take_id,
        question_id=str(row["question_id"] or ""),
        question_text=str(row["question_text"] or ""),
        story_id=row["story_id"],
        story=field("story_json"),
        deck_path=row["deck_path"],
        started_at=str(row["started_at"] or ""),
        duration_s=duration,
        audio_path=store.data_dir / audio,
        overflows=row["overflows"] if isinstance(row["overflows"], int) else 0,
        status=str(row["status"] or "recovered"),
        transcript=field("transcript_json"),
        score=score,
        overall=None if overall is None else round(overall),
        engine=row["engine"],
        model=row["model"],
        score_problem=score_problem,
    )


def _convert(store: TakesStore, rows: list[sqlite3.Row]) -> list[Take]:
    takes = []
    for row in rows:
        try:
            takes.append(take_from_row(store, row))
        except (ValueError, TypeError, IndexError, KeyError) as exc:
            store.problems.append(f"a take row was skipped: {exc}")
    return takes


def list_takes_per_row(store: TakesStore, question_id: str | None) -> list[Take]:
    """The readable takes in (started_at, id) order; damaged rows are skipped and reported."""
    store.problems = []
    where, params = ("", ()) if question_id is None else (" WHERE question_id = ?", (question_id,))
    try:
        rows = store.db.execute(f"SELECT * FROM takes{where}", params).fetchall()
    except sqlite3.DatabaseError as exc:
        store.problems.append(f"the takes database is damaged ({exc}); reading it row by row")
        rows = _probe_rows(store, question_id)
    takes = _convert(store, rows)
    return sorted(takes, key=lambda t: (t.started_at, t.id))


def _probe_rows(store: TakesStore, question_id: str | None) -> list[sqlite3.Row]:
    """Every row that can still be read, one rowid at a time, around the damaged pages."""
    try:
        top = int(store.db.execute("SELECT MAX(rowid) FROM takes").fetchone()[0] or 0)
    except (sqlite3.DatabaseError, TypeError, ValueError):
        top = _MAX_PROBE
    rows: list[sqlite3.Row] = []
    lost = 0
    for rowid in range(1, min(top, _MAX_PROBE) + 1):
        try:
            found = store.db.execute("SELECT * FROM takes WHERE rowid = ?", (rowid,)).fetchall()
        except sqlite3.DatabaseError:
            lost += 1
            continue
        rows += [r for r in found if question_id is None or r["question_id"] == question_id]
    if lost:
        store.problems.append(f"{lost} take row(s) could not be read from the damaged database")
    return rows


def describe_problems(problems: list[str], data_dir: Path) -> str:
    """One sentence for the window: what was skipped and what to do."""
    n = len(problems)
    first = problems[0] if problems else ""
    return (
        f"{n} problem{'s' * (n != 1)} reading the takes in {data_dir} ({first}). "
        "The other takes are shown; their audio files are untouched in the takes folder."
    )
