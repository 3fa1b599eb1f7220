"""The best answer as audio: each chosen sentence cut from its take's WAV by its word timings,
joined with short equal-power crossfades. Lines not yet in the user's words, and lines whose
recording is gone, are skipped and listed. Nothing leaves the machine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from star_rehearsal.core.practice.best_answer import BestScript, ScriptLine
from star_rehearsal.core.transcript import SAMPLE_RATE

CROSSFADE_S = 0.04  # 40 ms: long enough to hide the cut's click, short enough to keep words
LEAD_S = 0.08  # word timings start a little late and end a little early: keep some air
TAIL_S = 0.15


@dataclass(frozen=True)
class ReelPiece:
    take_id: str
    start: float  # in the take
    end: float
    at: float  # where it starts in the reel
    text: str


@dataclass(frozen=True)
class Reel:
    path: Path
    duration_s: float
    pieces: tuple[ReelPiece, ...]
    skipped: tuple[tuple[str, str], ...]  # (line text, why)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path), "duration_s": round(self.duration_s, 2),
            "pieces": [{"take_id": p.take_id, "start": round(p.start, 2), "end": round(p.end, 2),
                        "at": round(p.at, 2), "text": p.text} for p in self.pieces],
            "skipped": [{"text": t, "why": w} for t, w in self.skipped],
        }  # fmt: skip


def _read(path: Path, start: float, end: float) -> np.ndarray:
    """Mono 16 kHz float32 samples of [start, end) of a recording."""
    import soundfile as sf

    with sf.SoundFile(str(path)) as f:
        rate = f.samplerate
        f.seek(max(0, int(start * rate)))
        data = f.read(max(0, int((end - start) * rate)), dtype="float32", always_2d=True)
    mono = data.mean(axis=1)
    if rate != SAMPLE_RATE:
        from star_rehearsal.core.audio.files import resample

        mono = resample(mono, rate, SAMPLE_RATE)
    return np.ascontiguousarray(mono, dtype=np.float32)


def _join(pieces: list[np.ndarray], fade: int) -> np.ndarray:
    """Equal-power crossfade of `fade` samples between consecutive pieces."""
    if not pieces:
        return np.zeros(0, dtype=np.float32)
    out = pieces[0]
    ramp = np.linspace(0.0, np.pi / 2, fade, dtype=np.float32)
    fade_in, fade_out = np.sin(ramp), np.cos(ramp)
    for piece in pieces[1:]:
        n = min(fade, len(out), len(piece))
        if n == 0:
            out = np.concatenate([out, piece])
            continue
        mixed = out[-n:] * fade_out[-n:] + piece[:n] * fade_in[:n]
        out = np.concatenate([out[:-n], mixed, piece[n:]])
    return out


def _span(line: ScriptLine, length: float | None) -> tuple[float, float]:
    assert line.start is not None and line.end is not None
    end = line.end + TAIL_S
    return max(0.0, line.start - LEAD_S), end if length is None else min(end, length)


def build_reel(script: BestScript, out: Path, crossfade_s: float = CROSSFADE_S) -> Reel:
    """Write the reel as a 16 kHz mono WAV at `out`; returns what went in and what did not."""
    import soundfile as sf

    fade = int(crossfade_s * SAMPLE_RATE)
    audio: list[np.ndarray] = []
    pieces: list[ReelPiece] = []
    skipped: list[tuple[str, str]] = []
    at = 0.0
    for line in script.lines:
        if not line.own_words:
            skipped.append((line.text, "not yet in your words"))
            continue
        path = Path(line.audio_path) if line.audio_path else None
        if line.start is None or line.end is None or path is None:
            skipped.append((line.text, "its take has no word timings"))
            continue
        if not path.is_file():
            skipped.append((line.text, f"its recording {path} is missing"))
            continue
        try:
            length = float(sf.info(str(path)).duration)
            start, end = _span(line, length)
            samples = _read(path, start, end)
        except (RuntimeError, ValueError, OSError) as exc:
            skipped.append((line.text, f"its recording {path.name} cannot be read ({exc})"))
            continue
        if audio:
            at -= min(fade, len(samples), sum(len(a) for a in audio)) / SAMPLE_RATE
        pieces.append(ReelPiece(line.take_id or "", start, end, round(at, 3), line.text))
        audio.append(samples)
        at += len(samples) / SAMPLE_RATE
    joined = _join(audio, fade)
    out.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(out), joined, SAMPLE_RATE, subtype="PCM_16")
    return Reel(out, len(joined) / SAMPLE_RATE, tuple(pieces), tuple(skipped))
