"""Memorised vs drifted: an answer recited word for word from the deck sounds read out; a
figure that disagrees with the story is one an interviewer may check.

Verbatim reuse is measured the way plagiarism detectors do: runs of consecutive words shared
with the source ("shingles"), counted only from RUN_WORDS words up, since shorter runs
happen by chance in any retelling.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from star_rehearsal.core.deck import Story
from star_rehearsal.core.scoring.analysed import RECITAL_WORD, AnalysedAnswer
from star_rehearsal.core.scoring.numbers import _digits, figures

RUN_WORDS = 6  # shortest shared run that counts as recited
MEMORISED_SHARE = 0.4  # share of the answer's words inside such runs
MEMORISED_RUN = 20  # or one unbroken recited run this long


def words(text: str) -> list[str]:
    """Lower-case words, figures as digits (AnalysedAnswer.recital_words for an answer)."""
    return RECITAL_WORD.findall(_digits(text.lower()))


def story_passages(story: Story) -> list[str]:
    """The story's texts, each kept apart so a run never spans two bullets."""
    texts = [story.situation, story.task, *story.actions, *story.results, story.free_text]
    return [t for t in texts if t and t.strip()]


def recital(answer: str | AnalysedAnswer, passages: Sequence[str]) -> dict[str, Any]:
    said = list(answer.recital_words) if isinstance(answer, AnalysedAnswer) else words(answer)
    grams: set[tuple[str, ...]] = set()
    for p in passages:
        w = words(p)
        grams.update(tuple(w[i : i + RUN_WORDS]) for i in range(len(w) - RUN_WORDS + 1))
    covered = [False] * len(said)
    for i in range(len(said) - RUN_WORDS + 1):
        if tuple(said[i : i + RUN_WORDS]) in grams:
            for j in range(i, i + RUN_WORDS):
                covered[j] = True
    longest = run = 0
    for c in covered:
        run = run + 1 if c else 0
        longest = max(longest, run)
    share = sum(covered) / len(said) if said else 0.0
    memorised = bool(said) and (share >= MEMORISED_SHARE or longest >= MEMORISED_RUN)
    return {
        "recited_share": round(share, 3),
        "longest_run_words": longest,
        "run_words": RUN_WORDS,
        "thresholds": {"share": MEMORISED_SHARE, "run": MEMORISED_RUN},
        "verdict": "sounds memorised" if memorised else "own words",
    }


_UNITS = {"%": "%", "percent": "%", "ms": "ms", "millisecond": "ms", "milliseconds": "ms",
          "x": "x", "times": "x", "gb": "gb", "mb": "mb"}  # fmt: skip
_STOP = {"the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "at", "by", "from",
         "over", "our", "we", "i", "it", "was", "were", "is", "are", "no", "next", "every", "each",
         "after", "before", "than", "into", "that", "this"}  # fmt: skip


def _unit(written: str) -> str | None:
    m = re.search(r"(%|[a-z]+)$", written.lower())
    if not m:
        return None
    word = m.group(1)
    return _UNITS.get(word, word.rstrip("s") if word.isalpha() and len(word) > 2 else None)


_BARE_SHARE = re.compile(
    r"\b(?:by|to|from|about|around|nearly|almost|roughly)\s+(\d+(?:\.\d+)?)(?![\d.]|\s*%)"
    r"(?:\s+([a-z]+))?"
)
_AFTER_SHARE = _STOP | {"within", "across", "during", "since", "last", "per"}


def _bare_shares(sentence: str) -> list[tuple[float, float, str]]:
    """Numbers that read as a change whose "percent" was not heard ("fell by 20 within a
    quarter"): after by / to / from / about…, followed by no word or a little one (never a
    unit: "by 20 minutes"); 2 to 100 only."""
    out = []
    for m in _BARE_SHARE.finditer(_digits(sentence.lower())):
        value, after = float(m.group(1)), m.group(2)
        if 2 <= value <= 100 and (after is None or after in _AFTER_SHARE):
            out.append((value, value, m.group(1)))
    return out


def _content(text: str) -> set[str]:
    return {w for w in words(text) if w not in _STOP and not w.isdigit() and len(w) > 2}


def figure_checks(results: Sequence[str], result_sentences: Sequence[str]) -> list[dict[str, Any]]:
    """Figures said about a result that disagree with the story: "check this figure".

    A figure is compared only with the result's figures of the same unit, in a Result sentence that
    shares a content word with the result (so "rolled back in 12 minutes" is never read as the
    "recovered in 19 minutes" result). The scorer's own check (`numbers`) looks around the
    evidence and would read "three weeks before the date" against "five weeks later".
    """
    out: list[dict[str, Any]] = []
    for point in results:
        expected = [f for f in figures(point) if _unit(f[2])]
        if not expected:
            continue
        units = {_unit(f[2]) for f in expected}
        topic = {w for w in _content(point) if _unit(w) not in units}
        said = []
        for sentence in result_sentences:
            if topic & _content(sentence):
                said += [f for f in figures(sentence) if _unit(f[2])]
        relevant = [f for f in said if any(_unit(f[2]) == _unit(e[2]) for e in expected)]
        if not relevant and "%" in units:  # tiny.en often drops "percent": "20" for "20 %"
            relevant = [f for sentence in result_sentences if topic & _content(sentence)
                        for f in _bare_shares(sentence)]  # fmt: skip
        if not relevant:
            continue
        agrees = any(
            lo <= ehi + 0.15 * max(abs(ehi), 1.0) and hi >= elo - 0.15 * max(abs(ehi), 1.0)
            for lo, hi, _ in relevant
            for elo, ehi, _ in expected
        )
        if not agrees:
            out.append({"point": point, "said": relevant[0][2],
                        "expected": [e[2] for e in expected], "verdict": "check this figure"})  # fmt: skip
    return out
