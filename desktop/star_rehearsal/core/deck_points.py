"""Split a story's Actions/Results text, as the deck writes it, into key points (at load time;
matching them against an answer is core/scoring/keypoints.py)."""

from __future__ import annotations

import re

_LEADING_AND = re.compile(r"^(and|&)\s+", re.IGNORECASE)


def clean_point(text: str) -> str:
    """Trim, drop a leading 'and ' and a trailing '.'."""
    point = " ".join(text.split())
    point = _LEADING_AND.sub("", point).strip()
    while point.endswith("."):
        point = point[:-1].rstrip()
    return point


_BRACKETS = re.compile(r"[()\[\]{}]")
# Points read from one Actions or Results field: real ones have under ten, and a 5 MB line of
# commas made 2.6 million (1.2 s to parse, and no scorer could use them).
MAX_POINTS = 200


def split_outside_parens(text: str, sep: str, limit: int = -1) -> list[str]:
    """`text` split at `sep` where no bracket is open ("a (b, c), d" -> "a (b, c)", " d");
    at most `limit` splits (the rest stays in the last part), as str.split."""
    if not _BRACKETS.search(text):
        return text.split(sep, limit)  # nothing to skip: C speed for a 5 MB field
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        if ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
            if len(parts) == limit:
                current.append(text[i + 1 :])  # the rest, unsplit, as str.split leaves it
                break
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def split_points(field: str) -> list[str]:
    """Points are separated by ';' (anywhere), or by commas outside parentheses when there is none.

    At most MAX_POINTS (see too_many_points: the parser says so)."""
    sep = ";" if ";" in field else ","
    raw_points = field.split(sep, MAX_POINTS) if sep == ";" else (
        split_outside_parens(field, sep, MAX_POINTS))  # fmt: skip
    return [p for raw in raw_points[:MAX_POINTS] if (p := clean_point(raw))]


def too_many_points(field: str) -> bool:
    """True when split_points leaves points out (more separators than MAX_POINTS)."""
    return field.count(";" if ";" in field else ",") >= MAX_POINTS


# Where a free-form paragraph turns from what was done to what it achieved.
_RESULT_TURN = re.compile(
    r"(?:,\s*|\s+)(?=(?:which|so that|so|leading to|resulting in|reducing|because|"
    r"to speed up|and achieved|achieving)\b)",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(r"^(?:during|for|on|in|with|while|when|after)\b[^,]{0,80},\s*", re.IGNORECASE)
_RESULT_WORD = re.compile(
    r"^(?:which|so that|so|leading to|resulting in|because( it)?|to|and)\s+", re.IGNORECASE
)
# "and" that starts a new clause ("unblocked X and accelerated Y"), not "detect and resolve".
_AND_NEW_CLAUSE = re.compile(r"\s+and\s+(?=\w+(?:ed|ing)\b)", re.IGNORECASE)
_RESULT_VERB = re.compile(r"^(?:achieved|achieving)\s+", re.IGNORECASE)


def free_form_points(text: str) -> tuple[list[str], list[str]]:
    """Key points of a paragraph with no labels: clauses before the turn are actions, after are results.

    "I led X and built Y, reducing toil and speeding up diagnostics" gives the actions
    "I led X and built Y" and the results "reducing toil", "speeding up diagnostics".
    """
    body = " ".join(text.split())
    parts = _RESULT_TURN.split(body, maxsplit=1)
    action_text = _LEAD_IN.sub("", parts[0]).strip()
    actions = split_points(action_text)
    results: list[str] = []
    if len(parts) > 1:
        tail = _RESULT_WORD.sub("", parts[1].strip())
        tail = _RESULT_VERB.sub("", tail)
        for chunk in split_points(tail):
            pieces = _AND_NEW_CLAUSE.split(chunk)
            results.extend(p for piece in pieces if (p := clean_point(piece)))
    else:
        # No turn word: the last action clause is the outcome when it says "achieved ...".
        if actions and _RESULT_VERB.match(actions[-1]):
            results.append(_RESULT_VERB.sub("", actions.pop()))
    return actions, results
