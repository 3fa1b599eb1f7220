"""Importing the core packages from two threads at once (issue 34 follow-up): the app starts
its model load and its recording warm-up on two workers together, and a benchmark run's model
load died of `_DeadlockError` on `transcription.live` — a package `__init__` importing its own
modules while another thread imported one of them directly. Real interpreters, real imports."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import star_rehearsal

_RACE = """
import threading
barrier = threading.Barrier(2)
errors = []

def go(statement):
    barrier.wait()
    try:
        exec(statement, {})
    except Exception as exc:
        errors.append(repr(exc))

pairs = [("import star_rehearsal.core.transcription.live",
          "from star_rehearsal.core.transcription import create_engine"),
         ("import star_rehearsal.core.audio.devices", "from star_rehearsal.core.audio import Recorder"),
         ("import star_rehearsal.core.scoring.matcher",
          "from star_rehearsal.core.scoring import score_answer")]
first, second = pairs[int(__import__("sys").argv[1])]
threads = [threading.Thread(target=go, args=(s,)) for s in (first, second)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(errors[0] if errors else "ok")
"""


def _python(code: str, *args: str) -> str:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=env, timeout=120, check=True)  # fmt: skip
    return done.stdout.strip()


def test_no_package_imports_its_own_modules_on_import() -> None:
    """The rule that makes the deadlock impossible, for every package of the app."""
    root = Path(star_rehearsal.__file__).parent
    found = pkgutil.walk_packages([str(root)], "star_rehearsal.")
    packages = ["star_rehearsal"] + [m.name for m in found if m.ispkg]
    assert "star_rehearsal.core.transcription" in packages
    code = ("import importlib, sys\n"
            "p = sys.argv[1]\n"
            "importlib.import_module(p)\n"
            "print(sorted(m for m in sys.modules if m.startswith(p + '.')) or '')\n")  # fmt: skip
    eager = {p: found for p in packages if (found := _python(code, p))}  # a fresh one each
    assert eager == {}


def test_a_package_and_its_module_imported_together_do_not_deadlock() -> None:
    """Two threads released together (a barrier): on the old package this failed in about two
    runs of three; five fresh interpreters per pair here."""
    for pair in range(3):
        for _ in range(5):
            assert _python(_RACE, str(pair)) == "ok", pair
