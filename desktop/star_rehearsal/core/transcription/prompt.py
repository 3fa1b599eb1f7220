"""The initial prompt: keeps fillers verbatim and biases Whisper towards the story's words."""

from __future__ import annotations

import re

from star_rehearsal.core.deck import Story

# Whisper imitates the style of its prompt: a disfluent prompt makes it write "um" and "uh"
# instead of silently dropping them, which the filler count depends on.
FILLER_PROMPT = "Um, so, uh, I mean, like, you know, we, uh, started."

# Prompt budget in words: long prompts made tiny.en drop whole sentences (measured).
MAX_VOCAB_TERMS = 16
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+/.'-]*[A-Za-z0-9]|[A-Z]{2,}")
_COMMON = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "into",
        "onto",
        "over",
        "under",
        "our",
        "their",
        "team",
        "teams",
        "across",
        "built",
        "created",
        "added",
        "made",
        "used",
        "using",
        "make",
        "work",
        "worked",
        "ensure",
        "improve",
        "improved",
        "reduced",
        "faster",
        "fewer",
        "more",
        "less",
        "new",
        "each",
        "every",
        "all",
        "per",
        "via",
        "about",
        "after",
        "before",
        "during",
        "when",
        "then",
        "than",
        "also",
        "both",
        "while",
        "within",
        "without",
        "between",
        "them",
        "they",
        "were",
        "was",
        "had",
        "has",
        "have",
        "its",
        "it",
        "one",
        "two",
        "three",
        "four",
        "five",
        "ten",
        "first",
        "later",
        "next",
        "other",
        "some",
        "most",
        "many",
        "much",
        "very",
    ]
)


def vocabulary(story: Story) -> list[str]:
    """Distinctive terms of a story: proper nouns, acronyms, numbers and technical compounds.

    A capitalised word at the start of a field or sentence is not a name ("Wrote", "Built").
    """
    fields = [story.title, story.situation, story.task, *(t for _, t in story.key_points)]
    seen: dict[str, str] = {}
    for field in fields:
        for sentence in re.split(r"(?<=[.;:!?])\s+", field):
            for i, match in enumerate(_WORD.finditer(sentence)):
                word = match.group().strip(".'-/")
                low = word.lower()
                if len(word) < 3 or low in _COMMON or low in seen:
                    continue
                name = word[0].isupper() and i > 0
                acronym = word.isupper() and len(word) >= 2
                technical = any(c.isdigit() for c in word) or ("/" in word and len(word) > 5)
                if name or acronym or technical:
                    seen[low] = word
    return list(seen.values())[:MAX_VOCAB_TERMS]


def story_prompt(story: Story | None) -> str:
    """The story's vocabulary first, the disfluent style last.

    Whisper follows the end of its prompt most closely. Measured on espeak-ng answers
    (benchmarks/results/transcription.md): vocabulary after the filler style made tiny.en
    drop whole sentences of a disfluent answer (WER 0.49); vocabulary first gave 0.10 with
    every filler kept.
    """
    if story is None:
        return FILLER_PROMPT
    in_title = {w.lower() for w in re.findall(r"[A-Za-z0-9-]+", story.title)}
    terms = [t for t in vocabulary(story) if t.lower() not in in_title]
    head = ", ".join([story.title, *terms]) if terms else story.title
    return f"{head}. {FILLER_PROMPT}"
