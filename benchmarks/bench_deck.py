"""Deck parsing time against size, for decks of many shapes near the 5 MB limit (issue #29 item 7).

    .venv/bin/python benchmarks/bench_deck.py            # table on stdout
    .venv/bin/python benchmarks/bench_deck.py --cli      # also time `star-rehearsal deck` on each

Each shape is parsed at 1/4 and full size (CPU seconds, best of 3): linear parsing keeps the
ratio near 4. The issue's shape (`- Actions: a` then 280,000 continuation lines) took 26.6 s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from star_rehearsal.core.deck_parser import MAX_DECK_BYTES, parse_deck_text

ROOT = Path(__file__).resolve().parents[1]
HEAD = "## S\n### Tell me about a time.\n1. STAR — T\n"
STORY = "- Situation: s\n- Task: t\n- Actions: did a; did b\n- Results: r\n"


def fill(head: str, unit: str, size: int, tail: str = "") -> str:
    """`head`, `unit` repeated, `tail`: at most `size` bytes as UTF-8 (what load_deck counts)."""
    fixed = len(head.encode()) + len(tail.encode())
    return head + unit * max(1, (size - fixed) // len(unit.encode())) + tail


SHAPES: dict[str, Callable[[int], str]] = {
    "continuation lines under `- Actions:` (the issue's)": lambda n: fill(
        HEAD + "- Actions: a\n", "a\n", n, "- Results: r\n"
    ),
    "one 5 MB Actions line of commas": lambda n: fill(HEAD + "- Actions: ", "a,", n, "\n"),
    "one 5 MB Actions line of semicolons": lambda n: fill(HEAD + "- Actions: ", "a;", n, "\n"),
    "one 5 MB Actions line of parentheses": lambda n: fill(HEAD + "- Actions: ", "(", n, "\n"),
    "well-formed stories (all one question text: duplicates warned)": lambda n: fill(
        "## S\n", "### Q\n1. STAR — T\n" + STORY, n
    ),
    "one question, many stories": lambda n: fill(HEAD, "1. STAR — T\n" + STORY, n),
    "questions only (each warned)": lambda n: fill("## S\n", "### Q\n", n),
    "misspelt labels (each warned)": lambda n: fill(HEAD, "- Sitaution: x\n", n),
    "unknown labels (each warned)": lambda n: fill(HEAD + STORY, "- Impactful: x\n", n),
    "numbered lines without STAR (each warned)": lambda n: fill(HEAD, "1. Moving it\n", n),
    "empty headings (each warned)": lambda n: fill(HEAD, "##\n", n),
    "one `- STAR:` paragraph": lambda n: fill(
        "## Quick answers\n1. Question?\n- STAR: ", "I did a, b and c ", n, "\n"
    ),
    "blank lines": lambda n: fill(HEAD + STORY, "\n", n),
}


def cpu(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        parse_deck_text(text, "bench.md")
        best = min(best, time.process_time() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", action="store_true", help="also time `star-rehearsal deck`")
    args = parser.parse_args()
    size = MAX_DECK_BYTES - 1024
    print("| Shape | 1/4 size, s | full size (5 MB), s | ratio | `deck` CLI, s |")
    print("|---|---|---|---|---|")
    for name, make in SHAPES.items():
        text = make(size)
        quarter = cpu(make(size // 4))
        full = cpu(text)
        wall = "—"
        if args.cli:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "deck.md"
                path.write_text(text, encoding="utf-8")
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "star_rehearsal", "deck", str(path)],
                               capture_output=True, check=False, cwd=ROOT)  # fmt: skip
                wall = f"{time.perf_counter() - started:.2f}"
        ratio = full / quarter if quarter > 0 else float("nan")
        print(f"| {name} | {quarter:.3f} | {full:.3f} | {ratio:.1f} | {wall} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
