"""Hostile decks: headings that made the parser backtrack for 22 s, pipes, devices, odd line
breaks, questions with no ASCII letters, and a seeded fuzz of a few hundred generated decks."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fault_support.decks import random_deck
from star_rehearsal.core.deck_parser import (
    MAX_DECK_BYTES,
    load_deck,
    parse_deck_text,
    question_id,
)

ROOT = Path(__file__).resolve().parents[2]
STORY = "1. STAR - t\n- Actions: a\n- Results: r\n"
PARSE_BOUND_S = 1.0  # the bound for any single parse, fuzzed or hostile


def timed_parse(text: str) -> tuple[float, object]:
    """CPU seconds of one parse: a bound on the parser, not on how busy the machine is."""
    started = time.process_time()
    deck = parse_deck_text(text, "fuzz.md")
    return time.process_time() - started, deck


@pytest.mark.parametrize("space", [" ", "\u00a0", "\t", " #"])
def test_heading_with_a_long_whitespace_run_parses_at_once(space: str) -> None:
    # The repro: 2,400 spaces inside a question heading took 22.5 s (cubic backtracking).
    # The same length as the issue: the old pattern took 22 s here.
    text = f"## s\n### Tell me{space * 2400}b\n{STORY}"
    seconds, deck = timed_parse(text)
    assert seconds < PARSE_BOUND_S
    assert [q.text for q in deck.questions] == [f"Tell me{space * 2400}b".strip()]


def test_closing_hashes_are_still_trimmed_from_headings() -> None:
    deck = parse_deck_text(f"## Section ##\n### Tell me about X ###  \n{STORY}")
    assert deck.questions[0].section == "Section"
    assert deck.questions[0].text == "Tell me about X"


def test_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "deck.md"
    os.mkfifo(fifo)
    # In a child process: the old code blocks forever on open(); the test must not hang with it.
    run = subprocess.run(
        [sys.executable, "-m", "star_rehearsal", "deck", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert run.returncode == 1
    assert "not a regular file" in run.stderr


def test_device_file_is_refused() -> None:
    deck = load_deck("/dev/zero")
    assert not deck.usable
    assert "not a regular file" in deck.errors[0].message


def test_a_huge_file_is_refused_with_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    with open(big, "wb") as fh:
        fh.truncate(MAX_DECK_BYTES + 1)
    deck = load_deck(big)
    assert not deck.usable
    assert "too big for a deck" in deck.errors[0].message


@pytest.mark.parametrize("breaker", ["\f", "\v", "\x85", "\u2028", "\u2029", "\x1c"])
def test_line_numbers_count_only_real_line_ends(breaker: str) -> None:
    text = f"## s\n### Q one {breaker} still one\n{STORY}\n### Q two\n1. STAR - t\n- Actions: a\n"
    deck = parse_deck_text(text)
    missing = [m for m in deck.messages if "has no Results" in m.message]
    assert missing and missing[0].line == 8  # the editor's line of "1. STAR - t" under Q two


def test_questions_without_ascii_letters_keep_their_own_ids() -> None:
    text = (
        "## Разное\n### Расскажите о конфликте\n"
        + STORY
        + "### Расскажите о неудаче\n"
        + STORY
        + "### 讲讲你的项目\n"
        + STORY
    )
    deck = parse_deck_text(text)
    assert len(deck.questions) == 3
    assert len({q.id for q in deck.questions}) == 3
    assert all(q.id for q in deck.questions)
    assert not deck.messages


def test_ascii_question_ids_are_unchanged() -> None:
    # Stored takes point at these ids: they must not move.
    assert question_id("Tell me about a time you failed?") == "tell-me-about-a-time-you-failed"
    assert question_id("Résumé gap") == "r-sum-gap"


# ---- the fuzz (decks from fault_support.decks, shared with benchmarks/bench_faults.py) -------


def test_fuzzed_decks_never_raise_and_never_take_a_second() -> None:
    rng = random.Random(1212)
    slowest = 0.0
    for i in range(300):
        text = random_deck(rng)
        try:
            seconds, deck = timed_parse(text)
        except Exception as exc:  # pragma: no cover - the failure message is the point
            pytest.fail(f"deck #{i} (seed 1212) raised {exc!r}")
        slowest = max(slowest, seconds)
        assert seconds < PARSE_BOUND_S, f"deck #{i} (seed 1212) took {seconds:.2f} s"
        deck.to_json()  # what `deck --json` prints must be buildable too
        for q in deck.questions:
            for s in q.stories:
                s.key_points  # noqa: B018 (derived points run the clause patterns)


def test_fuzzed_bytes_through_load_deck(tmp_path: Path) -> None:
    rng = random.Random(99)
    path = tmp_path / "deck.md"
    for i in range(60):
        data = random_deck(rng).encode("utf-8", "surrogatepass")
        if i % 3 == 0:  # damage: invalid UTF-8 in the middle
            cut = rng.randint(0, len(data))
            data = data[:cut] + bytes([rng.randint(0x80, 0xFF)]) + data[cut:]
        path.write_bytes(data)
        started = time.process_time()
        deck = load_deck(path)
        assert time.process_time() - started < PARSE_BOUND_S
        assert deck.usable or deck.errors
