"""Voice: pitch variety, monotone stretches, and whether the result was said with lift.

F0 comes from the WORLD vocoder's DIO + StoneMask pitch tracker (`pyworld-prebuilt`, MIT; WORLD
itself is modified BSD), not from hand-written DSP. Pitch is measured in semitones from the
speaker's own median, so a low and a high voice are judged alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from star_rehearsal.core.transcript import SAMPLE_RATE

FRAME_S = 0.01
F0_FLOOR, F0_CEIL = 60.0, 500.0
MONOTONE_MIN_S = 8.0  # Speaker Coach's idea of a monotone stretch, at our window length
MONOTONE_SD_ST = 1.5  # pitch spread (SD, semitones) under which 8 s sound monotone
MIN_VOICED_S = 2.0  # a window with less voiced speech is a pause, not a monotone
VARIED_RANGE_ST = 6.0  # a voice whose p5–p95 range is under this many semitones sounds flat
LIFT_DB, LIFT_RATIO = 1.0, 1.15  # louder by / more pitch movement than the rest


@dataclass(frozen=True)
class PitchTrack:
    times: np.ndarray  # frame centres, seconds
    f0: np.ndarray  # Hz, 0 where unvoiced
    energy_db: np.ndarray  # frame RMS in dBFS

    @property
    def voiced(self) -> np.ndarray:
        return self.f0 > 0

    def semitones(self) -> np.ndarray:
        """Voiced frames in semitones from the median; NaN where unvoiced."""
        st = np.full(self.f0.shape, np.nan)
        v = self.voiced
        if v.any():
            st[v] = 12 * np.log2(self.f0[v] / np.median(self.f0[v]))
        return st


def track(audio: np.ndarray, rate: int = SAMPLE_RATE) -> PitchTrack:
    import pyworld

    x = np.ascontiguousarray(audio, dtype=np.float64)
    # F0 stays under 500 Hz: track on 8 kHz audio with DIO's own 4× decimation (speed=4), about
    # 10× cheaper than full-rate DIO on the same take (benchmarks/results/coaching.md).
    half = x[: x.size - x.size % 2].reshape(-1, 2).mean(axis=1) if rate == 16000 else x
    low = rate // 2 if rate == 16000 else rate
    f0, t = pyworld.dio(half, low, f0_floor=F0_FLOOR, f0_ceil=F0_CEIL,
                        frame_period=FRAME_S * 1000, speed=4)  # fmt: skip
    f0 = pyworld.stonemask(half, f0, t, low)
    hop, win = int(rate * FRAME_S), int(rate * 0.025)
    centres = np.clip((t * rate).astype(int), 0, max(0, x.size - 1))
    padded = np.pad(x, (win // 2, win // 2))
    frames = np.lib.stride_tricks.sliding_window_view(padded, win)[::hop][: centres.size]
    # In runs of frames: squaring all of a 9-minute take's frames at once took 176 MB.
    rms = np.concatenate([np.sqrt(np.mean(frames[i : i + 2048] ** 2, axis=1))
                          for i in range(0, len(frames), 2048)] or [np.zeros(0)])  # fmt: skip
    energy = 20 * np.log10(np.maximum(rms, 1e-6))
    n = min(len(t), len(energy))
    return PitchTrack(t[:n], f0[:n], energy[:n])


def variety(pt: PitchTrack) -> dict[str, Any]:
    st = pt.semitones()
    v = st[~np.isnan(st)]
    if v.size < 20:
        return {"voiced_s": round(v.size * FRAME_S, 1), "range_st": None, "spread_st": None,
                "median_hz": None, "verdict": "too little voice"}  # fmt: skip
    lo, hi = np.percentile(v, [5, 95])
    rng = float(hi - lo)
    return {
        "voiced_s": round(v.size * FRAME_S, 1),
        "median_hz": round(float(np.median(pt.f0[pt.voiced])), 1),
        "range_st": round(rng, 2),
        "spread_st": round(float(np.std(v)), 2),
        "verdict": "varied" if rng >= VARIED_RANGE_ST else "flat",
    }


def monotone_stretches(pt: PitchTrack) -> list[dict[str, float]]:
    """Stretches of at least MONOTONE_MIN_S where pitch stays in a narrow band."""
    st = pt.semitones()
    if pt.times.size == 0:
        return []
    win = int(MONOTONE_MIN_S / FRAME_S)
    hop = int(1.0 / FRAME_S)
    flat: list[tuple[float, float]] = []
    for i in range(0, max(1, st.size - win + 1), hop):
        w = st[i : i + win]
        v = w[~np.isnan(w)]
        if v.size * FRAME_S < MIN_VOICED_S:
            continue
        if float(np.std(v)) < MONOTONE_SD_ST:
            start, end = float(pt.times[i]), float(pt.times[min(i + win, st.size) - 1])
            if flat and start <= flat[-1][1]:
                flat[-1] = (flat[-1][0], end)
            else:
                flat.append((start, end))
    return [{"start": round(a, 2), "end": round(b, 2), "seconds": round(b - a, 1)}
            for a, b in flat if b - a >= MONOTONE_MIN_S - 0.05]  # fmt: skip


def _speech(pt: PitchTrack) -> np.ndarray:
    """Frames of speech (not silence): within 30 dB of the loud frames."""
    if pt.energy_db.size == 0:
        return np.zeros(0, dtype=bool)
    return pt.energy_db > float(np.percentile(pt.energy_db, 95)) - 30


def emphasis(pt: PitchTrack, spans: Sequence[tuple[str, float, float]]) -> list[dict[str, Any]]:
    """Energy and pitch movement on each result's words against the rest of the answer."""
    st = pt.semitones()
    speech = _speech(pt)
    out: list[dict[str, Any]] = []
    for label, start, end in spans:
        inside = (pt.times >= start) & (pt.times <= max(end, start + 0.3))
        a, b = inside & speech, ~inside & speech
        va, vb = st[inside & ~np.isnan(st)], st[~inside & ~np.isnan(st)]
        if a.sum() < 10 or b.sum() < 10 or va.size < 10 or vb.size < 10:
            out.append({"point": label, "verdict": "too short to tell"})
            continue
        delta = float(pt.energy_db[a].mean() - pt.energy_db[b].mean())
        ratio = float(np.std(va) / max(np.std(vb), 1e-6))
        lift = (delta >= LIFT_DB) - (delta <= -LIFT_DB)
        lift += (ratio >= LIFT_RATIO) - (ratio <= 1 / LIFT_RATIO)
        verdict = "more" if lift > 0 else ("less" if lift < 0 else "about the same")
        out.append({"point": label, "start": round(start, 2), "end": round(end, 2),
                    "energy_db": round(delta, 1), "pitch_movement": round(ratio, 2),
                    "verdict": verdict})  # fmt: skip
    return out


def analyse(
    audio: np.ndarray | Path | str | PitchTrack, result_spans: Sequence[tuple[str, float, float]]
) -> dict[str, Any]:
    """The `coaching.voice` key: variety, monotone stretches, emphasis on each result.
    `audio` may be the take's track already (PitchStream, built during the take)."""
    if isinstance(audio, PitchTrack):
        pt = audio
    else:
        if not isinstance(audio, np.ndarray):
            from star_rehearsal.core.audio.files import load_audio

            audio = load_audio(Path(audio))
        pt = track(audio)
    return {
        "pitch": variety(pt),
        "monotone": monotone_stretches(pt),
        "results": emphasis(pt, result_spans),
        "tracker": "WORLD DIO+StoneMask (pyworld-prebuilt)",
    }
