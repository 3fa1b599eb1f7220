"""Scoring quality on hand-labelled answers, as text and spoken by espeak-ng then transcribed.

    .venv/bin/python benchmarks/bench_scoring.py [--no-speech]

Sets: ../shared/eval-dev (answers to the seed deck, where present) and our own
tests/fixtures/answers (answers to stories/sample-deck.md).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import ROOT, speak

SETS = [
    ("eval-dev (seed deck)", ROOT.parent / "shared" / "seeds" / "000_100804521e9eac83.txt",
     ROOT.parent / "shared" / "eval-dev" / "answers.jsonl"),
    ("ours (sample deck)", ROOT / "stories" / "sample-deck.md",
     ROOT / "tests" / "fixtures" / "answers" / "sample-answers.jsonl"),
    ("ours, paraphrased (sample deck)", ROOT / "stories" / "sample-deck.md",
     ROOT / "tests" / "fixtures" / "answers" / "sample-answers-2.jsonl"),
    ("ours, spoken style (sample deck)", ROOT / "stories" / "sample-deck.md",
     ROOT / "tests" / "fixtures" / "answers" / "sample-answers-3.jsonl"),
]  # fmt: skip
KIND_ORDER = ["full", "partial", "no_results", "thin", "other_story", "rambling", "asr_noise"]


def evaluate(deck_path: Path, answers_path: Path, speech: bool) -> dict[str, object]:
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.scoring import score_answer, warm_up
    from star_rehearsal.core.transcript import Transcript
    from star_rehearsal.core.transcription import create_engine, story_prompt

    warm_up()
    deck = load_deck(deck_path)
    engine = create_engine() if speech else None
    tp = fp = fn = told = 0
    by_kind: dict[str, list[int]] = {}
    times = []
    work = ROOT / "benchmarks" / "out"
    work.mkdir(parents=True, exist_ok=True)
    answers = [json.loads(x) for x in answers_path.read_text().splitlines() if x.strip()]
    for a in answers:
        story = deck.story(a["target_story_id"])
        assert story is not None
        if engine is not None:
            wav = speak(a["text"], work / f"score-{answers_path.stem}-{a['id']}.wav")
            transcript = engine.transcribe(wav, prompt=story_prompt(story))
        else:
            transcript = Transcript.from_text(a["text"])
        t0 = time.perf_counter()
        score = score_answer(story, transcript, deck=deck)
        times.append(time.perf_counter() - t0)
        for point, label in zip(score.key_points, a["actions"] + a["results"], strict=True):
            tp += point.covered and label
            fp += point.covered and not label
            fn += (not point.covered) and label
        told += score.data["told_story"]["id"] == a["told_story_id"]
        by_kind.setdefault(a["kind"], []).append(score.overall)
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {"n": len(answers), "precision": p, "recall": r, "f1": 2 * p * r / max(1e-9, p + r),
            "told": told / len(answers), "mean": {k: statistics.mean(v) for k, v in by_kind.items()},
            "score_ms_median": 1000 * statistics.median(times),
            "score_ms_max": 1000 * max(times)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-speech", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "scoring.md")
    parser.add_argument("--extra", nargs=3, action="append", default=[],
                        metavar=("NAME", "DECK", "ANSWERS"), help="another labelled set")  # fmt: skip
    args = parser.parse_args()
    SETS.extend((name, Path(deck), Path(answers)) for name, deck, answers in args.extra)
    lines = ["# Scoring benchmark", "",
             "Key-point precision/recall/F1 against hand labels, told-story accuracy, mean overall "
             "score per answer kind, and scoring time per answer (models loaded). 'speech' = the "
             "answer spoken by espeak-ng (155 wpm) and transcribed by the default engine with the "
             "story prompt. Key points are decided by keypoints.POINT_MODEL, fitted on the two 'ours' "
             "sets only (benchmarks/fit_point_model.py); eval-dev answers another deck and was "
             "never part of the fit.", "",
             "| set | input | answers | precision | recall | F1 | told story | mean overall by kind | score ms (median / max) |",
             "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for name, deck, answers in SETS:
        if not answers.exists():
            continue
        for mode in ("text", "speech"):
            if mode == "speech" and args.no_speech:
                continue
            r = evaluate(deck, answers, speech=mode == "speech")
            mean = r["mean"]
            kinds = ", ".join(f"{k} {mean[k]:.0f}" for k in KIND_ORDER if k in mean)  # type: ignore[index,operator]
            lines.append(f"| {name} | {mode} | {r['n']} | {r['precision']:.3f} | {r['recall']:.3f} | "
                         f"{r['f1']:.3f} | {r['told']:.0%} | {kinds} | "
                         f"{r['score_ms_median']:.0f} / {r['score_ms_max']:.0f} |")  # fmt: skip
            print(lines[-1], flush=True)
    args.out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
