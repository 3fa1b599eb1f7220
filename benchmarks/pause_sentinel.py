"""Another process that only sleeps, to tell a frozen app from a paused machine.

It wakes every 5 ms and writes down each time it woke more than 100 ms late. It holds no lock
of ours and needs no GIL of ours, so a UI stall it shares is the whole machine stopping every
process (a VM paused by its host, say), not the app. Both clocks are
CLOCK_MONOTONIC (`time.perf_counter` and `time.monotonic` on Linux), so the windows compare.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

_LOOP = """
import sys, time
out = open(sys.argv[1], "a", buffering=1)
last = time.monotonic()
while True:
    time.sleep(0.005)
    now = time.monotonic()
    if now - last > 0.1:
        out.write(f"{last:.4f} {now:.4f}\\n")
    last = now
"""


class PauseSentinel:
    def __init__(self, log: Path) -> None:
        self.log = log
        log.write_text("")
        self.process = subprocess.Popen([sys.executable, "-c", _LOOP, str(log)],
                                        stdin=subprocess.DEVNULL)  # fmt: skip

    def pauses(self) -> list[tuple[float, float]]:
        """(asleep since, woke at) of each late wake-up so far."""
        rows = (line.split() for line in self.log.read_text().splitlines())
        return [(float(a), float(b)) for a, b in rows]

    def paused_within(self, start: float, end: float) -> float:
        """Seconds of [start, end] the sentinel overslept (its 5 ms naps excluded)."""
        return sum(max(0.0, min(b, end) - max(a + 0.005, start)) for a, b in self.pauses())

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(10)
