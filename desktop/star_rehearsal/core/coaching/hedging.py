"""Hedges and weak language, per STAR part: "I think it kind of helped" undersells a result.

Hedges ("I think", "kind of", "maybe") are the classic markers of "powerless" speech, which
listeners rate as less competent and less credible; a passive result ("it was improved")
hides who did it. A hedge inside the Result is called out by name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from star_rehearsal.core.scoring.delivery import TimedText
from star_rehearsal.core.scoring.fillers import _KIND_DETERMINERS

PARTS = ("situation", "task", "actions", "results")

_HEDGES = {
    "I think": r"i think",
    "I guess": r"i guess",
    "I suppose": r"i suppose",
    "I feel like": r"i feel like",
    "I believe": r"i believe",
    "kind of": r"kind of",
    "sort of": r"sort of",
    "maybe": r"maybe",
    "probably": r"probably",
    "possibly": r"possibly",
    "perhaps": r"perhaps",
    "hopefully": r"hopefully",
    "somewhat": r"somewhat",
    "more or less": r"more or less",
    "pretty much": r"pretty much",
    "just": r"just",
    "a bit": r"a (?:little )?bit",
    "a little": r"a little(?! bit)",
}
HEDGE = re.compile(
    r"\b(?:" + "|".join(f"(?P<h{i}>{p})" for i, p in enumerate(_HEDGES.values())) + r")\b",
    re.IGNORECASE,
)
_NAMES = list(_HEDGES)
# "it was improved", "latency got reduced": a result nobody did. Adjectives that look like
# participles ("was interested", "were tasked") are not results.
PASSIVE = re.compile(
    r"\b(?:was|were|got|has been|have been|had been|is|are|being)\s+(?:\w+ly\s+)?"
    r"(?P<verb>[a-z]+ed|built|made|done|cut|set|run|brought|kept|met|shown|seen|grown|taken)\b",
    re.IGNORECASE,
)
_NOT_PASSIVE = {"interested", "excited", "tasked", "asked", "supposed", "based", "called",
                "named", "involved", "pleased", "surprised", "worried", "concerned", "used",
                "paged", "scared", "tired", "bored", "needed", "expected", "allowed"}  # fmt: skip


def _hedges_in(text: str) -> list[tuple[str, int, int]]:
    found = []
    for m in HEDGE.finditer(text):
        index = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
        name = _NAMES[index]
        if name in ("kind of", "sort of"):
            before = re.findall(r"[a-z']+", text[: m.start()].lower())
            if before and before[-1] in _KIND_DETERMINERS:
                continue  # "what kind of", "a sort of": a noun, not a hedge
        if name == "just" and re.match(r"just (?:in time|as)\b", text[m.start() :], re.I):
            continue
        found.append((name, m.start(), m.end()))
    return found


def hedging(
    sentences: Sequence[TimedText], parts: Sequence[str], *, timed: bool = True
) -> dict[str, Any]:
    """Hedges and passive results per part, each with its place; call-outs for the Result."""
    per_part = dict.fromkeys(PARTS, 0)
    items: list[dict[str, Any]] = []
    passive: list[dict[str, Any]] = []
    callouts: list[str] = []
    for s, part in zip(sentences, parts, strict=True):
        names = []
        for name, a, b in _hedges_in(s.text):
            names.append(name)
            per_part[part] += 1
            item: dict[str, Any] = {"phrase": name, "part": part,
                                    "span": [s.start_char + a, s.start_char + b]}  # fmt: skip
            if timed:
                item["start"] = round(s.start, 2)
            items.append(item)
        if names and part == "results":
            said = ", ".join(f"“{n}”" for n in dict.fromkeys(names))
            callouts.append(f"{said} in your result: “{s.text}”")
        if part != "results":
            continue
        for m in PASSIVE.finditer(s.text):
            if m["verb"].lower() in _NOT_PASSIVE:
                continue
            entry: dict[str, Any] = {"phrase": m.group(), "sentence": s.text,
                                     "span": [s.start_char + m.start(), s.start_char + m.end()]}  # fmt: skip
            if timed:
                entry["start"] = round(s.start, 2)
            passive.append(entry)
    return {
        "count": len(items),
        "per_part": per_part,
        "items": items,
        "passive_results": passive,
        "in_results": [i["phrase"] for i in items if i["part"] == "results"],
        "callouts": callouts,
    }
