"""Fault injection: hostile and fuzzed decks, killed takes, killed database writers, a full
disk, a read-only data folder and bad audio files. Figures for the README's reliability section.

    eval "$(bash scripts/virtual-mic.sh start /tmp/mic)"   # a virtual microphone
    sudo .venv/bin/python benchmarks/bench_faults.py      # root: it mounts small tmpfs disks

Writes benchmarks/results/faults.md. Without root the disk-full and read-only parts are
reported as skipped; without the microphone the killed-take part is.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
from common import ROOT

STAR = [sys.executable, "-m", "star_rehearsal"]


def section(title: str, intro: str, rows: list[tuple[str, str]]) -> list[str]:
    lines = ["", f"## {title}", "", intro, "", "| measure | value |", "|---|---|"]
    return lines + [f"| {k} | {v} |" for k, v in rows]


# ---- decks ------------------------------------------------------------------------------------


def decks(count: int) -> list[str]:
    from fault_support.decks import random_deck
    from star_rehearsal.core.deck_parser import load_deck, parse_deck_text

    rng = random.Random(1212)
    times, raised = [], 0
    for _ in range(count):
        text = random_deck(rng)
        started = time.perf_counter()
        try:
            parse_deck_text(text, "fuzz.md")
        except Exception:
            raised += 1
        times.append(time.perf_counter() - started)
    hostile = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, space in (("2,400 spaces", " "), ("2,400 no-break spaces", "\u00a0")):
            path = Path(tmp) / "ws.md"
            path.write_text(f"## s\n### Tell me{space * 2400}b\n1. STAR - t\n- Actions: a\n"
                            "- Results: r\n", encoding="utf-8")  # fmt: skip
            started = time.perf_counter()
            subprocess.run([*STAR, "deck", str(path)], capture_output=True, timeout=600)
            hostile.append((f"`star-rehearsal deck`, heading with {name} (was 22.5 s)",
                            f"{time.perf_counter() - started:.2f} s (whole command)"))  # fmt: skip
        fifo = Path(tmp) / "fifo.md"
        os.mkfifo(fifo)
        for label, path in (("a FIFO (was: blocked forever)", fifo),
                            ("/dev/zero (was: MemoryError)", Path("/dev/zero"))):  # fmt: skip
            started = time.perf_counter()
            deck = load_deck(path)
            hostile.append((label, f"refused in {(time.perf_counter() - started) * 1000:.1f} ms: "
                            f"“{deck.errors[0].message}”"))  # fmt: skip
    times.sort()
    return section(
        "Decks",
        f"{count} generated decks (seed 1212: headings, STAR lines, fields, runs of up to 5,000 "
        "spaces, no-break spaces, #, commas and brackets, random Unicode, HTML, form feeds and "
        "other line separators) parsed with `parse_deck_text`, plus the issue's hostile files.",
        [
            ("decks fuzzed", str(count)),
            ("uncaught exceptions", str(raised)),
            ("parse time, median / 99th percentile / max",
             f"{statistics.median(times) * 1000:.2f} / {times[int(len(times) * 0.99)] * 1000:.1f}"
             f" / {times[-1] * 1000:.1f} ms"),
            *hostile,
        ],
    )  # fmt: skip


# ---- the database under SIGKILL ---------------------------------------------------------------

DB_WRITER = """
import sys
from pathlib import Path
from star_rehearsal.core.deck import Question, Story
from star_rehearsal.core.takes import TakesStore
store = TakesStore(Path(sys.argv[1]))
story = Story("q/1", "T", actions=("a",), results=("r",))
question = Question("q", "S", "Q?", (story,))
while True:
    take = store.new_take(question, story, "deck.md")
    store.finish_take(take.id, 1.0)
    store.save_score(take.id, {"overall": 50, "pad": "x" * 2000})
    print(take.id, flush=True)  # printed only after the commit returned
"""


def db_kills(trials: int) -> list[str]:
    from star_rehearsal.core.takes import TakesStore

    rng = random.Random(30)
    lost = integrity_failures = committed = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for _ in range(trials):
            proc = subprocess.Popen([*STAR[:1], "-c", DB_WRITER, str(folder)],
                                    stdout=subprocess.PIPE, text=True)  # fmt: skip
            assert proc.stdout is not None
            acknowledged: list[str] = []
            timer = threading.Timer(rng.uniform(0.3, 1.5), proc.send_signal, [signal.SIGKILL])
            timer.start()
            for line in proc.stdout:
                acknowledged.append(line.strip())
            proc.wait()
            timer.cancel()
            store = TakesStore(folder)
            ids = {t.id for t in store.list_takes()}
            integrity_failures += not store.integrity_ok()
            store.close()
            lost += sum(1 for a in acknowledged if a not in ids)
            committed += len(acknowledged)
    return section(
        "Database writers killed",
        f"{trials} processes writing takes (insert, finish, score: one transaction each) were "
        "SIGKILLed at a random moment (0.3–1.5 s in). A take counts as committed when the writer "
        "printed its id, which it does only after the commit returned.",
        [("kills", str(trials)), ("commits acknowledged before the kills", str(committed)),
         ("acknowledged commits missing afterwards", str(lost)),
         ("`PRAGMA integrity_check` failures", str(integrity_failures))],
    )  # fmt: skip


# ---- killed takes -----------------------------------------------------------------------------


def killed_takes(trials: int) -> list[str]:
    if not os.environ.get("PULSE_SERVER"):
        return ["", "## Takes killed mid-recording", "", "Skipped: no virtual microphone."]
    from bench_recording import crash_trials

    lines = crash_trials(trials, Path(tempfile.mkdtemp()) / "crash")
    return ["", "## Takes killed mid-recording", *lines[2:]]


# ---- disk full and read-only ------------------------------------------------------------------


def disk_and_read_only() -> list[str]:
    if os.geteuid() != 0:
        return ["", "## Full disk and read-only folder", "", "Skipped: mounting needs root."]
    import pytest
    from fault_support.mounts import fill_disk, remount_read_only, small_tmpfs
    from star_rehearsal.core.deck import Question, Story
    from star_rehearsal.core.faults import advice, classify
    from star_rehearsal.core.takes import TakesStore

    story = Story("q/1", "T", actions=("a",), results=("r",))
    question = Question("q", "S", "Q?", (story,))
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            with small_tmpfs(Path(tmp) / "full", 200) as mnt:
                store = TakesStore(mnt / "data")
                take = store.new_take(question, story, None)
                recorded = 0.0
                if os.environ.get("PULSE_SERVER"):
                    from star_rehearsal.core.audio import Recorder

                    failed = threading.Event()
                    rec = Recorder(take.audio_path, on_error=lambda _m: failed.set())
                    rec.start()
                    threading.Event().wait(0.5)
                    fill_disk(mnt)
                    failed.wait(10)
                    result = rec.stop()
                    import soundfile as sf

                    recorded = sf.info(str(take.audio_path)).duration
                    rows.append(("recorder on a full disk", f"stops with “{result.error}”"))
                    rows.append(("audio kept in the WAV", f"{recorded:.2f} s, readable"))
                else:
                    fill_disk(mnt)
                try:
                    store.finish_take(take.id, recorded)
                    rows.append(("finish_take on a full disk", "succeeded (WAL had room)"))
                except Exception as exc:
                    kind = classify(exc)
                    rows.append(("finish_take on a full disk", f"`{exc}` → cause: {kind}"))
                    rows.append(("what the window says", advice(kind, data_dir="<data folder>")))
                store.close()
            with small_tmpfs(Path(tmp) / "ro", 4096) as mnt:
                store = TakesStore(mnt / "data")
                for _ in range(50):
                    store.finish_take(store.new_take(question, story, None).id, 1.0)
                store.close()
                remount_read_only(mnt)
                store = TakesStore(mnt / "data")
                rows.append(("read-only folder: opened read-only", str(store.read_only)))
                rows.append(
                    ("read-only folder: takes listed (of 50)", str(len(store.list_takes())))
                )
                try:
                    store.new_take(question, story, None)
                except Exception as exc:
                    rows.append(("read-only folder: recording", advice(classify(exc),
                                                                       data_dir="<data folder>")))  # fmt: skip
                store.close()
        except pytest.skip.Exception as exc:
            rows.append(("skipped", str(exc)))
    return section(
        "Full disk and read-only folder",
        "A data folder on a 200 KB tmpfs filled mid-take, and one on a tmpfs remounted read-only "
        "after 50 takes were written and the store closed cleanly.",
        rows,
    )


# ---- audio ------------------------------------------------------------------------------------


def child_peak_mb(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Peak RSS of one child: run it through a tiny wrapper that reports its own maximum."""
    wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
               "sys.exit(r.returncode)")  # fmt: skip
    run = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True)
    peak_kb = float(run.stderr.strip().splitlines()[-1])
    return peak_kb / 1024, run


def audio(minutes: float) -> list[str]:
    import soundfile as sf

    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        silence = Path(tmp) / "silence.wav"
        second = np.zeros((48_000, 2), np.int16)
        with sf.SoundFile(silence, "w", 48_000, 2, subtype="PCM_16") as fh:
            for _ in range(int(minutes * 60)):
                fh.write(second)
        started = time.perf_counter()
        peak, run = child_peak_mb([*STAR, "transcribe", str(silence)])
        rows.append((f"`transcribe` {minutes:g} min of 48 kHz stereo silence: peak memory",
                     f"{peak:.0f} MB (was 1.35–2.57 GB for an hour), "
                     f"{time.perf_counter() - started:.0f} s, exit {run.returncode}"))  # fmt: skip
        cases = {
            "header says 1 Hz": lambda p: sf.write(p, np.zeros(48_000, np.int16), 1),
            "0 frames": lambda p: sf.write(p, np.zeros(0, np.int16), 16_000),
            "a few NaN samples (float WAV)": lambda p: sf.write(
                p, np.where(np.arange(16_000) % 4000 == 0, np.nan, 0.1).astype(np.float32),
                16_000, subtype="FLOAT"),
        }  # fmt: skip
        for name, make in cases.items():
            path = Path(tmp) / "case.wav"
            make(path)
            run = subprocess.run([*STAR, "transcribe", str(path)], capture_output=True, text=True)
            said = run.stderr.strip().splitlines()[0] if run.stderr.strip() else "(nothing)"
            rows.append((f"`transcribe`, {name}", f"exit {run.returncode}: “{said}”"))
    return section("Bad and long audio", "The `transcribe` command on generated files.", rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--decks", type=int, default=2000)
    parser.add_argument("--take-kills", type=int, default=6)
    parser.add_argument("--db-kills", type=int, default=30)
    parser.add_argument("--minutes", type=float, default=60.0, help="silence to transcribe")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "faults.md")
    args = parser.parse_args()
    lines = ["# Faults and hostile input", "",
             f"`{' '.join(['benchmarks/bench_faults.py', *sys.argv[1:]])}` on "
             f"{os.cpu_count()} CPU cores (shared), {time.strftime('%Y-%m-%d')}."]  # fmt: skip
    lines += decks(args.decks)
    lines += killed_takes(args.take_kills)
    lines += db_kills(args.db_kills)
    lines += disk_and_read_only()
    lines += audio(args.minutes)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    with contextlib.suppress(Exception):
        print(
            f"\n(bench itself: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
        )


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()  # opt-outs before any dependency loads: docs/privacy.md
    main()
