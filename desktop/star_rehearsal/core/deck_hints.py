"""What the deck parser tells the user about a line it could not read as written.

Each message says what the line looks like, what the format expects there, and the nearest valid
form, so a mistake is fixed from the message alone (issue #31: stories vanished without a word).
"""

from __future__ import annotations

import difflib
import functools
import re

# The labels a story's bullets use, as written in the deck, and what each is read as.
LABELS = {
    "situation": "situation",
    "task": "task",
    "action": "actions",
    "actions": "actions",
    "result": "results",
    "results": "results",
}
SHOWN = {"situation": "Situation", "task": "Task", "actions": "Actions", "results": "Results"}
ALL_LABELS = "`- Situation:`, `- Task:`, `- Actions:`, `- Results:`"
# Words people write for a label; only suggested (their text is kept where it was read).
_SYNONYMS = {
    "context": "situation",
    "background": "situation",
    "problem": "situation",
    "goal": "task",
    "goals": "task",
    "objective": "task",
    "role": "task",
    "approach": "actions",
    "steps": "actions",
    "outcome": "results",
    "outcomes": "results",
    "impact": "results",
    "result/impact": "results",
}
# A misspelling close enough to read as the label (`Sitaution`, `Reslts`, `Tasks`).
MISSPELT_CUTOFF = 0.75
_STORY_TITLE_PREFIX = re.compile(r"^(?P<num>\d+[.)])\s*(?:STAR\b\s*[—–:-]*\s*)?", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def misspelt_label(word: str) -> str | None:
    """The field a misspelt label stands for ('Sitaution' -> 'situation'), or None."""
    if not 3 <= len(word) <= 12:  # too far from every label's length to reach the cutoff
        return None
    close = difflib.get_close_matches(word.lower(), list(LABELS), n=1, cutoff=MISSPELT_CUTOFF)
    return LABELS[close[0]] if close else None


@functools.lru_cache(maxsize=1024)
def suggested_label(word: str) -> str | None:
    """A label to suggest for an unknown one: a synonym's, else a loose spelling match."""
    lower = word.lower()
    if lower in _SYNONYMS:
        return _SYNONYMS[lower]
    close = difflib.get_close_matches(lower, list(LABELS), n=1, cutoff=0.6)
    return LABELS[close[0]] if close else None


def short(text: str, limit: int = 60) -> str:
    """The start of a line, for quoting it in a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def unspaced_heading(hashes: str, text: str, read_as: str) -> str:
    return (
        f"'{short(hashes + text)}' has no space after {hashes}; read as the {read_as} "
        f"'{short(text)}' — write it as `{hashes} {short(text)}`"
    )


def deep_heading(hashes: str, text: str) -> str:
    return (
        f"a level-{len(hashes)} heading '{short(text)}' is not read, nor anything under it until "
        "the next heading: expected `## Section` or `### Question`; "
        f"did you mean `### {short(text)}`?"
    )


def empty_heading(hashes: str) -> str:
    return f"an empty heading '{hashes}' is not read: expected `### Question text`"


def numbered_not_story(line: str) -> str:
    fixed = _STORY_TITLE_PREFIX.sub(lambda m: f"{m['num']} STAR — ", line, count=1)
    return (
        f"'{short(line)}' is not read as a story, nor the lines under it: a story starts with "
        f"`N. STAR — Title`; did you mean `{short(fixed)}`?"
    )


def story_outside_question(title: str) -> str:
    return (
        f"story '{short(title)}' is not under a question, so it is not read: expected a "
        "`### Question` heading above it"
    )


def label_outside_story(label: str) -> str:
    return (
        f"'- {label}:' is not in a story, so it is not read (nor the lines under it): "
        "expected a story line `1. STAR — Title` above it"
    )


def misspelt(word: str, field: str) -> str:
    return (
        f"'{word}:' is not a label; read as `- {SHOWN[field]}:` — did you mean `- {SHOWN[field]}:`?"
    )


def unknown_label(word: str, kept_in: str | None) -> str:
    hint = suggested_label(word)
    mean = f"did you mean `- {SHOWN[hint]}:`? " if hint else ""
    where = f"its text was read as part of {SHOWN[kept_in]}" if kept_in else "it is not read"
    return f"'{short(word)}:' is not a story label ({ALL_LABELS}); {mean}{where}"


def bare_label(field: str) -> str:
    return f"'{SHOWN[field]}:' without its bullet; read as `- {SHOWN[field]}:` — write it that way"


def text_before_label(line: str) -> str:
    return (
        f"'{short(line)}' comes before the story's first label, so it is not read: "
        f"expected one of {ALL_LABELS}"
    )


def star_outside_question() -> str:
    return "'- STAR:' paragraph is not under a question, so it is not read: expected `### Question`"


def no_stories(text: str) -> str:
    return (
        f"question '{short(text)}' has no story, so it is left out: expected "
        "`1. STAR — Title` (with `- Actions:` and `- Results:`) under it"
    )
