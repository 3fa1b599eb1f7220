"""The takes store at scale (issue 29 item 6, issue 34 item 2): 10,000 takes of the sample
deck's questions, and what the user waits for.

The database is synthetic but real: the real schema, made by the real store, with rows inserted
in one transaction (a real score's JSON, 5.7 kB, re-pointed at each story; a 1 kB transcript;
an empty WAV per take so start-up does not mark them missing). Measured, each in a fresh
process unless said:

- window: `create_window` until the window is shown with a question selected, its History
  filled and the window painted once (offscreen Qt, no speech model);
- dashboard: then the Dashboard tab shown until its rows are built and painted (they are built
  when it is first shown, not at start);
- finish: in that window, what the UI thread runs when a take finishes (the session's
  `_on_finished` with a real score, and the queued work it causes), one take added each time;
- history: the History tab refreshed for the current question (its takes and both charts);
- next: `star-rehearsal next --json`;
- takes: `star-rehearsal takes --json` to /dev/null, wall time and peak RSS (/usr/bin/time);
- with `--upgrade`: the same rows in a database of schema 3 (before the score summaries), one
  fresh window on it: shown, its finished takes while the writer summarises, the time until
  the summaries are done and the window has read them again, and one take finished after.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_store.py [--runs 5] [--takes N]
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_store.py --upgrade [--takes N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DECK = ROOT / "stories" / "sample-deck.md"
SCORE = ROOT / "tests" / "fixtures" / "scores" / "full-score.json"


def build(data: Path, n: int, old_schema: bool = False) -> None:
    """n takes spread over the deck's stories, oldest first, in one transaction (`old_schema`:
    in a database of schema 3, as an older version left it)."""
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.takes import TakesStore

    deck = load_deck(DECK)
    stories = [(q, s) for q in deck.questions for s in q.stories]
    base = json.loads(SCORE.read_text(encoding="utf-8"))
    text = " ".join(["So the checkout was failing and I took charge of the incident."] * 16)
    transcript = json.dumps({"text": text, "segments": [], "duration_s": 80.0,
                             "engine": "faster-whisper", "model": "tiny.en", "seconds": 2.0})  # fmt: skip
    start = datetime(2026, 1, 1, tzinfo=UTC)
    (data / "takes").mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(n):
        q, s = stories[i % len(stories)]
        points = [{**p, "kind": kind, "text": t, "covered": (i + j) % 3 != 0}
                  for j, (p, (kind, t)) in enumerate(zip(base["key_points"] * 3, s.key_points,
                                                         strict=False))]  # fmt: skip
        overall = 40 + (i * 7) % 60
        score = {**base, "story_id": s.id, "overall": overall, "key_points": points}
        take_id = f"{(start + timedelta(minutes=17 * i)):%Y%m%d-%H%M%S}-{i:06x}"
        rows.append((take_id, q.id, q.text, s.id, json.dumps(s.to_json()), str(DECK),
                     (start + timedelta(minutes=17 * i)).isoformat(timespec="milliseconds"),
                     60.0 + i % 40, f"takes/{take_id}.wav", transcript, json.dumps(score),
                     overall))  # fmt: skip
        (data / "takes" / f"{take_id}.wav").touch()
    sql = ("INSERT INTO takes (id, question_id, question_text, story_id, story_json, deck_path,"
           " started_at, duration_s, audio_file, status, transcript_json, engine, model,"
           " score_json, overall) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'finished', ?,"
           " 'faster-whisper', 'tiny.en', ?, ?)")  # fmt: skip
    if old_schema:
        import sqlite3

        from star_rehearsal.core.takes_schema import MIGRATIONS

        db = sqlite3.connect(data / "takes.sqlite3", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        for number, script in enumerate(MIGRATIONS[:3], 1):
            db.executescript(f"BEGIN; {script} PRAGMA user_version = {number}; COMMIT;")
        with db:
            db.execute("BEGIN")
            db.executemany(sql, rows)
        db.close()
        return
    store = TakesStore(data)
    store.write_many([(sql, r) for r in rows])
    store.close()


def window_run(data: Path, settings: Path, finishes: int, upgrade: bool = False
               ) -> dict[str, list[float]]:  # fmt: skip
    """One fresh window: its start, its dashboard, then `finishes` takes finished and History
    refreshes (`upgrade`: then until the summaries are done, and one take more)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from star_rehearsal.core.scoring.score import Score
    from star_rehearsal.core.transcript import Transcript

    try:
        from star_rehearsal.services.take_steps import FinishedTake
    except ImportError:  # before the services package
        from star_rehearsal.ui.workers import FinishedTake  # type: ignore[no-redef]
    from star_rehearsal.ui.app import create_window

    migrated = 0.0
    if upgrade:  # what run_app does first, behind its progress window (ui.app)
        from star_rehearsal.services import store_upgrade

        t = time.perf_counter()
        store_upgrade.upgrade(data)
        migrated = time.perf_counter() - t
    t0, c0 = time.perf_counter(), time.thread_time()
    window = create_window(DECK, data, settings, load_model=False)
    window.resize(1280, 820)
    window.show()
    while window.session.question is None:
        app.processEvents()
    window.grab()  # painted once
    shown, shown_cpu = time.perf_counter() - t0, time.thread_time() - c0
    out: dict[str, list[float]] = {"window": [shown], "window_cpu": [shown_cpu],
                                   "migrated": [migrated]}  # fmt: skip
    if not upgrade:  # (on an upgrade the first dashboard reviews every take with FSRS once)
        t, c = time.perf_counter(), time.thread_time()
        window.tabs.setCurrentWidget(window.dashboard)
        while not window.dashboard.model.rows:
            app.processEvents()
        window.dashboard.grab()
        out["dashboard"] = [time.perf_counter() - t]
        out["dashboard_cpu"] = [time.thread_time() - c]
        window.tabs.setCurrentIndex(0)
        app.processEvents()
    s = window.session
    q = s.question
    story = q.stories[0]
    base = json.loads(SCORE.read_text(encoding="utf-8"))
    finish, history, finish_cpu, history_cpu = [], [], [], []
    for k in range(finishes + upgrade):
        if upgrade and k == finishes:  # the summaries done and read again by the window
            while not s.store.summarising.done():
                app.processEvents()
                time.sleep(0.01)
            out["summarised"] = [time.perf_counter() - t0]
            for _ in range(60):  # the window looks every 250 ms: it reads them again
                app.processEvents()
                time.sleep(0.01)
            out["finish_during"] = list(finish)
            out["finish_during_cpu"] = list(finish_cpu)
            finish, finish_cpu = [], []
        take = s.store.new_take(q, story, str(DECK))  # what the finish job did off the UI thread
        score = {**base, "story_id": story.id, "overall": 50 + k}
        s.store.finish_take(take.id, 80.0)
        s.store.save_score(take.id, score)
        done = FinishedTake(take.id, Transcript("An answer.", duration_s=80.0),
                            Score.from_json(score), None)  # fmt: skip
        t, c = time.perf_counter(), time.thread_time()
        s._on_finished(done, take.audio_path, q, story)
        app.processEvents()  # and what it queued
        finish.append(time.perf_counter() - t)
        finish_cpu.append(time.thread_time() - c)
        window.tabs.setCurrentWidget(window.history)
        app.processEvents()
        t, c = time.perf_counter(), time.thread_time()
        window._refresh_history()
        window.history.grab()  # paints the table and the charts
        history.append(time.perf_counter() - t)
        history_cpu.append(time.thread_time() - c)
        window.tabs.setCurrentIndex(0)
        app.processEvents()
    window.close()
    return {**out, "finish": finish, "history": history, "finish_cpu": finish_cpu,
            "history_cpu": history_cpu}  # fmt: skip


def timed_cli(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one CLI run, its output thrown away."""
    run = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "-m",
                          "star_rehearsal", *args], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=True)  # fmt: skip
    wall, user, system, kb = run.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(kb) / 1024


def fmt(values: list[float], unit: str = "s") -> str:
    return f"{statistics.median(values):.2f} / {max(values):.2f} {unit} ({len(values)})"


def upgrade(takes: int, finishes: int) -> int:
    """One fresh window on a schema-3 database of `takes` takes."""
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-upgrade-") as tmp:
        data = Path(tmp) / "data"
        build(data, takes, old_schema=True)
        run = subprocess.run([sys.executable, __file__, "--window-only", str(data), "--upgrade",
                              "--finishes", str(finishes)], capture_output=True, text=True,
                             check=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
        got = json.loads(run.stdout.strip().splitlines()[-1])
    ms = [v * 1000 for v in got["finish_during"]]
    ms_cpu = [v * 1000 for v in got["finish_during_cpu"]]
    print(f"load average before: {load[0]:.1f}; after: {os.getloadavg()[0]:.1f}")
    print(f"  migrated to the newest schema first (progress window): {got['migrated'][0]:.2f} s")
    print(f"  then the first window ({takes} takes, summarised meanwhile): {got['window'][0]:.2f} s;"
          f" CPU {got['window_cpu'][0]:.2f} s")  # fmt: skip
    print(f"  takes finished while summarising (UI): {fmt(ms, 'ms')}; CPU {fmt(ms_cpu, 'ms')}")
    print(f"  summaries done: {got['summarised'][0]:.1f} s after create_window")
    print(f"  a take finished after (UI): {got['finish'][0] * 1000:.0f} ms;"
          f" CPU {got['finish_cpu'][0] * 1000:.0f} ms")  # fmt: skip
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--takes", type=int, default=10_000)
    parser.add_argument("--finishes", type=int, default=3, help="takes finished per window")
    parser.add_argument("--window-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--build", type=Path, help="only build the database in this folder")
    parser.add_argument("--upgrade", action="store_true", help="the first window on a schema-3"
                        " database (one run; its summaries are made on the way)")  # fmt: skip
    args = parser.parse_args()
    if args.window_only:  # the child process of one window run
        load = os.getloadavg()[0]
        out = window_run(args.window_only, args.window_only.parent / "s.json", args.finishes,
                         args.upgrade)  # fmt: skip
        out["load"] = [load]
        print(json.dumps(out))
        return 0
    if args.build:
        build(args.build, args.takes)
        return 0
    if args.upgrade:
        return upgrade(args.takes, args.finishes)
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        data = Path(tmp) / "data"
        t = time.perf_counter()
        build(data, args.takes)
        size = (data / "takes.sqlite3").stat().st_size / 1e6
        print(
            f"{args.takes} takes, {size:.0f} MB database, built in {time.perf_counter() - t:.1f} s"
        )
        got: dict[str, list[float]] = {
            "window": [], "finish": [], "history": [], "next": [], "takes": [], "takes_mb": [],
            "window_cpu": [], "finish_cpu": [], "history_cpu": [], "next_cpu": [],
            "takes_cpu": [], "dashboard": [], "dashboard_cpu": [], "load": [],
        }  # fmt: skip
        # Once per database: the schedule reviews every take (FSRS) and the store summarises
        # every score; later opens read what they stored.
        first, _, _ = timed_cli(["next", "--deck", str(DECK), "--data-dir", str(data), "--json"])
        print(f"first `next` on the new database (reviews 10,000 takes once): {first:.1f} s")
        for _ in range(args.runs):
            run = subprocess.run([sys.executable, __file__, "--window-only", str(data),
                                  "--finishes", str(args.finishes)], capture_output=True,
                                 text=True, check=True,
                                 env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
            for key, values in json.loads(run.stdout.strip().splitlines()[-1]).items():
                got.setdefault(key, []).extend(values)
            wall, cpu, _ = timed_cli(
                ["next", "--deck", str(DECK), "--data-dir", str(data), "--json"]
            )
            got["next"].append(wall)
            got["next_cpu"].append(cpu)
            wall, cpu, mb = timed_cli(["takes", "--data-dir", str(data), "--json"])
            got["takes"].append(wall)
            got["takes_cpu"].append(cpu)
            got["takes_mb"].append(mb)
    print(f"load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; after: "
          f"{os.getloadavg()[0]:.1f} (a shared 2-core machine: figures are noisy)")  # fmt: skip
    print("median / worst (samples); wall time, then CPU time (the UI thread's for the window)")
    ms = {k: [v * 1000 for v in got[k]] for k in ("finish", "finish_cpu")}
    print(f"  window shown:        {fmt(got['window'])}; CPU {fmt(got['window_cpu'])}")
    print(f"  dashboard shown:     {fmt(got['dashboard'])}; CPU {fmt(got['dashboard_cpu'])}")
    print(f"  load average before each window: {' '.join(f'{x:.1f}' for x in got['load'])}")
    print(f"  take finished (UI):  {fmt(ms['finish'], 'ms')}; CPU {fmt(ms['finish_cpu'], 'ms')}")
    print(f"  History refresh:     {fmt(got['history'])}; CPU {fmt(got['history_cpu'])}")
    print(f"  next --json:         {fmt(got['next'])}; CPU {fmt(got['next_cpu'])}")
    print(f"  takes --json:        {fmt(got['takes'])}; CPU {fmt(got['takes_cpu'])}; "
          f"peak {fmt(got['takes_mb'], 'MB')}")  # fmt: skip
    return 0


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()  # opt-outs before any dependency loads: docs/privacy.md
    raise SystemExit(main())
