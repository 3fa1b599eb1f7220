"""Try changes to the key-point decision on the held-out protocol before building them.

    .venv/bin/python benchmarks/scoring_variants.py collect   # about 6 min on 2 cores
    .venv/bin/python benchmarks/scoring_variants.py report    # seconds

`collect` reads every labelled answer (as text and through speech, the writer's held-out matcher,
as fit_point_model.py does) and keeps, beside the scorer's own evidence, the matcher's
probability for every (point or rival, stretch) pair, not only for the few stretches the scorer
reads: benchmarks/out/variants.pkl. `report` refits the logistic for each writer held out in
turn with each variant's features and prints pooled precision / recall / F1 (results in
benchmarks/results/scoring-variants.md).
"""

from __future__ import annotations

import dataclasses
import pickle
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import fit_point_model as fpm
from common import ROOT

OUT = ROOT / "benchmarks" / "out" / "variants.pkl"


def collect() -> None:
    from star_rehearsal.core.deck_parser import load_deck
    from star_rehearsal.core.scoring import keypoints as kp
    from star_rehearsal.core.scoring import warm_up
    from star_rehearsal.core.scoring.analysed import as_analysed
    from star_rehearsal.core.scoring.embedding import load_embedder, load_query_embedder
    from star_rehearsal.core.scoring.score import _deck_context

    warm_up()
    embed, qembed = load_embedder(), load_query_embedder()
    assert embed is not None and qembed is not None
    rows = []
    for writer, deck_path, answers_path in fpm.writer_sets():
        started = time.time()
        deck = load_deck(deck_path)
        idf, index = _deck_context(tuple(deck.all_stories()))
        matcher: Any = fpm.matcher_for(deck_path, writer, "writer")
        for answer, story in fpm.labelled_answers(deck, answers_path):
            for mode in ("text", "speech"):
                text = fpm.transcript_in(mode, answer, answers_path, story).text  # type: ignore[attr-defined]
                points = [p for _, p in story.key_points]  # type: ignore[attr-defined]
                rivals = [story.situation, story.task]  # type: ignore[attr-defined]
                elsewhere = index.best(text, story.id).elsewhere  # type: ignore[attr-defined]
                found = kp.evidence_for(
                    points, text, idf, embed, qembed, matcher, rivals, elsewhere
                )
                analysed = as_analysed(text)
                sents = kp.sentences(analysed.text, analysed.tokens, clauses=analysed.clauses)
                stretch = kp.stretches(sents)
                everyone = [*points, *[r for r in rivals if r.strip()]]
                probs = np.zeros((len(everyone), len(stretch)), dtype=np.float32)
                if stretch:
                    pairs = [(p, w.text) for p in everyone for w in stretch]
                    probs = matcher.probabilities([a for a, _ in pairs], [b for _, b in pairs])
                    probs = probs.reshape(len(everyone), len(stretch))
                rows.append({"writer": writer, "mode": mode,
                             "labels": answer["actions"] + answer["results"],
                             "kinds": [k for k, _ in story.key_points],  # type: ignore[attr-defined]
                             "evidence": found, "probs": probs,
                             "words": analysed.spoken_words})  # fmt: skip
        print(f"{writer}: {time.time() - started:.0f} s", flush=True)
    OUT.write_bytes(pickle.dumps(rows))
    print(f"wrote {OUT.relative_to(ROOT)}")


Extra = Callable[[dict, int, Any], list[float]]


def no_extra(row: dict, pi: int, ev: Any) -> list[float]:
    return []


def all_stretches(row: dict, pi: int, ev: Any) -> list[float]:
    """The matcher's best stretch over ALL stretches, and its margin there."""
    probs = row["probs"]
    if probs.shape[1] == 0:
        return [0.0, 0.0]
    j = int(probs[pi].argmax())
    others = np.delete(probs[:, j], pi)
    return [float(probs[pi, j]), float(probs[pi, j] - (others.max() if others.size else 0.0))]


def second_best(row: dict, pi: int, ev: Any) -> list[float]:
    """Evidence that accumulates: the second-best stretch, and whether two stretches pass 0.3."""
    probs = row["probs"]
    if probs.shape[1] < 2:
        return [0.0, 0.0]
    ranked = np.sort(probs[pi])[::-1]
    return [float(ranked[1]), float((probs[pi] > 0.3).sum() > 1)]


def interactions(row: dict, pi: int, ev: Any) -> list[float]:
    return [(ev.entail or 0.0) * ev.lexical, (ev.entail or 0.0) * (ev.margin or 0.0)]


def best_point_of_stretch(row: dict, pi: int, ev: Any) -> list[float]:
    """Is this point the story's best match for its own best stretch?"""
    probs = row["probs"]
    if probs.shape[1] == 0:
        return [0.0]
    j = int(probs[pi].argmax())
    return [float(probs[pi, j] >= probs[:, j].max() - 1e-6)]


def replace_with_all_stretches(row: dict, pi: int, ev: Any) -> Any:
    """The scorer's own features, with the matcher reading every stretch (not 3 + neighbours)."""
    entail, margin = all_stretches(row, pi, ev)
    return dataclasses.replace(ev, entail=entail, margin=margin)


def matcher_logit(row: dict, pi: int, ev: Any) -> list[float]:
    """The matcher's confidence on the log-odds scale: 0.99 and 0.9 differ as much as 0.5 and 0.1."""
    p = min(max(ev.entail or 0.0, 1e-4), 1 - 1e-4)
    return [float(np.log(p / (1 - p))) / 8]


def without_other_story(row: dict, pi: int, ev: Any) -> Any:
    return dataclasses.replace(ev, elsewhere=0.0)


def without_answer_size(row: dict, pi: int, ev: Any) -> Any:
    return dataclasses.replace(ev, answer_stretches=0)


def without_either(row: dict, pi: int, ev: Any) -> Any:
    return dataclasses.replace(ev, elsewhere=0.0, answer_stretches=0)


def words_not_stretches(row: dict, pi: int, ev: Any) -> Any:
    """The answer's size in words (log-scaled like stretches), instead of its stretches."""
    return dataclasses.replace(ev, answer_stretches=float(np.expm1(np.log1p(row["words"]) * 3 / 5)))


def design(rows: list[dict], extra: Extra, swap: Callable[..., Any] | None = None) -> tuple:
    from star_rehearsal.core.scoring import keypoints as kp

    xs, ys, writers, modes, gates = [], [], [], [], []
    for row in rows:
        for pi, (ev, label, kind) in enumerate(
            zip(row["evidence"], row["labels"], row["kinds"], strict=True)
        ):
            ev = swap(row, pi, ev) if swap else ev
            base = ev.features(kind == "result")
            xs.append(base[:-1] + extra(row, pi, ev) + [1.0])
            ys.append(float(label))
            writers.append(row["writer"])
            modes.append(row["mode"])
            gates.append(
                (ev.specific and ev.lexical >= kp.LEX_FLOOR)
                or (ev.cosine or 0.0) >= kp.SEM_SURE
                or (ev.entail or 0.0) >= kp.ENTAIL_SURE
            )
    return (np.array(xs), np.array(ys), np.array(writers), np.array(modes), np.array(gates))


def held_out(matrices: tuple, *, gate: bool = True, threshold: float = 0.5,
             balanced: bool = False, l2: float = fpm.L2) -> dict[str, Any]:  # fmt: skip
    xs, ys, writers, modes, gates = matrices
    pooled = {"text": [0, 0, 0], "speech": [0, 0, 0]}
    per_writer = {}
    for writer in sorted(set(writers)):
        train = writers != writer
        per_example = None
        if balanced:  # each writer weighs the same, however many answers
            names, sizes = np.unique(writers[train], return_counts=True)
            share = dict(zip(names, train.sum() / (len(names) * sizes), strict=True))
            per_example = np.array([share[w] for w in writers[train]])
        weights = fpm.fit_arrays(xs[train], ys[train], per_example, l2)
        for mode in ("text", "speech"):
            sel = (writers == writer) & (modes == mode)
            covered = 1 / (1 + np.exp(-xs[sel] @ weights)) >= threshold
            if gate:
                covered &= gates[sel]
            said = ys[sel] > 0
            counts = (int((covered & said).sum()), int((covered & ~said).sum()),
                      int((~covered & said).sum()))  # fmt: skip
            pooled[mode] = [a + b for a, b in zip(pooled[mode], counts, strict=True)]
            if mode == "text":
                per_writer[writer] = fpm.prf(*counts)[2]
    return {"text": fpm.prf(*pooled["text"]), "speech": fpm.prf(*pooled["speech"]),
            "b": per_writer.get("eval-dev/authors-b", float("nan"))}  # fmt: skip


def report() -> None:
    rows = pickle.loads(OUT.read_bytes())
    variants: list[tuple[str, Extra, Any, dict[str, Any]]] = [
        ("the scorer as shipped", no_extra, None, {}),
        ("  without 'another story was told'", no_extra, without_other_story, {}),
        ("  without the answer's size", no_extra, without_answer_size, {}),
        ("  without either (as shipped before)", no_extra, without_either, {}),
        ("  answer's size in words, not stretches", no_extra, words_not_stretches, {}),
        ("  without the evidence gate", no_extra, None, {"gate": False}),
        ("  threshold 0.45", no_extra, None, {"threshold": 0.45}),
        ("  threshold 0.40", no_extra, None, {"threshold": 0.40}),
        ("matcher reads every stretch", no_extra, replace_with_all_stretches, {}),
        ("+ best of every stretch, its margin", all_stretches, None, {}),
        ("+ second-best stretch, two above 0.3", second_best, None, {}),
        ("+ matcher x lexical, matcher x margin", interactions, None, {}),
        ("+ point is its stretch's best point", best_point_of_stretch, None, {}),
        ("each writer weighs the same in the fit", no_extra, None, {"balanced": True}),
        ("  L2 0.1", no_extra, None, {"l2": 0.1}),
        ("  L2 10", no_extra, None, {"l2": 10.0}),
        ("+ the matcher's log-odds", matcher_logit, None, {}),
        ("+ log-odds, writers weigh the same", matcher_logit, None, {"balanced": True}),
    ]
    print(
        "| variant | text P / R / F1 | speech P / R / F1 | authors-b text F1 |\n|---|---|---|---|"
    )
    for name, extra, swap, options in variants:
        r = held_out(design(rows, extra, swap), **options)
        t, s = r["text"], r["speech"]
        print(f"| {name} | {t[0]:.3f} / {t[1]:.3f} / {t[2]:.3f} | {s[0]:.3f} / {s[1]:.3f} / "
              f"{s[2]:.3f} | {r['b']:.3f} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    from star_rehearsal.core import privacy

    privacy.apply()  # opt-outs before any dependency loads: docs/privacy.md
    {"collect": collect, "report": report}[sys.argv[1] if len(sys.argv) > 1 else "report"]()
