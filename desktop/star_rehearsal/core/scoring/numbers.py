"""Figures in results: was a figure said, and does it agree with the story?"""

from __future__ import annotations

import re
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
