"""Turn the deck parser's drafts into the Deck: ids, key points, and what is left out (with why).

Split from deck_parser, which reads the lines; this side decides which questions and stories are
kept (a question with no story, a duplicate, a story with no fields each get a message).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from star_rehearsal.core import deck_hints as hints
from star_rehearsal.core.deck import Deck, DeckMessage, Question, Severity, Story
from star_rehearsal.core.deck_points import MAX_POINTS, split_points, too_many_points

_INLINE_LABEL = re.compile(r"\b(Situation|Task|Actions?|Results?)\s*:", re.IGNORECASE)
_ID_JUNK = re.compile(r"[^a-z0-9]+")
_UNICODE_ID_JUNK = re.compile(r"[\W_]+")


def question_id(text: str) -> str:
    """Stable id: lower case, runs of anything but a-z/0-9 become one '-', trimmed.

    Text with no ASCII letter or digit (Russian, Chinese) keeps its own letters instead, so
    such questions get distinct ids rather than all sharing ''. Text with no letter at all
    (`???`, an emoji) gets `q-` and a hash of the text: stable, and distinct per text.
    """
    ascii_id = _ID_JUNK.sub("-", text.lower()).strip("-")
    if ascii_id:
        return ascii_id
    unicode_id = _UNICODE_ID_JUNK.sub("-", text.lower()).strip("-")
    if unicode_id:
        return unicode_id
    return "q-" + hashlib.sha1(text.strip().encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass
class StoryDraft:
    line: int
    title: str
    # Each field's lines, joined once at the end: appending to one string per continuation
    # line was quadratic (280,000 lines under `- Actions:` took 26.6 s).
    fields: dict[str, list[str]] = field(default_factory=dict)
    free_text: list[str] | None = None
    last_field: str | None = None

    def text(self, name: str) -> str:
        return " ".join(self.fields.get(name, ()))

    def paragraph(self) -> str:
        return " ".join(self.free_text or ())


@dataclass
class QuestionDraft:
    line: int
    section: str
    text: str
    quick: bool
    stories: list[StoryDraft] = field(default_factory=list)


# A 5 MB deck of mistakes would make 400,000 messages: the first ones say what to fix.
MAX_MESSAGES = 500


class Notes:
    """The messages of one parse: at most MAX_MESSAGES, then one line counting the rest."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[DeckMessage] = []
        self.more = 0
        self.first_more = 0

    def add(
        self, line: int, message: str, severity: Severity = "warning", *, always: bool = False
    ) -> bool:
        """Keep the message; False when it was only counted (the cap was reached)."""
        if len(self.items) < MAX_MESSAGES or severity == "error" or always:
            self.items.append(DeckMessage(self.path, line, message, severity))
            return True
        if not self.more:
            self.first_more = line
        self.more += 1
        return False

    def final(self) -> tuple[DeckMessage, ...]:
        items = sorted(self.items, key=lambda m: m.line)
        if self.more:
            items.append(
                DeckMessage(
                    self.path,
                    self.first_more,
                    f"{self.more} more warnings from here on are not listed; "
                    "fix the ones above and open the deck again",
                )
            )
        return tuple(items)


def build_deck(path: str, drafts: list[QuestionDraft], notes: Notes) -> Deck:
    """The Deck from the parser's drafts; what is left out is added to `notes` with its reason."""
    return _Builder(notes).build(path, drafts)


class _Builder:
    def __init__(self, notes: Notes) -> None:
        self.notes = notes

    def note(self, line: int, message: str, severity: Severity = "warning") -> None:
        self.notes.add(line, message, severity)

    def build(self, path: str, drafts: list[QuestionDraft]) -> Deck:
        questions: list[Question] = []
        seen: dict[str, int] = {}
        for q in drafts:
            qid = question_id(q.text)
            if not q.stories:
                self.note(q.line, hints.no_stories(q.text))
                continue
            if qid in seen:
                self.note(
                    q.line,
                    f"duplicate question '{q.text}' (first at line {seen[qid]}); "
                    "this one is left out",
                )
                continue
            seen[qid] = q.line
            stories = [s for i, d in enumerate(q.stories, 1) if (s := self._story(qid, i, d))]
            if stories:
                questions.append(Question(qid, q.section, q.text, tuple(stories), q.line))
        if not questions and not any(m.severity == "error" for m in self.notes.items):
            self.note(
                0, "no STAR stories found (expected '### Question' then '1. STAR — Title')", "error"
            )
        return Deck(Path(path), tuple(questions), self.notes.final())

    def _story(self, qid: str, index: int, d: StoryDraft) -> Story | None:
        sid = f"{qid}/{index}"
        if d.free_text is not None and not d.fields:
            return self._paragraph_story(sid, d)
        text = {name: d.text(name) for name in ("situation", "task", "actions", "results")}
        missing = [k.capitalize() for k in ("actions", "results") if not text[k]]
        if missing:
            self.note(d.line, f"story '{d.title or sid}' has no {' or '.join(missing)}")
        if not d.fields:
            return None
        for name in ("actions", "results"):
            if too_many_points(text[name]):
                self.note(d.line, f"story '{d.title or sid}': {hints.SHOWN[name]} has more than "
                          f"{MAX_POINTS} points; only the first {MAX_POINTS} are read")  # fmt: skip
        return Story(
            id=sid,
            title=d.title,
            situation=text["situation"],
            task=text["task"],
            actions=tuple(split_points(text["actions"])),
            results=tuple(split_points(text["results"])),
            line=d.line,
        )

    def _paragraph_story(self, sid: str, d: StoryDraft) -> Story | None:
        text = d.paragraph()
        if not text:
            self.note(d.line, "empty '- STAR:' paragraph")
            return None
        labels = list(_INLINE_LABEL.finditer(text))
        names = {hints.LABELS[m[1].lower()] for m in labels}
        if {"actions", "results"} <= names:
            fields: dict[str, str] = {}
            for m, nxt in zip(labels, [*labels[1:], None], strict=True):
                end = nxt.start() if nxt else len(text)
                fields[hints.LABELS[m[1].lower()]] = text[m.end() : end].strip()
            title = text[: labels[0].start()].strip().rstrip(".").strip()
            return Story(
                id=sid,
                title=title,
                situation=fields.get("situation", ""),
                task=fields.get("task", ""),
                actions=tuple(split_points(fields["actions"])),
                results=tuple(split_points(fields["results"])),
                free_text=text,
                line=d.line,
            )
        # Free-form: no labelled points (Story.key_points derives them from the clauses).
        return Story(sid, _free_form_title(text), free_text=text, line=d.line)


def _free_form_title(text: str) -> str:
    words = text.split()
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "")
