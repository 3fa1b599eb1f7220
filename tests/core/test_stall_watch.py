"""The stall watcher catches a stalled thread with every stack and names the GIL's holder.

The stall is injected on purpose: a thread spins in pure Python (holding the GIL most of the
time) while the watched thread stops beating. Real py-spy, real faulthandler, real processes.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from star_rehearsal.core.stall_watch import StallWatch, _tool_path


def _spin(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def injected_stall_in_gil_holder() -> None:
    _spin(2.0)


def _wait_for(cond, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.02)  # polling a condition with a deadline, not a guess
    return cond()


def test_a_stall_is_caught_with_every_stack_and_the_gil_holder(tmp_path: Path) -> None:
    if not shutil.which("py-spy", path=_tool_path()):
        pytest.skip("py-spy is not installed (the dev extra brings it)")
    log = tmp_path / "stalls.log"
    watch = StallWatch(log, late_s=0.3)
    try:
        # the monitor process is up once it has the heartbeat open; beat until then
        assert _wait_for(lambda: watch.monitor is not None and watch.monitor.poll() is None, 10)
        watch.beat()
        hog = threading.Thread(target=injected_stall_in_gil_holder, name="gil-hog")
        hog.start()
        _spin(1.5)  # the watched thread is busy and does not beat: a stall
        hog.join()
        assert _wait_for(lambda: bool(watch.captures()), 30), log.read_text()
    finally:
        watch.close()
    text = log.read_text()
    # faulthandler's C thread: every thread's Python stack
    assert "Timeout (0:00:00.300000)!" in text
    assert "injected_stall_in_gil_holder" in text
    # py-spy from the other process: which thread held the GIL, read without pausing the app
    # (a pausing dump with native frames froze a loaded app for seconds: the capture was the stall)
    capture = watch.captures()[0]
    holder = [line for line in capture.splitlines() if "+gil" in line]
    assert holder, capture
    assert "late" in capture.splitlines()[0] and "--nonblocking" in capture.splitlines()[0]


def test_no_capture_while_the_thread_beats(tmp_path: Path) -> None:
    log = tmp_path / "stalls.log"
    watch = StallWatch(log, late_s=5.0, external=False)
    for _ in range(10):
        watch.beat()
    watch.close()
    assert "Timeout" not in log.read_text()
    assert watch.captures() == []
