"""Scoring against our own labelled answers (sample deck) and the hand-labelled dev set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from star_rehearsal.cli import main
from star_rehearsal.core.deck import Deck
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.scoring import score_answer
from star_rehearsal.core.scoring.fillers import find_fillers
from star_rehearsal.core.scoring.numbers import check_numbers
from star_rehearsal.core.transcript import Segment, Transcript, Word
from writer_scores import writer_score

ANSWERS = Path(__file__).parents[1] / "fixtures" / "answers" / "sample-answers.jsonl"
# Written later, strongly paraphrased. Every labelled set (these, and ../shared/eval-dev) is
# training data of the shipped point model and matcher, so the bars below are regression guards,
# not claims of generality: benchmarks/results/scoring.md scores each writer with models fitted
# without it.
ANSWERS_2 = ANSWERS.with_name("sample-answers-2.jsonl")
ANSWERS_3 = ANSWERS.with_name("sample-answers-3.jsonl")
ANSWERS_5 = ANSWERS.with_name("sample-answers-5.jsonl")  # concise: 52-90 words, points said
OUTAGE = "tell-me-about-a-time-you-handled-a-production-outage/1"


def load_answers(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def evaluate(deck: Deck, answers: list[dict[str, Any]]) -> dict[str, Any]:
    tp = fp = fn = told = 0
    overall: dict[str, list[int]] = {}
    for a in answers:
        story = deck.story(a["target_story_id"])
        assert story is not None, a["target_story_id"]
        score = score_answer(story, Transcript.from_text(a["text"]), deck=deck)
        for point, label in zip(score.key_points, a["actions"] + a["results"], strict=True):
            tp += point.covered and label
            fp += point.covered and not label
            fn += (not point.covered) and label
        told += score.data["told_story"]["id"] == a["told_story_id"]
        overall.setdefault(a["kind"], []).append(score.overall)
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {
        "f1": 2 * precision * recall / max(1e-9, precision + recall),
        "told": told / len(answers),
        "mean": {k: sum(v) / len(v) for k, v in overall.items()},
    }


@pytest.fixture(scope="module")
def sample_deck(sample_deck_path: Path) -> Deck:
    return load_deck(sample_deck_path)


def test_key_points_agree_with_our_labels(sample_deck: Deck) -> None:
    result = evaluate(sample_deck, load_answers(ANSWERS))
    assert result["f1"] >= 0.9, result
    assert result["told"] == 1.0, result
    mean = result["mean"]
    assert mean["full"] > mean["partial"] > mean["no_results"] > mean["thin"], mean


@pytest.mark.parametrize("answers", [ANSWERS_2, ANSWERS_3], ids=["paraphrased", "spoken-style"])
def test_paraphrased_answers_agree_with_our_labels(sample_deck: Deck, answers: Path) -> None:
    """Two sets written by other hands: heavy paraphrase, fillers, lower-case ASR-style text."""
    result = evaluate(sample_deck, load_answers(answers))
    assert result["f1"] >= 0.85, result
    assert result["told"] >= 0.9, result
    mean = result["mean"]
    assert mean["full"] > mean["partial"] > mean["thin"], mean


def test_a_concise_answer_that_says_its_points_is_credited(sample_deck: Deck) -> None:
    """The point model reads the answer's size, and short answers in its other sets were thin:
    a crisp 30-second answer that says everything must still be credited (held out, this set
    scores P / R 0.99 / 0.93 as text: benchmarks/results/scoring-variants.md)."""
    answers = load_answers(ANSWERS_5)
    result = evaluate(sample_deck, answers)
    assert result["f1"] >= 0.93 and result["told"] == 1.0, result
    mean = result["mean"]
    assert mean["full"] > mean["partial"] > mean["no_results"], mean


def test_asr_slips_and_spelled_out_acronyms_count() -> None:
    from star_rehearsal.core.scoring.keypoints import rhymes, sounds_like, spelled_out, windows
    from star_rehearsal.core.scoring.text import tokenize

    assert sounds_like("crun", "crons") and sounds_like("chron", "cron")
    assert rhymes("mews", "views") and rhymes("news", "views")
    assert not rhymes("measurable", "predictable") and not rhymes("added", "faded")
    text = "I trialled it against the Postgres write-ahead log, then met customer success."
    wins = windows(text, tokenize(text))
    assert any(spelled_out("WAL", w) for w in wins)
    assert any(spelled_out("CS", w) for w in wins)
    assert not any(spelled_out("SLO", w) for w in wins)
    said = "we built a proof of concept, agreed service level objectives and a public interface"
    said_wins = windows(said, tokenize(said))
    assert any(spelled_out("PoC", w) for w in said_wins)  # mixed case
    assert any(spelled_out("SLOs", w) for w in said_wins)  # plural
    assert not any(spelled_out("API", w) for w in said_wins)  # 'a' is no initial of a term


def test_dev_set_quality(shared_dir: Path) -> None:
    """eval-dev/answers, by the point model fitted without it (one shared pass: writer_scores)."""
    result = writer_score("eval-dev/answers")
    assert result.f1 >= 0.85, result
    assert result.told >= 0.9 * result.answers, result
    mean = [result.mean(k) for k in ("full", "partial", "no_results", "thin")]
    assert mean == sorted(mean, reverse=True) and len(set(mean)) == 4, result


def test_generic_overlap_covers_nothing(sample_deck: Deck) -> None:
    story = sample_deck.story(OUTAGE)
    assert story is not None
    text = (
        "The team worked really hard and we improved things a lot. Latency got better, "
        "people were happy, and overall the project was a great result for everyone involved."
    )
    score = score_answer(story, Transcript.from_text(text), deck=sample_deck)
    assert not any(k.covered for k in score.key_points)


def test_full_answer_beats_scene_setting(sample_deck: Deck) -> None:
    answers = {a["id"]: a for a in load_answers(ANSWERS)}
    story = sample_deck.story(answers["s01"]["target_story_id"])
    assert story is not None
    full = score_answer(story, Transcript.from_text(answers["s01"]["text"]), deck=sample_deck)
    scene = score_answer(
        story,
        Transcript.from_text(answers["s01"]["text"].split(". The first")[0]),
        deck=sample_deck,
    )
    assert full.overall >= scene.overall + 30
    assert all(k.covered for k in full.key_points)
    assert full.data["star"]["situation"] and full.data["star"]["task"]


def test_other_story_is_named(sample_deck: Deck) -> None:
    answer = next(a for a in load_answers(ANSWERS) if a["kind"] == "other_story")
    story = sample_deck.story(answer["target_story_id"])
    assert story is not None
    score = score_answer(story, Transcript.from_text(answer["text"]), deck=sample_deck)
    assert score.data["told_story"]["id"] == answer["told_story_id"]
    assert score.data["told_story"]["similarity"] > score.data["told_story"]["target_similarity"]


def test_points_of_another_story_are_not_credited(sample_deck: Deck) -> None:
    """t16 tells the billing migration to the missed-deadline question: the words the two
    stories share ("wrote ... plan", "cycles", "three") once covered three of its points.
    That another story was told is an input of the point model, and it must pull the
    confidence of every point down, with the same evidence otherwise."""
    from star_rehearsal.core.scoring.embedding import load_embedder, load_query_embedder
    from star_rehearsal.core.scoring.keypoints import decide, evidence_for
    from star_rehearsal.core.scoring.matcher import load_matcher
    from star_rehearsal.core.scoring.point_model import load_point_model
    from star_rehearsal.core.scoring.score import _deck_context

    answer = {a["id"]: a for a in load_answers(ANSWERS_2)}["t16"]
    story = sample_deck.story(answer["target_story_id"])
    assert story is not None
    score = score_answer(story, Transcript.from_text(answer["text"]), deck=sample_deck)
    assert score.data["told_story"]["id"] == answer["told_story_id"]
    assert not any(k.covered for k in score.key_points), score.key_points

    idf, index = _deck_context(tuple(sample_deck.all_stories()))
    elsewhere = index.best(answer["text"], story.id).elsewhere
    assert elsewhere > 0.3
    points = [t for _, t in story.key_points]
    args = (points, answer["text"], idf, load_embedder(), load_query_embedder(), load_matcher(),
            [story.situation, story.task])  # fmt: skip
    model = load_point_model()
    told = [
        decide(e, k == "result", model)[1]
        for e, (k, _) in zip(evidence_for(*args, elsewhere), story.key_points, strict=True)
    ]
    unnoticed = [
        decide(e, k == "result", model)[1]
        for e, (k, _) in zip(evidence_for(*args, 0.0), story.key_points, strict=True)
    ]
    assert all(a < b for a, b in zip(told, unnoticed, strict=True)), (told, unnoticed)
    # measured: at most 0.073 told, up to 0.115 with the same evidence unnoticed (0.022 / 0.29
    # before the refit with authors-e and -f halved the other-story weight, -3.96 -> -2.06)
    assert max(told) < 0.1 and max(unnoticed) > 1.4 * max(told), (told, unnoticed)


def test_same_project_under_another_question_is_not_another_story() -> None:
    """Real decks retell a project under several questions; leaning a little towards the
    other telling is not 'you told another story'. A clearly different story still is."""
    from star_rehearsal.core.deck_parser import parse_deck_text

    deck = parse_deck_text(
        "## Ownership\n\n### Describe a project you owned.\n\n"
        "1. STAR — Search reindex (E2E)\n\n"
        "- Situation: Search results were stale for hours after catalogue edits.\n"
        "- Task: Make edits searchable within a minute.\n"
        "- Actions: Designed an incremental indexer on the change feed; owned the rollout.\n"
        "- Results: Edits searchable in 40 seconds; stale-result tickets stopped.\n\n"
        "### Tell me about a time you influenced without authority.\n\n"
        "1. STAR — Search reindex adoption\n\n"
        "- Situation: Teams feared the incremental indexer on the change feed.\n"
        "- Task: Get the catalogue teams to adopt it.\n"
        "- Actions: Ran demos of incremental indexing; paired with each team on the change feed.\n"
        "- Results: All catalogue teams adopted it; stale-result tickets stopped.\n\n"
        "2. STAR — Office move\n\n"
        "- Situation: The office lease ended and forty desks had to move.\n"
        "- Task: Move the team without losing a sprint.\n"
        "- Actions: Booked movers for a Friday; labelled every monitor and desk.\n"
        "- Results: Everyone worked from the new office on Monday.\n"
    )
    target = deck.questions[0].stories[0]
    retold = (
        "Search results were stale for hours after catalogue edits, so I designed an "
        "incremental indexer on the change feed, and the catalogue teams adopted it."
    )
    told = score_answer(target, Transcript.from_text(retold), deck=deck).data["told_story"]
    assert told["id"] == target.id
    moved = "The lease ended, I booked movers for a Friday and labelled every monitor and desk."
    told = score_answer(target, Transcript.from_text(moved), deck=deck).data["told_story"]
    assert told["id"] == deck.questions[1].stories[1].id


def test_works_without_embeddings(sample_deck: Deck) -> None:
    answer = load_answers(ANSWERS)[0]
    story = sample_deck.story(answer["target_story_id"])
    assert story is not None
    score = score_answer(
        story, Transcript.from_text(answer["text"]), deck=sample_deck, use_embeddings=False
    )
    assert score.data["matching"] == "lexical"
    assert sum(k.covered for k in score.key_points) >= 5


def test_fillers_only_count_filler_uses() -> None:
    text = (
        "Um, so we shipped it. I'd like to say it was, like, easy, you know? "
        "Do you know what kind of cache we chose? I mean, it was sort of obvious. Uh, basically."
    )
    words = [f.word for f in find_fillers(text)]
    assert words == ["um", "so", "like", "you know", "i mean", "sort of", "uh", "basically"]
    assert find_fillers("We did it so that checkout would not fail.") == []


def timed(words: list[tuple[str, float, float]]) -> Transcript:
    ws = tuple(Word(a, b, t) for t, a, b in words)
    text = " ".join(t for t, _, _ in words)
    return Transcript(text=text, segments=(Segment(ws[0].start, ws[-1].end, text, ws),),
                      duration_s=ws[-1].end + 0.5)  # fmt: skip


def test_pace_pauses_length_and_shape_from_timings(sample_deck: Deck) -> None:
    story = sample_deck.story(OUTAGE)
    assert story is not None
    script = [
        "We",
        "had",
        "a",
        "checkout",
        "outage",
        "on",
        "Black",
        "Friday.",
        "My",
        "job",
        "was",
        "to",
        "restore",
        "checkout.",
        "I",
        "declared",
        "a",
        "SEV-1",
        "and",
        "opened",
        "a",
        "single",
        "incident",
        "channel.",
        "We",
        "rolled",
        "back",
        "the",
        "config",
        "push",
        "within",
        "12",
        "minutes.",
        "Checkout",
        "recovered",
        "in",
        "19",
        "minutes",
        "with",
        "no",
        "lost",
        "orders.",
    ]
    words, t = [], 0.0
    for i, w in enumerate(script):
        if i == 20:
            t += 3.0  # a long pause before the result
        words.append((w, t, t + 0.3))
        t += 0.4
    score = score_answer(story, timed(words), deck=sample_deck)
    data = score.to_json()
    assert not data["duration_estimated"]
    assert data["length"]["verdict"] == "short"
    assert data["words"] == len(script)
    assert 120 < data["words_per_minute"] < 140  # 43 words over 20 s, the pause included
    assert len(data["pauses"]) == 1 and data["pauses"][0]["seconds"] > 2.5
    seconds = data["star"]["seconds"]
    assert seconds["situation"] > 0 and seconds["task"] > 0
    assert seconds["actions"] > 0 and seconds["results"] > 0
    covered = [k for k in data["key_points"] if k["covered"]]
    assert all("start" in k and k["end"] >= k["start"] for k in covered)


def test_numbers_agree_or_disagree() -> None:
    results = [("p95 latency fell from 800 ms to 300 ms", (0, 40))]
    right = check_numbers(results, "p95 went from eight hundred to three hundred milliseconds")
    assert right[0]["agrees"] is True
    wrong = check_numbers(results, "p95 went down to about 500 milliseconds")
    assert wrong[0]["agrees"] is False
    assert check_numbers([("stable performance", None)], "it was 300 ms") == []


def test_empty_answer_scores_zero(sample_deck: Deck) -> None:
    story = sample_deck.story(OUTAGE)
    assert story is not None
    score = score_answer(story, Transcript(text="", duration_s=12.0), deck=sample_deck)
    assert score.overall == 0 and not any(k.covered for k in score.key_points)


def test_score_json_round_trip(sample_deck: Deck) -> None:
    answer = load_answers(ANSWERS)[0]
    story = sample_deck.story(answer["target_story_id"])
    assert story is not None
    score = score_answer(story, Transcript.from_text(answer["text"]), deck=sample_deck)
    from star_rehearsal.core.scoring import Score

    again = Score.from_json(json.loads(json.dumps(score.to_json())))
    assert again.to_json() == json.loads(json.dumps(score.to_json()))


def test_cli_contract(
    sample_deck_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = load_answers(ANSWERS)[0]
    transcript = tmp_path / "answer.txt"
    transcript.write_text(answer["text"])
    argv = ["score", "--deck", str(sample_deck_path), "--story", OUTAGE,
            "--transcript", str(transcript), "--json"]  # fmt: skip
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("story_id", "overall", "duration_s", "duration_estimated", "key_points", "star",
                "numbers", "length", "words", "words_per_minute", "pauses", "fillers",
                "told_story"):  # fmt: skip
        assert key in data, key
    assert data["duration_estimated"] is True
    assert data["length"]["target"] == [60.0, 90.0]
    assert {"count", "per_minute", "by_word"} <= set(data["fillers"])
    assert {"id", "similarity"} <= set(data["told_story"])
    assert set(data["star"]) >= {"situation", "task", "seconds"}
    kinds = [k["kind"] for k in data["key_points"]]
    assert kinds == sorted(kinds)  # actions first, then results
    assert main(["score", "--deck", str(sample_deck_path), "--story", "nope/1",
                 "--transcript", str(transcript)]) == 2  # fmt: skip
    assert "no story 'nope/1'" in capsys.readouterr().err


def test_a_full_passage_cache_never_loses_the_answers_vectors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The cache is emptied when full; a sentence found in it just before must still come back
    (it raised KeyError once the cache passed its size: a long session, or a benchmark)."""
    import numpy as np
    from star_rehearsal.core.scoring import embedding

    embed = embedding.load_embedder()
    assert embed is not None
    monkeypatch.setattr(embedding, "PASSAGE_CACHE", 2)
    first = embed(["We rolled back the push.", "Checkout recovered."])
    embed(["A canary stage.", "A postmortem."])  # the cache is over its size now
    again = embed(["We rolled back the push.", "Five follow-up owners."])  # one cached, one new
    assert again.shape[0] == 2 and np.allclose(again[0], first[0])
