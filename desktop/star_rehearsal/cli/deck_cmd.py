"""`star-rehearsal deck PATH [--json]`: show what the parser reads from a deck.

The outline shows each story's Situation and Task and flags empty ones: a misspelt label used to
leave them empty with no sign anywhere (issue #31).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from star_rehearsal.cli.common import fail
from star_rehearsal.core.deck import Deck, Story

COMMAND = "deck"
EMPTY = "(empty)"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("deck", help="read a Markdown deck and show its questions and stories")
    p.add_argument("path", type=Path, nargs="?", help="the Markdown file")
    p.add_argument("--json", action="store_true", help="print JSON instead of an outline")
    p.add_argument(
        "--sample",
        action="store_true",
        help="print the path of the bundled sample deck (copy it, or open it with --deck)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.sample:
        from star_rehearsal.core.paths import sample_deck_path

        path = sample_deck_path()
        if not path.is_file():
            return fail(COMMAND, f"the sample deck is missing from this install ({path})", 1)
        print(path)
        return 0
    if args.path is None:
        return fail(COMMAND, "give the deck's path (or --sample for the sample deck's)", 2)
    from star_rehearsal.core.deck_parser import load_deck

    deck = load_deck(args.path)
    for message in deck.messages:
        print(message, file=sys.stderr)
    if args.json:
        print(json.dumps(deck_json(deck), indent=2, ensure_ascii=False))
    elif deck.usable:
        print(outline(deck))
    if not deck.usable:
        return fail(COMMAND, f"nothing usable was read from {args.path}", 1)
    return 0


def empty_fields(story: Story) -> list[str]:
    """The Situation/Task a labelled story leaves empty (a free-form paragraph has neither)."""
    if story.is_free_form:
        return []
    return [name for name in ("situation", "task") if not getattr(story, name)]


def deck_json(deck: Deck) -> dict[str, Any]:
    """Deck.to_json plus, per story, `empty_fields` (an added key; no key is renamed)."""
    data = deck.to_json()
    for q_data, q in zip(data["questions"], deck.questions, strict=True):
        for s_data, s in zip(q_data["stories"], q.stories, strict=True):
            s_data["empty_fields"] = empty_fields(s)
    return data


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one}" if n == 1 else f"{n} {many or one + 's'}"


def outline(deck: Deck) -> str:
    lines: list[str] = []
    stories = deck.all_stories()
    counts = (
        f"{_count(len(deck.questions), 'question')}, {_count(len(stories), 'story', 'stories')}"
    )
    lines.append(f"{deck.path}: {counts}")
    section = None
    empty = 0
    for q in deck.questions:
        if q.section != section:
            section = q.section
            lines += ["", f"## {section}"]
        lines.append(f"  {q.text}   [{q.id}]")
        for s in q.stories:
            form = " (free-form)" if s.is_free_form else ""
            lines.append(f"    - {s.title or s.id}{form}   [{s.id}]")
            missing = empty_fields(s)
            empty += bool(missing)
            if not s.is_free_form:
                lines.append(f"        Situation: {s.situation or EMPTY}")
                lines.append(f"        Task: {s.task or EMPTY}")
            for kind, text in s.key_points:
                lines.append(f"        {'A' if kind == 'action' else 'R'}: {text}")
    if empty:
        lines += [
            "",
            f"{_count(empty, 'story', 'stories')} with an empty Situation or Task "
            "(marked (empty)): add `- Situation:` / `- Task:` lines.",
        ]
    if deck.messages:
        lines += ["", f"{_count(len(deck.messages), 'warning')}; see above."]
    return "\n".join(lines)
