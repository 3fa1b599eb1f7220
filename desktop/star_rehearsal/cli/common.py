"""What the subcommands do the same way: a message on stderr under the command's own name, and
the settings file and data folder found as the app finds them. Light imports only (`--help`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from star_rehearsal.core.deck import Deck, Story
    from star_rehearsal.core.settings import Settings

PROG = "star-rehearsal"


def complain(command: str, message: str) -> None:
    """`star-rehearsal COMMAND: message` on stderr, so a script can tell who said it."""
    print(f"{PROG} {command}: {message}", file=sys.stderr)


def fail(command: str, message: str, code: int) -> int:
    """complain(), then the exit code to return."""
    complain(command, message)
    return code


def add_data_dir_option(parser: argparse.ArgumentParser, help: str) -> None:
    """`--data-dir` after the subcommand too; SUPPRESS keeps the global one when it is absent."""
    parser.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help=help)


def app_settings(args: argparse.Namespace) -> tuple[Path, Settings]:
    """The settings file (--settings or the default) and what it holds."""
    from star_rehearsal.core.paths import default_settings_path
    from star_rehearsal.core.settings import load_settings

    path = Path(getattr(args, "settings", None) or default_settings_path())
    return path, load_settings(path)


def app_data_dir(args: argparse.Namespace, settings: Settings) -> Path:
    """--data-dir, else the folder chosen in Settings, else the default: the app's order."""
    from star_rehearsal.core.paths import default_data_dir

    return Path(getattr(args, "data_dir", None) or settings.data_dir or default_data_dir())


def load_story(command: str, deck_path: Path, story_id: str) -> tuple[Deck, Story] | int:
    """The deck and its story, or the exit code after saying what is wrong (the nearest ids)."""
    import difflib

    from star_rehearsal.core.deck_parser import load_deck

    deck = load_deck(deck_path)
    if not deck.usable:
        return fail(command, "; ".join(str(m) for m in deck.errors), 2)
    story = deck.story(story_id)
    if story is None:
        ids = [s.id for s in deck.all_stories()]
        near = difflib.get_close_matches(story_id, ids, n=3, cutoff=0.5)
        hint = f" Did you mean: {', '.join(near)}?" if near else " See `star-rehearsal deck`."
        return fail(command, f"no story '{story_id}' in {deck_path}.{hint}", 2)
    return deck, story
