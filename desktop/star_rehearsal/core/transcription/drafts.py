"""The tentative words of the piece still being spoken (the live view's draft).

A piece is decoded for good only when it ends at a pause, 3-10 s after its first word; until
then the live view shows drafts: cheap greedy decodes of the newest audio with the encoder's
window cut to the audio's length (faster.trim_padding). Redrafting the whole piece in progress
every second would cost more as it grows, so once its draft runs past FREEZE_S the part up to a
pause is drafted once and kept; only the rest is drafted again each time. A piece's own decode
replaces the drafts of the audio it covers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FREEZE_S = 5.0  # a tail longer than this gets its part up to a pause drafted once, and kept


@dataclass
class Drafts:
    """Kept drafts (start, end, text) in samples from the take's start, and the tail's."""

    kept: list[tuple[int, int, str]] = field(default_factory=list)
    tail_text: str = ""
    upto: int = 0  # the drafts cover the take up to here (samples)

    def anchor(self, done: int) -> int:
        """Where the tail to draft again starts: after the kept drafts, or the decoded pieces."""
        return max(done, self.kept[-1][1]) if self.kept else done

    def keep(self, start: int, end: int, text: str) -> None:
        self.kept.append((start, end, text))
        self.upto = max(self.upto, end)

    def set_tail(self, text: str, upto: int) -> None:
        self.tail_text, self.upto = text, upto

    def settle(self, done: int) -> None:
        """A piece was decoded up to `done`: every draft goes. The window clears the tentative
        words when a piece's own arrive (ui/rehearse_view), so a kept draft past the piece
        would count as shown while it is not; the next preview drafts that audio again."""
        self.kept, self.tail_text, self.upto = [], "", done

    @property
    def text(self) -> str:
        return " ".join(t for t in (*(d[2] for d in self.kept), self.tail_text) if t).strip()
