"""Times for stretches of the transcript text: from word timings, else segments, else an
estimate proportional to the text position."""

from __future__ import annotations

import bisect

from star_rehearsal.core.scoring.analysed import AnalysedAnswer, clause_spans, sentence_spans
from star_rehearsal.core.scoring.delivery import TimedText
from star_rehearsal.core.transcript import Transcript

NEAR_CHARS = 40  # a word found further on than this is taken only if the word after it follows
CLIP_MAX_S = 12.0  # a longer sentence (tiny.en's run-ons) is narrowed to the evidence's clauses


def _occurrence(text: str, needle: str, start: int, stop: int) -> int:
    """The first whole-word occurrence of needle in text[start:stop]: the word "a" is not the
    "a" inside "team"."""
    at = text.find(needle, start, stop)
    while at >= 0:
        end = at + len(needle)
        cut_before = needle[0].isalnum() and at > 0 and text[at - 1].isalnum()
        cut_after = needle[-1].isalnum() and end < len(text) and text[end].isalnum()
        if not (cut_before or cut_after):
            return at
        at = text.find(needle, at + 1, stop)
    return -1


def _find(text: str, needles: list[str], i: int, pos: int) -> int:
    """Where needles[i] is in the text from `pos`: near it, or further on only when the next
    word follows it there too. A word the text lacks ("uh" cleaned away, a corrected word)
    must not anchor at a later occurrence: every word after it would be timed wrong."""
    needle = needles[i]
    found = _occurrence(text, needle, pos, pos + NEAR_CHARS + len(needle))
    if found >= 0:
        return found
    found = _occurrence(text, needle, pos, len(text))
    if found < 0 or i + 1 >= len(needles):
        return found
    after = found + len(needle)
    nxt = needles[i + 1]
    return found if _occurrence(text, nxt, after, after + NEAR_CHARS + len(nxt)) >= 0 else -1


class TextClock:
    def __init__(
        self, transcript: Transcript, duration: float, answer: AnalysedAnswer | None = None
    ) -> None:
        """`answer`: the transcript text already analysed (its sentences are reused)."""
        self.text = transcript.text
        self.duration = duration
        self._sentences = answer.sentences if answer is not None else None
        self.anchors: list[tuple[int, float, float]] = []  # (char offset, start s, end s)
        self.timed = False
        pos = 0
        items = [(w.text, w.start, w.end) for w in transcript.words] or [
            (s.text, s.start, s.end) for s in transcript.segments
        ]
        items = [(text.strip(), start, end) for text, start, end in items if text.strip()]
        needles = [needle for needle, _, _ in items]
        for i, (needle, start, end) in enumerate(items):
            found = _find(self.text, needles, i, pos)
            if found < 0:
                continue
            self.anchors.append((found, start, end))
            pos = found + len(needle)
        self.timed = bool(self.anchors)
        self._offsets = [a[0] for a in self.anchors]

    def at(self, char: int) -> float:
        """Seconds at a character offset."""
        if not self.timed:
            return self.duration * char / max(1, len(self.text))
        i = bisect.bisect_right(self._offsets, char) - 1
        if i < 0:
            return self.anchors[0][1]
        return self.anchors[i][1]

    def end_at(self, char: int) -> float:
        if not self.timed:
            return self.at(char)
        i = bisect.bisect_left(self._offsets, char) - 1
        return self.anchors[max(0, i)][2]

    def span(self, start_char: int, end_char: int) -> tuple[float, float]:
        return round(self.at(start_char), 2), round(
            max(self.at(start_char), self.end_at(end_char)), 2
        )

    def clip(self, span: tuple[int, int], max_s: float = CLIP_MAX_S) -> tuple[float, float]:
        """Seconds to play for evidence at `span` ("Unsure — listen"): the sentence it is in, so
        the user hears what was said about the point, not one word of it; a sentence longer
        than `max_s` is narrowed to the evidence's clauses."""
        for spans in (sentence_spans(self.text), clause_spans(self.text)):
            inside = [(a, b) for a, b in spans if a < span[1] and span[0] < b]
            if not inside:
                continue
            start, end = self._words_within(min(inside[0][0], span[0]), max(inside[-1][1], span[1]))
            if end - start <= max_s:
                return start, end
        return self._words_within(*span)

    def _words_within(self, a: int, b: int) -> tuple[float, float]:
        """From the first timed word starting inside [a, b) to the end of the last one."""
        if not self.timed:
            return self.span(a, b)
        i = bisect.bisect_left(self._offsets, a)
        j = bisect.bisect_left(self._offsets, b) - 1
        if i > j:
            return self.span(a, b)
        return round(self.anchors[i][1], 2), round(max(self.anchors[i][1], self.anchors[j][2]), 2)

    def sentences(self) -> list[TimedText]:
        out = []
        spans = sentence_spans(self.text) if self._sentences is None else self._sentences
        for a, b in spans:
            said = self.text[a:b].strip()
            if not said:
                continue
            start, end = self.span(a, b)
            out.append(TimedText(a, b, start, end, said))
        if out and not self.timed:
            return out
        # Stretch each sentence to the next one's start so silences count somewhere.
        fixed = []
        for i, s in enumerate(out):
            end = out[i + 1].start if i + 1 < len(out) else max(s.end, self.duration)
            fixed.append(TimedText(s.start_char, s.end_char, s.start, end, s.text))
        return fixed
