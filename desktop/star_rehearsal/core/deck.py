"""The deck: questions and their STAR stories, as read from the user's Markdown.

These are plain frozen dataclasses shared by the parser, scoring, the takes store and the UI.
The parser lives in `deck_parser`; this module only holds the data and its JSON shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from star_rehearsal.core.deck_points import free_form_points

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class DeckMessage:
    """A problem found while reading a deck, pointing at the file and line."""

    path: str
    line: int
    message: str
    severity: Severity = "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    situation: str = ""
    task: str = ""
    actions: tuple[str, ...] = ()
    results: tuple[str, ...] = ()
    # The original paragraph of a `- STAR:` story; None for a story written as bullets.
    free_text: str | None = None
    line: int = 0
    # A follow-up's narrowed story (its missed points only): the reply is short by design, so
    # scoring does not hold its size against it as it does a whole answer's.
    follow_up: bool = False

    @property
    def is_free_form(self) -> bool:
        """True for a `- STAR:` paragraph with no Situation/Task/Actions/Results labels."""
        return self.free_text is not None and not (self.situation or self.task)

    @property
    def key_points(self) -> list[tuple[str, str]]:
        """(kind, text) for every action then every result, in deck order.

        A free-form story has no labelled points; its points come from its clauses.
        """
        actions, results = self.actions, self.results
        if self.is_free_form and not (actions or results):
            derived = free_form_points(self.free_text or "")
            actions, results = tuple(derived[0]), tuple(derived[1])
        return [("action", a) for a in actions] + [("result", r) for r in results]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "situation": self.situation,
            "task": self.task,
            "actions": list(self.actions),
            "results": list(self.results),
        }
        if self.free_text is not None:
            data["free_text"] = self.free_text
        if self.is_free_form:
            data["derived_points"] = [{"kind": k, "text": t} for k, t in self.key_points]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Story:
        return cls(
            id=data["id"],
            title=data.get("title", ""),
            situation=data.get("situation", ""),
            task=data.get("task", ""),
            actions=tuple(data.get("actions", ())),
            results=tuple(data.get("results", ())),
            free_text=data.get("free_text"),
        )


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    text: str
    stories: tuple[Story, ...] = ()
    line: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "section": self.section,
            "text": self.text,
            "stories": [s.to_json() for s in self.stories],
        }


@dataclass(frozen=True)
class Deck:
    path: Path
    questions: tuple[Question, ...] = ()
    messages: tuple[DeckMessage, ...] = field(default=())

    @property
    def warnings(self) -> tuple[DeckMessage, ...]:
        return self.messages

    @property
    def errors(self) -> tuple[DeckMessage, ...]:
        return tuple(m for m in self.messages if m.severity == "error")

    @property
    def usable(self) -> bool:
        return bool(self.questions)

    def all_stories(self) -> list[Story]:
        return [s for q in self.questions for s in q.stories]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def story(self, story_id: str) -> Story | None:
        return next((s for s in self.all_stories() if s.id == story_id), None)

    def question_of(self, story_id: str) -> Question | None:
        return next((q for q in self.questions if any(s.id == story_id for s in q.stories)), None)

    def sections(self) -> list[str]:
        seen: dict[str, None] = {}
        for q in self.questions:
            seen.setdefault(q.section, None)
        return list(seen)

    def to_json(self) -> dict[str, Any]:
        return {
            "questions": [q.to_json() for q in self.questions],
            "warnings": [str(m) for m in self.messages],
        }
