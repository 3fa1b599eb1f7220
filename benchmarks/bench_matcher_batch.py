"""Does the matcher's batching change what it says? (results/scoring.md, "Same answer, same
score"). The int8 matcher scales its activations once per run, so a pair read in a batch may get
another probability than alone. For a batch size B against one pair a run (the shipped setting):

- consistency: each answer scored cold, then scored again after the pre-read has read it as it
  grew (the app's path during a take); point decisions that differ between the two;
- cold scoring time per answer, the two settings alternating in one process (a ratio: the
  machine is shared, so no absolute budget figure comes from here).

    .venv/bin/python benchmarks/bench_matcher_batch.py [--batch 32] [--rounds 4]
        [--writers eval-dev/authors-e eval-dev/authors-b]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "core"))
from common import ROOT


def consistency(batch: int, writers: list[str]) -> tuple[int, int, int, int]:
    """(decisions that differ, decisions, answers that changed, answers)."""
    import writer_scores as ws
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.scoring import matcher as matcher_module
    from star_rehearsal.core.scoring import pre_read, score_answer
    from star_rehearsal.core.transcript import Transcript

    matcher_module.BATCH = batch
    matcher = matcher_module.load_matcher()
    assert matcher is not None
    differ = total = changed = answers = 0
    for writer in writers:
        deck_path, answers_path = ws.WRITERS[writer]
        deck, model = load_deck(deck_path), ws.held_out_model(writer)
        for line in answers_path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            a = json.loads(line)
            story = deck.story(a["target_story_id"])
            transcript = Transcript.from_text(a["text"])
            matcher._cache.clear()
            cold = score_answer(story, transcript, deck=deck, point_model=model)
            matcher._cache.clear()
            words = a["text"].split()
            for cut in range(40, len(words), 40):  # the answer as it grows during a take
                pre_read(story, " ".join(words[:cut]))
            pre_read(story, a["text"])
            review = score_answer(story, transcript, deck=deck, point_model=model)
            flips = sum(
                p.covered != q.covered
                for p, q in zip(cold.key_points, review.key_points, strict=True)
            )
            differ += flips
            total += len(cold.key_points)
            changed += flips > 0 or cold.overall != review.overall
            answers += 1
    return differ, total, changed, answers


def cold_times(batch: int, writer: str, rounds: int) -> dict[int, list[float]]:
    import writer_scores as ws
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.scoring import matcher as matcher_module
    from star_rehearsal.core.scoring import score_answer
    from star_rehearsal.core.transcript import Transcript

    deck_path, answers_path = ws.WRITERS[writer]
    deck = load_deck(deck_path)
    rows = [json.loads(x) for x in answers_path.read_text(encoding="utf-8").splitlines() if x]
    matcher = matcher_module.load_matcher()
    assert matcher is not None
    times: dict[int, list[float]] = {batch: [], 1: []}
    for r in range(rounds):
        for b in (batch, 1) if r % 2 == 0 else (1, batch):
            matcher_module.BATCH = b
            for a in rows:
                matcher._cache.clear()
                story = deck.story(a["target_story_id"])
                started = time.perf_counter()
                score_answer(story, Transcript.from_text(a["text"]), deck=deck)
                times[b].append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument(
        "--writers", nargs="+", default=["eval-dev/authors-e", "eval-dev/authors-b"]
    )
    args = parser.parse_args()
    if not (ROOT.parent / "shared" / "eval-dev").is_dir() and any(
        w.startswith("eval-dev/") for w in args.writers
    ):
        raise SystemExit("../shared/eval-dev is not present: pass --writers ours/sample-answers-2")
    from star_rehearsal.core.scoring import warm_up

    warm_up()
    for b in (args.batch, 1):
        differ, total, changed, answers = consistency(b, args.writers)
        print(f"{b} pairs a run: {differ} of {total} point decisions differ between a cold score "
              f"and the review after the pre-read; {changed} of {answers} answers changed")  # fmt: skip
    for b, ts in cold_times(args.batch, args.writers[0], args.rounds).items():
        print(f"{b} pairs a run: cold score median {statistics.median(ts) * 1000:.0f} ms, "
              f"p90 {sorted(ts)[int(0.9 * len(ts))] * 1000:.0f} ms, max {max(ts) * 1000:.0f} ms "
              f"({len(ts)} scorings of {args.writers[0]})")  # fmt: skip


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()  # opt-outs before any dependency loads: docs/privacy.md
    main()
