"""How much of the speech in a recording did the transcript account for?

Whisper sometimes ends a 30 s window early (an end-of-text right after the first sentence) and
the rest of that window is silently dropped: the transcript reads fine but half the answer is
missing, and the score then blames the speaker. Comparing loud stretches of the audio with the
times of the transcribed words catches that without trusting the model's own confidence.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from star_rehearsal.core.transcript import Segment

FRAME_S = 0.1
WORD_MARGIN_S = 0.4
QUIET_DBFS = -45.0  # never speech, whatever the recording's level
BELOW_PEAK_DB = 30.0  # speech is within this of the loud end of the recording
LOST_SECONDS = 3.0
LOST_SHARE = 0.15


def loud_frames(samples: np.ndarray, sample_rate: int = 16000) -> np.ndarray:
    """One flag per 0.1 s frame: was something at speech level going on?"""
    hop = int(sample_rate * FRAME_S)
    n = samples.size // hop
    if n == 0:
        return np.zeros(0, dtype=bool)
    frames = samples[: n * hop].astype(np.float64).reshape(n, hop)
    rms = np.sqrt(np.mean(frames * frames, axis=1)) + 1e-10
    db = 20 * np.log10(rms)
    loud_end = float(np.percentile(db, 95))
    return (db > QUIET_DBFS) & (db > loud_end - BELOW_PEAK_DB)


def unheard_seconds(
    samples: np.ndarray, segments: Sequence[Segment], offset_s: float = 0.0
) -> tuple[float, float]:
    """(seconds of speech-level audio with no transcribed word near it, seconds of it in all)."""
    loud = loud_frames(samples)
    if not loud.size:
        return 0.0, 0.0
    heard = np.zeros(loud.size, dtype=bool)
    for segment in segments:
        spans = [(w.start, w.end) for w in segment.words] or [(segment.start, segment.end)]
        for start, end in spans:
            a = max(0, int((start - offset_s - WORD_MARGIN_S) / FRAME_S))
            b = min(loud.size, int((end - offset_s + WORD_MARGIN_S) / FRAME_S) + 1)
            heard[a:b] = True
    return float(np.sum(loud & ~heard)) * FRAME_S, float(np.sum(loud)) * FRAME_S


def lost_speech(samples: np.ndarray, segments: Sequence[Segment], offset_s: float = 0.0) -> float:
    """Seconds of speech the transcript seems to have dropped; 0 when it accounts for it all
    (a few unmatched breaths or clicks are not counted)."""
    unheard, total = unheard_seconds(samples, segments, offset_s)
    if unheard >= LOST_SECONDS and unheard >= LOST_SHARE * total:
        return unheard
    return 0.0
