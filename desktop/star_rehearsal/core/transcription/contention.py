"""How much of the machine other programs keep busy: decides how many threads decode (faster.py).

Two CTranslate2 threads on a 2-core laptop decode a piece in 0.7 s when the machine is idle and
1.15 s with one thread; but when other programs are busy, one of the two is often off the CPU
while the other spins at a barrier, and single pieces took 8-33 s (benchmarks/bench_load.py).
So: two threads while the others leave the cores free, one as soon as they do not. Linux only
(/proc/stat); elsewhere the answer is "unknown" and the default stands.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROC_STAT = Path("/proc/stat")


@dataclass(frozen=True)
class CpuSample:
    busy_s: float  # CPU seconds all processes have run (every core), since boot
    own_s: float  # CPU seconds this process has run
    at: float  # monotonic clock


def read_sample(stat: Path = PROC_STAT) -> CpuSample | None:
    """Busy time from the first line of /proc/stat (user, nice, system, irq, softirq, steal)."""
    try:
        fields = stat.read_text().split("\n", 1)[0].split()
        ticks = [int(v) for v in fields[1:9]]
        hz = os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = ticks
    own = os.times()
    busy = (user + nice + system + irq + softirq + steal) / hz
    return CpuSample(busy, own.user + own.system, time.monotonic())


class OthersBusy:
    """Cores kept busy by other processes over the last interval (at least min_interval_s)."""

    def __init__(
        self,
        read: Callable[[], CpuSample | None] = read_sample,
        min_interval_s: float = 1.0,
    ) -> None:
        self._read = read
        self.min_interval_s = min_interval_s
        self._last: CpuSample | None = None
        self._value: float | None = None

    def cores(self) -> float | None:
        """None until two samples at least min_interval_s apart exist (or off Linux)."""
        now = self._read()
        if now is None:
            return None
        if self._last is None:
            self._last = now
            return None
        elapsed = now.at - self._last.at
        if elapsed < self.min_interval_s:
            return self._value
        others = (now.busy_s - self._last.busy_s) - (now.own_s - self._last.own_s)
        self._last, self._value = now, max(0.0, others / elapsed)
        return self._value
