"""FSRS cards, one per question × story, reviewed with the rating measured from each take.

Cards live in the takes database (migration 2) so the queue survives restarts. `sync()` reads
scored takes it has not seen yet, in the order they were recorded, and reviews the matching
card; only a card's first take of a (UTC) day is a review, later ones that day are kept as
practice. An optional interview date caps every interval so each card comes round before it.
"""

from __future__ import annotations

import json
import sqlite3
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from star_rehearsal.core.practice.rating import rate_take, rating_fields
from star_rehearsal.core.practice.summaries import LIGHT_COLUMNS as _LIGHT
from star_rehearsal.core.practice.summaries import Summaries
from star_rehearsal.core.stored_score import DamagedScore, decode_score, score_problem
from star_rehearsal.core.takes_summary import has_summary, summary_of, summary_of_statement

if TYPE_CHECKING:
    from star_rehearsal.core.takes import TakesStore

_RATINGS = {"again": 1, "hard": 2, "good": 3, "easy": 4}
# A follow-up answer is stored as a take of "<question id>~follow-up": scored against the missed
# points only, it is no review of the question's card.
FOLLOW_UP_SUFFIX = "~follow-up"


@dataclass(frozen=True)
class CardInfo:
    question_id: str
    story_id: str
    due: datetime
    last_review: datetime | None
    last_rating: str | None
    reviews: int
    stability: float | None


@dataclass(frozen=True)
class TakeSummary:
    """A scored take without its transcript: what the dashboard and the scheduler need."""

    id: str
    question_id: str
    story_id: str | None
    started_at: datetime
    duration_s: float | None
    overall: int | None
    score: dict[str, Any]  # empty when read with `full=False`
    said: tuple[str, ...] | None = None  # the points covered (None: read them from `score`)
    said_json: str | None = None  # the same as stored (a JSON list), decoded when asked
    drill: bool = False  # a 30-second version: not in the dashboard's last/best/trend

    @property
    def said_points(self) -> tuple[str, ...]:
        if self.said is not None:
            return self.said
        if self.said_json is not None:
            try:
                return tuple(str(x) for x in json.loads(self.said_json))
            except (ValueError, TypeError):
                return ()
        return tuple(str(p.get("text", "")) for p in self.score.get("key_points") or []
                     if p.get("covered"))  # fmt: skip


def parse_time(text: str) -> datetime:
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def make_scheduler() -> Any:
    """Day-granular FSRS: no minute learning steps (a take a day is the unit), no fuzzing
    (the same takes always give the same queue)."""
    from fsrs import Scheduler

    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def cap_due(due: datetime, reviewed: datetime, interview: date | None) -> datetime:
    """Bring a due date forward so the card comes round before the interview: at the latest
    halfway to it, and never earlier than a day after this review."""
    if interview is None:
        return due
    day_of = datetime.combine(interview, datetime.min.time(), tzinfo=UTC)
    if reviewed >= day_of or due < day_of:
        return due
    halfway = reviewed + (day_of - reviewed) / 2
    return max(min(due, halfway), min(reviewed + timedelta(days=1), due))


# What the rating reads of a checked, summarised score, by SQLite's JSON functions in C (the
# first review of 10,000 takes from an older version otherwise decodes each in Python).
_RATING_SQL = ", ".join(
    f"CASE WHEN score_state = 'ok' AND json_valid(score_json) THEN {value} END AS {name}"
    for value, name in (
        ("json_extract(score_json, '$.told_story.id')", "told_id"),
        ("json_extract(score_json, '$.duration_s')", "score_duration"),
        ("json_extract(score_json, '$.fillers.per_minute')", "fillers_per_minute"),
        ("(SELECT json_group_array(json_array(json_extract(p.value, '$.kind'),"
         " json_extract(p.value, '$.covered'))) FROM json_each(score_json, '$.key_points') AS p)",
         "point_kinds"),
    )
)  # fmt: skip


def _rating_row(r: Any) -> dict[str, Any]:
    """`rating_fields` of a summarised score, from the `_RATING_SQL` columns."""
    kinds = json.loads(r["point_kinds"] or "[]")
    return {
        "key_points": [{"kind": kind, "covered": bool(covered)} for kind, covered in kinds],
        "told_story": {"id": r["told_id"]},
        "duration_s": r["score_duration"],
        "fillers": {"per_minute": r["fillers_per_minute"]},
        "overall": r["overall"],
    }


class PracticeStore:
    """The practice tables of the takes database, read and written through the TakesStore (its
    one writer thread and its per-thread readers)."""

    def __init__(self, takes_store: TakesStore) -> None:
        self.takes = takes_store
        self.problems: list[str] = []  # takes the last `summaries` left out, and why
        self.write_error: str | None = None  # why a queued write did not land, if one did not
        self._pending: list[tuple[Future[None], dict[str, dict[str, Any]],
                                  dict[tuple[str, str], dict[str, Any]]]] = []  # fmt: skip
        self._excellent: dict[tuple[str, str], bool] | None = None
        self._cache: Summaries | None = None  # every take's summary, for the dashboard
        # Scores not summarised yet that `sync` decoded (take id -> (covered, total, said as
        # JSON), overall, the row's rev): the dashboard's light read takes them from here instead of
        # decoding them again, and `sync` stores them (the first `next` on 10,000 takes from
        # an older version decoded each score twice: 8.3 s)
        self._decoded: dict[str, tuple[tuple[int, int, str], int, int]] = {}

    @classmethod
    def for_takes(cls, takes_store: TakesStore) -> PracticeStore:
        return cls(takes_store)

    def close(self) -> None:
        """Wait for the queued writes; the takes store owns the connections."""
        self.wait()

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        return self.takes.read(sql, params)

    def write_many(self, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
        """All statements in one transaction, waited for (the CLI; tests)."""
        self.takes.write_many(statements)

    def _write_later(self, statements: list[tuple[str, tuple[Any, ...]]],
                     reviews: dict[str, dict[str, Any]],
                     cards: dict[tuple[str, str], dict[str, Any]]) -> None:  # fmt: skip
        """Queue the transaction on the store's writer thread and return at once (the window's
        thread never waits for a commit); until it lands, what it writes is read from memory."""
        writer = self.takes.writer
        if writer is None:
            self.takes.write_many(statements)  # read-only: raises StoreReadOnly, as before
            return
        self._pending.append((writer.submit_many(statements), reviews, cards))

    def _settle(self) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], dict[str, Any]]]:
        """Forget the writes that have landed; the reviews and cards still only in memory."""
        reviews: dict[str, dict[str, Any]] = {}
        cards: dict[tuple[str, str], dict[str, Any]] = {}
        still = []
        for done, own_reviews, own_cards in self._pending:
            if done.done():
                if done.exception() is not None:  # a full disk: the takes are read again
                    self.write_error = str(done.exception())
                continue
            still.append((done, own_reviews, own_cards))
            reviews.update(own_reviews)
            cards.update(own_cards)
        self._pending = still
        return reviews, cards

    def wait(self) -> None:
        """Until every queued write has landed (tests; closing)."""
        for done, _, _ in list(self._pending):
            done.exception()
        self._settle()

    # ---- reading ------------------------------------------------------------------------------

    def summaries(self, question_id: str | None = None, unseen: bool = False,
                  full: bool = True, rating: bool = False) -> list[TakeSummary]:  # fmt: skip
        """Scored takes in recording order; `unseen`: only those no review has read yet;
        `full=False`: each score's summary only (`said`, `overall`; `score` is empty), which
        the dashboard and `next` need, without decoding 10,000 scores. A take whose score is
        damaged is left out and described in `problems`. `rating`: each score only as far as
        the rating reads it (`rating_fields`), from SQLite's JSON functions where the score
        was checked and summarised already, else decoded and cut at once."""
        if not full and question_id is None and not unseen and has_summary(self.takes):
            return self._every_summary()
        self.problems = []
        light = (not full or rating) and has_summary(self.takes)
        score_sql = ("score_state, points_said, rev, CASE WHEN score_state IS NULL THEN"
                     " score_json END AS score_json" if light else "score_json")  # fmt: skip
        if light and rating:
            score_sql += f", {_RATING_SQL}"
        sql = (f"SELECT id, question_id, story_id, started_at, duration_s, overall, {score_sql},"
               " status = 'drill' AS drill FROM takes WHERE score_json IS NOT NULL")  # fmt: skip
        params: tuple[Any, ...] = ()
        if question_id is not None:
            sql, params = sql + " AND question_id = ?", (question_id,)
        if unseen:
            sql += " AND id NOT IN (SELECT take_id FROM practice_reviews)"
        pending = self._settle()[0] if unseen else {}
        out = []
        for r in self.rows(sql + " ORDER BY started_at, id", params):
            if r["id"] in pending:
                continue
            summary = self._summary(r, light)
            if summary is None:
                continue
            if light and r["score_state"] is None and summary.score:  # decoded just now
                self._decoded[summary.id] = (summary_of(summary.score), summary.overall or 0,
                                             int(r["rev"] or 0))  # fmt: skip
            if rating:
                score = rating_fields(summary.score) if summary.score else _rating_row(r)
                summary = replace(summary, score=score)
            out.append(summary)
        return out

    def _every_summary(self) -> Summaries:
        """Every scored take's summary, kept between calls: only the takes changed since the
        last call are read (the store's rev), and only their cards' lists are touched, so the
        dashboard after one take does not read 10,000 again."""
        cache = self._cache or Summaries()
        rows = self.rows(f"SELECT {_LIGHT} FROM takes WHERE rev > ?", (cache.rev,))
        self._cache = cache
        self._apply(cache, rows)
        if self._count_all() != len(cache.rows) + len(cache.skipped):  # one was deleted
            cache = self._cache = Summaries()
            self._apply(cache, self.rows(f"SELECT {_LIGHT} FROM takes"))
        self.problems = [p for p in cache.skipped.values() if p]
        return cache.ordered()

    def _apply(self, cache: Summaries, rows: list[Any]) -> None:
        for r in rows:
            self.problems = []
            cache.drop(r["id"])
            decoded = self._decoded.pop(r["id"], None)  # read once here, kept no longer
            summary: TakeSummary | None
            if (
                decoded is not None
                and r["score_state"] is None
                and decoded[2] == int(r["rev"] or 0)
            ):
                summary = self._summary(r, True, decoded[:2])
            else:
                summary = self._summary(r, True) if r["has_score"] else None
            if summary is None:
                cache.skipped[r["id"]] = self.problems[0] if self.problems else ""
            else:
                cache.add(summary)
            cache.rev = max(cache.rev, int(r["rev"] or 0))

    def _summary_statements(self, fresh: list[TakeSummary]) -> list[tuple[str, tuple[Any, ...]]]:
        """The summaries of the scores `sync` decoded, stored with its reviews so no reader
        decodes them again; only where the score is still the one decoded (a correction
        saved meanwhile clears the summary, and its own is made for it)."""
        out = []
        for take in fresh:
            decoded = self._decoded.get(take.id)
            if decoded is None:
                continue
            summary, _overall, rev = decoded
            out.append(summary_of_statement(take.id, summary, rev))
        return out

    def _count_all(self) -> int:
        return int(self.rows("SELECT COUNT(*) FROM takes")[0][0])  # from an index, in C

    def _summary(self, r: Any, light: bool,
                 decoded: tuple[tuple[int, int, str], int] | None = None
                 ) -> TakeSummary | None:  # fmt: skip
        """One row as a TakeSummary; a damaged one costs that take, not the schedule.
        `decoded`: the summary and overall of a score `sync` decoded."""
        said: tuple[str, ...] | None = None
        said_json: str | None = None
        overall: Any
        if decoded is not None:
            score: dict[str, Any] | None = {}
            said_json, overall = decoded[0][2], decoded[1]
        elif light and r["score_state"] is not None:
            if r["score_state"] != "ok":
                self.problems.append(r["score_state"])
                return None
            score = {}
            overall = r["overall"]
            said_json = r["points_said"] or "[]"  # decoded once per distinct list (deck_rows)
        else:
            try:
                score = decode_score(r["score_json"])
            except DamagedScore as exc:
                self.problems.append(score_problem(str(r["id"]), exc))
                return None
            overall = score["overall"] if score is not None else None
        try:
            when = parse_time(r["started_at"])
        except (ValueError, TypeError):
            self.problems.append(f"take {r['id']}: its time {r['started_at']!r} is not a"
                                 " date; left out of the schedule")  # fmt: skip
            return None
        if score is None or not isinstance(overall, int | float) or isinstance(overall, bool):
            return None
        duration = r["duration_s"] if isinstance(r["duration_s"], int | float) else None
        drill = "drill" in r.keys() and bool(r["drill"])  # noqa: SIM118 (a sqlite3.Row)
        return TakeSummary(r["id"], r["question_id"], r["story_id"], when, duration,
                           round(overall), score, said, said_json, drill)  # fmt: skip

    def _card_rows(self) -> dict[tuple[str, str], Any]:
        """The stored cards, with those written since but not landed yet."""
        pending = self._settle()[1]  # first: a write landing meanwhile is then in the table
        rows: dict[tuple[str, str], Any] = {
            (r["question_id"], r["story_id"]): r for r in self.rows("SELECT * FROM practice_cards")
        }
        rows.update(pending)
        return rows

    def cards(self) -> dict[tuple[str, str], CardInfo]:
        out = {}
        for r in self._card_rows().values():
            stability = json.loads(r["card_json"]).get("stability")
            out[(r["question_id"], r["story_id"])] = CardInfo(
                r["question_id"], r["story_id"], parse_time(r["due"]),
                parse_time(r["last_review"]) if r["last_review"] else None,
                r["last_rating"], r["reviews"], stability,
            )  # fmt: skip
        return out

    def reviews(self, take_ids: list[str] | None = None) -> dict[str, dict[str, Any]]:
        pending = list(self._settle()[0].values())  # first, as in _card_rows
        rows = [dict(r) for r in self.rows("SELECT * FROM practice_reviews")] + pending
        wanted = set(take_ids) if take_ids is not None else None
        return {r["take_id"]: r for r in rows if wanted is None or r["take_id"] in wanted}

    # ---- scheduling ---------------------------------------------------------------------------

    def sync(self, band: tuple[float, float], interview: date | None = None) -> int:
        """Review cards with every scored take not seen yet; returns how many takes were read."""
        from fsrs import Card, Rating

        fresh = [t for t in self.summaries(unseen=True, rating=True)
                 if t.story_id and not t.question_id.endswith(FOLLOW_UP_SUFFIX)]  # fmt: skip
        if not fresh:
            return 0
        scheduler = make_scheduler()
        stored = self._card_rows()
        cards: dict[tuple[str, str], Any] = {}
        last: dict[tuple[str, str], dict[str, Any]] = {}
        for key, row in stored.items():
            cards[key] = Card.from_dict(json.loads(row["card_json"]))
            last[key] = {"rating": row["last_rating"], "reviews": row["reviews"]}
        excellent = self._last_excellent()
        statements: list[tuple[str, tuple[Any, ...]]] = []
        new_reviews: dict[str, dict[str, Any]] = {}
        new_cards: dict[tuple[str, str], dict[str, Any]] = {}
        changed: set[tuple[str, str]] = set()
        for take in fresh:
            key = (take.question_id, str(take.story_id))
            verdict = rate_take(take.score, take.story_id, band, excellent.get(key, False))
            excellent[key] = verdict.excellent
            card = cards.get(key) or Card(card_id=len(cards) + 1)
            counted = card.last_review is None or card.last_review.date() < take.started_at.date()
            if counted:
                card, _log = scheduler.review_card(
                    card, Rating(_RATINGS[verdict.rating]), review_datetime=take.started_at
                )
                card.due = cap_due(card.due, take.started_at, interview)
                cards[key] = card
                info = last.setdefault(key, {"rating": None, "reviews": 0})
                info["rating"], info["reviews"] = verdict.rating, info["reviews"] + 1
                changed.add(key)
            review = {"take_id": take.id, "question_id": key[0], "story_id": key[1],
                      "rating": verdict.rating, "reason": verdict.reason, "counted": int(counted),
                      "excellent": int(verdict.excellent),
                      "reviewed_at": take.started_at.isoformat()}  # fmt: skip
            new_reviews[take.id] = review
            statements.append((
                "INSERT OR REPLACE INTO practice_reviews (take_id, question_id, story_id, rating,"
                " reason, counted, excellent, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                tuple(review.values()),
            ))  # fmt: skip
        for key in changed:
            card = cards[key]
            row = {"question_id": key[0], "story_id": key[1],
                   "card_json": json.dumps(card.to_dict()), "due": card.due.isoformat(),
                   "last_review": card.last_review.isoformat() if card.last_review else None,
                   "last_rating": last[key]["rating"], "reviews": last[key]["reviews"]}  # fmt: skip
            new_cards[key] = row
            statements.append((
                "INSERT OR REPLACE INTO practice_cards (question_id, story_id, card_json, due,"
                " last_review, last_rating, reviews) VALUES (?, ?, ?, ?, ?, ?, ?)",
                tuple(row.values()),
            ))  # fmt: skip
        statements += self._summary_statements(fresh)
        self._write_later(statements, new_reviews, new_cards)
        self._excellent = excellent
        return len(fresh)

    def _last_excellent(self) -> dict[tuple[str, str], bool]:
        """Whether each card's latest take so far met the Easy bar ("twice in a row"); read
        once, then kept up to date by `sync`."""
        if self._excellent is not None:
            return dict(self._excellent)
        out: dict[tuple[str, str], bool] = {}
        for r in self.rows("SELECT question_id, story_id, excellent FROM practice_reviews"
                           " ORDER BY reviewed_at, take_id"):  # fmt: skip
            out[(r["question_id"], r["story_id"])] = bool(r["excellent"])
        return out
