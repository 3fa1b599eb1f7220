"""Where the user stands on each question × story, and what to practise next.

`deck_rows` joins the deck, the scored takes and the FSRS cards into one row per question ×
story (what the dashboard shows); `practise_next` orders them: due cards (most overdue first),
then never practised ones in deck order, then the rest by due date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from star_rehearsal.core.deck import Deck
from star_rehearsal.core.practice.schedule import CardInfo, TakeSummary
from star_rehearsal.core.practice.summaries import said_of

DUE, NEW, LATER = "due", "new", "later"


@dataclass(frozen=True)
class PracticeRow:
    question_id: str
    section: str
    question: str
    story_id: str
    story_title: str
    position: int  # deck order
    takes: int = 0
    best: int | None = None
    last: int | None = None
    trend: float | None = None  # last score minus the mean of up to three before it
    last_practised: datetime | None = None
    never_said: tuple[str, ...] = ()
    points: int = 0
    due: datetime | None = None
    state: str = NEW
    last_rating: str | None = None
    scores: tuple[int, ...] = field(default=(), repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "question_id": self.question_id, "section": self.section, "question": self.question,
            "story_id": self.story_id, "story": self.story_title, "state": self.state,
            "due": self.due.isoformat() if self.due else None, "takes": self.takes,
            "best": self.best, "last": self.last,
            "trend": None if self.trend is None else round(self.trend, 1),
            "last_practised": self.last_practised.isoformat() if self.last_practised else None,
            "last_rating": self.last_rating, "points": self.points,
            "never_said": list(self.never_said),
        }  # fmt: skip


def trend_of(scores: list[int]) -> float | None:
    if len(scores) < 2:
        return None
    before = scores[-4:-1]
    return scores[-1] - sum(before) / len(before)


def deck_rows(
    deck: Deck, takes: list[TakeSummary], cards: dict[tuple[str, str], CardInfo], now: datetime
) -> list[PracticeRow]:
    kept = getattr(takes, "by_card", None)  # schedule.Summaries: grouped as they came in
    by_card: dict[tuple[str, str | None], list[TakeSummary]] = {}
    if kept is None:
        for take in takes:  # already in recording order
            by_card.setdefault((take.question_id, take.story_id), []).append(take)
    else:
        by_card = {key: own for key, (own, _said) in kept.items()}
    rows = []
    position = 0
    for question in deck.questions:
        for story in question.stories:
            position += 1
            own = by_card.get((question.id, story.id), [])
            # full answers only: a 30-second drill is not "▼ 33" against the full take before it
            scores = [t.overall for t in own if t.overall is not None and not t.drill]
            points = [text for _, text in story.key_points]
            said: set[str] = set()
            if kept is not None and (question.id, story.id) in kept:
                said = said_of(kept[(question.id, story.id)][1])
            else:
                for t in own:
                    said.update(t.said_points)
            card = cards.get((question.id, story.id))
            due = card.due if card else None
            state = NEW if card is None else (DUE if due is not None and due <= now else LATER)
            rows.append(PracticeRow(
                question_id=question.id, section=question.section, question=question.text,
                story_id=story.id, story_title=story.title, position=position, takes=len(own),
                best=max(scores) if scores else None, last=scores[-1] if scores else None,
                trend=trend_of(scores),
                last_practised=own[-1].started_at if own else None,
                never_said=tuple(p for p in points if p not in said) if own else (),
                points=len(points), due=due, state=state,
                last_rating=card.last_rating if card else None, scores=tuple(scores),
            ))  # fmt: skip
    return rows


def practise_next(rows: list[PracticeRow]) -> list[PracticeRow]:
    def key(row: PracticeRow) -> tuple[int, float, int]:
        order = {DUE: 0, NEW: 1, LATER: 2}[row.state]
        when = row.due.timestamp() if row.due is not None and row.state != NEW else 0.0
        return order, when, row.position

    return sorted(rows, key=key)


def load_rows(
    practice: Any, deck: Deck, now: datetime, band: tuple[float, float], interview: Any = None
) -> list[PracticeRow]:
    """Sync the cards with new takes, then build the rows (what the dashboard and `next` call)."""
    practice.sync(band, interview)
    return deck_rows(deck, practice.summaries(full=False), practice.cards(), now)
