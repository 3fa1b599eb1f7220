"""Whisper's loops: with temperature fallback off (for repeatable transcripts) a window can
decode as one phrase over and over ("see you in the next video, and see you in the next
video, ..."). The repeats are collapsed to the phrase said once, so word counts, pace and the
score are not skewed by text nobody said."""

from __future__ import annotations

from star_rehearsal.core.transcript import Segment, Word

MAX_PHRASE = 8
LOOP_AT = 3  # a phrase said three times in a row is a loop, not emphasis ("no, no" is fine)


def _key(word: Word) -> str:
    return word.text.lower().strip(".,!?;:")


def collapse_loops(words: list[Word]) -> list[Word]:
    out: list[Word] = []
    keys = [_key(w) for w in words]
    i = 0
    while i < len(words):
        step = 1
        for n in range(1, min(MAX_PHRASE, (len(words) - i) // LOOP_AT) + 1):
            phrase = keys[i : i + n]
            repeats = 1
            while keys[i + repeats * n : i + (repeats + 1) * n] == phrase:
                repeats += 1
            if repeats >= LOOP_AT:
                out.extend(words[i : i + n])
                step = repeats * n
                break
        else:
            out.append(words[i])
        i += step
    return out


def drop_loops(segments: list[Segment]) -> list[Segment]:
    cleaned: list[Segment] = []
    for segment in segments:
        words = collapse_loops(list(segment.words))
        if len(words) == len(segment.words):
            cleaned.append(segment)
        elif words:
            text = " ".join(w.text for w in words)
            cleaned.append(Segment(segment.start, words[-1].end, text, tuple(words)))
    return cleaned
