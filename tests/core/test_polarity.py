"""Planned is not done (issue #27): a point named only as intended, refused or postponed, done by
someone else, or negated is not covered. Real scorer, real matcher and embeddings; the trap
sentences are our own (tests/fixtures/answers/trap-sentences.json)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.scoring import keypoints, score_answer
from star_rehearsal.core.scoring.matcher import load_matcher
from star_rehearsal.core.scoring.polarity import clauses, not_done, undone
from star_rehearsal.core.scoring.score import Score
from star_rehearsal.core.scoring.text import tokenize
from star_rehearsal.core.transcript import Transcript
from writer_scores import writer_score

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


@pytest.mark.parametrize(
    ("point", "said", "why"),
    [
        ("agreed up front on the metric that would settle it",
         "I tried to agree up front on a metric with him, but he wouldn't commit to one.", "refused"),
        ("gave each owning team a weekly flake report",
         "A weekly flake report for each owning team was drafted, but it never went out.", "refused"),
        ("set up a fortnightly review of her design docs",
         "We set a date for a fortnightly review of her design docs, but the reorg cancelled it.",
         "refused"),
        ("Paired with her on three on-call shifts before she went solo",
         "Marco paired with her on her first three on-call shifts, not me.", "others"),
        ("wrote a blameless postmortem with five follow-up owners",
         "We needed a blameless postmortem with follow-up owners; in the end their lead "
         "wrote it on her own.", "others"),
        # A turn that does not undo the point, or that says it happened after all, keeps it.
        ("captured heap profiles from production at fixed intervals",
         "I captured heap profiles from production at fixed intervals, but it took a week.", None),
        ("wrote a setup script and an onboarding checklist",
         "I wrote a setup script and an onboarding checklist, but nobody read the old wiki.", None),
        ("wrote a setup script and an onboarding checklist",
         "I wrote a setup script and a checklist, but it wasn't used at first, then everyone "
         "did in the end.", None),
        # The turn goes on into what it led to ("…, so we skipped it"), not into a list.
        ("ran old and new billing side by side for two invoice cycles",
         "We planned two invoice cycles of old and new billing side by side, but the date was "
         "tight, so we skipped the parallel run.", "refused"),
        ("Introduced materialized views",
         "I introduced materialized views, but with guardrails: a p95 budget for write latency "
         "that we wouldn't exceed.", None),
        ("built an adapter to emit both versions",
         "I built an adapter to emit both versions, but it dropped events, so we switched it off.",
         "refused"),
    ],
)  # fmt: skip
def test_a_clause_that_turns_against_the_point_undoes_it(point: str, said: str, why: str) -> None:
    """Clause level (issue #27, after our held-out trap answers): a 'but' clause that negates or
    cancels takes back the clause naming the point; one that does not, keeps it. The five
    not-done cases pass on none of the code before this rule."""
    assert not_done(point, said) == why


@pytest.mark.parametrize(
    ("point", "said", "why"),
    [
        # A clause that asks ("whether …") is answered by the clause after it.
        ("smoother execution and adoption",
         "Whether the doc made execution or adoption any easier, I genuinely don't know.",
         "planned"),
        ("smoother execution and adoption",
         "Whether or not it was easy, execution and adoption went smoothly.", None),
        # A point that something went down, said to have gone up.
        ("fewer manual scripts",
         "In the first month we actually ran more manual scripts than before.", "opposite"),
        ("fewer manual scripts", "We ran far fewer manual scripts than before.", None),
        ("more deploys per week", "We shipped more deploys per week than before.", None),
        # Someone else's, said by role.
        ("mapped internal flows",
         "The mapping of our internal flows was the payments team's architect.", "others"),
        ("mapped internal flows",
         "I mapped our internal flows; I worked off his diagrams from the old system.", None),
    ],
)  # fmt: skip
def test_questions_rises_and_other_peoples_work(point: str, said: str, why: str) -> None:
    """Rules added on the second trap set's misses (so that set is no longer held out for them;
    benchmarks/results/scoring.md), each with a case that must keep the point."""
    assert not_done(point, said) == why


def test_the_answers_last_word_on_a_point_decides_it() -> None:
    """A plain mention taken back later is not done ("we'd handle the special cases in a
    follow-up … the follow-up still hasn't happened"); a later plan takes back a result, never an
    action said plainly (measured on every labelled writer: no point said and done lost)."""
    text = (
        "I proposed we handle their special cases in a follow-up phase. Both teams agreed. "
        "The follow-up for the special cases, though, still hasn't happened."
    )
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)]
    point = "later iterations addressed special cases"
    assert undone(point, text, spans, [spans[0], spans[2]]) == "refused"
    assert undone(point, text, spans, [spans[2], spans[0]]) == "refused"  # order of reading
    plain_later = "The follow-up was still in the backlog then. Later we handled the special cases."
    later = [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", plain_later)]
    assert undone(point, plain_later, later, later) is None
    shipped = (
        "I shipped the read-only offline mode. We were aiming to have read-only offline mode "
        "for the conference, but I can't say how it went."
    )
    halves = [(0, 37), (37, len(shipped))]
    assert undone("shipped read-only offline mode", shipped, halves, halves) is None
    assert (
        undone("read-only offline mode for the conference", shipped, halves, halves, True)
        == "planned"
    )


def test_a_sentence_that_reads_as_the_setting_supports_no_result() -> None:
    """The matcher is topical: "incidents were hard to detect" (the situation) reads as "faster
    detection" (a result) as well as the sentence that says the result was only expected. Such
    a support is set aside when the matcher reads it as the story's situation or task rather
    than the point, so the expectation decides."""
    matcher = load_matcher()
    assert matcher is not None
    text = (
        "Our services were emitting logs and metrics inconsistently, which made incidents hard "
        "to detect and even harder to debug. I built one controller for logging and metrics. "
        "As for the impact, I'd expected incidents to get detected and diagnosed faster, but I "
        "left the team shortly after and never saw any numbers."
    )
    sents = keypoints.sentences(text, tokenize(text))
    situation = "Services emitted logs and metrics inconsistently, so incidents were hard to debug."
    point = "Faster detection and diagnosis during incidents"
    first, last = sents[0], next(w for w in sents if "expected" in w.text)
    kept = keypoints._not_the_setting(
        matcher, [point, point], [situation], [[first, last], [first]], sents
    )
    # Every support of the second read as the setting: nothing is known, all are kept.
    assert kept == [[last], [first]]


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


def test_trap_writer_ticks_few_of_its_traps(shared_dir: Path) -> None:
    """authors-f names points that were only planned, refused, done by others or the opposite
    (labelled false; 4 traps the answer then resolves are true). The cue lists grew from its
    missed traps, so this is a regression guard: 26 of 33 were ticked before polarity.py, 6 with
    it, 3 with the setting set aside, the last word and the cues added after reading its misses
    (benchmarks/results/scoring.md). Scored once per session, by the point model fitted and
    thresholded without authors-f (writer_scores.py)."""
    result = writer_score("eval-dev/authors-f")
    assert (result.traps, result.resolved) == (33, 4)
    assert result.traps_ticked <= 4, result  # 3 measured
    assert result.resolved_ticked >= 3, result  # 4 measured


def test_the_second_trap_set_ticks_few_of_its_traps(shared_dir: Path) -> None:
    """benchmarks/data/trap-answers/seed-deck-traps-2.jsonl: 24 answers to the seed deck written
    without reading the scorer and committed before it was measured (31 trap points, 4 resolved).
    Held out it ticked 17, then 14 with the first rules of 2026-12-08 (none written on it); the
    second round of rules was written on its misses (5 now), so this is a guard, not a claim."""
    result = writer_score("ours/seed-deck-traps-2")
    assert (result.traps, result.resolved) == (31, 4)
    assert result.traps_ticked <= 6, result  # 5 measured
    assert result.resolved_ticked >= 1, result  # 2 measured


def test_a_trap_set_nobody_tuned_on(shared_dir: Path) -> None:
    """benchmarks/data/trap-answers/seed-deck-traps-3.jsonl: 20 answers (21 trap points, 3
    resolved), written without reading the scorer or the other trap sets and committed before it
    was measured; no rule was written on it. It ticks 13 of 21 with the rules of 2026-12-08 and
    13 without them (8008c71): the cue lists do not carry over to phrasings they were not shown.
    A guard that the held-out figure does not get worse, and the number #27 is far from."""
    result = writer_score("ours/seed-deck-traps-3")
    assert (result.traps, result.resolved) == (21, 3)
    assert result.traps_ticked <= 14, result  # 13 measured
    assert result.resolved_ticked >= 1, result  # 2 measured
