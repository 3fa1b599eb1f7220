"""Fit the key-point decision (keypoints.POINT_MODEL) on OUR labelled answers, then measure it on
answers to a deck it never saw.

    .venv/bin/python benchmarks/fit_point_model.py [--train DECK ANSWERS]... [--test DECK ANSWERS]...

Training data: tests/fixtures/answers/*.jsonl (answers to stories/sample-deck.md) plus any --train
pairs, as text and as espeak-ng speech transcribed by the default engine. Test data:
../shared/eval-dev (the seed deck) where present, plus any --test pairs. Every training set is
also held out in turn (fitted on the others) to show how the fit carries to unseen answers. Prints the coefficients to paste into keypoints.py and
precision/recall/F1 of the current and the fitted model on every set.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from common import ROOT, speak

SAMPLE_DECK = ROOT / "stories" / "sample-deck.md"
SEED_DECK = ROOT.parent / "shared" / "seeds" / "000_100804521e9eac83.txt"
DEV_ANSWERS = ROOT.parent / "shared" / "eval-dev" / "answers.jsonl"
L2 = 1.0


@dataclass
class Example:
    set_name: str
    mode: str
    features: list[float]
    label: bool
    is_result: bool
    evidence: object


def transcript_for(answer: dict, answers_path: Path, story: object) -> object:
    """The answer spoken by espeak-ng and transcribed; cached beside the benchmark audio."""
    from star_rehearsal.core.transcript import Transcript
    from star_rehearsal.core.transcription import create_engine, story_prompt

    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    cached = out / f"transcript-{answers_path.stem}-{answer['id']}.json"
    if cached.exists():
        return Transcript.from_json(json.loads(cached.read_text()))
    wav = speak(answer["text"], out / f"score-{answers_path.stem}-{answer['id']}.wav")
    global _engine
    if _engine is None:
        _engine = create_engine()
    transcript = _engine.transcribe(wav, prompt=story_prompt(story))  # type: ignore[arg-type]
    cached.write_text(json.dumps(transcript.to_json()))
    return transcript


_engine = None


def examples(set_name: str, deck_path: Path, answers_path: Path) -> list[Example]:
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.scoring.embedding import load_embedder, load_query_embedder
    from star_rehearsal.core.scoring.keypoints import evidence_for
    from star_rehearsal.core.scoring.score import _deck_context
    from star_rehearsal.core.transcript import Transcript

    deck = load_deck(deck_path)
    idf, _ = _deck_context(tuple(deck.all_stories()))
    embed, qembed = load_embedder(), load_query_embedder()
    out = []
    for line in answers_path.read_text().splitlines():
        if not line.strip():
            continue
        answer = json.loads(line)
        story = deck.story(answer["target_story_id"])
        assert story is not None, answer["target_story_id"]
        labels = answer["actions"] + answer["results"]
        for mode in ("text", "speech"):
            transcript = (
                Transcript.from_text(answer["text"])
                if mode == "text"
                else transcript_for(answer, answers_path, story)
            )
            points = story.key_points
            found = evidence_for([t for _, t in points], transcript.text, idf, embed, qembed)  # type: ignore[attr-defined]
            for (kind, _), ev, label in zip(points, found, labels, strict=True):
                is_result = kind == "result"
                out.append(
                    Example(set_name, mode, ev.features(is_result), bool(label), is_result, ev)
                )
    return out


def fit(xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (the bias is not penalised)."""
    w = np.zeros(xs.shape[1])
    penalty = np.full(xs.shape[1], L2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-xs @ w))
        grad = xs.T @ (p - ys) + penalty * w
        hess = (xs * (p * (1 - p))[:, None]).T @ xs + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def report(name: str, data: list[Example], model: tuple[float, ...]) -> str:
    from star_rehearsal.core.scoring import keypoints

    saved = keypoints.POINT_MODEL
    keypoints.POINT_MODEL = model
    try:
        tp = fp = fn = 0
        for e in data:
            covered, _ = keypoints.decide(e.evidence, e.is_result)  # type: ignore[arg-type]
            tp += covered and e.label
            fp += covered and not e.label
            fn += (not covered) and e.label
    finally:
        keypoints.POINT_MODEL = saved
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return f"{name}: P {p:.3f} R {r:.3f} F1 {2 * p * r / max(1e-9, p + r):.3f} ({len(data)} points)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--train", nargs=2, action="append", default=[], metavar=("DECK", "ANSWERS")
    )
    parser.add_argument("--test", nargs=2, action="append", default=[], metavar=("DECK", "ANSWERS"))
    args = parser.parse_args()
    from star_rehearsal.core.scoring import keypoints, warm_up

    warm_up()
    train: list[Example] = []
    for path in sorted((ROOT / "tests" / "fixtures" / "answers").glob("*.jsonl")):
        train += examples(path.stem, SAMPLE_DECK, path)
    for deck_path, answers_path in args.train:
        train += examples(f"{Path(answers_path).parent.name}/{Path(answers_path).stem}",
                          Path(deck_path), Path(answers_path))  # fmt: skip
    tests = [("eval-dev", SEED_DECK, DEV_ANSWERS)] if DEV_ANSWERS.exists() else []
    tests += [(Path(a).stem, Path(d), Path(a)) for d, a in args.test]
    test: list[Example] = []
    for name, deck, answers in tests:
        test += examples(name, deck, answers)
    xs = np.array([e.features for e in train])
    ys = np.array([float(e.label) for e in train])
    w = fit(xs, ys)
    fitted = tuple(round(float(v), 2) for v in w)
    print("POINT_MODEL =", fitted)
    print("-- each training set held out (fitted on the others)")
    for held in sorted({e.set_name for e in train}):
        rest = [e for e in train if e.set_name != held]
        model = tuple(float(v) for v in fit(np.array([e.features for e in rest]),
                                            np.array([float(e.label) for e in rest])))  # fmt: skip
        for mode in ("text", "speech"):
            chosen = [e for e in train if e.set_name == held and e.mode == mode]
            print("  ", report(f"{held:22} {mode:6}", chosen, model))
    for label, model in (("current", keypoints.POINT_MODEL), ("fitted", fitted)):
        print(f"-- {label} {model}")
        for name in sorted({e.set_name for e in train + test}):
            for mode in ("text", "speech"):
                chosen = [e for e in train + test if e.set_name == name and e.mode == mode]
                print("  ", report(f"{name:22} {mode:6}", chosen, model))


if __name__ == "__main__":
    main()
