"""`star-rehearsal deck PATH [--json]`: show what the parser reads from a deck."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from star_rehearsal.cli.common import fail
from star_rehearsal.core.deck import Deck

COMMAND = "deck"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("deck", help="read a Markdown deck and show its questions and stories")
    p.add_argument("path", type=Path, help="the Markdown file")
    p.add_argument("--json", action="store_true", help="print JSON instead of an outline")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from star_rehearsal.core.deck_parser import load_deck

    deck = load_deck(args.path)
    for message in deck.messages:
        print(message, file=sys.stderr)
    if args.json:
        print(json.dumps(deck.to_json(), indent=2, ensure_ascii=False))
    elif deck.usable:
        print(outline(deck))
    if not deck.usable:
        return fail(COMMAND, f"nothing usable was read from {args.path}", 1)
    return 0


def outline(deck: Deck) -> str:
    lines: list[str] = []
    stories = deck.all_stories()
    lines.append(f"{deck.path}: {len(deck.questions)} questions, {len(stories)} stories")
    section = None
    for q in deck.questions:
        if q.section != section:
            section = q.section
            lines += ["", f"## {section}"]
        lines.append(f"  {q.text}   [{q.id}]")
        for s in q.stories:
            form = " (free-form)" if s.is_free_form else ""
            lines.append(f"    - {s.title or s.id}{form}   [{s.id}]")
            for kind, text in s.key_points:
                lines.append(f"        {'A' if kind == 'action' else 'R'}: {text}")
    if deck.messages:
        lines += ["", f"{len(deck.messages)} warning(s); see above."]
    return "\n".join(lines)
