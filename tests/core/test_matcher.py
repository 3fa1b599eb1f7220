"""The trained key-point matcher and the fitted point model: real ONNX model, real embeddings,
real labelled answers. The shipped matcher was tuned on (point, stretch) pairs from every
labelled writer, so the quality bars here are regression guards: each writer is scored by the
point model fitted without it, but held-out figures for the matcher too come from
benchmarks/bench_scoring.py, which uses matchers tuned on the other deck's writers only."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.scoring import score_answer
from star_rehearsal.core.scoring.matcher import MODEL_DIR, load_matcher
from star_rehearsal.core.scoring.point_model import MODEL_FILE, load_point_model
from star_rehearsal.core.transcript import Transcript
from writer_scores import writer_score

REPO = Path(__file__).parents[2]

# The issue's own examples of what a speaker says for a point in quite other words.
PARAPHRASES = [
    ("implemented an adapter to emit both versions during a deprecation window",
     "So I built a shim that published both the old and the new version side by side for a "
     "transition period."),
    ("Selected third-party CDC (Bemi) after PoC",
     "After trying it out on a small scale I went with a vendor, Bemi."),
    ("piloted with non-critical jobs",
     "We did a trial run on a handful of low-stakes jobs first."),
    ("tracked deferrals and owners",
     "I kept a list of every thing we pushed to later, with the name of who owns it."),
]  # fmt: skip
# Same topic and words, another claim.
NEAR_MISSES = [
    ("implemented an adapter to emit both versions during a deprecation window",
     "The old version of the events was hard to read, and nobody had documented it."),
    ("SLOs met consistently",
     "We spent a week writing the SLOs down and discussing what they should be."),
]  # fmt: skip


def test_matcher_reads_paraphrase_and_rejects_same_topic_claims() -> None:
    matcher = load_matcher()
    assert matcher is not None, "onnxruntime and the matcher model ship with the app"
    said = matcher.probabilities([p for p, _ in PARAPHRASES], [s for _, s in PARAPHRASES])
    other = matcher.probabilities([p for p, _ in NEAR_MISSES], [s for _, s in NEAR_MISSES])
    # Three of the four paraphrases beat both near misses; "went with a vendor, Bemi" for
    # "Selected third-party CDC (Bemi) after PoC" fell to 0.37 with the matcher retrained on our
    # plain-words sets (b116aca; 0.5+ before), below the adapter near miss (0.42).
    assert sum(p > max(other) for p in said) >= 3, (said, other)
    assert sum(p >= 0.5 for p in said) >= 3, said
    assert all(p < 0.5 for p in other), other


def test_matcher_reads_polarity() -> None:
    """The matcher alone reads topic, not polarity (it gives this pair 0.97); the scorer reads
    the clause it found for what happened (polarity.py), so the point is not covered, and the
    review asks the user to listen to it."""
    from star_rehearsal.core.scoring.embedding import load_embedder, load_query_embedder
    from star_rehearsal.core.scoring.keypoints import match_points

    matcher = load_matcher()
    assert matcher is not None
    said = "Most of the jobs were critical, so they all ran every night on the main cluster."
    [match] = match_points(
        ["piloted with non-critical jobs"], said, {}, load_embedder(), load_query_embedder(),
        matcher=matcher,
    )  # fmt: skip
    assert not match.covered and match.unsure, match
    [done] = match_points(
        ["piloted with non-critical jobs"],
        "We piloted it on a few non-critical jobs first.",
        {}, load_embedder(), load_query_embedder(), matcher=matcher,
    )  # fmt: skip
    assert done.covered, done


def test_matcher_is_deterministic_and_cached() -> None:
    matcher = load_matcher()
    assert matcher is not None
    pairs = PARAPHRASES[:2]
    first = matcher.probabilities([p for p, _ in pairs], [s for _, s in pairs])
    again = matcher.probabilities([p for p, _ in pairs][::-1], [s for _, s in pairs][::-1])
    assert list(first) == list(again[::-1])


def test_a_pair_reads_the_same_alone_or_among_others() -> None:
    """The int8 model's activation scale is per run: batched, a pair's probability moved with its
    neighbours (measured up to 0.5), so the pre-read during a take and a cold `score` disagreed."""
    from star_rehearsal.core.scoring.matcher import Matcher

    point, sentence = PARAPHRASES[1]
    alone = Matcher().probabilities([point], [sentence])
    crowd = [(p, s + " " + s) for p, s in PARAPHRASES + NEAR_MISSES] * 4 + [(point, sentence)]
    among = Matcher().probabilities([p for p, _ in crowd], [s for _, s in crowd])
    assert float(among[-1]) == float(alone[0])


def test_pairs_read_side_by_side_read_as_they_do_one_by_one() -> None:
    """Two runs at a time (matcher.READERS) halve the reading after Stop on a busy machine; the
    probabilities, and the order they come back in, must not depend on it."""
    from star_rehearsal.core.scoring.matcher import Matcher

    crowd = [(p, s + " " + s) for p, s in PARAPHRASES + NEAR_MISSES] + PARAPHRASES + NEAR_MISSES
    one = Matcher(threads=1)
    two = Matcher(threads=2)
    alone = one.probabilities([p for p, _ in crowd], [s for _, s in crowd])
    side_by_side = two.probabilities([p for p, _ in crowd], [s for _, s in crowd])
    assert two.calls_side_by_side == 1 and one.calls_side_by_side == 0  # two threads read them
    assert [float(v) for v in side_by_side] == [float(v) for v in alone]


def test_the_review_after_a_take_equals_a_cold_score(sample_deck_path: Path) -> None:
    """During a take the pre-read fills the matcher's cache as the answer grows; the review then
    reads the rest. It must decide as `star-rehearsal score` does on the same transcript (with
    batched reading 11 of 254 point decisions of two writers differed)."""
    from star_rehearsal.core.scoring import pre_read

    deck = load_deck(sample_deck_path)
    matcher = load_matcher()
    assert matcher is not None
    lines = (REPO / "tests/fixtures/answers/sample-answers-2.jsonl").read_text().splitlines()
    for line in lines[:4]:
        answer = json.loads(line)
        story = deck.story(answer["target_story_id"])
        assert story is not None
        transcript = Transcript.from_text(answer["text"])
        matcher._cache.clear()
        cold = score_answer(story, transcript, deck=deck)
        matcher._cache.clear()
        words = answer["text"].split()
        for cut in range(30, len(words), 30):  # the answer as it grows during the take
            pre_read(story, " ".join(words[:cut]))
        review = score_answer(story, transcript, deck=deck)
        assert [(k.covered, k.confidence) for k in review.key_points] == [
            (k.covered, k.confidence) for k in cold.key_points
        ], answer["id"]
        assert review.overall == cold.overall


def test_a_full_cache_starts_again_without_losing_the_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long session fills the cache; the call that overflows it asks for pairs read before
    (cached) and new ones. Clearing the cache used to drop the old ones and raise KeyError."""
    from star_rehearsal.core.scoring import matcher as matcher_module

    matcher = matcher_module.Matcher()
    before = matcher.probabilities([PARAPHRASES[0][0]], [PARAPHRASES[0][1]])
    monkeypatch.setattr(matcher_module, "CACHE_PAIRS", 2)
    pairs = PARAPHRASES[:1] + NEAR_MISSES  # one cached, two new: over the limit
    read = matcher.probabilities([p for p, _ in pairs], [s for _, s in pairs])
    assert len(read) == 3 and read[0] == before[0]


PAIRS = "benchmarks/data/paraphrase-pairs/"


def test_model_files_name_their_training_data() -> None:
    """A fresh clone can check what the shipped weights were fitted on."""
    manifest = json.loads((MODEL_DIR / "manifest.json").read_text())
    digest = hashlib.sha256((MODEL_DIR / "model.onnx").read_bytes()).hexdigest()
    assert manifest["model_sha256"] == digest
    argkp = [n for n in manifest["training_files"] if n.startswith("../shared/external/argkp/")]
    assert len(argkp) == 3, manifest
    # Our paraphrase pairs, in the repository (checked byte for byte) ...
    pairs = [n for n in manifest["training_files"] if n.startswith(PAIRS)]
    assert len(pairs) == 6, manifest
    for name in pairs:
        digest_now = hashlib.sha256((REPO / name).read_bytes()).hexdigest()
        assert digest_now == manifest["training_files"][name], name
    # ... and (point, stretch) pairs that domain_pairs.py derives from the labelled answers.
    rest = set(manifest["training_files"]) - set(argkp) - set(pairs)
    assert rest <= {"benchmarks/out/domain/all.jsonl"}
    model = json.loads(MODEL_FILE.read_text())
    assert model["matcher_sha256"] == digest, "point_model.json was fitted with another matcher"
    for name, want in model["training_files"].items():
        path = REPO / name
        if path.exists():  # ../shared is not on a user's machine
            assert hashlib.sha256(path.read_bytes()).hexdigest() == want, name
    ours = [n for n in model["training_files"] if n.startswith("tests/fixtures/answers/")]
    assert len(ours) == 5, ours  # sample-answers-5 (concise) the matchers never saw
    ours_seed = [n for n in model["training_files"] if n.startswith("benchmarks/data/")]
    assert len(ours_seed) == 1, ours_seed
    assert len(model["held_out"]) == len(model["training_files"]) == 12  # e and f since #27
    assert set(model["threshold_held_out"]) == set(model["held_out"])
    if model["matcher_protocol"] != "shipped":  # no held-out matchers, no new-deck protocol
        assert set(model["held_out_new_deck"]) == set(model["held_out"])


def test_writer_never_fitted_on_plain_words(shared_dir: Path) -> None:
    """authors-b says the story in plain everyday words: the hardest writer for word overlap
    (recall 0.63 before the matcher; 0.60 held out from the matcher as well). Scored once per
    session with the other writers' floors (writer_scores.py)."""
    result = writer_score("eval-dev/authors-b")
    assert result.recall >= 0.61, result  # 0.847 measured (one pair a run; 0.833 batched)
    assert result.precision >= 0.90, result  # 0.924 measured (0.968 batched)


def test_our_paraphrased_set_held_out() -> None:
    result = writer_score("ours/sample-answers-2")
    assert result.recall >= 0.93 and result.precision >= 0.83, result  # 0.984 / 0.923


def test_unsure_points_keep_evidence_to_listen_to(sample_deck_path: Path) -> None:
    deck = load_deck(sample_deck_path)
    story = deck.story("tell-me-about-a-time-you-handled-a-production-outage/1")
    assert story is not None
    # Half-said, in an answer of realistic length (the point model reads the answer's size, and
    # was fitted on answers of 7+ sentences and pairs: a one-liner is judged as thin as those):
    # "new gateway settings were tried on a few servers first" for the canary stage (0.39 with
    # the model of this commit, the matcher reading one pair at a time); "made it a big incident"
    # for the SEV-1 (0.18) and "put the old settings back" for the rollback (0.12) stay unsaid.
    vague = ("It was the week before Black Friday, and our checkout started failing for a lot of "
             "customers. Payments were failing, and I was the one on call that evening. So I made "
             "it a big incident and got people together. We put the old settings back. Things "
             "calmed down after a while. Afterwards, new gateway settings were tried on a few "
             "servers first. I learned a lot from it.")  # fmt: skip
    score = score_answer(story, Transcript.from_text(vague), deck=deck)
    unsure = [k for k in score.key_points if k.unsure]
    assert unsure, [(k.text, k.confidence) for k in score.key_points]
    for k in unsure:
        assert k.evidence and k.span is not None
        assert 0.3 <= k.confidence < 0.7
    data = score.to_json()
    assert all(isinstance(k["covered"], bool) and "unsure" in k for k in data["key_points"])


def test_without_the_matcher_the_variant_model_is_used(
    sample_deck_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import star_rehearsal.core.scoring.score as score_module

    monkeypatch.setattr(score_module, "load_matcher", lambda: None)
    deck = load_deck(sample_deck_path)
    story = deck.story("tell-me-about-a-time-you-handled-a-production-outage/1")
    assert story is not None
    text = ("I called a SEV-1 and moved everyone into one incident channel, we reverted the config "
            "push in twelve minutes, and checkout was healthy again after nineteen minutes.")  # fmt: skip
    score = score_answer(story, Transcript.from_text(text), deck=deck)
    assert score.data["matcher"] is False
    assert sum(k.covered for k in score.key_points) >= 3
    assert load_point_model(with_matcher=False) != load_point_model()


def test_the_pre_read_stops_between_batches_when_asked(sample_deck_path: Path) -> None:
    """After Stop the last piece is decoded alone: a pre-read still running gives way at its
    next batch, and what it read so far stays cached for the score."""
    from star_rehearsal.core.scoring import pre_read
    from star_rehearsal.core.scoring.keypoints import PRE_READ_BATCH

    deck = load_deck(sample_deck_path)
    story = deck.all_stories()[0]
    answer = " ".join(f"Sentence number {i} says we shipped the thing on time." for i in range(12))
    asked: list[int] = []

    def stop_after_one_batch() -> bool:
        asked.append(1)
        return len(asked) > 1

    read = pre_read(story, answer, stop_after_one_batch)
    assert len(asked) == 2 and read == PRE_READ_BATCH  # one batch read, then it stopped
    assert pre_read(story, answer) > read  # unasked, it reads every pair


def test_loading_the_matcher_registers_no_exit_hook() -> None:
    """The scorer may load on a worker thread while the app shuts down (Ctrl+C as the window is
    built): concurrent.futures registers an exit hook on import, which then raises "can't
    register atexit after shutdown" (tests/test_signals.py caught it once on a clean clone)."""
    import subprocess
    import sys

    code = ("import sys, star_rehearsal.core.scoring.matcher\n"
            "print('concurrent.futures.thread' in sys.modules)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
