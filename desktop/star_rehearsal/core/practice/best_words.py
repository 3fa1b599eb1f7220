"""One sentence of a take as the user said it, tidied for the best-answer script.

The transcript's timed words are tied to their characters in the take's text (as the scorer's
TextClock does), so a chosen sentence keeps its seconds in the recording for the reel. Tidying
drops fillers (the scorer's own rules) and false starts ("we- we rolled", "I rolled, I rolled
back"); words the recogniser was unsure of (probability below UNSURE_WORD) are marked, not
dropped: the user should check them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from star_rehearsal.core.scoring.fillers import find_fillers
from star_rehearsal.core.transcript import Transcript, Word

UNSURE_WORD = 0.5  # below this word probability, tiny.en often heard something else
_BARE = re.compile(r"[^\w'%-]+")
_DOUBLED_IN_ENGLISH = {"had", "that", "is"}  # "I had had enough" is not a false start
# Sentence adverbs that carry nothing in a script (counted as pet phrases in coaching/openings).
_EMPTY = re.compile(
    r"\b(to be honest|to be fair|honestly|basically|literally|obviously|so yeah)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Said:
    """A tidied sentence: its text, marked text, words kept and their span in the audio."""

    text: str  # tidied, unsure words marked as [word?]
    plain: str  # tidied, unmarked
    words: int
    start: float | None
    end: float | None
    unsure: tuple[str, ...]
    dropped: tuple[str, ...]  # fillers and false starts left out


def word_offsets(text: str, words: Sequence[Word]) -> list[tuple[int, int, Word]]:
    """(start_char, end_char, word) for each timed word found in order in the text."""
    out = []
    pos = 0
    for w in words:
        needle = w.text.strip()
        if not needle:
            continue
        found = text.find(needle, pos)
        if found < 0:
            continue
        out.append((found, found + len(needle), w))
        pos = found + len(needle)
    return out


def _bare(token: str) -> str:
    return _BARE.sub("", token).lower()


def _false_starts(tokens: list[str]) -> set[int]:
    """Indexes of tokens that are a false start: cut words ("we-") and a word or a phrase of up
    to three words said twice in a row (the first copy is dropped)."""
    drop = {i for i, t in enumerate(tokens) if t.endswith("-") and len(t) > 1}
    bare = [_bare(t) for t in tokens]
    for n in (3, 2, 1):
        for i in range(len(tokens) - 2 * n + 1):
            first, second = bare[i : i + n], bare[i + n : i + 2 * n]
            if n == 1 and first[0] in _DOUBLED_IN_ENGLISH:
                continue
            if all(first) and first == second and not drop & set(range(i, i + 2 * n)):
                drop.update(range(i, i + n))
    return drop


def tidy(transcript: Transcript, span: tuple[int, int]) -> Said:
    """The words of transcript.text[span] (a sentence), tidied, with their audio span."""
    text = transcript.text
    a, b = span
    timed = [(x, y, w) for x, y, w in word_offsets(text, transcript.words) if a <= x < b]
    items: list[tuple[int, int, str, Word | None]]
    if timed:
        items = [(x, y, w.text.strip(), w) for x, y, w in timed]
    else:  # no word timings (a text transcript): words from the text, no seconds
        items = [(a + m.start(), a + m.end(), m.group(), None)
                 for m in re.finditer(r"\S+", text[a:b])]  # fmt: skip
    fillers = [(f.start_char + a, f.end_char + a) for f in find_fillers(text[a:b])]
    fillers += [(m.start() + a, m.end() + a) for m in _EMPTY.finditer(text[a:b])]
    kept = []
    dropped = []
    for x, y, token, w in items:
        core = (
            x + len(token) - len(token.lstrip("\"'(")),
            y - len(token) + len(token.rstrip(".,;:!?\"')")),
        )
        if any(fa <= core[0] and core[1] <= fb for fa, fb in fillers):
            dropped.append(token)
        else:
            kept.append((token, w))
    starts = _false_starts([t for t, _ in kept])
    dropped += [kept[i][0] for i in sorted(starts)]
    kept = [k for i, k in enumerate(kept) if i not in starts]
    marked, plain, unsure = [], [], []
    for token, w in kept:
        plain.append(token)
        if w is not None and w.probability < UNSURE_WORD and _bare(token):
            unsure.append(token.strip(".,;:!?"))
            marked.append(f"[{token.strip('.,;:!?')}?]{token[len(token.rstrip('.,;:!?')) :]}")
        else:
            marked.append(token)
    timed_kept = [w for _, w in kept if w is not None]
    return Said(
        text=_sentence(marked), plain=_sentence(plain), words=len(kept),
        start=timed_kept[0].start if timed_kept else None,
        end=timed_kept[-1].end if timed_kept else None,
        unsure=tuple(unsure), dropped=tuple(dropped),
    )  # fmt: skip


def as_sentence(text: str) -> str:
    """A point's wording from the deck, written as a sentence of the script."""
    return _sentence(text.split())


def _sentence(tokens: list[str]) -> str:
    """Joined, the first letter capitalised, a full stop at the end; no dangling commas."""
    text = " ".join(tokens).strip(" ,;:")
    if not text:
        return ""
    start = 1 if text.startswith("[") else 0
    text = text[:start] + text[start].upper() + text[start + 1 :]
    return text if text[-1] in ".!?" else text.rstrip(",;:") + "."
