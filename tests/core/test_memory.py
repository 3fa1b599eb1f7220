"""The app caps glibc's per-thread heaps (core/memory.py): counted in a child process through
glibc's own malloc_info report, with and without the cap."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"

CHILD = """
import ctypes, ctypes.util, re, sys, threading
sys.path.insert(0, {desktop!r})
from star_rehearsal.core.memory import limit_malloc_arenas
took = limit_malloc_arenas() if sys.argv[1] == "cap" else None
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.fopen.restype = ctypes.c_void_p
start, done = threading.Barrier(7), threading.Event()

def work():
    start.wait()  # all six threads alive at once, each allocating
    blocks = [bytearray(4096) for _ in range(2000)]
    done.wait()

threads = [threading.Thread(target=work) for _ in range(6)]
for t in threads:
    t.start()
start.wait()
fp = ctypes.c_void_p(libc.fopen(sys.argv[2].encode(), b"w"))
libc.malloc_info(0, fp)
libc.fclose(fp)
done.set()
for t in threads:
    t.join()
heaps = len(re.findall(r'<heap nr="', open(sys.argv[2]).read()))
print(took, heaps)
"""


def heaps(mode: str, tmp_path: Path) -> tuple[str, int]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD.format(desktop=str(DESKTOP)), mode, str(tmp_path / mode)],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout.split()  # fmt: skip
    return out[0], int(out[1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc only")
def test_the_cap_keeps_six_busy_threads_on_two_heaps(tmp_path: Path) -> None:
    took, capped = heaps("cap", tmp_path)
    _, default = heaps("default", tmp_path)
    assert took == "True"
    assert capped <= 2
    assert default > 2  # the check can tell: without the cap the threads get heaps of their own


ADVISED = """
import sys
sys.path.insert(0, {desktop!r})
from star_rehearsal.core.memory import no_numpy_huge_pages
if sys.argv[1] == "before":
    no_numpy_huge_pages()  # as the app's entry point does, before numpy loads
import numpy as np
if sys.argv[1] == "after":
    no_numpy_huge_pages()  # numpy already loaded: its switch is turned instead
audio = np.ones(16_000 * 120, dtype=np.float32)  # a 2-minute take's buffer, 7.7 MB
advised, size = 0, 0
for line in open("/proc/self/smaps"):
    if line.startswith("Size:"):
        size = int(line.split()[1])
    elif line.startswith("VmFlags:") and "hg" in line.split(":", 1)[1].split():
        advised += size
print(advised)
"""


def advised_kb(mode: str) -> int:
    # numpy's own default: not what an earlier test's `star-rehearsal` run left in os.environ
    env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
    out = subprocess.run(
        [sys.executable, "-c", ADVISED.format(desktop=str(DESKTOP)), mode],
        capture_output=True, text=True, check=True, timeout=60, env=env,
    ).stdout  # fmt: skip
    return int(out.split()[-1])


@pytest.mark.skipif(
    not Path("/sys/kernel/mm/transparent_hugepage/enabled").exists(),
    reason="a Linux kernel with transparent huge pages",
)
def test_numpy_asks_no_huge_pages_for_the_takes_audio() -> None:
    """numpy advises MADV_HUGEPAGE on arrays of 4 MB and more, which hands the process to
    khugepaged (core/memory.no_numpy_huge_pages); the app turns that off, before numpy loads or
    after."""
    assert advised_kb("default") >= 7_000  # the check can tell: numpy does advise by default
    assert advised_kb("before") == 0
    assert advised_kb("after") == 0
