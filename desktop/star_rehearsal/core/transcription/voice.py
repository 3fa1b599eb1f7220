"""Is anything said in this stretch? Silence is never sent to the speech model.

A near-silent stretch is rejected from its levels alone (no model needed). Otherwise the Silero
voice-activity detector that ships inside the faster-whisper wheel (ONNX, no download) decides;
without it, the levels decide: a breath or room noise is not speech, a few loud frames are.
"""

from __future__ import annotations

import numpy as np

from star_rehearsal.core.transcript import SAMPLE_RATE

FRAME = SAMPLE_RATE // 50  # 20 ms
QUIET_RMS = 0.003  # about -50 dBFS: below this everywhere, nobody is talking
LOUD_RMS = 0.02  # about -34 dBFS: ordinary speech into a laptop microphone
MIN_SPEECH_S = 0.25  # shorter than a syllable or two: a click, a cough
CLEARLY_SPEECH_S = 2.0


def frame_rms(audio: np.ndarray) -> np.ndarray:
    n = audio.size // FRAME
    if n == 0:
        return np.zeros(0)
    frames = audio[: n * FRAME].astype(np.float64).reshape(n, FRAME)
    return np.sqrt(np.mean(frames**2, axis=1))


def speech_seconds(audio: np.ndarray) -> float:
    """Seconds of speech in 16 kHz mono float32 audio."""
    rms = frame_rms(audio)
    if rms.size == 0 or float(rms.max()) < QUIET_RMS:
        return 0.0
    loud_s = float(np.count_nonzero(rms >= LOUD_RMS)) * FRAME / SAMPLE_RATE
    if loud_s >= CLEARLY_SPEECH_S:
        return loud_s  # plainly someone talking: the detector would only confirm it
    from star_rehearsal.core import privacy

    privacy.apply()  # its VAD loads onnxruntime, whose telemetry switch is read as it loads
    try:
        from faster_whisper.vad import VadOptions, get_speech_timestamps
    except ImportError:
        return loud_s
    spans = get_speech_timestamps(
        np.ascontiguousarray(audio, dtype=np.float32),
        VadOptions(min_silence_duration_ms=300, speech_pad_ms=0),
    )
    return sum(s["end"] - s["start"] for s in spans) / SAMPLE_RATE


def is_silence(audio: np.ndarray) -> bool:
    return speech_seconds(audio) < MIN_SPEECH_S
