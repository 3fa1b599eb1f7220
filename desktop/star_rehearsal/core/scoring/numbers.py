"""Figures in results: was a figure said, and does it agree with the story?"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from star_rehearsal.core.scoring.text import NUMBER_WORDS

_FIGURE = re.compile(
    r"(?<![A-Za-z\d.])(?P<a>\d+(?:\.\d+)?)\s*(?:(?:[–-]|to)\s*(?P<b>\d+(?:\.\d+)?))?\s*(?P<unit>%|percent|ms|"
    r"milliseconds?|seconds?|minutes?|hours?|days?|weeks?|months?|x|times|gb|mb)?",
    re.IGNORECASE,
)


_RUN = re.compile(
    r"\b(?:(?:" + "|".join(NUMBER_WORDS) + r")(?:[\s-]+(?:and\s+)?)?)+\b", re.IGNORECASE
)


def _words_value(run: str) -> int | None:
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", run.lower()):
        if word in ("", "and"):
            continue
        value = NUMBER_WORDS.get(word)
        if value is None:
            return None
        seen = True
        if value == 100:
            current = max(current, 1) * 100
        elif value == 1000:
            total += max(current, 1) * 1000
            current = 0
        else:
            current += value
    return total + current if seen else None


def _digits(text: str) -> str:
    """'eight hundred' -> '800', '4,200' -> '4200', 'twenty five' -> '25'."""

    def sub(m: re.Match[str]) -> str:
        run = m.group()
        value = _words_value(run)
        trailing = run[len(run.rstrip()) :]
        return f"{value}{trailing}" if value is not None else run

    text = re.sub(r"(\d),(\d{3})", r"\1\2", text)
    return _RUN.sub(sub, text)


def figures(text: str) -> list[tuple[float, float, str]]:
    """(low, high, as written) for every figure; a single number has low == high."""
    out = []
    for m in _FIGURE.finditer(_digits(text)):
        a = float(m["a"])
        b = float(m["b"]) if m["b"] else a
        out.append((min(a, b), max(a, b), m.group().strip()))
    return out


def check_numbers(
    results: list[tuple[str, tuple[int, int] | None]], answer: str
) -> list[dict[str, Any]]:
    """One entry per result point that carries a figure."""
    said_all = figures(answer)
    out = []
    for point, span in results:
        expected = [f for f in figures(point) if not (f[0] == f[1] and f[0] in (1.0,))]
        if not expected:
            continue
        said = said_all
        if span is not None:  # prefer figures near the evidence
            a, b = max(0, span[0] - 120), min(len(answer), span[1] + 120)
            near = figures(answer[a:b])
            said = near or said_all
        agrees = None
        match_text = None
        for low, high, written in said:
            for elow, ehigh, _ in expected:
                tolerance = 0.15 * max(abs(ehigh), 1.0)
                if low <= ehigh + tolerance and high >= elow - tolerance:
                    agrees, match_text = True, written
                    break
            if agrees:
                break
        if agrees is None and said and span is not None:
            agrees, match_text = False, said[0][2]
        out.append({"point": point, "expected": [e[2] for e in expected],
                    "said": match_text, "agrees": agrees})  # fmt: skip
    return out


# A figure's dimension and its size in that dimension's base unit, so "two days" and "48 hours"
# agree and "three weeks" contradicts "two days".
_SCALE = {"%": ("share", 1.0), "percent": ("share", 1.0), "ms": ("time", 0.001),
          "millisecond": ("time", 0.001), "second": ("time", 1.0), "minute": ("time", 60.0),
          "hour": ("time", 3600.0), "day": ("time", 86400.0), "week": ("time", 604800.0),
          "month": ("time", 2629800.0), "x": ("factor", 1.0), "times": ("factor", 1.0),
          "gb": ("size", 1000.0), "mb": ("size", 1.0)}  # fmt: skip
# tiny.en often drops "percent": "fell by 20 within a quarter" (after by / to / from / about,
# followed by no word or a little one, never a unit; 2 to 100 only), as core/coaching/recital.
_BARE_SHARE = re.compile(
    r"\b(?:by|to|from|about|around|nearly|almost|roughly)\s+(\d+(?:\.\d+)?)(?![\d.]|\s*%)"
    r"(?:\s+([a-z]+))?"
)
_LITTLE = {"the", "a", "an", "and", "or", "of", "in", "on", "for", "with", "at", "over", "our",
           "we", "it", "was", "were", "is", "are", "within", "across", "during", "since", "last",
           "per", "after", "before", "than", "this", "that"}  # fmt: skip


# "about 1 GB" for 1.2 GB is a figure rounded out loud, not a wrong one: twice the tolerance.
_ROUNDED = r"\b(?:about|around|roughly|nearly|almost|approximately|over|under|some)\s+"


@dataclass(frozen=True)
class FigureMismatch:
    """The answer gave a point's figure, and it contradicts the story's ("20" for "50–60 %")."""

    said: str
    expected: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"said": self.said, "expected": list(self.expected)}

    @classmethod
    def from_json(cls, data: Any) -> FigureMismatch | None:
        if not isinstance(data, dict) or "said" not in data:
            return None
        return cls(str(data["said"]), tuple(str(e) for e in data.get("expected") or ()))


def _measure(written: str) -> tuple[str, float] | None:
    """(dimension, base units per unit) of a written figure, None without a unit."""
    m = re.search(r"(%|[a-z]+)$", written.lower())
    if not m:
        return None
    word = m.group(1)
    return _SCALE.get(word) or _SCALE.get(word.rstrip("s"))


def _sentence_around(answer: str, span: tuple[int, int]) -> str:
    """The sentences the evidence span touches: a figure said about the point is there."""
    from star_rehearsal.core.scoring.analysed import sentence_spans  # analysed imports this

    spans = sentence_spans(answer) or [(0, len(answer))]
    a = min((s for s, e in spans if e > span[0]), default=span[0])
    b = max((e for s, e in spans if s < span[1]), default=span[1])
    return answer[min(a, span[0]) : max(b, span[1])]


def figure_mismatch(point: str, answer: str, span: tuple[int, int] | None) -> FigureMismatch | None:
    """The point's figure as said in its evidence sentence, when it contradicts the story: a
    figure of the same dimension (a share, a time, a factor, a size) and none that agrees.
    No figure said is no mismatch (score._require_end_figure reads a missing end figure)."""
    if span is None:
        return None
    expected = [(f, m) for f in figures(point) if (m := _measure(f[2])) is not None]
    if not expected:
        return None
    sentence = _sentence_around(answer, span)
    dims = {m[0] for _, m in expected}
    said = [(f, m) for f in figures(sentence) if (m := _measure(f[2])) is not None and m[0] in dims]
    if not said and "share" in dims:
        said = [((float(v), float(v), v), ("share", 1.0))
                for v, after in _BARE_SHARE.findall(_digits(sentence.lower()))
                if 2 <= float(v) <= 100 and (not after or after in _LITTLE)]  # fmt: skip
    if not said:
        return None
    spoken = _digits(sentence)
    for (low, high, written), (dim, scale) in said:
        rounded = re.search(_ROUNDED + re.escape(written), spoken, re.IGNORECASE)
        for (elow, ehigh, _), (edim, escale) in expected:
            if dim != edim:
                continue
            lo, hi, elo, ehi = low * scale, high * scale, elow * escale, ehigh * escale
            tolerance = (0.3 if rounded else 0.15) * max(abs(ehi), escale)
            if lo <= ehi + tolerance and hi >= elo - tolerance:
                return None
    return FigureMismatch(said[0][0][2], tuple(f[2] for f, _ in expected))
