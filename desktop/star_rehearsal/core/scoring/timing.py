"""Times for stretches of the transcript text: from word timings, else segments, else an
estimate proportional to the text position."""

from __future__ import annotations

import bisect
import re

from star_rehearsal.core.scoring.delivery import TimedText
from star_rehearsal.core.transcript import Transcript


class TextClock:
    def __init__(self, transcript: Transcript, duration: float) -> None:
        self.text = transcript.text
        self.duration = duration
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
        matches = list(re.finditer(r"[^.!?]+[.!?]?", self.text))
        if len(matches) <= 1 and len(self.text.split()) > 30:  # unpunctuated: runs of words
            matches = list(re.finditer(r"(?:\S+\s+){1,15}\S*", self.text))
        for m in matches:
            if not m.group().strip():
                continue
            start, end = self.span(m.start(), m.end())
            out.append(TimedText(m.start(), m.end(), start, end, m.group().strip()))
        if out and not self.timed:
            return out
        # Stretch each sentence to the next one's start so silences count somewhere.
        fixed = []
        for i, s in enumerate(out):
            end = out[i + 1].start if i + 1 < len(out) else max(s.end, self.duration)
            fixed.append(TimedText(s.start_char, s.end_char, s.start, end, s.text))
        return fixed
