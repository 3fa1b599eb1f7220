"""`star-rehearsal`: opens the app, or runs one of the subcommands.

Each subcommand lives in its own module `cli/<name>_cmd.py` exposing
`register(subparsers)`; the module sets `func` on its parser. Imports of heavy
libraries happen inside `run`, so `--help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from star_rehearsal import __version__

# Order is the order shown by --help.
COMMANDS = (
    "deck", "new_deck", "transcribe", "score", "record", "devices", "takes", "best", "next", "report", "doctor",
    "desktop_entry",
)  # fmt: skip


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="star-rehearsal",
        description="Rehearse STAR interview answers out loud; transcribed and scored on this machine.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--deck", type=Path, help="Markdown deck to open (default: the sample deck)"
    )
    parser.add_argument("--data-dir", type=Path, help="where takes and the database live")
    parser.add_argument(
        "--settings",
        type=Path,
        help="settings file (default: ~/.config/star-rehearsal/settings.json)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"star_rehearsal.cli.{name}_cmd")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from star_rehearsal.core import privacy
    from star_rehearsal.core.memory import limit_malloc_arenas, no_numpy_huge_pages

    privacy.apply()  # before any dependency loads: docs/privacy.md
    privacy.apply_private_umask()  # takes, reports and settings readable by this user only
    limit_malloc_arenas()  # before any thread starts (the window's, the decoder's, the scorer's)
    no_numpy_huge_pages()  # before numpy loads: no khugepaged holding our memory-map lock
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from star_rehearsal.ui.app import run_app

        return run_app(deck=args.deck, data_dir=args.data_dir, settings_path=args.settings)
    try:
        result = args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:  # `star-rehearsal deck x.md --json | head`: the reader left
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return int(result or 0)
