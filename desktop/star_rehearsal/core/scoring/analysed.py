"""An answer split once: its words, clauses and sentences, shared by every part of the scorer.

Each consumer used to re-split the transcript with its own regex. The splits are not the same,
and the scores were fitted on them as they are, so the object keeps one view per split rather
than forcing one on all:
- `tokens` (text.TOKEN): normalised words with offsets, stop words kept; `content` drops the
  stop words. Key points, STAR set-up and the story match read these.
- `clauses` (split at . ! ? ;): the windows and sentences the key-point matcher reads.
- `sentences` (split at . ! ?, or runs of 15 words when unpunctuated): the timed sentences of
  the STAR parts and of coaching.
- `spoken_words` (letters, digits, inner hyphens and apostrophes): length and pace.
- `filler_words` (words and punctuation): the context rules of fillers.
- `recital_words` (figures as digits): verbatim runs shared with the deck.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from star_rehearsal.core.scoring.numbers import _digits
from star_rehearsal.core.scoring.text import STOPWORDS, TOKEN, Token, make_token

CLAUSE = re.compile(r"[^.!?;]+[.!?;]?")
SENTENCE = re.compile(r"[^.!?]+[.!?]?")
WORD_RUN = re.compile(r"(?:\S+\s+){1,15}\S*")  # unpunctuated speech: sentences of 15 words
RUN_AFTER_WORDS = 30  # a text this long in one "sentence" is unpunctuated speech
SPOKEN = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")
FILLER_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|[.!?;,:—–-]", re.IGNORECASE)
RECITAL_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

Span = tuple[int, int]
T = TypeVar("T")


def clause_spans(text: str) -> list[Span]:
    return [m.span() for m in CLAUSE.finditer(text)]


def sentence_spans(text: str) -> list[Span]:
    """Sentences where punctuated; runs of words where a long answer has no full stop."""
    spans = [m.span() for m in SENTENCE.finditer(text)]
    if len(spans) <= 1 and len(text.split()) > RUN_AFTER_WORDS:
        spans = [m.span() for m in WORD_RUN.finditer(text)]
    return spans


@dataclass(frozen=True)
class AnalysedAnswer:
    """Build with `analyse(text)`; the fields are views of the same text (see the module)."""

    text: str
    tokens: tuple[Token, ...]
    content: tuple[Token, ...]
    clauses: tuple[Span, ...]
    sentences: tuple[Span, ...] = field(default=())
    spoken_words: int = 0
    filler_words: tuple[tuple[str, int, int], ...] = ()
    recital_words: tuple[str, ...] = ()

    def prefix(self, cut: int) -> AnalysedAnswer:
        """The words and clauses of text[:cut] (the opening of the answer), exactly as if that
        prefix were analysed on its own, but reusing this analysis: a regex without anchors or
        look-arounds finds the same matches in a prefix up to the first one that crosses the
        cut, so only that last word or clause is split again. (Words and clauses only.)"""
        cut = max(0, min(cut, len(self.text)))
        tokens = _prefix_matches(
            self.tokens, cut, lambda t: (t.start, t.end),
            lambda a: [make_token(m) for m in TOKEN.finditer(self.text, a, cut)],
        )  # fmt: skip
        clauses = _prefix_matches(
            self.clauses, cut, lambda s: s, lambda a: [m.span() for m in CLAUSE.finditer(self.text, a, cut)]
        )  # fmt: skip
        return AnalysedAnswer(
            text=self.text[:cut],
            tokens=tuple(tokens),
            content=tuple(t for t in tokens if t.text.lower() not in STOPWORDS),
            clauses=tuple(clauses),
        )


def _prefix_matches(
    items: Sequence[T],
    cut: int,
    span_of: Callable[[T], Span],
    split_from: Callable[[int], list[T]],
) -> list[T]:
    """`items` (regex matches in text order) as the regex finds them in text[:cut]."""
    ends = [span_of(item)[1] for item in items]
    whole = bisect.bisect_right(ends, cut)  # matches ending by the cut are unchanged
    kept = list(items[:whole])
    if whole < len(items) and span_of(items[whole])[0] < cut:
        kept += split_from(span_of(items[whole])[0])  # the match the cut goes through
    return kept


def analyse(text: str) -> AnalysedAnswer:
    """Split the answer once; every consumer reads its own view of the result."""
    tokens = tuple(make_token(m) for m in TOKEN.finditer(text))
    return AnalysedAnswer(
        text=text,
        tokens=tokens,
        content=tuple(t for t in tokens if t.text.lower() not in STOPWORDS),
        clauses=tuple(clause_spans(text)),
        sentences=tuple(sentence_spans(text)),
        spoken_words=len(SPOKEN.findall(text)),
        filler_words=tuple((m.group().lower(), m.start(), m.end()) for m in FILLER_WORD.finditer(text)),
        recital_words=tuple(RECITAL_WORD.findall(_digits(text.lower()))),
    )  # fmt: skip


def as_analysed(answer: str | AnalysedAnswer) -> AnalysedAnswer:
    """Callers outside a score (tests, benchmarks, live coverage) may still pass the text."""
    return answer if isinstance(answer, AnalysedAnswer) else analyse(answer)
