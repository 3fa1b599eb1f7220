"""How hard the live transcriber may work, so it stays a few seconds behind the speaker.

On a busy laptop beam search (5) and the prompt-less retry make the backlog grow exactly when
the machine is short of time, and whatever is left at Stop is decoded while the user waits.
The policy watches two things before each piece: the audio waiting to be decoded and how fast
recent pieces decoded (real-time factor). Behind or slow: greedy decoding, no retry, longer
pieces (one 30 s Whisper window holds several sentences, and the encoder cost is per window).
Caught up and fast again for a while: full quality. Decisions only depend on the numbers fed
in and an injectable clock, so tests can script a backlog.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DecodeMode:
    name: str
    beam_size: int
    retry_without_prompt: bool
    min_piece_s: float  # wait for at least this much audio before cutting at a pause
    max_piece_s: float  # cut anyway at the quietest moment after this long without a pause

    @property
    def fast(self) -> bool:
        return self.beam_size == 1


FULL = DecodeMode("full", beam_size=5, retry_without_prompt=True, min_piece_s=3.0, max_piece_s=8.0)
# Whisper encodes a padded 30 s window whatever the piece's length, so a piece costs about the
# same whether it holds 4 s or 16 s of speech. Behind, the pieces are only as long as it takes to
# keep up: a piece decodes in at most KEEP_UP of its own length (PacingPolicy.piece_bounds),
# which keeps the live transcript about one piece plus one decode behind the speaker. These are
# the bounds of that choice.
FAST = DecodeMode(
    "fast", beam_size=1, retry_without_prompt=False, min_piece_s=4.0, max_piece_s=24.0
)
KEEP_UP = 0.6  # a piece may take this share of its own duration to decode
FAST_PIECE_SLACK_S = 6.0  # without a pause, cut this long after the shortest fast piece

# Beam search of 5 costs about 25 % more than greedy (benchmarks/results/transcription.md) and
# the retry sometimes decodes a piece twice: a full piece is predicted at this multiple of a
# fast one when only fast pieces were measured recently.
FULL_COST_RATIO = 1.4
DEFAULT_FULL_RTF = 0.12  # tiny.en on an idle 2-core machine, 8 s pieces; used before any piece
# A tentative reading of the piece in progress (LiveTranscriber.preview) is a greedy decode of
# the newest few seconds with a window cut to their length (drafts.py) every second: allowed
# while one is predicted to take at most PREVIEW_MAX_S, and while the pieces are no further
# behind than a greedy piece's longest plus PREVIEW_BACKLOG_S (past that the pieces need the
# CPU, or the finish after Stop would have a backlog to decode).
PREVIEW_MAX_S = 0.8
PREVIEW_BACKLOG_S = 6.0
PREVIEW_RETRY_S = 5.0
# A draft costs a fixed part (features, the decoder's start) and a part per second: it is
# measured and predicted as if at least this long.
DRAFT_FLOOR_S = 2.0
DEFAULT_DRAFT_RTF = 0.05  # tiny.en, idle 2-core machine, 1-5 s drafts; used before any draft


@dataclass
class PacingPolicy:
    """Chooses the DecodeMode for the next piece, with hysteresis so it does not flap.

    behind_s: more audio than this waiting means the transcript is visibly behind.
    caught_up_s: at most this much waiting (about one piece) counts as caught up.
    slow_rtf / fast_rtf: predicted full-quality real-time factor above which the machine is
      too busy to keep up, and below which it is idle enough to go back.
    hold_s: stay in fast mode at least this long before restoring quality.
    """

    behind_s: float = 10.0
    caught_up_s: float = 6.0
    slow_rtf: float = 0.5
    fast_rtf: float = 0.3
    hold_s: float = 8.0
    smoothing: float = 0.5  # weight of the newest piece in the running real-time factors
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self.mode: DecodeMode = FULL
        self._since = self.clock()
        self._rtf: dict[str, float | None] = {FULL.name: None, FAST.name: None}
        self._piece_cost: dict[str, float | None] = {FULL.name: None, FAST.name: None}
        self.switches: list[tuple[float, str]] = []  # (clock, mode name): what happened when
        self._draft_rtf: float | None = None  # previews: seconds per second of audio drafted
        self._drafted_at: float | None = None  # clock of the last draft measured

    def record(self, mode: DecodeMode, audio_s: float, seconds: float) -> None:
        """A piece of audio_s seconds took `seconds` to decode in `mode`."""
        if audio_s <= 0.5:
            return
        rtf = seconds / audio_s
        old = self._rtf[mode.name]
        self._rtf[mode.name] = rtf if old is None else old + self.smoothing * (rtf - old)
        cost = self._piece_cost[mode.name]
        self._piece_cost[mode.name] = (
            seconds if cost is None else cost + self.smoothing * (seconds - cost)
        )

    def record_draft(self, audio_s: float, seconds: float) -> None:
        """A preview's draft of audio_s seconds took `seconds` (kept apart from the pieces)."""
        rtf, old = seconds / max(audio_s, DRAFT_FLOOR_S), self._draft_rtf
        self._draft_rtf = rtf if old is None else old + self.smoothing * (rtf - old)
        self._drafted_at = self.clock()

    def piece_bounds(self, mode: DecodeMode) -> tuple[float, float]:
        """(shortest, longest) piece in seconds for the next cut in `mode`.

        Full quality: the mode's own bounds. Fast: long enough that a piece decodes in KEEP_UP
        of its length at the decode cost measured lately (a piece costs about one window,
        whatever its length), and no longer, so the transcript stays close behind."""
        if mode is not FAST:
            return mode.min_piece_s, mode.max_piece_s
        cost = self._piece_cost[FAST.name]
        if cost is None:
            full = self._piece_cost[FULL.name]
            cost = None if full is None else full / FULL_COST_RATIO
        if cost is None:
            return FAST.min_piece_s, FAST.min_piece_s + FAST_PIECE_SLACK_S
        shortest = min(max(FAST.min_piece_s, cost / KEEP_UP), FAST.max_piece_s - FAST_PIECE_SLACK_S)
        return shortest, shortest + FAST_PIECE_SLACK_S

    def predicted_full_rtf(self) -> float | None:
        """What full-quality decoding costs now, from the freshest measurement we have."""
        full, fast = self._rtf[FULL.name], self._rtf[FAST.name]
        if self.mode is FAST and fast is not None:
            return fast * FULL_COST_RATIO
        if full is not None:
            return full
        return None if fast is None else fast * FULL_COST_RATIO

    def choose(self, pending_s: float) -> DecodeMode:
        """The mode for the next piece, given the seconds of audio fed but not yet decoded."""
        now = self.clock()
        rtf = self.predicted_full_rtf()
        if self.mode is FULL:
            if pending_s > self.behind_s or (rtf is not None and rtf > self.slow_rtf):
                self._switch(FAST, now)
        elif (
            pending_s <= self.caught_up_s
            and (rtf is None or rtf <= self.fast_rtf)
            and now - self._since >= self.hold_s
        ):
            self._switch(FULL, now)
        return self.mode

    def allows_preview(self, pending_s: float, draft_s: float | None = None) -> bool:
        """Whether a tentative reading of the piece in progress fits: a draft of draft_s seconds
        (default: all that is pending) predicted within PREVIEW_MAX_S, and the pieces not too
        far behind (PREVIEW_BACKLOG_S). One slow draft does not stop them for good: after
        PREVIEW_RETRY_S without one, the next is tried (and measured) anyway."""
        longest = self.piece_bounds(self.mode)[1]
        if pending_s > longest + PREVIEW_BACKLOG_S:
            return False
        rtf = self._draft_rtf if self._draft_rtf is not None else DEFAULT_DRAFT_RTF
        seconds = max(pending_s if draft_s is None else draft_s, DRAFT_FLOOR_S)
        if rtf * seconds <= PREVIEW_MAX_S:
            return True
        return self._drafted_at is not None and self.clock() - self._drafted_at >= PREVIEW_RETRY_S

    def estimate_seconds(self, audio_s: float, mode: DecodeMode) -> float:
        """How long decoding audio_s seconds in `mode` should take now."""
        full = self.predicted_full_rtf() or DEFAULT_FULL_RTF
        return audio_s * (full if mode is FULL else full / FULL_COST_RATIO)

    def _switch(self, mode: DecodeMode, now: float) -> None:
        self.mode = mode
        self._since = now
        self.switches.append((now, mode.name))
