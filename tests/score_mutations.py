"""Damaged stored scores, made by a seeded generator: a real score (tests/fixtures/scores, the
scorer's output for a sample-deck answer plus the voice and drill sections it writes for a
recording and a 30-second version) with one value replaced, a key dropped, the JSON text cut
short or the whole value swapped for another type. Written into the real takes database with
one UPDATE each, as a hand edit, a half-written page or another version would leave them."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FULL_SCORE = Path(__file__).parent / "fixtures" / "scores" / "full-score.json"

ODD_VALUES: list[Any] = [
    None, 5, -7, 0, 1e308, float("nan"), "x", "", [], {}, [1, "a"], {"a": 1}, True, [[1]],
    [None, None], "85", 2**70,
]  # fmt: skip


def full_score() -> dict[str, Any]:
    return json.loads(FULL_SCORE.read_text(encoding="utf-8"))


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*prefix, i))


def mutate(base: dict[str, Any], rng: random.Random) -> str:
    """One damaged score as the JSON text stored in `score_json`."""
    roll = rng.random()
    if roll < 0.05:
        text = json.dumps(base)
        return text[: rng.randrange(1, len(text))]  # cut short
    if roll < 0.08:
        return json.dumps(rng.choice(ODD_VALUES))  # not a mapping at all
    score = copy.deepcopy(base)
    path = rng.choice([p for p in _paths(score) if p])
    parent = score
    for key in path[:-1]:
        parent = parent[key]
    if isinstance(parent, dict) and rng.random() < 0.2:
        del parent[path[-1]]
    else:
        parent[path[-1]] = copy.deepcopy(rng.choice(ODD_VALUES))
    return json.dumps(score)  # NaN is written as the bare word, as json.dumps does


def mutated_scores(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    base = full_score()
    return [mutate(base, rng) for _ in range(n)]
