"""Catch a stalled UI thread in the act: every thread's stack, and which one holds the GIL.

A watchdog thread inside the process cannot do it: while another thread holds the GIL (or the
process is off the CPU) it is stalled too, which is why earlier runs caught the short stalls and
none of the multi-second ones. So there are two watchers that need no GIL:

- `faulthandler.dump_traceback_later`, re-armed at every heartbeat: its C thread writes every
  thread's Python stack when the heartbeat is late;
- a separate process at raised priority (`python -m star_rehearsal.core.stall_watch`) that reads
  the heartbeat from a shared file and, when it is late, runs `py-spy dump --nonblocking`, which
  names the thread holding the GIL (`active+gil`). Not `--native`: that pauses the process while
  it unwinds, and on a loaded machine the pause was the freeze — 7.1 s of a 7.7 s stall in one
  bench_load run was py-spy's own (the dump ended 8.1 s after the last heartbeat).

`StallWatch.beat()` is called by the watched thread (a 10 ms timer on the UI thread in
`benchmarks/bench_load.py`); the captures go to one log file.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import mmap
import os
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

HEARTBEAT = struct.Struct("d")  # CLOCK_MONOTONIC seconds of the last beat; 0.0 = stopped
STALL_HEADER = "=== stall"


class StallWatch:
    """Heartbeat of one thread, watched from a C thread and from another process."""

    def __init__(self, log_path: Path, late_s: float = 0.5, external: bool = True) -> None:
        self.log_path = log_path
        self.late_s = late_s
        self._log: IO[str] = open(log_path, "a", buffering=1)  # noqa: SIM115 (lives as long as the watch)
        self._beat_path = log_path.with_suffix(".heartbeat")
        self._beat_path.write_bytes(HEARTBEAT.pack(0.0))  # watching starts at the first beat
        self._beat_file = open(self._beat_path, "r+b")  # noqa: SIM115
        self._beat = mmap.mmap(self._beat_file.fileno(), HEARTBEAT.size)
        self.monitor: subprocess.Popen[bytes] | None = None
        if external and shutil.which("py-spy", path=_tool_path()):
            self.monitor = subprocess.Popen(
                [sys.executable, "-m", "star_rehearsal.core.stall_watch", "--pid",
                 str(os.getpid()), "--heartbeat", str(self._beat_path), "--late",
                 str(late_s), "--log", str(log_path)],
                stdin=subprocess.DEVNULL,
            )  # fmt: skip

    def beat(self) -> None:
        """The watched thread is alive: push both deadlines on by `late_s`."""
        HEARTBEAT.pack_into(self._beat, 0, time.monotonic())
        faulthandler.dump_traceback_later(self.late_s, repeat=False, file=self._log)

    def pause(self) -> None:
        """Not watching until the next beat (between takes, the probe's timer is off)."""
        faulthandler.cancel_dump_traceback_later()
        HEARTBEAT.pack_into(self._beat, 0, 0.0)

    def close(self) -> None:
        self.pause()
        if self.monitor is not None:
            self.monitor.terminate()
            self.monitor.wait(10)
        self._beat.close()
        self._beat_file.close()
        self._log.close()
        with contextlib.suppress(OSError):
            self._beat_path.unlink()

    def captures(self) -> list[str]:
        """The py-spy dumps written so far, one string each."""
        text = self.log_path.read_text(errors="replace")
        return [STALL_HEADER + part for part in text.split(STALL_HEADER)[1:]]


def _tool_path() -> str:
    """PATH with the running interpreter's bin folder first (py-spy sits in the venv)."""
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


def _raise_priority() -> None:
    """Run before the busy processes so a loaded machine still lets the watcher look."""
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, -10)  # allowed as root; otherwise keep the default


def _dump(spy: str, pid: int) -> subprocess.CompletedProcess[str]:
    command = [spy, "dump", "--nonblocking", "--pid", str(pid)]  # never pauses the app
    return subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)


def monitor(pid: int, heartbeat: Path, late_s: float, log: Path) -> None:
    """Poll the heartbeat every 20 ms; dump the stalled process once per stall."""
    _raise_priority()
    spy = shutil.which("py-spy", path=_tool_path()) or "py-spy"
    with open(heartbeat, "rb") as f:
        beat = mmap.mmap(f.fileno(), HEARTBEAT.size, access=mmap.ACCESS_READ)
        dumped_for = -1.0
        while os.path.exists(f"/proc/{pid}"):
            last = HEARTBEAT.unpack_from(beat, 0)[0]
            late = time.monotonic() - last
            if last > 0 and late > late_s and last != dumped_for:
                dumped_for = last
                out = _dump(spy, pid)
                text = f"{out.stdout}{out.stderr}"
                # A dump read while two threads hand the GIL over names no holder: read again
                # (at most twice) while the stall lasts.
                for _ in range(2):
                    if "+gil" in text or HEARTBEAT.unpack_from(beat, 0)[0] != last:
                        break
                    again = _dump(spy, pid)
                    text += f"--- read again at {time.monotonic():.3f} ---\n"
                    text += f"{again.stdout}{again.stderr}"
                with open(log, "a") as sink:
                    sink.write(f"{STALL_HEADER} late {late:.2f} s (heartbeat at {last:.3f}, "
                               f"dumped at {time.monotonic():.3f}, py-spy --nonblocking) ===\n"
                               f"{text}\n")  # fmt: skip
            time.sleep(0.02)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--heartbeat", type=Path, required=True)
    parser.add_argument("--late", type=float, default=0.5)
    parser.add_argument("--log", type=Path, required=True)
    args = parser.parse_args(argv)
    monitor(args.pid, args.heartbeat, args.late, args.log)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
