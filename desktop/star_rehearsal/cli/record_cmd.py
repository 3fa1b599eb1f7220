"""`star-rehearsal record` (being built; see the issue tracker)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("record", help="(not available yet)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print("star-rehearsal record: not available yet")
    return 2
