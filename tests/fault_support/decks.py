"""Generated hostile decks, seeded: shared by the fuzz test and benchmarks/bench_faults.py."""

from __future__ import annotations

import random

STORY = "1. STAR - t\n- Actions: a\n- Results: r\n"

FRAGMENTS = [
    "## ",
    "### ",
    "#",
    "1. STAR — ",
    "2) STAR: ",
    "- Situation: ",
    "- Task: ",
    "- Actions: ",
    "- Results: ",
    "- STAR: ",
    "1. Note ",
    "---",
    "Situation:",
    "Results:",
    ";",
    ",",
    "(",
    ")",
    "and ",
    "which ",
    "reducing ",
    "**",
    "<img src='/etc/passwd' width=20000 height=20000>",
    "<b>",
    "&amp;",
    "\u00a0",
    "\t",
    "\f",
    "\v",
    "\x85",
    "\u2028",
    "\r",
    "\r\n",
    "\n",
    "\ufeff",
    "\u200b",
    "Расскажите",
    "讲讲",
    "🙂",
    "Quick questions",
]


def random_deck(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(1, 60)):
        kind = rng.random()
        if kind < 0.55:
            parts.append(rng.choice(FRAGMENTS))
        elif kind < 0.7:
            parts.append(
                rng.choice([" ", "\u00a0", "#", "-", "*", "(", ",", "a"]) * rng.randint(1, 5000)
            )
        elif kind < 0.85:
            parts.append("".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(1, 40))))
        else:
            parts.append(f"## s\n### Question {rng.randint(0, 9)}\n{STORY}")
    return "".join(parts)
