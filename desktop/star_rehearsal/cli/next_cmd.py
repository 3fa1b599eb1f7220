"""`star-rehearsal next`: what to practise next, from the measured takes (FSRS schedule)."""

from __future__ import annotations

import argparse
import contextlib
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from star_rehearsal.cli.common import add_data_dir_option, app_settings, complain, fail

COMMAND = "next"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("next", help="the practise-next queue: due first, then never practised")
    p.add_argument("--deck", type=Path, default=argparse.SUPPRESS,
                   help="Markdown deck (default: the sample deck)")  # fmt: skip
    add_data_dir_option(p, help="data folder (default: recordings/ in a checkout)")
    p.add_argument("--limit", type=int, default=0, help="show at most this many (0: all)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.paths import default_data_dir, sample_deck_path
    from star_rehearsal.core.practice.queue import deck_rows, load_rows, practise_next
    from star_rehearsal.core.practice.schedule import PracticeStore
    from star_rehearsal.core.practice.settings import PracticeSettings
    from star_rehearsal.core.takes import DB_NAME, TakesStore

    deck_path = getattr(args, "deck", None) or sample_deck_path()
    if not Path(deck_path).is_file():
        return fail(COMMAND, f"the deck {deck_path} does not exist; pass --deck PATH", 2)
    deck = load_deck(Path(deck_path))
    if not deck.usable:
        return fail(COMMAND, f"no questions were read from {deck_path}", 1)
    _, settings = app_settings(args)
    practice = PracticeSettings.from_extra(settings.extra)
    data_dir = getattr(args, "data_dir", None) or default_data_dir()
    now = datetime.now(UTC)
    rows = deck_rows(deck, [], {}, now)
    problems: list[str] = []
    if (data_dir / DB_NAME).is_file():  # reading the queue never creates a data folder
        try:
            store = TakesStore(data_dir)  # brings the schema up to date
            if store.summarising is not None:  # an older version's scores: checked once, on
                with contextlib.suppress(Exception):  # the writer, not twice (the rating
                    store.summarising.result()  # then reads them in SQLite: schedule.py)
            ps = PracticeStore.for_takes(store)
            rows = load_rows(ps, deck, now, settings.target_band, practice.interview)
            problems = list(ps.problems)
            ps.close()
            store.close()
        except (RuntimeError, OSError, sqlite3.Error) as exc:
            return fail(COMMAND, f"cannot open {data_dir / DB_NAME}: {exc}", 2)
    for problem in problems:  # a damaged take is left out of the queue, said once each
        complain(COMMAND, problem)
    queue = practise_next(rows)
    if args.limit > 0:
        queue = queue[: args.limit]
    if args.json:
        out = {"now": now.isoformat(), "deck": str(deck.path),
               "queue": [r.to_json() for r in queue]}  # fmt: skip
        if problems:
            out["problems"] = problems
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    for i, r in enumerate(queue, 1):
        when = {"new": "never practised", "due": "due now"}.get(r.state, "")
        if r.state == "later" and r.due is not None:
            when = f"due {r.due.astimezone().strftime('%a %d %b')}"
        score = "" if r.last is None else f"  last {r.last}/100"
        print(f"{i:>3}. {when:<15} {r.question}  — {r.story_title}{score}")
    return 0
