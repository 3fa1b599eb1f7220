"""Scoring quality on hand-labelled answers, each writer scored by the point model fitted
WITHOUT that writer (point_model.json "held_out", written by fit_point_model.py), as text and
spoken by espeak-ng then transcribed.

    .venv/bin/python benchmarks/bench_scoring.py [--no-speech] [--protocol writer|deck]

Writers: fit_point_model.writer_sets(). The matcher scoring a writer was tuned on ArgKP and
every other writer (--protocol writer, results/scoring.md), or on the other deck's writers only
(--protocol deck, results/scoring-new-deck.md: a user whose stories no labelled answer touched).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import ROOT
from fit_point_model import (
    MODEL_FILE,
    labelled_answers,
    matcher_for,
    prf,
    transcript_in,
    writer_sets,
)

HELD_OUT_KEY = {"writer": "held_out", "deck": "held_out_new_deck"}
KIND_ORDER = ["full", "partial", "no_results", "thin", "other_story", "rambling", "asr_noise"]


def evaluate(writer: str, deck_path: Path, answers_path: Path, speech: bool,
             protocol: str = "writer") -> dict[str, object]:  # fmt: skip
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.scoring import score_answer
    from star_rehearsal.core.scoring.point_model import PointModel

    held_out = json.loads(MODEL_FILE.read_text())[HELD_OUT_KEY[protocol]]
    model = PointModel(tuple(held_out[writer]))
    deck = load_deck(deck_path)
    matcher = matcher_for(deck_path, writer, protocol)
    tp = fp = fn = told = 0
    by_kind: dict[str, list[int]] = {}
    times: list[float] = []
    after_take: list[float] = []
    answers = labelled_answers(deck, answers_path)
    for a, story in answers:
        transcript = transcript_in("speech" if speech else "text", a, answers_path, story)
        forget()
        t0 = time.perf_counter()
        score = score_answer(story, transcript, deck=deck, point_model=model,  # type: ignore[arg-type]
                             matcher=matcher)  # fmt: skip
        times.append(time.perf_counter() - t0)
        if speech:
            after_take.append(time_after_take(story, deck, transcript, model, matcher))
        for point, label in zip(score.key_points, a["actions"] + a["results"], strict=True):
            tp += point.covered and label
            fp += point.covered and not label
            fn += (not point.covered) and label
        told += score.data["told_story"]["id"] == a["told_story_id"]
        by_kind.setdefault(a["kind"], []).append(score.overall)
    return {"n": len(answers), "counts": (tp, fp, fn), "told": told,
            "kinds": by_kind, "times": times, "after_take": after_take}  # fmt: skip


def forget() -> None:
    """Cold caches: what a first reading of this answer costs."""
    from star_rehearsal.core.scoring import embedding
    from star_rehearsal.core.scoring.matcher import load_matcher

    embedding._passage_cache.clear()
    for m in (load_matcher(), *_cross_deck_matchers()):
        m._cache.clear()  # type: ignore[union-attr]


def _cross_deck_matchers() -> list[object]:
    from fit_point_model import _matchers

    return list(_matchers.values())


def time_after_take(story: object, deck: object, transcript: object, model: object,
                    matcher: object) -> float:  # fmt: skip
    """Scoring after Stop when the answer was read during the take, segment by segment, as the
    live transcriber hands them over (core.scoring.pre_read)."""
    from star_rehearsal.core.scoring import score_answer
    from star_rehearsal.core.scoring.embedding import load_embedder
    from star_rehearsal.core.scoring.keypoints import pre_read

    forget()
    so_far = ""
    for segment in transcript.segments:  # type: ignore[attr-defined]
        so_far = f"{so_far} {segment.text.strip()}".strip()
        pre_read([t for _, t in story.key_points], [story.situation, story.task], so_far,  # type: ignore[attr-defined]
                 matcher, load_embedder())  # type: ignore[arg-type]  # fmt: skip
    t0 = time.perf_counter()
    score_answer(story, transcript, deck=deck, point_model=model, matcher=matcher)  # type: ignore[arg-type]
    return time.perf_counter() - t0


def row(name: str, mode: str, n: int, counts: tuple[int, int, int], told: int,
        kinds: dict[str, list[int]], times: list[float]) -> str:  # fmt: skip
    p, r, f = prf(*counts)
    mean = ", ".join(f"{k} {statistics.mean(kinds[k]):.0f}" for k in KIND_ORDER if k in kinds)
    return (f"| {name} | {mode} | {n} | {p:.3f} | {r:.3f} | {f:.3f} | {told / n:.0%} | {mean} | "
            f"{1000 * statistics.median(times):.0f} / {1000 * max(times):.0f} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-speech", action="store_true")
    parser.add_argument("--protocol", choices=sorted(HELD_OUT_KEY), default="writer",
                        help="matcher tuned on every other writer, or on the other deck's only")  # fmt: skip
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    name = "scoring.md" if args.protocol == "writer" else "scoring-new-deck.md"
    args.out = args.out or ROOT / "benchmarks" / "results" / name
    from star_rehearsal.core.scoring import warm_up

    warm_up()
    lines = ["# Scoring benchmark", "",
             "Key-point precision/recall/F1 against hand labels, told-story accuracy, mean overall "
             "score per answer kind, and scoring time per answer (models loaded, caches cold). "
             "Every writer is scored by the point model fitted on the OTHER writers "
             f"(`benchmarks/fit_point_model.py`, `point_model.json` \"{HELD_OUT_KEY[args.protocol]}\"), "
             "and read by the matcher tuned on ArgKP and "
             + ("every OTHER writer (`benchmarks/make_writer_matchers.sh`)"
                if args.protocol == "writer" else
                "the OTHER deck's writers only (`benchmarks/make_matcher.sh`): the case of a user "
                "whose own stories no labelled answer ever touched")
             + ". 'speech' = the answer "
             "spoken by espeak-ng (155 wpm) and transcribed by the default engine with the story "
             "prompt.", "",
             "| writer (held out) | input | answers | precision | recall | F1 | told story | "
             "mean overall by kind | score ms (median / max) |",
             "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    modes = ["text"] if args.no_speech else ["text", "speech"]
    after_take_all: list[float] = []
    pooled = {m: {"n": 0, "counts": (0, 0, 0), "told": 0, "kinds": {}, "times": []} for m in modes}
    for writer, deck, answers in writer_sets():
        for mode in modes:
            r = evaluate(writer, deck, answers, speech=mode == "speech", protocol=args.protocol)
            lines.append(row(writer, mode, r["n"], r["counts"], r["told"], r["kinds"], r["times"]))  # type: ignore[arg-type]
            print(lines[-1], flush=True)
            acc = pooled[mode]
            acc["n"] += r["n"]  # type: ignore[operator]
            acc["counts"] = tuple(a + b for a, b in zip(acc["counts"], r["counts"], strict=True))  # type: ignore[arg-type,call-overload]
            acc["told"] += r["told"]  # type: ignore[operator]
            for k, v in r["kinds"].items():  # type: ignore[attr-defined]
                acc["kinds"].setdefault(k, []).extend(v)  # type: ignore[attr-defined]
            acc["times"] += r["times"]  # type: ignore[operator]
            after_take_all.extend(r["after_take"])  # type: ignore[arg-type]
    for mode in modes:
        a = pooled[mode]
        lines.append(row("**all writers, each held out**", mode, a["n"], a["counts"], a["told"],
                         a["kinds"], a["times"]))  # type: ignore[arg-type]  # fmt: skip
        print(lines[-1], flush=True)
    if after_take_all:
        lines += ["", f"Scoring after Stop when the answer was read during the take (speech, "
                  f"{len(after_take_all)} answers): median "
                  f"{1000 * statistics.median(after_take_all):.0f} ms, max "
                  f"{1000 * max(after_take_all):.0f} ms; cold (table above) median "
                  f"{1000 * statistics.median(pooled['speech']['times']):.0f} ms. "  # type: ignore[arg-type]
                  f"Load average while measuring: {os.getloadavg()[0]:.1f}."]  # fmt: skip
        print(lines[-1])
    args.out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()  # opt-outs before any dependency loads: docs/privacy.md
    main()
