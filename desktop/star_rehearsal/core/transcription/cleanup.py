"""Whisper's loops: with temperature fallback off (for repeatable transcripts) a window can
decode as one phrase over and over ("see you in the next video, and see you in the next
video, ..."). The repeats are collapsed to the phrase said once, so word counts, pace and the
score are not skewed by text nobody said. The same goes for the stock sign-offs of the videos
Whisper learnt from ("Thank you so much for watching, and I'll see you in the next video"),
which tiny.en sometimes writes into a pause mid-answer: nobody says them in an interview. Nor
does anybody end an answer with the "thank you" Whisper hears in trailing silence."""

from __future__ import annotations

import re

from star_rehearsal.core.transcript import Segment, Word

MAX_PHRASE = 8
LOOP_AT = 3  # a phrase said three times in a row is a loop, not emphasis ("no, no" is fine)
STOCK_PHRASES = re.compile(
    r"\b(?:and )?(?:"
    r"(?:thank you|thanks)(?: so much| very much)? for watching"
    r"|(?:i'll |i will |we'll )?see you (?:guys )?in the next (?:video|episode)"
    r"|(?:please )?(?:like and )?subscribe to (?:my|our|the) channel"
    r"|(?:don't forget to )?like and subscribe"
    r")\b"
)


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


def without_loops(text: str) -> str:
    """A draft's text with Whisper's loops ("we rolled back the config." three times) cut to
    one: drafts have no word timings, which is what drop_loops reads."""
    words = [Word(0.0, 0.0, said, 1.0) for said in text.split()]
    return " ".join(w.text for w in collapse_loops(words))


def drop_stock_phrases(segments: list[Segment]) -> list[Segment]:
    """Stock sign-offs and words that are only punctuation go; the rest keeps its times."""
    cleaned: list[Segment] = []
    for segment in segments:
        words = list(segment.words)
        keys = [_key(w) for w in words]
        joined = " ".join(keys)
        bare = {i for i, w in enumerate(words) if not any(c.isalnum() for c in w.text)}
        if not bare and not STOCK_PHRASES.search(joined):
            cleaned.append(segment)
            continue
        starts, pos = [], 0
        for key in keys:
            starts.append(pos)
            pos += len(key) + 1
        drop = bare  # "..." alone, written into a pause
        for m in STOCK_PHRASES.finditer(joined):
            drop.update(i for i, at in enumerate(starts) if m.start() <= at < m.end())
        kept = [w for i, w in enumerate(words) if i not in drop]
        if kept:
            text = " ".join(w.text.strip() for w in kept)
            cleaned.append(Segment(kept[0].start, kept[-1].end, text, tuple(kept)))
    return cleaned


# Whisper's habit on trailing silence: a closing formula the speaker never said. Dropped only at
# the very end and only when the model itself was unsure of its first word.
HALLUCINATED_ENDINGS = ("thank you", "thanks for watching", "thank you for watching", "bye")
UNSURE = 0.2


# A farewell written into the silence after the answer (issue 30: "I'll see you next time, see
# you" pushed a take's pace to 205 wpm): dropped at the very end, after a pause, whatever the
# model's confidence; nobody closes an interview answer with it.
SIGN_OFF = re.compile(r"(?:(?:i'll|i will|we'll) )?see you(?: all| guys)? (?:next time|soon|later)"
                      r"(?: see you)*(?: bye)?$")  # fmt: skip
SIGN_OFF_PAUSE_S = 1.0


def drop_sign_off(segments: list[Segment]) -> list[Segment]:
    if not segments or not segments[-1].words:
        return segments
    words = [w for s in segments for w in s.words]
    keys = [_key(w).strip() for w in words]
    for n in range(min(len(words), 9), 1, -1):
        if not SIGN_OFF.fullmatch(" ".join(keys[-n:])):
            continue
        first = len(words) - n
        if first and words[first].start - words[first - 1].end < SIGN_OFF_PAUSE_S:
            return segments  # said in the flow of the answer: leave it
        kept_ids = {id(w) for w in words[:first]}
        out = []
        for seg in segments:
            kept = [w for w in seg.words if id(w) in kept_ids] if seg.words else None
            if kept is None:
                out.append(seg)
            elif kept:
                text = " ".join(w.text.strip() for w in kept)
                out.append(Segment(seg.start, kept[-1].end, text, tuple(kept)))
        return out
    return segments


def drop_trailing_hallucination(segments: list[Segment]) -> list[Segment]:
    segments = drop_sign_off(segments)
    if not segments or not segments[-1].words:
        return segments
    last = segments[-1]
    words = list(last.words)
    spoken = [w.text.lower().strip(".,!?") for w in words]
    for ending in HALLUCINATED_ENDINGS:
        n = len(ending.split())
        if len(words) >= n and " ".join(spoken[-n:]) == ending and words[-n].probability < UNSURE:
            kept = words[:-n]
            if not kept:
                return segments[:-1]
            text = " ".join(w.text for w in kept)
            return [*segments[:-1], Segment(last.start, kept[-1].end, text, tuple(kept))]
    return segments
