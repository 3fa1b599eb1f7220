"""Stop -> review and live lag under background load, with the window's responsiveness.

A 90 s espeak-ng answer (or --long: about 10 minutes) is played into the virtual microphone
and recorded through the real window path; N busy processes (a Python busy loop each, started
and stopped here) compete for the CPU meanwhile. For each of R runs: the live transcript's
furthest lag, Stop -> review, and the longest the UI thread was blocked (a 10 ms QTimer probe:
the largest gap between ticks beyond its interval, from Record until the review is shown).

    eval "$(bash scripts/virtual-mic.sh start /tmp/mic-bench)"
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_load.py --busy 2 --runs 5

The UI probe also beats a stall watch (core/stall_watch.py): a UI thread late by more than
500 ms has every thread's stack written, and py-spy's dump names the thread holding the GIL
(BENCH_STALL_LOG=path keeps the log; BENCH_INJECT_STALL_MS=1200 stalls the UI thread on purpose
5 s into each take, to see the capture work; BENCH_STALL_LATE_MS=90 captures shorter stalls, the
dump itself pausing the process for a moment). BENCH_STAGES=1 prints what BENCH_DEBUG prints of
each take (the finish's stages, every piece, GC pauses) without its 5 ms watchdog on the UI thread.

Ends with one line:
    stop_to_review_s median=X worst=Y live_lag_max_s=Z ui_block_max_ms=W busy=N stalls_captured=C
    live_lag_p95_s=P peak_rss_mb=M between_takes_rss_mb=B final_wer=E steal_max_s=S
    ui_block_machine_max_ms=G
(final_wer: the final transcript's word error rate against the text espeak-ng read, median
of the runs; live_lag_p95_s: the 95th percentile, over the take's 10 ms ticks, of the audio not yet shown as
words; between_takes_rss_mb: resident memory once a take's jobs have ended, the largest;
steal_max_s: the hypervisor's steal during a take, both CPUs, the largest; each run also says
how much of its longest UI stall was steal; ui_block_machine_max_ms: of each run's longest UI
stall, how long another process that only sleeps (pause_sentinel.py) overslept too, the largest:
a stall it shares is the machine stopping every process, not the app.)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).parent))
from bench_app import DECK, LONG_ANSWER
from common import wer

BUSY_LOOP = "while True:\n    pass\n"
GC_PAUSES: list[tuple[float, float, int]] = []  # (ended at, seconds, generation), BENCH_DEBUG


def time_gc() -> None:
    """Record every garbage collection's pause: any thread's collection holds the GIL."""
    import gc

    started: list[float] = [0.0]

    def callback(phase: str, info: dict[str, int]) -> None:
        now = time.perf_counter()
        if phase == "start":
            started[0] = now
        else:
            GC_PAUSES.append((now, now - started[0], info["generation"]))

    gc.callbacks.append(callback)


def start_busy(n: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", BUSY_LOOP]) for _ in range(n)]


def stop_busy(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.wait(10)


def make_clip(tmp: Path, repeats: int) -> Path:
    raw, one, clip = tmp / "a.raw.wav", tmp / "one.wav", tmp / "a.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), LONG_ANSWER],
                   check=True)  # fmt: skip
    subprocess.run(["sox", "-q", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(one),
                    "pad", "0.3", "0.3"], check=True)  # fmt: skip
    if repeats == 1:
        return one
    subprocess.run(["sox", "-q", *[str(one)] * repeats, str(clip)], check=True)
    return clip


class BlockProbe:
    """The UI thread's longest stall: a 10 ms timer's largest gap beyond its interval."""

    def __init__(self, parent) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer(parent)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.worst = 0.0
        self.worst_at = 0.0  # perf_counter when the longest stall ended
        self.stalls: list[tuple[float, float, float, Waits]] = []  # (ended at, s, UI thread CPU
        # s, what the machine made us wait meanwhile) of each stall > 50 ms
        self.waits = machine_waits()  # at the last tick
        self.worst_waits = Waits(0.0, 0.0, 0)  # the machine's waits during the longest stall
        self.cpu = 0.0
        self.late_stacks: list[tuple[float, float, str]] = []  # BENCH_DEBUG: what the UI ran
        self.watch: Any = None  # core.stall_watch.StallWatch: stacks of a stall > 500 ms
        self.seen_captures: list[str] = []
        self.lag_source: Any = (
            None  # () -> seconds of audio not yet shown as words, while recording
        )
        self.lags: list[float] = []
        self.rss_top = (0.0, 0.0)  # (MB, perf_counter): the highest resident size seen
        self._ticks = 0

    def start(self) -> None:
        self.last, self.worst = time.perf_counter(), 0.0
        self.cpu = time.thread_time()
        self.waits, self.worst_waits = machine_waits(), Waits(0.0, 0.0, 0)
        self.stalls = []
        self.rss_top = (0.0, 0.0)
        self.timer.start()
        if os.environ.get("BENCH_DEBUG") and not hasattr(self, "_watchdog"):
            self._watchdog = threading.Thread(target=self._watch, daemon=True)
            self._watchdog.start()

    def _watch(self) -> None:
        """While the UI thread is late (BENCH_DEBUG), note what it is running."""
        import traceback

        main = threading.main_thread().ident
        while True:
            time.sleep(0.005)
            late = time.perf_counter() - self.last
            frame = sys._current_frames().get(main or 0)
            if late > 0.045 and frame is not None:
                where = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}"
                                   for f in reversed(traceback.extract_stack(frame)[-6:]))  # fmt: skip
                self.late_stacks.append((time.perf_counter(), late, where))

    def stop(self) -> float:
        self.timer.stop()
        if self.watch is not None:
            self.watch.pause()
        return self.worst * 1000

    def _tick(self) -> None:
        now = time.perf_counter()
        if self.watch is not None:
            self.watch.beat()
        if self.lag_source is not None:
            self.lags.append(float(self.lag_source()))
        self._ticks += 1
        if self._ticks % 10 == 0:  # every ~0.1 s: when in the take the memory peaks
            rss = resident_mb("VmRSS")
            if rss > self.rss_top[0]:
                self.rss_top = (rss, now)
        waits = machine_waits()
        if now - self.last - 0.010 > self.worst:
            self.worst, self.worst_at = now - self.last - 0.010, now
            self.worst_waits = waits.since(self.waits)
        cpu = time.thread_time()
        if now - self.last - 0.010 > 0.050:
            self.stalls.append((now, now - self.last - 0.010, cpu - self.cpu,
                                waits.since(self.waits)))  # fmt: skip
        self.last, self.cpu, self.waits = now, cpu, waits


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class Waits(NamedTuple):
    """What the machine, not the app, made a stall out of: the hypervisor's steal, the CPUs
    idle waiting for the disk, and this process's page faults that had to read the disk (a
    stall with all threads idle and many of them is memory paged out under us: the VM's DAMON
    pages out file pages unused for a minute, libraries' code included)."""

    steal_s: float
    iowait_s: float
    major_faults: int

    def since(self, before: Waits) -> Waits:
        return Waits(self.steal_s - before.steal_s, self.iowait_s - before.iowait_s,
                     self.major_faults - before.major_faults)  # fmt: skip

    def said(self) -> str:
        return (f"host steal {1000 * self.steal_s:.0f} ms, iowait {1000 * self.iowait_s:.0f} ms, "
                f"{self.major_faults} page faults from disk")  # fmt: skip


def machine_waits() -> Waits:
    """Steal and iowait (/proc/stat, both CPUs summed, 10 ms grain) and this process's major
    page faults (/proc/self/stat). Steal is CPU time the hypervisor gave to other guests while
    this VM wanted it: a stall with the UI thread idle and steal meanwhile is the machine
    paused under us, not the app."""
    try:
        with open("/proc/stat", "rb") as f:
            fields = f.readline().split()
        steal, iowait = int(fields[8]) / _TICKS, int(fields[5]) / _TICKS
    except (OSError, IndexError, ValueError):
        steal = iowait = 0.0
    try:
        with open("/proc/self/stat", "rb") as f:
            faults = int(f.read().rsplit(b")", 1)[1].split()[9])
    except (OSError, IndexError, ValueError):
        faults = 0
    return Waits(steal, iowait, faults)


def resident_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process, from /proc/self/status."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def huge_page_advised_mb() -> float:
    """Memory of this process advised MADV_HUGEPAGE (VmFlags "hg"): what puts it on
    khugepaged's list (core/memory.no_numpy_huge_pages)."""
    total_kb, size_kb = 0, 0
    try:
        lines = Path("/proc/self/smaps").read_text().splitlines()
    except OSError:
        return 0.0
    for line in lines:
        if line.startswith("Size:"):
            size_kb = int(line.split()[1])
        elif line.startswith("VmFlags:") and " hg" in line:
            total_kb += size_kb
    return total_kb / 1024


def wait_for(app, cond, timeout: float, what: str = "") -> None:  # type: ignore[no-untyped-def]
    """Run the real event loop (so the probe sees what a user would) until cond() holds."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    end = time.monotonic() + timeout
    poll = QTimer()
    poll.setInterval(20)

    def check() -> None:
        if cond() or time.monotonic() > end:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    if not cond():
        loop.exec()
    poll.stop()
    if not cond():
        raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")


def run_takes(runs: int, repeats: int, model: str = "") -> list[dict[str, float]]:
    from PySide6.QtWidgets import QApplication
    from star_rehearsal.ui.app import create_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    tmp = Path(tempfile.mkdtemp(prefix="bench-load-"))
    clip = make_clip(tmp, repeats)
    if model:  # as if chosen in Settings ▸ Model
        (tmp / "settings.json").write_text(json.dumps({"model": model}), encoding="utf-8")
    window = create_window(DECK, tmp / "data", tmp / "settings.json")
    window.show()
    session = window.session
    wait_for(app, lambda: session.question is not None and session.engine is not None, 600,
             "the deck and the model")  # fmt: skip
    wait_for(app, lambda: session.workers.busy == 0, 600, "the scoring warm-up")
    probe = BlockProbe(window)
    from star_rehearsal.core.stall_watch import StallWatch

    stall_log = Path(os.environ.get("BENCH_STALL_LOG", tmp / "stalls.log"))
    late_ms = int(os.environ.get("BENCH_STALL_LATE_MS", "500"))  # lower: catch short stalls too
    probe.watch = StallWatch(stall_log, late_s=late_ms / 1000)
    from pause_sentinel import PauseSentinel

    sentinel = PauseSentinel(tmp / "sentinel.log")  # a stall it shares is the machine's
    print(f"stall captures (UI thread late > {late_ms} ms: every stack, py-spy's GIL holder): {stall_log}"
          f"{'' if probe.watch.monitor else ' (py-spy missing: faulthandler stacks only)'}")  # fmt: skip
    inject_ms = int(os.environ.get("BENCH_INJECT_STALL_MS", "0"))
    results = []
    traced = os.environ.get("BENCH_TRACEMALLOC")  # what Python memory stays behind after each take
    if traced:
        import gc
        import tracemalloc

        tracemalloc.start(8)
        gc.collect()
        first = tracemalloc.take_snapshot()
    for _ in range(runs):
        session.select_question(next(q for q in session.deck.questions if "outage" in q.text))
        reviews: list[Any] = []  # core.review.Review
        session.review_ready.connect(reviews.append)
        used_before = getattr(session.engine, "decodes", 0)
        waits_before = machine_waits()
        probe.start()
        session.start_take()
        probe.lags = []
        probe.lag_source = lambda: session._live.shown_lag_seconds if session._live else 0.0
        player = subprocess.Popen(["paplay", "-d", "virtmic", str(clip)])
        if inject_ms:  # a stall on purpose, to show the capture works: the UI thread spins
            from PySide6.QtCore import QTimer

            def injected_stall_on_the_ui_thread() -> None:
                end = time.perf_counter() + inject_ms / 1000
                while time.perf_counter() < end:
                    pass

            QTimer.singleShot(5000, injected_stall_on_the_ui_thread)
        wait_for(app, lambda p=player: p.poll() is not None, 60 + 700 * repeats, "the answer")
        live = session._live
        lag_at_stop = float(live.lag_seconds)
        shown_at_stop = float(live.shown_lag_seconds)
        probe.lag_source = None
        lag_p95 = statistics.quantiles(probe.lags, n=20)[18] if len(probe.lags) > 1 else 0.0
        t0 = time.perf_counter()
        session.stop_take()
        t_stopped = time.perf_counter()
        wait_for(app, lambda r=reviews: bool(r), 1800, "the review")
        stop_to_review = time.perf_counter() - t0
        wait_for(app, lambda: session.workers.busy == 0, 600, "the jobs to end")
        block_ms = probe.stop()
        # the take's audio is still held (live): read after the probe, as /proc/self/smaps
        # walks every mapping (40-60 ms of the UI thread when read just before Stop)
        advised_mb = huge_page_advised_mb()
        stalls_before, captured = probe.seen_captures, probe.watch.captures()
        for capture in captured[len(probe.seen_captures) :]:
            lines = capture.splitlines()
            holder = next((x.strip() for x in lines if "+gil" in x), "no thread held the GIL")
            print(f"    {lines[0]} — GIL: {holder}")
        probe.seen_captures = captured
        if os.environ.get("BENCH_DEBUG") or os.environ.get("BENCH_STAGES"):
            print(f"    stop_take() itself {1000 * (t_stopped - t0):.0f} ms; longest stall ended "
                  f"{probe.worst_at - t0:+.2f} s from Stop; resident size highest "
                  f"{probe.rss_top[0]:.0f} MB at {probe.rss_top[1] - t0:+.2f} s")  # fmt: skip
            for at, seconds, cpu, waits in probe.stalls:
                paused = sentinel.paused_within(at - seconds, at)
                print(f"    UI stall {1000 * seconds:.0f} ms (UI thread on the CPU {1000 * cpu:.0f} "
                      f"ms of it; {waits.said()}; another process paused {1000 * paused:.0f} ms "
                      f"of it) ended {at - t0:+.2f} s from Stop")  # fmt: skip
                seen = set()
                for when, late, where in probe.late_stacks:
                    if at - seconds - 0.02 <= when <= at + 0.01 and where not in seen:
                        seen.add(where)
                        print(f"      at {1000 * late:.0f} ms: {where}")
            probe.late_stacks.clear()
            for at, seconds, gen in GC_PAUSES:
                if seconds > 0.02:
                    print(
                        f"    gc gen{gen} {1000 * seconds:.0f} ms ended {at - t0:+.2f} s from Stop"
                    )
            GC_PAUSES.clear()
            for p in live.pieces:
                print(f"    piece {p.start / 16000:6.1f}-{p.end / 16000:6.1f} s {p.mode.name:4s} "
                      f"decoded in {p.decode_s:.2f} s (cpu {p.cpu_s:.2f} s), waited {p.pending_s:.1f} s"
                      f"{' (silent)' if p.silent else ''}")  # fmt: skip
        session.review_ready.disconnect(reviews.append)
        new = getattr(session.engine, "decodes", 0) - used_before
        threads = list(getattr(session.engine, "threads_used", []))[-new:] if new else []
        modes = [p.mode.name for p in live.pieces if not p.silent]
        results.append({
            "stop_to_review_s": stop_to_review,
            "take_s": float(reviews[0].score.duration_s),
            "lag_at_stop_s": lag_at_stop,
            "live_lag_max_s": max(float(live.max_lag_s), lag_at_stop),
            "shown_lag_max_s": max(float(live.max_shown_lag_s), shown_at_stop),
            "previews_s": float(live.preview_s),
            "one_thread": float(sum(t == 1 for t in threads)),
            "decodes": float(len(threads)),
            "ui_block_ms": block_ms,
            # of the longest UI stall, how long another process was paused too (the machine)
            "ui_block_machine_ms": 1000 * sentinel.paused_within(
                probe.worst_at - probe.worst - 0.010, probe.worst_at
            ),
            "steal_s": machine_waits().since(waits_before).steal_s,
            "fast_pieces": float(sum(m == "fast" for m in modes)),
            "pieces": float(len(modes)),
            "overall": float(reviews[0].overall),
            "stalls_captured": float(len(captured) - len(stalls_before)),
            "live_lag_p95_s": lag_p95,
            "rss_after_mb": resident_mb("VmRSS"),
            "final_wer": wer(" ".join([LONG_ANSWER] * repeats), reviews[0].transcript.text),
        })  # fmt: skip
        r = results[-1]
        print(f"  run {len(results)}: take {r['take_s']:.1f} s, Stop -> review "
              f"{r['stop_to_review_s']:.2f} s, live lag max {r['live_lag_max_s']:.1f} s "
              f"(at Stop {r['lag_at_stop_s']:.1f} s, p95 {r['live_lag_p95_s']:.1f} s), words shown at most {r['shown_lag_max_s']:.1f} s behind (previews {r['previews_s']:.1f} s of decoding), UI blocked at most {r['ui_block_ms']:.0f} ms (in it {probe.worst_waits.said()}, another process paused {r['ui_block_machine_ms']:.0f} ms; host steal in the take {r['steal_s']:.2f} s), "
              f"greedy pieces {r['fast_pieces']:.0f}/{r['pieces']:.0f}, WER {r['final_wer']:.3f}, one-thread decodes "
              f"{r['one_thread']:.0f}/{r['decodes']:.0f}, score {r['overall']:.0f}, "
            f"RSS now {resident_mb('VmRSS'):.0f} MB (peak {resident_mb('VmHWM'):.0f}), "
            f"advised huge pages at Stop {advised_mb:.0f} MB",
              flush=True)  # fmt: skip
        if traced:
            gc.collect()
            grown = tracemalloc.take_snapshot().compare_to(first, "traceback")
            print(f"    Python memory since the first take: "
                  f"{sum(d.size_diff for d in grown) / 1e6:+.1f} MB; largest growths:")  # fmt: skip
            for d in grown[:6]:
                where = " < ".join(f"{f.filename.split('/')[-1]}:{f.lineno}" for f in d.traceback)
                print(f"      {d.size_diff / 1e6:+.2f} MB in {d.count_diff:+d} blocks: {where}")
    window.close()
    probe.watch.close()
    longest = max((b - a for a, b in sentinel.pauses()), default=0.0)
    print(
        f"another process (pause_sentinel.py) overslept at most {1000 * longest:.0f} ms in the run"
    )
    sentinel.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--busy", type=int, default=0, help="busy background processes")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--long", action="store_true", help="a 10-minute take instead of 90 s")
    parser.add_argument("--model", default="", help="e.g. base (the `accurate` extra)")
    parser.add_argument(
        "--default-arenas", action="store_true", help="glibc's own arena count, not the app's 2"
    )
    parser.add_argument(
        "--huge-pages", action="store_true", help="numpy's MADV_HUGEPAGE left on (the app's off)"
    )
    args = parser.parse_args()
    if not args.default_arenas:  # as `star-rehearsal` does before any thread starts
        from star_rehearsal.core.memory import limit_malloc_arenas

        limit_malloc_arenas()
    if not args.huge_pages:  # as `star-rehearsal` does before numpy loads
        from star_rehearsal.core.memory import no_numpy_huge_pages

        no_numpy_huge_pages()
    if not os.environ.get("PULSE_SERVER"):
        print("no virtual microphone (PULSE_SERVER unset): start scripts/virtual-mic.sh first")
        return 2
    if os.environ.get("BENCH_DEBUG") or os.environ.get("BENCH_STAGES"):
        import logging

        logging.basicConfig(format="    %(name)s: %(message)s")
        logging.getLogger("star_rehearsal").setLevel(logging.INFO)
        time_gc()
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; busy={args.busy}")
    busy = start_busy(args.busy)
    try:
        results = run_takes(args.runs, 6 if args.long else 1, args.model)
    finally:
        stop_busy(busy)
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the app process (window, models, scorer): {peak:.0f} MB")
    stops = [r["stop_to_review_s"] for r in results]
    print(f"words_shown_lag_max_s={max(r['shown_lag_max_s'] for r in results):.1f} "
          f"(final or tentative; live_lag_max_s below counts final words only)")  # fmt: skip
    print(f"stop_to_review_s median={statistics.median(stops):.2f} worst={max(stops):.2f} "
          f"live_lag_max_s={max(r['live_lag_max_s'] for r in results):.1f} "
          f"ui_block_max_ms={max(r['ui_block_ms'] for r in results):.0f} busy={args.busy} "
          f"stalls_captured={sum(r['stalls_captured'] for r in results):.0f} "
          f"live_lag_p95_s={max(r['live_lag_p95_s'] for r in results):.1f} "
          f"peak_rss_mb={peak:.0f} between_takes_rss_mb={max(r['rss_after_mb'] for r in results):.0f} "
          f"final_wer={statistics.median(r['final_wer'] for r in results):.3f} "
          f"steal_max_s={max(r['steal_s'] for r in results):.2f} "
          f"ui_block_machine_max_ms={max(r['ui_block_machine_ms'] for r in results):.0f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()  # opt-outs before any dependency loads: docs/privacy.md
    raise SystemExit(main())
