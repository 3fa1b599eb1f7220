"""Length against the target band, pace, long pauses."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from star_rehearsal.core.scoring.analysed import SPOKEN
from star_rehearsal.core.transcript import Transcript

ESTIMATE_WPM = 150.0  # for a text with no audio: a typical speaking rate
LONG_PAUSE_S = 2.0


def count_words(text: str) -> int:
    """Spoken words (AnalysedAnswer.spoken_words when the answer is already analysed)."""
    return len(SPOKEN.findall(text))


def duration_of(
    transcript: Transcript, given: float | None, words: int | None = None
) -> tuple[float, bool]:
    """(seconds, estimated?); `words`: the transcript's spoken words, when already counted."""
    if given is not None and given > 0:
        return float(given), False
    if transcript.duration_s > 0:
        return transcript.duration_s, False
    words = count_words(transcript.text) if words is None else words
    return words / ESTIMATE_WPM * 60.0, True


def length_verdict(duration: float, band: tuple[float, float]) -> dict[str, object]:
    low, high = band
    if duration < low:
        verdict, by = "short", low - duration
    elif duration > high:
        verdict, by = "long", duration - high
    else:
        verdict, by = "on target", 0.0
    return {"target": [low, high], "verdict": verdict, "by_s": round(by, 1)}


def length_score(duration: float, band: tuple[float, float]) -> float:
    """1 inside the band, falling linearly to 0 at half a band-edge away."""
    low, high = band
    if low <= duration <= high:
        return 1.0
    if duration < low:
        return max(0.0, 1 - (low - duration) / (low * 0.5))
    return max(0.0, 1 - (duration - high) / (high * 0.5))


def speaking_span(transcript: Transcript, duration: float) -> float:
    words = transcript.words
    if len(words) >= 2:
        return max(1.0, words[-1].end - words[0].start)
    if transcript.segments:
        return max(1.0, transcript.segments[-1].end - transcript.segments[0].start)
    return max(1.0, duration)


def words_per_minute(transcript: Transcript, duration: float, words: int | None = None) -> float:
    words = count_words(transcript.text) if words is None else words
    return words / speaking_span(transcript, duration) * 60.0


def pace_score(wpm: float, pace: tuple[float, float]) -> float:
    low, high = pace
    if low <= wpm <= high:
        return 1.0
    off = low - wpm if wpm < low else wpm - high
    return max(0.0, 1 - off / 40.0)


def pauses(transcript: Transcript, threshold: float = LONG_PAUSE_S) -> list[dict[str, float]]:
    words = transcript.words
    spans = [(w.start, w.end) for w in words] or [(s.start, s.end) for s in transcript.segments]
    found = []
    for (_, end), (start, _) in itertools.pairwise(spans):
        if start - end > threshold:
            found.append({"start": round(end, 2), "end": round(start, 2),
                          "seconds": round(start - end, 2)})  # fmt: skip
    return found


@dataclass(frozen=True)
class TimedText:
    """A sentence of the answer with its time span (estimated where the transcript has none)."""

    start_char: int
    end_char: int
    start: float
    end: float
    text: str
