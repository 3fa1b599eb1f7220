"""Reading takes row by row, so one damaged row never hides the others.

A bad JSON field, a non-numeric score or a corrupted database page costs that row (or that
field), never the whole History: the rest is shown and `store.problems` says what was skipped.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from star_rehearsal.core.stored_score import DamagedScore, decode_score
from star_rehearsal.core.stored_score import score_problem as score_problem_text

if TYPE_CHECKING:
    from star_rehearsal.core.takes import Take, TakesStore

# Rowids probed one by one when the table cannot be scanned (a corrupted page).
_MAX_PROBE = 100_000


class RawScore(str):
    """A stored score's JSON text, checked when it was stored (score_state 'ok'), passed on
    as it is by `takes --json` instead of being decoded and encoded again."""


def take_from_row(store: TakesStore, row: sqlite3.Row, raw_score: bool = False) -> Take:
    """A Take from a row; unreadable optional fields become None and are reported.
    `raw_score`: a checked score stays its JSON text (a RawScore)."""
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
    score: Any
    state = row["score_state"] if "score_state" in row.keys() else None  # noqa: SIM118 (Row: `in` looks at values)
    try:
        if state == "ok" and raw_score and isinstance(row["score_json"], str):
            score = RawScore(row["score_json"])
        elif state == "ok":  # checked by decode_score when stored; a change since clears it
            score = json.loads(row["score_json"])
        elif state is not None:
            raise DamagedScore(state)
        else:
            score = decode_score(row["score_json"])
    except (DamagedScore, ValueError, TypeError) as exc:  # the take stays, its score does not
        score_problem = state or score_problem_text(take_id, DamagedScore(str(exc)))
        store.problems.append(score_problem)
        score, overall = None, None
    if isinstance(score, dict):  # the score is the truth; the column is its copy
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


def convert_rows(store: TakesStore, rows: list[sqlite3.Row]) -> list[Take]:
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
    takes = convert_rows(store, rows)
    return sorted(takes, key=lambda t: (t.started_at, t.id))


def iter_takes(
    store: TakesStore, question_id: str | None, raw_scores: bool = False
) -> Iterator[Take]:
    """The readable takes in (started_at, id) order, one row in memory at a time (`takes
    --json` of 10,000 takes held them all: 915 MB); problems go to `store.problems`."""
    store.problems = []
    where, params = ("", ()) if question_id is None else (" WHERE question_id = ?", (question_id,))
    sent: set[str] = set()
    try:
        cursor = store.db.execute(f"SELECT * FROM takes{where} ORDER BY started_at, id", params)
        for row in cursor:
            try:
                take = take_from_row(store, row, raw_scores)
            except (ValueError, TypeError, IndexError, KeyError) as exc:
                store.problems.append(f"a take row was skipped: {exc}")
                continue
            sent.add(take.id)
            yield take
    except sqlite3.DatabaseError:  # a damaged page: the row-by-row reader, then the rest
        problems = list(store.problems)
        rest = [t for t in list_takes_per_row(store, question_id) if t.id not in sent]
        store.problems = problems + store.problems
        yield from rest


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
