"""The mock interview's record, written below the UI: the dialog asks, times and drives the take
(through the session's TakeFlow); what was asked and answered is written here, one row per
answer or follow-up, so the dialog itself writes nothing to the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from star_rehearsal.core.practice import mock
from star_rehearsal.core.practice.mock import ANSWER, FOLLOW_UP, MockSession, pick_questions
from star_rehearsal.core.practice.schedule import FOLLOW_UP_SUFFIX

if TYPE_CHECKING:
    from star_rehearsal.core.deck import Question, Story
    from star_rehearsal.core.practice.queue import PracticeRow
    from star_rehearsal.core.practice.schedule import PracticeStore

__all__ = [
    "ANSWER", "FOLLOW_UP", "FOLLOW_UP_SUFFIX", "MockInterview", "MockSession", "MockTurn", "load",
    "pick_questions",
]  # fmt: skip


@dataclass(frozen=True)
class MockTurn:
    """The question being answered: a deck question (ANSWER) or a follow-up on the take that
    answered it (FOLLOW_UP: its own question and narrowed story, the parent take, the points
    asked about as `{"kind", "text"}`)."""

    role: str
    question: Question
    story: Story
    prompt: str
    parent: str | None = None
    points: list[dict[str, str]] | None = None


class MockInterview:
    """One mock interview's rows: begun with its plan, an entry per take, finished at the end."""

    def __init__(self, store: PracticeStore, session_id: str) -> None:
        self.store, self.id = store, session_id

    @classmethod
    def begin(cls, store: PracticeStore, plan: list[PracticeRow], mode: str, think_s: float,
              deck_path: str | None) -> MockInterview:  # fmt: skip
        return cls(store, mock.new_session(store, plan, mode, think_s, deck_path))

    def answered(self, take_id: str, position: int, role: str, prompt: str,
                 parent_take_id: str | None = None,
                 points: list[dict[str, Any]] | None = None) -> None:  # fmt: skip
        """The take that answered question `position` (its answer, or a follow-up on it)."""
        mock.add_take(self.store, self.id, take_id, position, role, prompt, parent_take_id,
                      points)  # fmt: skip

    def answered_turn(self, take_id: str, position: int, turn: MockTurn) -> None:
        self.answered(take_id, position, turn.role, turn.prompt, turn.parent,
                      list(turn.points) if turn.points is not None else None)  # fmt: skip

    def finish(self) -> None:
        mock.finish_session(self.store, self.id)


def load(store: PracticeStore | None, session_id: str) -> MockSession | None:
    """A mock interview as stored (None: no such session, or no store)."""
    return mock.load_session(store, session_id) if store is not None else None
