"""`star-rehearsal new-deck PATH`: start a deck from the commented template (never overwrites)."""

from __future__ import annotations

import argparse
from pathlib import Path

from star_rehearsal.cli.common import fail

COMMAND = "new-deck"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "new-deck",
        help="write a commented template deck to PATH (two example stories; never overwrites)",
    )
    p.add_argument("path", type=Path, help="the Markdown file to create, e.g. my-stories.md")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from star_rehearsal.core.deck_template import TemplateError, write_template

    try:
        path = write_template(args.path)
    except TemplateError as exc:
        return fail(COMMAND, str(exc), 1)
    print(f"Wrote {path}: replace the examples with your stories.")
    print(f"Check it:      star-rehearsal deck {path}")
    print(f"Rehearse it:   star-rehearsal --deck {path}")
    return 0
