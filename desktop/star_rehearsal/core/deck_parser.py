"""Read a STAR deck from the user's Markdown.

The format (see stories/sample-deck.md): `## ` sections, `### ` questions, `N. STAR — Title`
stories with `- Situation/Task/Actions/Results:` bullets, and "Quick …" sections whose numbered
questions hold `- STAR:` paragraphs. Problems never raise: they become messages naming the line.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from star_rehearsal.core.deck import Deck, DeckMessage, Question, Severity, Story
from star_rehearsal.core.deck_points import split_points

# Headings are matched without a trailing `\s*#*\s*$`: that pattern backtracks cubically on a
# long run of spaces inside a heading (22 s for 2,400); `_heading_text` trims the closing #s.
_SECTION = re.compile(r"^##\s+(?P<text>\S.*)$")
_QUESTION = re.compile(r"^###\s+(?P<text>\S.*)$")
_STORY = re.compile(r"^\d+[.)]\s+STAR\s*[—–:-]+\s*(?P<title>.*)$", re.IGNORECASE)
_NOTE = re.compile(r"^\d+[.)]\s+Note\b", re.IGNORECASE)
_NUMBERED = re.compile(r"^\d+[.)]\s+(?P<text>.+)$")
_FIELD = re.compile(
    r"^[-*+]\s+\**(?P<label>Situation|Task|Actions?|Results?)\**\s*:\s*\**\s*(?P<text>.*)$",
    re.IGNORECASE,
)
_STAR_PARA = re.compile(r"^[-*+]\s+\**STAR\**\s*:\s*(?P<text>.*)$", re.IGNORECASE)
_INLINE_LABEL = re.compile(r"\b(Situation|Task|Actions?|Results?)\s*:", re.IGNORECASE)
_RULE = re.compile(r"^(-{3,}|\*{3,}|_{3,})\s*$")
_ID_JUNK = re.compile(r"[^a-z0-9]+")
_UNICODE_ID_JUNK = re.compile(r"[\W_]+")
# A deck is a text file someone wrote; anything bigger is not one (and /dev/zero never ends).
MAX_DECK_BYTES = 5 * 1024 * 1024


def question_id(text: str) -> str:
    """Stable id: lower case, runs of anything but a-z/0-9 become one '-', trimmed.

    Text with no ASCII letter or digit (Russian, Chinese) keeps its own letters instead, so
    such questions get distinct ids rather than all sharing ''.
    """
    ascii_id = _ID_JUNK.sub("-", text.lower()).strip("-")
    return ascii_id or _UNICODE_ID_JUNK.sub("-", text.lower()).strip("-")


def _heading_text(raw: str) -> str:
    """'Title ##' -> 'Title': the closing #s of an ATX heading and the spaces around them."""
    text = raw.rstrip()
    trimmed = text.rstrip("#").rstrip()
    return trimmed or text


def split_lines(text: str) -> list[str]:
    """Lines as editors count them: only \\n, \\r\\n and \\r end a line.

    str.splitlines() also breaks at \\f, \\v, U+0085, U+2028/2029, which shifts every line
    number after them in the messages.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _label(raw: str) -> str:
    raw = raw.lower()
    return {"action": "actions", "result": "results"}.get(raw, raw)


@dataclass
class _StoryDraft:
    line: int
    title: str
    fields: dict[str, str] = field(default_factory=dict)
    free_text: str | None = None
    last_field: str | None = None


@dataclass
class _QuestionDraft:
    line: int
    section: str
    text: str
    quick: bool
    stories: list[_StoryDraft] = field(default_factory=list)


class _Parser:
    def __init__(self, path: str) -> None:
        self.path = path
        self.messages: list[DeckMessage] = []
        self.questions: list[_QuestionDraft] = []
        self.section = ""
        self.question: _QuestionDraft | None = None
        self.story: _StoryDraft | None = None
        self.in_note = False

    def note(self, line: int, message: str, severity: Severity = "warning") -> None:
        self.messages.append(DeckMessage(self.path, line, message, severity))

    def feed(self, lines: list[str]) -> None:
        for number, raw in enumerate(lines, start=1):
            self._line(number, raw.rstrip())

    def _line(self, n: int, line: str) -> None:
        stripped = line.strip()
        if not stripped:
            return
        if m := _SECTION.match(stripped):
            section = _heading_text(m["text"])
            self.section, self.question, self.story, self.in_note = section, None, None, False
            return
        if _RULE.match(stripped):
            self.story, self.in_note = None, False
            return
        if m := _QUESTION.match(stripped):
            self._start_question(n, _heading_text(m["text"]), quick=False)
            return
        indented = line[:1].isspace()
        if not indented and self.question is not None:
            if m := _STORY.match(stripped):
                self.story = _StoryDraft(n, m["title"].strip())
                self.question.stories.append(self.story)
                self.in_note = False
                return
            if _NOTE.match(stripped):
                self.story, self.in_note = None, True
                return
        if (
            not indented
            and self.section.lower().startswith("quick")
            and (m := _NUMBERED.match(stripped))
        ):
            self._start_question(n, m["text"], quick=True)
            return
        if self.in_note or self.question is None:
            return
        if self.question.quick and (m := _STAR_PARA.match(stripped)):
            self.story = _StoryDraft(n, "", free_text=m["text"].strip())
            self.question.stories.append(self.story)
            return
        if self.story is None:
            return
        if not indented and (m := _FIELD.match(stripped)):
            name = _label(m["label"])
            if name in self.story.fields:
                self.note(n, f"'{m['label']}' given twice in this story; the second one is used")
            self.story.fields[name] = m["text"].strip()
            self.story.last_field = name
            return
        # A continuation line: belongs to the last field or paragraph.
        if self.story.free_text is not None and not self.story.fields:
            self.story.free_text = f"{self.story.free_text} {stripped}".strip()
        elif self.story.last_field:
            key = self.story.last_field
            self.story.fields[key] = f"{self.story.fields[key]} {stripped}".strip()

    def _start_question(self, n: int, text: str, quick: bool) -> None:
        self.question = _QuestionDraft(n, self.section, text.strip(), quick)
        self.questions.append(self.question)
        self.story, self.in_note = None, False

    def build(self) -> Deck:
        questions: list[Question] = []
        seen: dict[str, int] = {}
        for q in self.questions:
            qid = question_id(q.text)
            if not q.stories:
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
        if not questions and not any(m.severity == "error" for m in self.messages):
            self.note(
                0, "no STAR stories found (expected '### Question' then '1. STAR — Title')", "error"
            )
        return Deck(Path(self.path), tuple(questions), tuple(self.messages))

    def _story(self, qid: str, index: int, d: _StoryDraft) -> Story | None:
        sid = f"{qid}/{index}"
        if d.free_text is not None and not d.fields:
            return self._paragraph_story(sid, d)
        missing = [k.capitalize() for k in ("actions", "results") if not d.fields.get(k)]
        if missing:
            self.note(d.line, f"story '{d.title or sid}' has no {' or '.join(missing)}")
        if not d.fields:
            return None
        return Story(
            id=sid,
            title=d.title,
            situation=d.fields.get("situation", ""),
            task=d.fields.get("task", ""),
            actions=tuple(split_points(d.fields.get("actions", ""))),
            results=tuple(split_points(d.fields.get("results", ""))),
            line=d.line,
        )

    def _paragraph_story(self, sid: str, d: _StoryDraft) -> Story | None:
        text = d.free_text or ""
        if not text:
            self.note(d.line, "empty '- STAR:' paragraph")
            return None
        labels = list(_INLINE_LABEL.finditer(text))
        names = {_label(m[1]) for m in labels}
        if {"actions", "results"} <= names:
            fields: dict[str, str] = {}
            for m, nxt in zip(labels, [*labels[1:], None], strict=True):
                end = nxt.start() if nxt else len(text)
                fields[_label(m[1])] = text[m.end() : end].strip()
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


def parse_deck_text(text: str, path: str = "<text>") -> Deck:
    parser = _Parser(path)
    if not text.strip():
        parser.note(0, "the file is empty", "error")
        return Deck(Path(path), (), tuple(parser.messages))
    parser.feed(split_lines(text))
    return parser.build()


def load_deck(path: str | Path) -> Deck:
    """Read a deck file. Never raises for bad content: see Deck.messages."""
    p = Path(path)
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            return _failed(p, "is a folder, not a Markdown file")
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block forever, /dev/zero never ends
            return _failed(p, "is not a regular file (a pipe or device); open a Markdown file")
        if info.st_size > MAX_DECK_BYTES:
            return _failed(p, _too_big(info.st_size))
        with open(p, "rb") as fh:
            data = fh.read(MAX_DECK_BYTES + 1)
    except FileNotFoundError:
        return _failed(p, "file not found")
    except IsADirectoryError:
        return _failed(p, "is a folder, not a Markdown file")
    except OSError as exc:
        return _failed(p, f"cannot be read ({exc.strerror or exc})")
    if len(data) > MAX_DECK_BYTES:  # it grew while we read it
        return _failed(p, _too_big(len(data)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return _failed(p, "is not UTF-8 text; save it as UTF-8", line)
    return parse_deck_text(text, str(p))


def _too_big(size: int) -> str:
    return (
        f"is {size / 1e6:.1f} MB, too big for a deck (at most {MAX_DECK_BYTES // 2**20} MB); "
        "open the Markdown file of your stories"
    )


def _failed(p: Path, message: str, line: int = 0) -> Deck:
    return Deck(p, (), (DeckMessage(str(p), line, message, "error"),))
