"""Filler words, each with where it was said.

"like", "so", "you know", "I mean", "sort of" and "kind of" are fillers only in some
positions; the rules below keep "I'd like to", "so that", "do you know" and "what kind of" out.
"""

from __future__ import annotations

from dataclasses import dataclass

from star_rehearsal.core.scoring.analysed import AnalysedAnswer, as_analysed

ALWAYS = {"um", "umm", "uh", "uhh", "uhm", "erm", "er", "hmm", "mm", "ah", "basically", "actually"}
_SENTENCE_END = {".", "!", "?", ";", ":"}
_KNOW_OBJECTS = {"what", "how", "that", "the", "when", "where", "why", "who", "if", "whether",
                 "about", "it", "him", "her", "them", "this", "a", "an"}  # fmt: skip
_KIND_DETERMINERS = {"what", "this", "that", "a", "the", "any", "some", "which", "same", "every",
                     "one", "these", "those", "right", "wrong", "different", "new"}  # fmt: skip
_LIKE_BEFORE = {"and", "but", "so", "um", "uh", "was", "is", "were", "it's", "just", "really",
                "then", "because", ",", "."}  # fmt: skip
_LIKE_NOT_AFTER = {"to", "this", "that", "a", "an", "the", "it", "them", "him", "her", "me", "us"}


@dataclass(frozen=True)
class Filler:
    word: str
    start_char: int
    end_char: int


def find_fillers(text: str | AnalysedAnswer) -> list[Filler]:
    items = as_analysed(text).filler_words
    words = [w for w, _, _ in items]
    found: list[Filler] = []
    i = 0
    while i < len(items):
        w, a, b = items[i]
        prev = words[i - 1] if i > 0 else "."
        nxt = words[i + 1] if i + 1 < len(words) else "."
        after = words[i + 2] if i + 2 < len(words) else "."
        if w in ALWAYS:
            found.append(Filler(w, a, b))
        elif (
            w == "you"
            and nxt == "know"
            and (after in ",.!?;" or after not in _KNOW_OBJECTS)
            and prev not in {"do", "did", "don't", "would", "if"}
        ):
            found.append(Filler("you know", a, items[i + 1][2]))
            i += 1
        elif w == "i" and nxt == "mean" and (after in ",.!?;" or prev in ",." or prev == "."):
            found.append(Filler("i mean", a, items[i + 1][2]))
            i += 1
        elif w in {"sort", "kind"} and nxt == "of" and prev not in _KIND_DETERMINERS:
            found.append(Filler(f"{w} of", a, items[i + 1][2]))
            i += 1
        elif w == "like" and (prev in _LIKE_BEFORE or nxt == ",") and nxt not in _LIKE_NOT_AFTER:
            found.append(Filler("like", a, b))
        elif w == "so" and _opens_sentence(words, i) and nxt not in {"that", "far", "much"}:
            found.append(Filler("so", a, b))
        i += 1
    return found


def _opens_sentence(words: list[str], i: int) -> bool:
    """Nothing but punctuation and fillers before this word in its sentence."""
    j = i - 1
    while j >= 0 and (words[j] in ALWAYS or words[j] in {",", "—", "–", "-"}):
        j -= 1
    return j < 0 or words[j] in _SENTENCE_END
