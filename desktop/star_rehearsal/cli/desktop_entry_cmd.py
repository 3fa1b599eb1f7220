"""`star-rehearsal install-desktop-entry [--uninstall]`: put the app in the desktop's menu."""

from __future__ import annotations

import argparse
import sys

from star_rehearsal.cli.common import fail

COMMAND = "install-desktop-entry"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "install-desktop-entry",
        help="add STAR Rehearsal to the desktop's applications menu (--uninstall removes it)",
        description="Writes star-rehearsal.desktop and the app icon into $XDG_DATA_HOME "
        "(~/.local/share): applications/ and icons/hicolor/scalable/apps/. The menu entry "
        "starts this installation of the app with the deck you had open last.",
    )
    p.add_argument(
        "--uninstall", action="store_true", help="remove exactly the files this command wrote"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from star_rehearsal import __version__
    from star_rehearsal.core import desktop_entry as de

    base = de.data_home()
    if args.uninstall:
        result = de.uninstall(base)
        for path in result.removed:
            print(f"removed {path}")
        for path in result.left_alone:
            print(f"left alone {path}: it was not written by STAR Rehearsal", file=sys.stderr)
        if not result.removed and not result.left_alone:
            print(f"No STAR Rehearsal menu entry in {base}; nothing to remove.")
        return 0
    argv = de.launcher_argv()
    try:
        paths = de.install(base, argv, __version__)
    except de.EntryConflict as exc:
        return fail(COMMAND, str(exc), 1)
    except OSError as exc:
        return fail(COMMAND, f"cannot write to {base}: {exc.strerror or exc}. Check that folder's"
                    " permissions (or set XDG_DATA_HOME), then run this again.", 1)  # fmt: skip
    print(f"wrote {paths.desktop_file}")
    print(f"wrote {paths.icon_file}")
    print(f"STAR Rehearsal is in your applications menu; it runs {' '.join(argv)}.")
    print("Remove it with: star-rehearsal install-desktop-entry --uninstall")
    return 0
