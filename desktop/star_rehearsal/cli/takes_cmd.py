"""`star-rehearsal takes`: list stored takes with their scores."""

from __future__ import annotations

import argparse
import json
import sqlite3

from star_rehearsal.cli.common import add_data_dir_option, complain, fail

COMMAND = "takes"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("takes", help="list stored takes and their scores")
    p.add_argument("--question", help="only the takes of this question id")
    add_data_dir_option(p, help="data folder (default: recordings/ in a checkout)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from star_rehearsal.core.paths import default_data_dir
    from star_rehearsal.core.takes import DB_NAME, TakesStore

    data_dir = args.data_dir or default_data_dir()
    takes = []
    problems: list[str] = []
    if (data_dir / DB_NAME).is_file():  # listing never creates a data folder
        try:
            store = TakesStore(data_dir)
        except (RuntimeError, OSError, sqlite3.Error) as exc:
            return fail(COMMAND, f"cannot open {data_dir / DB_NAME}: {exc}", 2)
        try:
            takes = store.list_takes(args.question)
            problems = list(store.problems)
        except (sqlite3.Error, OSError) as exc:
            return fail(COMMAND, f"cannot read {data_dir / DB_NAME}: {exc}", 2)
        finally:
            store.close()
    for problem in problems:
        complain(COMMAND, problem)
    if args.json:
        out = {"takes": [t.to_json() for t in takes]}
        if problems:
            out["problems"] = problems
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    if not takes:
        print("No takes yet.")
    for t in takes:
        score = "–" if t.overall is None else f"{t.overall}/100"
        dur = "–" if t.duration_s is None else f"{t.duration_s:.0f} s"
        print(f"{t.started_at[:16]}  {score:>7}  {dur:>6}  {t.status:<9} {t.question_text}")
    return 0
