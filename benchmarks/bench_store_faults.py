"""Damaged score rows and `report` under faults (issue 29 items 4 and 5): how many readers
raise on mutated scores, and what `report` does on a device, a folder, /proc, a full disk, an
existing file and 2,000 takes. Replaces its own section of benchmarks/results/faults.md.

    sudo .venv/bin/python benchmarks/bench_store_faults.py [--rows 300] [--seeds 29 7 11]

(root: the full disk is a small tmpfs; without root that line says skipped.)
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
RESULTS = ROOT / "benchmarks" / "results" / "faults.md"
BEGIN, END = "<!-- bench_store_faults: begin -->", "<!-- bench_store_faults: end -->"


def readers(n: int, seed: int, where: Path) -> dict[str, object]:
    """n damaged scores among n + 2 sound takes; each reader run over them, exceptions counted."""
    from practice_helpers import T0, add_take
    from score_mutations import full_score, mutated_scores
    from star_rehearsal.cli import main
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.practice.queue import deck_rows, practise_next
    from star_rehearsal.core.practice.report import question_report
    from star_rehearsal.core.practice.schedule import PracticeStore
    from star_rehearsal.core.review import Review
    from star_rehearsal.core.takes import TakesStore
    from star_rehearsal.core.transcript import Transcript
    from star_rehearsal.services.review import make_review, stored_parts

    deck = load_deck(ROOT / "stories" / "sample-deck.md")
    q, story = deck.questions[0], deck.questions[0].stories[0]
    data = where / f"data-{seed}"
    store = TakesStore(data)
    good = {**full_score(), "story_id": story.id}
    ids = [add_take(store, q, story, T0 + timedelta(minutes=i), good) for i in range(n + 2)]
    words = json.dumps(Transcript("So this was Black Friday.", duration_s=80.0).to_json())
    store.write_many([("UPDATE takes SET transcript_json = ? WHERE id = ?", (words, i)) for i in ids]
                     + [("UPDATE takes SET score_json = ? WHERE id = ?", (text, i))
                        for text, i in zip(mutated_scores(n, seed), ids[1:], strict=False)])  # fmt: skip
    failures = {"History": 0, "review": 0, "report": 0, "next / dashboard": 0}
    takes = []
    try:
        takes = store.list_takes(q.id)
        store.take_lines(q.id)
    except Exception:
        failures["History"] += 1
    opened = 0
    for take in takes:
        try:
            parts = stored_parts(take, deck)
            if parts is None:
                continue
            review = make_review(parts[0], parts[1], take_id=take.id, audio_path=None,
                                 question=parts[2], story=parts[3], deck=deck,
                                 default_band=(60.0, 90.0), previous_overall=None)  # fmt: skip
            for name in dir(Review):
                if isinstance(getattr(Review, name), property):
                    getattr(review, name)
            opened += 1
        except Exception:
            failures["review"] += 1
    try:
        question_report(q.text, takes, {}, {})
    except Exception:
        failures["report"] += 1
    practice = PracticeStore.for_takes(store)
    try:
        practice.sync((60.0, 90.0))
        practise_next(deck_rows(deck, practice.summaries(full=False), practice.cards(), T0))
    except Exception:
        failures["next / dashboard"] += 1
    practice.close()
    store.close()
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code_next = main(["next", "--deck", str(deck.path), "--data-dir", str(data), "--json"])
        code_report = main(["report", "--question", q.id, "--data-dir", str(data),
                            "--out", str(where / f"r-{seed}.md")])  # fmt: skip
    return {"seed": seed, "rows": n, "left_out": sum(1 for t in takes if t.score_problem),
            "reviews": opened, "failures": failures, "next": code_next, "report": code_report,
            "traceback": "Traceback" in err.getvalue()}  # fmt: skip


def report_faults(where: Path) -> list[tuple[str, str]]:
    from fault_support.mounts import fill_disk, small_tmpfs
    from practice_helpers import T0, add_take, make_score
    from star_rehearsal.cli import main
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.takes import TakesStore

    deck = load_deck(ROOT / "stories" / "sample-deck.md")
    q = deck.questions[0]
    data = where / "report-data"
    store = TakesStore(data)
    for i in range(3):
        add_take(store, q, q.stories[0], T0 + timedelta(days=i), make_score(q.stories[0]))
    store.close()

    def run(out: Path | str, *more: str) -> str:
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(["report", "--question", q.id, "--data-dir", str(data), "--out",
                         str(out), *more])  # fmt: skip
        said = err.getvalue().strip().splitlines()[-1:] or [""]
        return f"exit {code}: {said[0].replace(str(where), '…')}"

    full = where / "full.pdf"
    full.symlink_to("/dev/full")
    folder = where / "folder.md"
    folder.mkdir()
    existing = where / "mine.md"
    existing.write_text("mine")
    rows = [
        ("`--out x.pdf`, a link to /dev/full", run(full)),
        ("`--out` a folder named x.md", run(folder)),
        ("`--out /proc/x.md`", run("/proc/x.md")),
        ("`--out` an existing file", run(existing)),
        ("the same with `--force`", run(existing, "--force")),
    ]
    try:
        with small_tmpfs(where / "mnt", 256) as mnt:
            fill_disk(mnt, leave_bytes=2048)
            for name in ("r.pdf", "r.md"):
                said = run(mnt / name)
                left = sorted(p.name for p in mnt.iterdir() if p.name != "filler.bin")
                rows.append(
                    (f"`--out {name}` on a full disk", f"{said}; files left: {left or 'none'}")
                )
    except BaseException as exc:  # pytest.skip outside pytest: not root
        rows.append(("full disk", f"skipped ({exc})"))
    return rows


def many_takes(where: Path, n: int = 2000) -> str:
    from practice_helpers import T0, make_score
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.takes import TakesStore

    deck = load_deck(ROOT / "stories" / "sample-deck.md")
    q, story = deck.questions[0], deck.questions[0].stories[0]
    store = TakesStore(where / "many")
    score = make_score(story, covered=3)
    store.write_many([("INSERT INTO takes (id, question_id, question_text, story_id, started_at,"
                       " audio_file, status, score_json, overall) VALUES (?, ?, ?, ?, ?, ?,"
                       " 'finished', ?, ?)", (f"t{i:05d}", q.id, q.text, story.id,
                       (T0 + timedelta(minutes=i)).isoformat(), f"takes/t{i:05d}.wav",
                       json.dumps({**score, "overall": 30 + i % 70}), 30 + i % 70))
                      for i in range(n)])  # fmt: skip
    store.close()
    t = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "star_rehearsal", "report", "--question", q.id,
                          "--data-dir", str(where / "many"), "--out", str(where / "many.pdf")],
                         capture_output=True, text=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    took = time.perf_counter() - t
    size = (where / "many.pdf").stat().st_size if (where / "many.pdf").exists() else 0
    return f"exit {run.returncode}, {size / 1e3:.0f} kB PDF, {took:.1f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--seeds", type=int, nargs="+", default=[29, 7, 11])
    args = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-store-faults-") as tmp:
        where = Path(tmp)
        mutated = [readers(args.rows, seed, where) for seed in args.seeds]
        faults = report_faults(where)
        many = many_takes(where)
    lines = [BEGIN, "## Damaged score rows and `report` (issue 29, items 4 and 5)", "",
             f"`benchmarks/bench_store_faults.py` on the shared 2-core machine "
             f"({time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, load average {load:.1f}).",
             "", f"{args.rows} scores mutated per seed (tests/score_mutations.py: a value replaced,"
             " a key dropped, the JSON cut short or not a mapping) among sound takes of one"
             " question; every reader run over them (History's lines and takes, each take's"
             " review with every read-out, the report, the schedule and dashboard rows, the"
             " `next` and `report` commands). Before: History broken 6 times, `next` 14,"
             " `report` 8, the review 78 (300 rows, the issue's count).", "",
             "| seed | left out (listed as problems) | reviews opened | reader exceptions |"
             " `next` / `report` exit | traceback |", "|---|---|---|---|---|---|"]  # fmt: skip
    for m in mutated:
        fails = sum(m["failures"].values())  # type: ignore[attr-defined]
        lines.append(f"| {m['seed']} | {m['left_out']} | {m['reviews']} | {fails} | "
                     f"{m['next']} / {m['report']} | {'yes' if m['traceback'] else 'no'} |")  # fmt: skip
    lines += ["", "| `report` case | result |", "|---|---|"]
    lines += [f"| {case} | {result} |" for case, result in faults]
    lines += [f"| 2,000 takes of one question, PDF (was: Fatal Python error: none_dealloc) | {many} |",
              "", END]  # fmt: skip
    section = "\n".join(lines) + "\n"
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Faults\n"
    if BEGIN in text and END in text:
        head, _, rest = text.partition(BEGIN)
        text = head + section + rest.partition(END)[2].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")
    print(section)
    return 0


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()  # opt-outs before any dependency loads: docs/privacy.md
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    raise SystemExit(main())
