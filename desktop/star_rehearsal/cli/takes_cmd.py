"""`star-rehearsal takes`: list stored takes with their scores."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from star_rehearsal.cli.common import add_data_dir_option, complain, fail

if TYPE_CHECKING:
    from star_rehearsal.core.takes import Take

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
    from star_rehearsal.core.takes_rows import iter_takes

    data_dir = args.data_dir or default_data_dir()
    if not (data_dir / DB_NAME).is_file():  # listing never creates a data folder
        return _print(iter(()), [], args.json)
    try:
        store = TakesStore(data_dir)
    except (RuntimeError, OSError, sqlite3.Error) as exc:
        return fail(COMMAND, f"cannot open {data_dir / DB_NAME}: {exc}", 2)
    try:
        takes = iter_takes(store, args.question, raw_scores=args.json)
        return _print(takes, store.problems, args.json, store)
    except (sqlite3.Error, OSError) as exc:
        return fail(COMMAND, f"cannot read {data_dir / DB_NAME}: {exc}", 2)
    finally:
        store.close()


_dumps = json.JSONEncoder(ensure_ascii=False).encode


def _take_json(take: Take) -> str:
    """One take as JSON; a checked score is spliced in as stored (decoding and encoding 10,000
    scores again was most of the time), as the object's last member."""
    from star_rehearsal.core.takes_rows import RawScore

    fields = take.to_json()
    score = fields.get("score")
    if not isinstance(score, RawScore):
        return _dumps(fields)
    del fields["score"]
    return f'{_dumps(fields)[:-1]}, "score": {score}}}'


def _print(takes: Iterator[Take], problems: list[str], as_json: bool, store: Any = None) -> int:
    """Each take printed as it is read: 10,000 takes never sit in memory at once. JSON: the
    same document as before, each take on one line (the C encoder; `indent` is pure Python)."""
    if as_json:
        out = sys.stdout
        out.write('{\n  "takes": [')
        first = True
        for take in takes:
            out.write(("\n    " if first else ",\n    ") + _take_json(take))
            first = False
        out.write("\n  ]" if not first else "]")
        problems = store.problems if store is not None else problems
        if problems:
            out.write(',\n  "problems": ' + _dumps(problems))
        out.write("\n}\n")
        for problem in problems:
            complain(COMMAND, problem)
        return 0
    any_take = False
    for t in takes:
        any_take = True
        score = "–" if t.overall is None else f"{t.overall}/100"
        dur = "–" if t.duration_s is None else f"{t.duration_s:.0f} s"
        print(
            f"{t.started_at[:16]}  {score:>7}  {dur:>6}  {t.status:<9} {t.question_text}"
            f"  [{t.question_id}]"
        )  # the id `report --question` and `takes --question` take
    if not any_take:
        print("No takes yet.")
    for problem in store.problems if store is not None else problems:
        complain(COMMAND, problem)
    return 0
