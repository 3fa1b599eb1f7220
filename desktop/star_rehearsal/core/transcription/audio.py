"""Load any audio file soundfile reads as float32 mono at 16 kHz."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from star_rehearsal.core.transcript import SAMPLE_RATE


class AudioFileError(Exception):
    """An audio file is missing or unreadable; the message says which and why."""


def to_mono(data: np.ndarray) -> np.ndarray:
    if data.ndim == 2:
        data = data.mean(axis=1)
    return np.ascontiguousarray(data, dtype=np.float32)


def resample(audio: np.ndarray, rate: int, target: int = SAMPLE_RATE) -> np.ndarray:
    """Band-limited resampling by FFT-free polyphase-ish linear interpolation after averaging.

    Speech for Whisper tolerates simple resampling; we low-pass by block averaging when
    downsampling by an integer factor and interpolate otherwise.
    """
    if rate == target or audio.size == 0:
        return audio.astype(np.float32, copy=False)
    if rate > target and rate % target == 0:
        factor = rate // target
        usable = audio[: audio.size - audio.size % factor]
        return usable.reshape(-1, factor).mean(axis=1).astype(np.float32)
    duration = audio.size / rate
    n_out = round(duration * target)
    t_in = np.arange(audio.size) / rate
    t_out = np.arange(n_out) / target
    if rate > target:  # smooth before decimating to limit aliasing
        width = max(1, round(rate / target))
        kernel = np.ones(width, dtype=np.float32) / width
        audio = np.convolve(audio, kernel, mode="same")
    return np.interp(t_out, t_in, audio).astype(np.float32)


def load_audio(path: str | Path) -> np.ndarray:
    """float32 mono 16 kHz samples of an audio file (WAV, FLAC, OGG, … any rate, any channels)."""
    import soundfile as sf

    p = Path(path)
    if not p.exists():
        raise AudioFileError(f"{p}: file not found")
    if p.is_dir():
        raise AudioFileError(f"{p}: is a folder, not an audio file")
    try:
        data, rate = sf.read(str(p), dtype="float32", always_2d=False)
    except (sf.LibsndfileError, RuntimeError, OSError) as exc:
        raise AudioFileError(f"{p}: cannot be read as audio ({exc})") from exc
    return resample(to_mono(np.asarray(data)), int(rate))
