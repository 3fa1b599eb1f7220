"""Load any audio file soundfile reads as float32 mono at 16 kHz, in bounded memory.

The file is read in blocks: a long recording at 48 kHz stereo never sits in memory at its own
rate (an hour used to take 1.35-2.57 GB). A header with an impossible rate (1 Hz asked for a
52 GiB resample) or no audio is refused with a message; NaN/Inf samples become silence and
are reported; a WAV whose header a killed recorder never finished is read from its data.
"""

from __future__ import annotations

import stat
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from star_rehearsal.core.transcript import SAMPLE_RATE

MIN_RATE, MAX_RATE = 8_000, 192_000
BLOCK_S = 10.0  # seconds read at a time
MAX_BAD_SHARE = 0.5  # more NaN/Inf than this: the file is damaged, not speech with glitches


class AudioFileError(Exception):
    """An audio file is missing or unreadable; the message says which and why."""


@dataclass
class AudioReport:
    """What loading found: the duration, and anything the user should be told."""

    duration_s: float = 0.0
    warnings: list[str] = field(default_factory=list)


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
    if not 1_000 <= rate <= 4 * MAX_RATE:  # a damaged header (1 Hz) would ask for GiBs here
        raise ValueError(f"sample rate {rate} Hz is not a recording's rate")
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


def _check_path(p: Path) -> None:
    try:
        info = p.stat()
    except FileNotFoundError:
        raise AudioFileError(f"{p}: file not found") from None
    except OSError as exc:
        raise AudioFileError(f"{p}: cannot be read ({exc.strerror or exc})") from exc
    if stat.S_ISDIR(info.st_mode):
        raise AudioFileError(f"{p}: is a folder, not an audio file")
    if not stat.S_ISREG(info.st_mode):
        raise AudioFileError(f"{p}: is not a regular file (a pipe or device); give an audio file")


def _unfinished_wav(p: Path) -> tuple[int, int, np.dtype[Any], int, int] | None:
    """(rate, channels, dtype, data offset, frames) of a PCM/float WAV whose sizes are unset."""
    with open(p, "rb") as fh:
        head = fh.read(4096)
    if len(head) < 44 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    pos, fmt, data_at, data_size = 12, None, None, 0
    while pos + 8 <= len(head):
        chunk, size = head[pos : pos + 4], struct.unpack("<I", head[pos + 4 : pos + 8])[0]
        if chunk == b"fmt ":
            fmt = struct.unpack("<HHIIHH", head[pos + 8 : pos + 24])
        if chunk == b"data":
            data_at, data_size = pos + 8, size
            break
        pos += 8 + size + (size & 1)
    if fmt is None or data_at is None:
        return None
    tag, channels, rate, _byte_rate, block_align, bits = fmt
    payload = p.stat().st_size - data_at
    if data_size not in (0, 0xFFFFFFFF) and data_size <= payload:
        return None  # the header is fine
    kinds: dict[tuple[int, int], np.dtype[Any]] = {
        (1, 16): np.dtype("<i2"),
        (1, 32): np.dtype("<i4"),
        (3, 32): np.dtype("<f4"),
    }
    dtype = kinds.get((tag, bits))
    if dtype is None or channels < 1 or block_align != channels * dtype.itemsize:
        return None
    return rate, channels, dtype, data_at, payload // block_align


def _blocks(p: Path, report: AudioReport) -> tuple[int, int, Iterator[np.ndarray]]:
    """(rate, frames, blocks of float32 mono at the file's rate)."""
    import soundfile as sf

    unfinished = _unfinished_wav(p)
    if unfinished is not None:
        rate, channels, dtype, offset, frames = unfinished
        report.warnings.append(
            f"{p.name}: its header was never finished (the recording was interrupted); "
            f"read the {frames / max(rate, 1):.1f} s of audio it holds"
        )
        raw = np.memmap(p, dtype=dtype, mode="r", offset=offset, shape=(frames * channels,))
        scale = 1.0 if dtype.kind == "f" else float(2 ** (8 * dtype.itemsize - 1))

        def memmap_blocks() -> Iterator[np.ndarray]:
            step = max(1, int(BLOCK_S * rate)) * channels
            for start in range(0, raw.size, step):
                block = np.asarray(raw[start : start + step], dtype=np.float32) / scale
                yield to_mono(block.reshape(-1, channels))

        return rate, frames, memmap_blocks()
    try:
        info = sf.info(str(p))
    except (sf.LibsndfileError, RuntimeError, OSError) as exc:
        raise AudioFileError(f"{p}: cannot be read as audio ({exc})") from exc
    rate, frames = int(info.samplerate), int(info.frames)

    def file_blocks() -> Iterator[np.ndarray]:
        try:
            size = max(1, int(BLOCK_S * rate)) if MIN_RATE <= rate <= MAX_RATE else 1
            for block in sf.blocks(str(p), blocksize=size, dtype="float32", always_2d=True):
                yield to_mono(block)
        except (sf.LibsndfileError, RuntimeError, OSError) as exc:
            raise AudioFileError(f"{p}: cannot be read as audio ({exc})") from exc

    return rate, frames, file_blocks()


def iter_audio(
    path: str | Path, *, chunk_s: float = BLOCK_S, report: AudioReport | None = None
) -> Iterator[np.ndarray]:
    """float32 mono 16 kHz pieces of about `chunk_s` seconds, read and resampled as it goes."""
    p = Path(path)
    report = report if report is not None else AudioReport()
    _check_path(p)
    rate, frames, blocks = _blocks(p, report)
    if not MIN_RATE <= rate <= MAX_RATE:
        raise AudioFileError(
            f"{p}: its header says {rate} Hz, outside {MIN_RATE // 1000}-{MAX_RATE // 1000} kHz; "
            "the file is damaged or not a recording: export it again as WAV"
        )
    if frames == 0:
        raise AudioFileError(f"{p}: holds no audio (0 samples); record the answer again")
    report.duration_s = frames / rate
    bad = 0
    pending: list[np.ndarray] = []
    pending_n = 0
    want = max(1, int(chunk_s * SAMPLE_RATE))
    resampler = _StreamResampler(rate)
    for block in blocks:
        finite = np.isfinite(block)
        if not finite.all():
            bad += int(block.size - np.count_nonzero(finite))
            block = np.where(finite, block, 0.0).astype(np.float32)
        np.clip(block, -1.0, 1.0, out=block)
        out = resampler.feed(block)
        pending.append(out)
        pending_n += out.size
        if pending_n >= want:
            yield np.concatenate(pending)
            pending, pending_n = [], 0
    if bad > MAX_BAD_SHARE * frames:
        raise AudioFileError(
            f"{p}: {bad} of {frames} samples are not numbers (NaN/Inf); the file is damaged: "
            "export it again"
        )
    if bad:
        report.warnings.append(
            f"{p.name}: {bad} samples were not numbers (NaN/Inf) and were replaced by silence"
            if bad > 1
            else f"{p.name}: 1 sample was not a number (NaN/Inf) and was replaced by silence"
        )
    if pending:
        yield np.concatenate(pending)


class _StreamResampler:
    """Resample block by block to 16 kHz with the same result as one pass (no seams)."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.factor = rate // SAMPLE_RATE if rate % SAMPLE_RATE == 0 else 0
        self.carry = np.zeros(0, dtype=np.float32)
        self.consumed = 0  # input samples before `carry`
        self.produced = 0  # output samples so far

    def feed(self, block: np.ndarray) -> np.ndarray:
        if self.rate == SAMPLE_RATE:
            return block
        data = np.concatenate([self.carry, block]) if self.carry.size else block
        if self.factor:
            usable = data.size - data.size % self.factor
            self.carry = data[usable:].copy()
            return resample(data[:usable], self.rate)
        # Linear interpolation at the global output times that fall inside this data.
        start = self.consumed
        end = start + data.size - 1  # the last input index we can interpolate up to
        first = self.produced
        last = int(np.floor(end * SAMPLE_RATE / self.rate))
        if last < first:
            self.carry = data
            return np.zeros(0, dtype=np.float32)
        src = data
        if self.rate > SAMPLE_RATE:
            width = max(1, round(self.rate / SAMPLE_RATE))
            src = np.convolve(data, np.ones(width, dtype=np.float32) / width, mode="same")
        t_out = np.arange(first, last + 1) * (self.rate / SAMPLE_RATE) - start
        out = np.interp(t_out, np.arange(data.size), src).astype(np.float32)
        self.produced = last + 1
        keep = max(1, round(self.rate / SAMPLE_RATE) + 1)
        self.carry = data[-keep:].copy()
        self.consumed = start + data.size - keep
        return out


def load_audio(path: str | Path, report: AudioReport | None = None) -> np.ndarray:
    """float32 mono 16 kHz samples of an audio file (WAV, FLAC, OGG, … any rate, any channels)."""
    pieces = list(iter_audio(path, report=report))
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
