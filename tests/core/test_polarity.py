"""Planned is not done (issue #27): a point named only as intended, refused or postponed, done by
someone else, or negated is not covered. Real scorer, real matcher and embeddings; the trap
sentences are our own (tests/fixtures/answers/trap-sentences.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.scoring import score_answer
from star_rehearsal.core.scoring.polarity import clauses, not_done
from star_rehearsal.core.scoring.score import Score
from star_rehearsal.core.transcript import Transcript

CASES = Path(__file__).parents[1] / "fixtures" / "answers" / "trap-sentences.json"
OUTAGE = "tell-me-about-a-time-you-handled-a-production-outage/1"


def cases() -> list[dict[str, Any]]:
    return list(json.loads(CASES.read_text(encoding="utf-8"))["cases"])


@pytest.mark.parametrize("case", cases(), ids=lambda c: c["text"][:40])
def test_trap_sentences_are_read_for_what_happened(case: dict[str, Any]) -> None:
    reason = not_done(case["point"], case["text"], "", case["kind"] == "result")
    if case["done"]:
        assert reason is None, case
    else:
        assert reason == case["why"], case


def test_the_next_sentence_can_take_it_back() -> None:
    point = "validated with pilot integrations"
    said = "We talked about trying pilot integrations first."
    assert not_done(point, said, "But that never happened, we went straight to everyone.")
    # The cue names the point itself: proposing is what the point says was done.
    proposed = "proposed remote build caching and code owners as a two-week experiment"
    assert not_done(proposed, "I proposed remote build caching as an experiment.") is None
    assert clauses("We talked about it, but that never happened.") == [
        "We talked about it",
        "but that never happened",
    ]


def _outage_answer(canary_sentence: str) -> str:
    return (
        "On Black Friday our checkout started failing for about a third of orders right after "
        "a config push to the payment gateway client, and I was the incident commander. I "
        "declared a SEV-1 and opened one incident channel for everyone. We rolled back the "
        f"config push within twelve minutes. {canary_sentence} Afterwards I wrote a blameless "
        "postmortem with five follow-up owners. Checkout recovered in nineteen minutes and we "
        "lost no orders."
    )


@pytest.mark.parametrize(
    ("trap", "why"),
    [
        ("We talked about adding a canary stage for gateway config changes, but it got pushed "
         "to next quarter.", "refused"),
        ("A canary stage for gateway config changes was built by the platform team, I just "
         "pointed people to it.", "others"),
    ],
    ids=["postponed", "others"],
)  # fmt: skip
def test_a_trapped_point_is_not_ticked_and_the_rest_are(
    sample_deck_path: Path, trap: str, why: str
) -> None:
    deck = load_deck(sample_deck_path)
    story = deck.story(OUTAGE)
    assert story is not None
    done = score_answer(
        story,
        Transcript.from_text(
            _outage_answer("I added a canary stage for every gateway config change.")
        ),
        deck=deck,
    )
    trapped = score_answer(story, Transcript.from_text(_outage_answer(trap)), deck=deck)
    canary = [i for i, (_, text) in enumerate(story.key_points) if "canary stage for" in text]
    assert canary and done.key_points[canary[0]].covered
    point = trapped.key_points[canary[0]]
    assert not point.covered, point
    # The review asks the user to listen to it rather than calling it missed outright.
    assert point.unsure and point.span is not None
    assert point.not_done == why and done.key_points[canary[0]].not_done is None
    data = trapped.to_json()
    assert data["key_points"][canary[0]]["not_done"] == why
    assert "not_done" not in data["key_points"][0]  # an extension of score --json: only when set
    assert Score.from_json(data).key_points[canary[0]] == point
    others = [k.covered for i, k in enumerate(trapped.key_points) if i not in canary]
    assert others == [k.covered for i, k in enumerate(done.key_points) if i not in canary]


def test_trap_writer_ticks_few_of_its_traps(seed_deck_path: Path, shared_dir: Path) -> None:
    """authors-f names points that were only planned, refused, done by others or the opposite
    (labelled false; 4 traps the answer then resolves are true). The shipped models never saw
    this writer, but the cue lists grew from its missed traps, so this is a regression guard:
    26 of 33 were ticked before polarity.py, 6 with it (benchmarks/results/scoring.md)."""
    deck = load_deck(seed_deck_path)
    ticked = trapped = resolved = resolved_ticked = 0
    path = shared_dir / "eval-dev" / "authors-f.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        answer = json.loads(line)
        story = deck.story(answer["target_story_id"])
        assert story is not None
        score = score_answer(story, Transcript.from_text(answer["text"]), deck=deck)
        labels = answer["actions"] + answer["results"]
        for point, label in zip(score.key_points, labels, strict=True):
            if point.text in answer["traps"]:
                trapped += not label
                ticked += point.covered and not label
                resolved += label
                resolved_ticked += point.covered and label
    assert (trapped, resolved) == (33, 4)
    assert ticked <= 7, ticked  # 6 measured
    assert resolved_ticked >= 3, resolved_ticked  # 4 measured
