"""Input level for a meter, and silence (a muted microphone) detection."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

SILENCE_DBFS = -60.0  # a muted or unplugged microphone sits far below room noise
SILENCE_AFTER_S = 3.0


@dataclass(frozen=True)
class Level:
    rms_dbfs: float
    peak_dbfs: float
    silent: bool  # nothing above SILENCE_DBFS for SILENCE_AFTER_S seconds


def dbfs(value: float) -> float:
    return 20 * math.log10(value) if value > 1e-10 else -200.0


class LevelMeter:
    """Running level over the last block, and how long the input has been silent."""

    def __init__(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self.quiet_samples = 0
        self.peak_seen = 0.0
        self.sum_squares = 0.0
        self.count = 0

    def update(self, block: np.ndarray) -> Level:
        block = block.astype(np.float32, copy=False)
        rms = float(np.sqrt(np.mean(block.astype(np.float64) ** 2))) if block.size else 0.0
        peak = float(np.max(np.abs(block))) if block.size else 0.0
        self.sum_squares += float(np.sum(block.astype(np.float64) ** 2))
        self.count += block.size
        self.peak_seen = max(self.peak_seen, peak)
        if dbfs(peak) < SILENCE_DBFS:
            self.quiet_samples += block.size
        else:
            self.quiet_samples = 0
        silent = self.quiet_samples >= SILENCE_AFTER_S * self.sample_rate
        return Level(round(dbfs(rms), 1), round(dbfs(peak), 1), silent)

    def summary(self) -> dict[str, float | bool]:
        rms = math.sqrt(self.sum_squares / self.count) if self.count else 0.0
        return {"rms_dbfs": round(dbfs(rms), 1), "peak_dbfs": round(dbfs(self.peak_seen), 1),
                "silent": dbfs(self.peak_seen) < SILENCE_DBFS}  # fmt: skip
