"""Read a STAR deck from the user's Markdown.

The format (see stories/sample-deck.md): `## ` sections, `### ` questions, `N. STAR — Title`
stories with `- Situation/Task/Actions/Results:` bullets, and "Quick …" sections whose numbered
questions hold `- STAR:` paragraphs. Problems never raise: they become messages naming the line.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from star_rehearsal.core import deck_hints as hints
from star_rehearsal.core.deck import Deck, DeckMessage, Severity
from star_rehearsal.core.deck_build import (
    Notes,
    QuestionDraft,
    StoryDraft,
    build_deck,
    question_id,
)

__all__ = ["MAX_DECK_BYTES", "load_deck", "parse_deck_text", "question_id", "read_lines"]

# Headings are matched without a trailing `\s*#*\s*$`: that pattern backtracks cubically on a
# long run of spaces inside a heading (22 s for 2,400); `_heading_text` trims the closing #s.
_HEADING = re.compile(r"^(?P<hashes>#+)(?P<space>\s*)(?P<text>.*)$")
_STORY = re.compile(r"^\d+[.)]\s+STAR\s*[—–:-]+\s*(?P<title>.*)$", re.IGNORECASE)
_NOTE = re.compile(r"^\d+[.)]\s+Note\b", re.IGNORECASE)
_NUMBERED = re.compile(r"^\d+[.)]\s+(?P<text>.+)$")
# `- Word: text`, the word maybe in bold: a label, a misspelt one, or an unknown one.
_BULLET_LABEL = re.compile(
    r"^[-*+]\s+\**(?P<label>[^\W\d_]+)\**\s*:\s*\**\s*(?P<text>.*)$", re.IGNORECASE
)
_BARE_LABEL = re.compile(
    r"^\**(?P<label>Situation|Task|Actions?|Results?)\**\s*:\s*\**\s*(?P<text>.*)$", re.IGNORECASE
)
_RULE = re.compile(r"^(-{3,}|\*{3,}|_{3,})\s*$")
# A line the parser looks at on its own, as it may be structure. Every other line is words, taken
# a run at a time: a loop over 2.6 million one-word lines cost seconds on its own.
_MAYBE_STRUCTURE = re.compile(
    r"^[^\S\n]*(?:[#*+_\-\d]|(?:situation|task|actions?|results?)\b)[^\n]*",
    re.MULTILINE | re.IGNORECASE,
)
# A deck is a text file someone wrote; anything bigger is not one (and /dev/zero never ends).
MAX_DECK_BYTES = 5 * 1024 * 1024
# Headings, story lines and bullets read one by one before the parser stops: a deck of 500
# stories has about 3,500; 870,000 question lines took 4.3 s to read.
MAX_STRUCTURE_LINES = 50_000


def _heading_text(raw: str) -> str:
    """'Title ##' -> 'Title': the closing #s of an ATX heading and the spaces around them."""
    text = raw.rstrip()
    trimmed = text.rstrip("#").rstrip()
    return trimmed or text


class _Parser:
    """One pass over the lines. `kinds`, when asked for, records how each line was taken."""

    def __init__(self, path: str, record_lines: bool = False) -> None:
        self.path = path
        self.notes = Notes(path)
        self.questions: list[QuestionDraft] = []
        self.section = ""
        self.question: QuestionDraft | None = None
        self.story: StoryDraft | None = None
        self.in_note = False
        # The line of a warning that covers what follows (a story line that was not read).
        self.skipping = 0
        self.kinds: dict[int, str] | None = {} if record_lines else None

    def note(self, line: int, message: str, severity: Severity = "warning") -> None:
        self.notes.add(line, message, severity)

    def warn(self, n: int, message: str) -> None:
        kept = self.notes.add(n, message)
        self.mark(n, "warned" if kept else f"skipped:{self.notes.first_more}")

    def mark(self, n: int, kind: str) -> None:
        if self.kinds is not None:
            self.kinds[n] = kind

    def feed(self, text: str) -> None:
        """Read `text` (line ends already \\n only): lines that may be structure one by one,
        the words between them a run at a time."""
        pos, n = 0, 1
        for count, m in enumerate(_MAYBE_STRUCTURE.finditer(text)):
            start = m.start()
            if start == pos + 1:  # the usual gap: the previous line's end
                n += 1
            elif start > pos:
                gap = text[pos:start]
                self._words(n, gap)
                n += gap.count("\n")
            if count == MAX_STRUCTURE_LINES:
                self._stop(n, text[m.start() :])
                return
            line = m.group(0).rstrip()
            self._line(n, line, line.lstrip())
            pos = m.end()
        if pos < len(text):
            self._words(n, text[pos:])

    def _stop(self, n: int, rest: str) -> None:
        """Leave the rest of the file unread, and say so (it is no deck a person wrote)."""
        self.notes.add(n, f"stopped reading here: more than {MAX_STRUCTURE_LINES:,} headings, "
                       "story lines and bullets before this line, far beyond any deck; the rest "
                       "of the file is not read", always=True)  # fmt: skip
        if self.kinds is not None:
            for i, line in enumerate(rest.split("\n")):
                if line.strip():
                    self.mark(n + i, f"skipped:{n}")

    def _words(self, n: int, gap: str) -> None:
        """Lines of words only, the first being the rest of line n (structure starts none)."""
        if not gap or gap.isspace():
            return
        story = None if self.in_note or self.question is None else self.story
        lines = gap.split("\n") if self.kinds is not None or story is not None else []
        kind = "note" if self.in_note else f"skipped:{self.skipping}" if self.skipping else "prose"
        if story is not None:
            target = story.free_text if story.free_text is not None and not story.fields else None
            if target is None and story.last_field:
                target = story.fields[story.last_field]
            if target is not None:
                target.append(" ".join(gap.split()))
                kind = "text"
            else:  # words between `1. STAR — Title` and its first label: say so once per run
                first = next(i for i, line in enumerate(lines) if line.strip())
                self.warn(n + first, hints.text_before_label(lines[first].strip()))
                kind = f"skipped:{n + first}"
        if self.kinds is not None:
            for i, line in enumerate(lines):
                if line.strip() and n + i not in self.kinds:
                    self.mark(n + i, kind)

    def _reset(self, *, question: bool) -> None:
        self.story, self.in_note, self.skipping = None, False, 0
        if question:
            self.question = None

    def _line(self, n: int, line: str, stripped: str) -> None:
        first = stripped[0]
        if first == "#" and self._heading(n, stripped):
            return
        if first in "-*_" and _RULE.match(stripped):
            self._reset(question=False)
            self.mark(n, "rule")
            return
        indented = line[0].isspace()
        if first.isdigit() and not indented and self._numbered(n, stripped):
            return
        if self.in_note:
            self.mark(n, "note")
            return
        if self.question is None:
            if (
                first in "-*+"
                and (m := _BULLET_LABEL.match(stripped))
                and m["label"].lower() == "star"
            ):
                self.warn(n, hints.star_outside_question())
            elif self.skipping:
                self.mark(n, f"skipped:{self.skipping}")
            else:
                self.mark(n, "prose")  # a title page, a section's introduction, final notes
            return
        if first in "-*+" and (m := _BULLET_LABEL.match(stripped)) and self._label(n, m, indented):
            return
        if not indented and (m := _BARE_LABEL.match(stripped)):
            name = hints.LABELS[m["label"].lower()]
            if self._field(n, name, m["text"]):
                self.warn(n, hints.bare_label(name))
            return
        self._text(n, stripped)

    def _heading(self, n: int, stripped: str) -> bool:
        """A `#` line: read as a title, section or question, or explained. False: just text."""
        m = _HEADING.match(stripped)
        if m is None:  # pragma: no cover - `#+` always matches a line starting with '#'
            return False
        hashes, spaced, text = m["hashes"], bool(m["space"]), _heading_text(m["text"])
        if not spaced and (len(hashes) == 1 or text[:1].isdigit()):
            return False  # `#hashtag`, `#1 priority`: words, not a heading
        if not text.strip("#"):
            self._reset(question=False)
            self.warn(n, hints.empty_heading(stripped))
        elif len(hashes) == 1:
            self._reset(question=True)
            self.mark(n, "title")
        elif len(hashes) == 2:
            self.section = text
            self._reset(question=True)
            self.mark(n, "section")
            if not spaced:
                self.warn(n, hints.unspaced_heading(hashes, text, "section"))
        elif len(hashes) == 3:
            self._start_question(n, text, quick=False)
            if not spaced:
                self.warn(n, hints.unspaced_heading(hashes, text, "question"))
        else:
            self._reset(question=True)
            self.warn(n, hints.deep_heading(hashes, text))
            self.skipping = n
        return True

    def _numbered(self, n: int, stripped: str) -> bool:
        """`N. STAR — Title`, `N. Note`, a Quick section's question, or a story line gone wrong."""
        if m := _STORY.match(stripped):
            if self.question is None:
                if self.section.lower().startswith("quick"):
                    return False  # a Quick question that happens to start with "STAR"
                if self.skipping:
                    self.mark(n, f"skipped:{self.skipping}")
                    return True
                self._reset(question=False)
                self.warn(n, hints.story_outside_question(m["title"]))
                self.skipping = n
                return True
            self.story = StoryDraft(n, m["title"].strip())
            self.question.stories.append(self.story)
            self.in_note, self.skipping = False, 0
            self.mark(n, "story")
            return True
        if self.question is not None and _NOTE.match(stripped):
            self.story, self.in_note, self.skipping = None, True, 0
            self.mark(n, "note")
            return True
        if (m := _NUMBERED.match(stripped)) is None:
            return False
        if self.section.lower().startswith("quick"):
            self._start_question(n, m["text"], quick=True)
            return True
        if self.question is None:
            return False  # a numbered list in a section's introduction
        self.story, self.in_note = None, False
        self.warn(n, hints.numbered_not_story(stripped))
        self.skipping = n
        return True

    def _label(self, n: int, m: re.Match[str], indented: bool) -> bool:
        """A `- Word:` bullet under a question. False: read it as plain text instead."""
        word = m["label"]
        lower = word.lower()
        if lower == "star":
            if self.story is not None and self.story.fields:
                return False  # a labelled story's text mentioning STAR: plain text
            assert self.question is not None
            self.story = StoryDraft(n, "", free_text=[m["text"].strip()])
            self.question.stories.append(self.story)
            self.skipping = 0
            self.mark(n, "story")
            return True
        name = hints.LABELS.get(lower)
        if name is not None:
            self._field(n, name, m["text"])
            return True
        if indented:
            return False  # a sub-bullet of a field (`  - Frontend: …`)
        guess = hints.misspelt_label(word)
        if guess is not None:
            if self._field(n, guess, m["text"]):
                self.warn(n, hints.misspelt(word, guess))
            return True
        story = self.story
        if story is None or (story.free_text is not None and not story.fields):
            return False  # a note under the question, or words of a `- STAR:` paragraph
        if story.last_field is not None:
            story.fields[story.last_field].append(m.group(0)[1:].strip())
        self.warn(n, hints.unknown_label(word, story.last_field))
        return True

    def _field(self, n: int, name: str, text: str) -> bool:
        """Set a story's field. False when there is no story to put it in (explained)."""
        story = self.story
        if story is None:
            if self.skipping:
                self.mark(n, f"skipped:{self.skipping}")
            else:
                self.warn(n, hints.label_outside_story(hints.SHOWN[name]))
                self.skipping = n
            return False
        if name in story.fields:
            self.note(n, f"'{hints.SHOWN[name]}' given twice in this story; the second one is used")
        value = text.strip()
        story.fields[name] = [value] if value else []
        story.last_field = name
        self.mark(n, "field")
        return True

    def _text(self, n: int, stripped: str) -> None:
        """A line of plain text: it continues the story's last field or paragraph."""
        story = self.story
        if story is None:
            self.mark(n, f"skipped:{self.skipping}" if self.skipping else "prose")
        elif story.free_text is not None and not story.fields:
            story.free_text.append(stripped)
            self.mark(n, "text")
        elif story.last_field:
            story.fields[story.last_field].append(stripped)
            self.mark(n, "text")
        else:
            self.warn(n, hints.text_before_label(stripped))

    def _start_question(self, n: int, text: str, quick: bool) -> None:
        self.question = QuestionDraft(n, self.section, text.strip(), quick)
        self.questions.append(self.question)
        self.story, self.in_note, self.skipping = None, False, 0
        self.mark(n, "question")


def parse_deck_text(text: str, path: str = "<text>") -> Deck:
    return read_lines(text, path, record_lines=False)[0]


def read_lines(
    text: str, path: str = "<text>", *, record_lines: bool = True
) -> tuple[Deck, dict[int, str]]:
    """The deck and how each non-blank line was taken (line -> kind), for tests and tools.

    Kinds: title, section, question, story, field, text, note, rule, prose (words outside any
    story), warned (a message names the line), skipped:N (under the line-N warning).
    """
    parser = _Parser(path, record_lines)
    if not text.strip():
        parser.note(0, "the file is empty", "error")
        return Deck(Path(path), (), parser.notes.final()), {}
    parser.feed(text.replace("\r\n", "\n").replace("\r", "\n"))
    return build_deck(path, parser.questions, parser.notes), parser.kinds or {}


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
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4096]:  # NULs decode as UTF-8
        return _failed(p, "is UTF-16 text, not UTF-8; save it as UTF-8 (Save As ▸ Encoding)")
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
