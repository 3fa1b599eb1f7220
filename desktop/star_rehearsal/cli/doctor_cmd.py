"""`star-rehearsal doctor [--json] [--no-microphone] [--settings PATH]`: check the machine and
say what to fix."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
from pathlib import Path

from star_rehearsal.cli.common import add_data_dir_option, app_data_dir, app_settings

MARKS = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "doctor",
        help="check microphone, audio server, models and data folder; say what to fix",
        description="Checks what STAR Rehearsal needs, the way the app uses it: the settings "
        "file, the data folder (writable, free space, database intact), the audio server, the "
        "microphone (records one second: speak while it runs), the speech model and the "
        "embedding model. Exits 1 when something is broken, 0 otherwise (warnings included).",
    )
    p.add_argument("--json", action="store_true", help="print the checks as JSON")
    p.add_argument(
        "--no-microphone", action="store_true", help="skip the one-second recording check"
    )
    add_data_dir_option(p, help="data folder to check (default: the app's)")
    # After the subcommand too, like --data-dir; SUPPRESS keeps the global one when absent.
    p.add_argument("--settings", type=Path, default=argparse.SUPPRESS,
                   help="settings file to check (default: the app's)")  # fmt: skip
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from star_rehearsal import __version__
    from star_rehearsal.core.doctor import FAIL, WARN, Check, run_checks
    from star_rehearsal.core.wording import count

    settings_path, settings = app_settings(args)
    data_dir = app_data_dir(args, settings)

    width = max(60, shutil.get_terminal_size().columns)
    indent = " " * 25

    wrap = {"width": width, "break_long_words": False, "break_on_hyphens": False}

    def show(check: Check) -> None:
        head = f"  {MARKS.get(check.status, check.status)}  {check.name:<16} "
        print(textwrap.fill(check.detail, **wrap, initial_indent=head, subsequent_indent=indent))
        if check.fix:
            print(textwrap.fill(f"fix: {check.fix}", **wrap, initial_indent=indent,
                                subsequent_indent=indent + "     "))  # fmt: skip
        sys.stdout.flush()

    if not args.json:
        print(f"STAR Rehearsal {__version__}: checking this machine")
        if not args.no_microphone:
            print("  (the microphone check records one second: say something)")
    checks = run_checks(settings, settings_path, data_dir,
                        with_microphone=not args.no_microphone,
                        on_check=None if args.json else show)  # fmt: skip
    failed = sum(c.status == FAIL for c in checks)
    warned = sum(c.status == WARN for c in checks)
    if args.json:
        print(json.dumps({"version": __version__, "ok": failed == 0,
                          "checks": [c.to_json() for c in checks]}, indent=2))  # fmt: skip
    elif failed:
        warnings = f", {count(warned, 'warning')}" if warned else ""
        print(f"{count(failed, 'problem')} to fix{warnings}.")
    elif warned:
        print(f"Everything needed works; {count(warned, 'warning')} above.")
    else:
        print("Everything works.")
    return 1 if failed else 0
