"""The voice's pitch track, built block by block while the take goes on.

Tracking the pitch of a whole take after Stop costs about 0.3 s a minute of audio on two cores
(1.6 s after a 9-minute take: most of what was left to do once the transcript was ready).
DIO and StoneMask look at a few pitch periods around each frame (DIO also removes the mean of
what it is given), so a block tracked with a second of its neighbours on each side gives the
whole take's frames but for a few at the edges of voicing (under 1 %; the variety, monotone and
emphasis verdicts agree, tests/core/test_voice.py): the live loop tracks each finished block
between pieces, and Stop leaves only the tail.
"""

from __future__ import annotations

import threading

import numpy as np

from star_rehearsal.core.coaching.voice import FRAME_S, PitchTrack, track
from star_rehearsal.core.transcript import SAMPLE_RATE

BLOCK_S = 20.0  # tracked once this much audio (and its right-hand context) has come in
CONTEXT_S = 1.0  # neighbouring audio each side, read but not kept


class PitchStream:
    """Pitch frames of a take so far; `update` with the take's audio as it grows, `finish` with
    all of it. Thread-safe: the live loop updates, the finish job finishes."""

    def __init__(self, rate: int = SAMPLE_RATE) -> None:
        self.rate = rate
        hop = int(rate * FRAME_S)
        # Blocks start on the frame grid so every frame lands where the whole-take track has it.
        self._block = int(BLOCK_S * rate) // hop * hop
        self._context = int(CONTEXT_S * rate) // hop * hop
        self._done = 0  # samples whose frames are final
        self._parts: list[PitchTrack] = []
        self._lock = threading.Lock()

    @property
    def tracked_s(self) -> float:
        return self._done / self.rate

    def update(self, audio: np.ndarray) -> None:
        """Track every whole block of `audio` (the take from its first sample) not tracked yet."""
        with self._lock:
            while audio.size >= self._done + self._block + self._context:
                self._track(audio, self._done, self._done + self._block)
                self._done += self._block

    def finish(self, audio: np.ndarray) -> PitchTrack:
        """The track of the whole take: the blocks tracked so far and the rest of `audio`."""
        with self._lock:
            if audio.size > self._done:
                self._track(audio, self._done, audio.size)
                self._done = audio.size
            if not self._parts:
                return track(np.zeros(0, dtype=np.float32), self.rate)
            return PitchTrack(
                np.concatenate([p.times for p in self._parts]),
                np.concatenate([p.f0 for p in self._parts]),
                np.concatenate([p.energy_db for p in self._parts]),
            )

    def _track(self, audio: np.ndarray, start: int, end: int) -> None:
        lo = max(0, start - self._context)
        hi = min(audio.size, end + self._context)
        part = track(audio[lo:hi], self.rate)
        times = part.times + lo / self.rate
        half_frame = FRAME_S / 2
        keep = times >= start / self.rate - half_frame
        if end < audio.size:  # the take's last frames are kept whatever their centre
            keep &= times < end / self.rate - half_frame
        self._parts.append(PitchTrack(times[keep], part.f0[keep], part.energy_db[keep]))
