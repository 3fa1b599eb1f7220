"""Takes read as a few columns (schema 4): what History, the question list, `next` and the
dashboard need, without decoding every score and transcript of 10,000 takes.

Each row carries a summary of its score (points covered / total, the points said), written
with the score by `save_score` and, for rows that have none yet (older takes, a score changed
outside the app: a trigger clears the summary), made by `summarise_pending` on the writer
thread. A row whose summary is missing is decoded here with `stored_score.decode_score`, the
same decoder as everywhere, so a damaged score is left out the same way.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from star_rehearsal.core.stored_score import DamagedScore, decode_score, score_problem
from star_rehearsal.core.takes_schema import PROBLEM_ROWS

if TYPE_CHECKING:
    from star_rehearsal.core.takes import TakesStore

OK = "ok"
DEFER_ABOVE = 500  # unsummarised scores a deferring reader still decodes itself (one batch)
_LINE_COLUMNS = ("id, question_id, question_text, story_id, started_at, duration_s, status,"
                 " overall, score_state, points_covered, points_total, points_said, rev,"
                 " CASE WHEN score_state IS NULL THEN score_json END AS pending_score,"
                 " transcript_json IS NOT NULL AS has_transcript,"
                 " EXISTS (SELECT 1 FROM take_corrections c WHERE c.take_id = takes.id)"
                 " AS corrected")  # fmt: skip


@dataclass(frozen=True)
class QuestionStats:
    """A question's line in the question list (typed into the view, issue 28)."""

    count: int
    best_score: int | None
    last_duration_s: float | None


@dataclass(frozen=True)
class TakeLine:
    """One take as History and the question list show it."""

    id: str
    question_id: str
    question_text: str
    story_id: str | None
    started_at: str
    duration_s: float | None
    status: str
    overall: int | None  # None without a (sound) score
    covered: int
    total: int
    said: tuple[str, ...]  # the key points it covered
    score_problem: str | None
    has_transcript: bool
    rev: int
    corrected: bool = False  # the user's word is on it (core/correction_store, issue 30)

    @property
    def has_score(self) -> bool:
        return self.overall is not None


def summary_of(score: dict[str, Any]) -> tuple[int, int, str]:
    """(covered, total, the covered points' texts as JSON) of a decoded score."""
    points = score.get("key_points") or []
    said = [str(p.get("text", "")) for p in points if p.get("covered")]
    return len(said), len(points), json.dumps(said, ensure_ascii=False)


def summary_statement(take_id: str, score: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """The UPDATE that stores a checked score's summary (after the score itself: the trigger
    on score_json clears the summary)."""
    return summary_of_statement(take_id, summary_of(score))


def summary_of_statement(take_id: str, summary: tuple[int, int, str], rev: int | None = None
                         ) -> tuple[str, tuple[Any, ...]]:  # fmt: skip
    """The same UPDATE from a summary made earlier; `rev`: only while the row is still at that
    revision and not summarised since (a reader decoded it before; a score saved meanwhile
    gets its own summary)."""
    covered, total, said = summary
    sql = ("UPDATE takes SET score_state = ?, points_covered = ?, points_total = ?,"
           " points_said = ? WHERE id = ?")  # fmt: skip
    params: tuple[Any, ...] = (OK, covered, total, said, take_id)
    if rev is not None:
        sql, params = sql + " AND score_state IS NULL AND rev = ?", (*params, rev)
    return sql, params


def has_summary(store: TakesStore) -> bool:
    """Whether the database has the summary columns (a read-only older one may not)."""
    cached = getattr(store, "_has_summary", None)
    if cached is None:
        columns = {r[1] for r in store.read("PRAGMA table_info(takes)")}
        cached = "score_state" in columns
        store._has_summary = cached  # type: ignore[attr-defined]
    return bool(cached)


def deferring(store: TakesStore) -> bool:
    """Whether readers leave the scores not summarised yet undecoded (their stored `overall`
    stands in, no points): an upgraded database's thousands of scores are summarised on the
    writer thread (1.2 ms each, 12 s for 10,000), and the window, which asks for this with
    `defer_pending` and reads everything again once `summarising` is done, must not decode
    them all again on its own thread meanwhile. The CLI always decodes."""
    running = store.summarising
    if not store.defer_pending or running is None or running.done():
        return False
    (pending,) = store.read("SELECT COUNT(*) FROM (SELECT 1 FROM takes WHERE score_state IS NULL"
                            " AND score_json IS NOT NULL LIMIT ?)", (DEFER_ABOVE + 1,))[0]  # fmt: skip
    return int(pending) > DEFER_ABOVE


def _line(row: sqlite3.Row, problems: list[str], decode: bool = True) -> TakeLine | None:
    take_id = row["id"]
    if not isinstance(take_id, str) or not take_id:
        problems.append("a take row was skipped: the row has no take id")
        return None
    state, overall = row["score_state"], row["overall"]
    covered, total = row["points_covered"] or 0, row["points_total"] or 0
    said: tuple[str, ...] = ()
    problem = None
    if state is None and row["pending_score"] is not None and not decode:
        pass  # summarised on the writer meanwhile (`deferring`): the stored overall stands in
    elif state is None and row["pending_score"] is not None:  # not summarised yet: decode it
        try:
            score = decode_score(row["pending_score"])
        except DamagedScore as exc:
            score, problem = None, score_problem(take_id, exc)
        if score is not None:
            covered, total, said_json = summary_of(score)
            said, overall = tuple(json.loads(said_json)), score["overall"]
        else:
            overall = None
    elif state is not None and state != OK:
        problem, overall = str(state), None
    elif state == OK:
        try:
            said = tuple(json.loads(row["points_said"] or "[]"))
        except ValueError:
            said = ()
    else:
        overall = None  # no score
    if problem:
        problems.append(problem)
    if overall is not None and (isinstance(overall, bool) or not isinstance(overall, int | float)
                                or not math.isfinite(overall)):  # fmt: skip
        problems.append(f"take {take_id}: its score {overall!r} is not a number; left out")
        overall = None
    duration = row["duration_s"] if isinstance(row["duration_s"], int | float) else None
    return TakeLine(
        id=take_id, question_id=str(row["question_id"] or ""),
        question_text=str(row["question_text"] or ""), story_id=row["story_id"],
        started_at=str(row["started_at"] or ""), duration_s=duration,
        status=str(row["status"] or "recovered"),
        overall=None if overall is None else round(overall), covered=int(covered),
        total=int(total), said=said, score_problem=problem,
        has_transcript=bool(row["has_transcript"]), rev=int(row["rev"] or 0),
        corrected=bool(row["corrected"]),
    )  # fmt: skip


def take_lines(
    store: TakesStore, question_id: str | None = None, *, since_rev: int | None = None
) -> list[TakeLine]:
    """Takes in (started_at, id) order, as lines; `since_rev`: only those changed after it.
    Problems (damaged scores) go to `store.problems`, as `list_takes` does."""
    if not has_summary(store):  # an older database opened read-only: the slow way
        return [_from_take(t) for t in store.list_takes(question_id)]
    where: list[str] = []
    params: list[Any] = []
    if question_id is not None:
        where.append("question_id = ?")
        params.append(question_id)
    if since_rev is not None:
        where.append("rev > ?")
        params.append(since_rev)
    sql = f"SELECT {_LINE_COLUMNS} FROM takes"
    if where:
        sql += " WHERE " + " AND ".join(where)
    problems: list[str] = []
    # Changed takes: found by the rev index and put in order here (ORDER BY would make SQLite
    # walk the time index through every take).
    order = "" if since_rev is not None else " ORDER BY started_at, id"
    try:
        rows = store.read(sql + order, tuple(params))
    except sqlite3.DatabaseError:  # a damaged page: the row-by-row reader copes
        return [_from_take(t) for t in store.list_takes(question_id)]
    decode = not deferring(store)
    lines = [line for r in rows if (line := _line(r, problems, decode)) is not None]
    if since_rev is not None:
        lines.sort(key=lambda t: (t.started_at, t.id))
    store.problems = problems
    return lines


def all_question_stats(store: TakesStore) -> dict[str, QuestionStats]:
    """Every question's line in the list, counted by SQLite from the takes_question_stats
    index (schema 6; 15 ms for 10,000 takes where two scans of the table took 200 ms); only
    scores not summarised yet are decoded here (none while `deferring`)."""
    if not has_summary(store):
        return stats_of(take_lines(store))
    defer = deferring(store)
    counts = store.read(
        "SELECT question_id, COUNT(*), MAX(CASE WHEN (score_state = 'ok' OR (? AND score_state"
        " IS NULL)) AND typeof(overall) IN ('integer', 'real') THEN overall END) FROM takes"
        " GROUP BY question_id", (defer,))  # fmt: skip
    # The last take's length: a bare column beside MAX() is taken from the row holding the
    # maximum (SQLite documents it); char(31) sorts below any character of a time or an id.
    last: dict[Any, Any] = {r[0]: r[1] for r in store.read(
        "SELECT question_id, duration_s, MAX(started_at || char(31) || id) FROM takes"
        " GROUP BY question_id")}  # fmt: skip
    best: dict[str, float | None] = {str(q or ""): b for q, _, b in counts}
    problems: list[str] = []
    pending = [] if defer else store.read("SELECT id, question_id, score_json FROM takes"
                                          " WHERE score_state IS NULL AND score_json IS NOT NULL")  # fmt: skip
    for take_id, qid, text in pending:
        try:
            score = decode_score(text)
        except DamagedScore as exc:
            problems.append(score_problem(str(take_id), exc))
            continue
        if score is not None:
            old = best.get(str(qid or ""))
            best[str(qid or "")] = score["overall"] if old is None else max(old, score["overall"])
    for take_id, state, overall in store.read(
            f"SELECT id, score_state, overall FROM takes WHERE {PROBLEM_ROWS}"):  # fmt: skip
        if state == OK and not _number(overall):
            problems.append(f"take {take_id}: its score {overall!r} is not a number; left out")
    store.problems = problems
    out = {}
    for qid, count, _ in counts:
        q = str(qid or "")
        duration = last.get(qid)
        duration = duration if _number(duration) else None
        b = best.get(q)
        out[q] = QuestionStats(int(count), None if b is None else round(b), duration)
    return out


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def one_question_stats(store: TakesStore, question_id: str) -> QuestionStats | None:
    """One question's line in the list, counted by SQLite from its index; only scores not
    summarised yet are decoded here."""
    if not has_summary(store):
        return stats_of(take_lines(store, question_id)).get(question_id)
    count, best = store.read(
        "SELECT COUNT(*), MAX(CASE WHEN score_state = 'ok' AND typeof(overall) IN"
        " ('integer', 'real') THEN overall END) FROM takes WHERE question_id = ?",
        (question_id,))[0]  # fmt: skip
    if not count:
        return None
    pending = [] if deferring(store) else store.read(
        "SELECT score_json FROM takes WHERE question_id = ? AND score_state IS NULL"
        " AND score_json IS NOT NULL", (question_id,))  # fmt: skip
    for (text,) in pending:
        try:
            score = decode_score(text)
        except DamagedScore:
            continue
        if score is not None:
            best = score["overall"] if best is None else max(best, score["overall"])
    last = store.read("SELECT duration_s FROM takes WHERE question_id = ?"
                      " ORDER BY started_at DESC, id DESC LIMIT 1", (question_id,))[0][0]  # fmt: skip
    last = last if isinstance(last, int | float) and not isinstance(last, bool) else None
    return QuestionStats(int(count), None if best is None else round(best), last)


def _from_take(take: Any) -> TakeLine:
    points = (take.score or {}).get("key_points") or []
    said = tuple(str(p.get("text", "")) for p in points if p.get("covered"))
    return TakeLine(take.id, take.question_id, take.question_text, take.story_id,
                    take.started_at, take.duration_s, take.status, take.overall, len(said),
                    len(points), said, take.score_problem, take.transcript is not None, 0,
                    bool((take.score or {}).get("user")))  # fmt: skip


def stats_of(lines: list[TakeLine]) -> dict[str, QuestionStats]:
    """Takes count, best score and the last take's length per question."""
    by_question: dict[str, list[TakeLine]] = {}
    for line in lines:
        by_question.setdefault(line.question_id, []).append(line)
    stats = {}
    for qid, own in by_question.items():
        scores = [t.overall for t in own if t.overall is not None]
        last = max(own, key=lambda t: (t.started_at, t.id))
        stats[qid] = QuestionStats(len(own), max(scores) if scores else None, last.duration_s)
    return stats


def latest_rev(store: TakesStore) -> int:
    if not has_summary(store):
        return 0
    return int(store.read("SELECT COALESCE(MAX(rev), 0) FROM takes")[0][0])


def previous_overall(store: TakesStore, question_id: str, take_id: str | None) -> int | None:
    """The overall score of the last scored take of the question before `take_id` (or of all,
    when it is not stored): a few rows read, however many takes the question has."""
    lines: list[TakeLine] = []
    params: tuple[Any, ...]
    if take_id is not None and has_summary(store):
        sql = (f"SELECT {_LINE_COLUMNS} FROM takes WHERE question_id = ? AND (started_at, id) <"
               " (SELECT started_at, id FROM takes WHERE id = ?) ORDER BY started_at DESC, id DESC"
               " LIMIT 50")  # fmt: skip
        params = (question_id, take_id)
        problems: list[str] = []
        rows = store.read(sql, params)
        lines = [line for r in rows if (line := _line(r, problems)) is not None]
        if not rows and store.read("SELECT 1 FROM takes WHERE id = ?", (take_id,)):
            return None  # the first take of the question
        if len(rows) == 50 and all(line.overall is None for line in lines):
            lines = []  # fifty unscored takes in a row: read them all below
    if not lines:
        lines = take_lines(store, question_id)
        ids = [line.id for line in lines]
        if take_id in ids:
            lines = lines[: ids.index(take_id)]
        lines.reverse()
    # a 30-second drill (core/drill_status) is no baseline for a full answer's "+12"
    return next((line.overall for line in lines
                 if line.overall is not None and line.status != "drill"), None)  # fmt: skip


def summarise_pending(db: sqlite3.Connection, batch: int = 500) -> int:
    """On the writer thread: summarise up to `batch` scored rows that have no summary (a
    damaged score gets its reason as state); returns how many were done."""
    rows = db.execute("SELECT id, score_json FROM takes WHERE score_state IS NULL"
                      " AND score_json IS NOT NULL LIMIT ?", (batch,)).fetchall()  # fmt: skip
    if not rows:
        return 0
    with db:
        db.execute("BEGIN IMMEDIATE")
        for take_id, text in rows:
            try:
                score = decode_score(text)
            except DamagedScore as exc:
                db.execute("UPDATE takes SET score_state = ? WHERE id = ?",
                           (score_problem(str(take_id), exc), take_id))  # fmt: skip
                continue
            if score is not None:
                sql, params = summary_statement(str(take_id), score)
                db.execute(sql, params)
    return len(rows)


def damaged(store: TakesStore) -> list[str]:
    """What is wrong with the stored takes, without reading them all: the damaged scores the
    summaries recorded, those not summarised yet (decoded here), scores that are no number.

    One statement, so one snapshot: read in two, the writer could summarise a damaged score
    between them and it would be counted in neither (seen in CI, 1 problem of 2)."""
    if not has_summary(store):
        store.list_takes()
        return list(store.problems)
    decode = not deferring(store)
    found = store.read(
        "SELECT id, score_state, overall, CASE WHEN score_state IS NULL THEN score_json END"
        f" FROM takes WHERE ({PROBLEM_ROWS}) OR (? AND score_state IS NULL"
        " AND score_json IS NOT NULL)", (decode,))  # fmt: skip
    problems = [str(state) for _, state, _, _ in found if state is not None and state != OK]
    for take_id, _, _, text in found:
        if text is None or not decode:
            continue
        try:
            decode_score(text)
        except DamagedScore as exc:
            problems.append(score_problem(str(take_id), exc))
    problems += [f"take {take_id}: its score {overall!r} is not a number; left out"
                 for take_id, _, overall, _ in found
                 if overall is not None and not _number(overall)]  # fmt: skip
    return problems
