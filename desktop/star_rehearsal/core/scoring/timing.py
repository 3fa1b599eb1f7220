"""Times for stretches of the transcript text: from word timings, else segments, else an
estimate proportional to the text position."""

from __future__ import annotations

import bisect

from star_rehearsal.core.scoring.analysed import AnalysedAnswer, sentence_spans
from star_rehearsal.core.scoring.delivery import TimedText
from star_rehearsal.core.transcript import Transcript


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
        for text, start, end in items:
            needle = text.strip()
            if not needle:
                continue
            found = self.text.find(needle, pos)
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
