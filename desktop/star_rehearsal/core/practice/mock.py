"""Mock interviews: which questions to ask, and the record of a session in the takes database.

A session asks N questions: due ones first, then the weakest (lowest last score), then never
practised ones; or a random draw. Its takes are ordinary takes; `mock_takes` links them to the
session in order, with each follow-up pointing at the answer that called for it.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from star_rehearsal.core.practice.queue import DUE, NEW, PracticeRow
from star_rehearsal.core.practice.schedule import PracticeStore

ANSWER, FOLLOW_UP = "answer", "follow-up"


def pick_questions(
    rows: list[PracticeRow], n: int, mode: str = "due", rng: random.Random | None = None
) -> list[PracticeRow]:
    """One row (question × story) per question, at most n of them."""
    best_per_question: dict[str, PracticeRow] = {}
    if mode == "random":
        pool = list(rows)
        (rng or random.Random()).shuffle(pool)
    else:
        due = sorted((r for r in rows if r.state == DUE), key=lambda r: (r.due, r.position))
        seen = sorted((r for r in rows if r.state != DUE and r.takes),
                      key=lambda r: (r.last if r.last is not None else 101, r.position))  # fmt: skip
        unseen = [r for r in rows if r.state == NEW and not r.takes]
        pool = due + seen + unseen
    for row in pool:
        best_per_question.setdefault(row.question_id, row)
        if len(best_per_question) >= n:
            break
    return list(best_per_question.values())


@dataclass(frozen=True)
class MockTake:
    take_id: str
    position: int
    role: str
    prompt: str
    parent_take_id: str | None
    points: list[dict[str, Any]] | None


@dataclass(frozen=True)
class MockSession:
    id: str
    started_at: str
    finished_at: str | None
    mode: str
    think_s: float
    deck_path: str | None
    plan: list[dict[str, Any]]
    takes: list[MockTake]


def new_session(
    store: PracticeStore, plan: list[PracticeRow], mode: str, think_s: float, deck_path: str | None
) -> str:
    session_id = "mock-" + datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:4]
    items = [{"question_id": r.question_id, "story_id": r.story_id, "question": r.question}
             for r in plan]  # fmt: skip
    store.write_many([(
        "INSERT INTO mock_sessions (id, started_at, mode, think_s, deck_path, plan_json)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (session_id, datetime.now(UTC).isoformat(timespec="seconds"), mode, think_s, deck_path,
         json.dumps(items)),
    )])  # fmt: skip
    return session_id


def add_take(
    store: PracticeStore, session_id: str, take_id: str, position: int, role: str, prompt: str,
    parent_take_id: str | None = None, points: list[dict[str, Any]] | None = None,
) -> None:  # fmt: skip
    store.write_many([(
        "INSERT OR REPLACE INTO mock_takes (session_id, take_id, position, role, prompt,"
        " parent_take_id, points_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (session_id, take_id, position, role, prompt, parent_take_id,
         json.dumps(points) if points is not None else None),
    )])  # fmt: skip


def finish_session(store: PracticeStore, session_id: str) -> None:
    store.write_many([("UPDATE mock_sessions SET finished_at = ? WHERE id = ?",
                       (datetime.now(UTC).isoformat(timespec="seconds"), session_id))])  # fmt: skip


def load_session(store: PracticeStore, session_id: str) -> MockSession | None:
    rows = store.rows("SELECT * FROM mock_sessions WHERE id = ?", (session_id,))
    if not rows:
        return None
    r = rows[0]
    takes = [
        MockTake(t["take_id"], t["position"], t["role"], t["prompt"], t["parent_take_id"],
                 json.loads(t["points_json"]) if t["points_json"] else None)
        for t in store.rows("SELECT * FROM mock_takes WHERE session_id = ? ORDER BY position,"
                            " role", (session_id,))
    ]  # fmt: skip
    return MockSession(r["id"], r["started_at"], r["finished_at"], r["mode"], r["think_s"],
                       r["deck_path"], json.loads(r["plan_json"]), takes)  # fmt: skip


def list_sessions(store: PracticeStore) -> list[str]:
    return [r["id"] for r in store.rows("SELECT id FROM mock_sessions ORDER BY started_at, id")]
