"""The key-point model's covering threshold, chosen by a held-out rule (issue #27).

For each writer W the threshold is the one that maximises F1 over the OTHER writers, each of
them decided by weights fitted without W and without itself (nested, so nothing of W reaches
the choice); W is then read by its own held-out weights at that threshold. The shipped
threshold maximises F1 pooled over every writer's held-out decisions. Used by
fit_point_model.py; decisions match keypoints.decide (checked at 0.5 on every example).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

Fit = Callable[[np.ndarray, np.ndarray], np.ndarray]


def arrays(data: Sequence[Any]) -> dict[str, np.ndarray]:
    """Design matrix, labels, writers, modes, and whether anything but the model's confidence
    could still stop the point (the evidence gate, or the planned-is-not-done check)."""
    from star_rehearsal.core.scoring import keypoints as kp

    open_, undone, gate = [], [], []
    for e in data:
        ev = e.evidence
        assert ev.cosine is not None, "the threshold is chosen with embeddings present"
        enough = (
            (ev.specific and ev.lexical >= kp.LEX_FLOOR)
            or ev.cosine >= kp.SEM_SURE
            or (ev.entail or 0.0) >= kp.ENTAIL_SURE
        )
        open_.append(bool(enough) and not (ev.undone is not None and kp.POLARITY))
        undone.append(ev.undone is not None and kp.POLARITY)
        gate.append(bool(enough))
    return {
        "x": np.array([e.features for e in data], dtype=np.float64),
        "y": np.array([bool(e.label) for e in data]),
        "writer": np.array([e.writer for e in data]),
        "mode": np.array([e.mode for e in data]),
        "open": np.array(open_),
        "undone": np.array(undone),
        "gate": np.array(gate),
    }


def vetoes(a: dict[str, np.ndarray], held_out: dict[str, np.ndarray],
           per_writer: dict[str, float]) -> str:  # fmt: skip
    """Points labelled said that the planned-is-not-done check un-ticks (they would be covered
    without it), per writer, at each writer's held-out weights and threshold."""
    wrong: dict[str, int] = {}
    for w, t in per_writer.items():
        sel = a["writer"] == w
        probs = 1 / (1 + np.exp(-a["x"][sel] @ held_out[w]))
        hit = a["gate"][sel] & (probs >= t) & a["undone"][sel] & a["y"][sel]
        wrong[w] = int(hit.sum())
    named = ", ".join(f"{w} {n}" for w, n in sorted(wrong.items()) if n) or "none"
    return (f"Points labelled said that the planned-is-not-done check un-ticked: "
            f"{sum(wrong.values())} ({named}).")  # fmt: skip


def counts(covered: np.ndarray, said: np.ndarray) -> tuple[int, int, int]:
    return (int((covered & said).sum()), int((covered & ~said).sum()),
            int((~covered & said).sum()))  # fmt: skip


def f1(c: tuple[int, int, int]) -> float:
    tp, fp, fn = c
    return 2 * tp / max(1, 2 * tp + fp + fn)


def best(probs: np.ndarray, a: dict[str, np.ndarray], sel: np.ndarray,
         thresholds: Sequence[float]) -> float:  # fmt: skip
    """The threshold with the highest F1 on the selected examples (ties: the one nearest 0.5)."""
    scored = []
    for t in thresholds:
        scored.append(
            (f1(counts(a["open"][sel] & (probs[sel] >= t), a["y"][sel])), -abs(t - 0.5), t)
        )
    return max(scored)[2]


def choose(a: dict[str, np.ndarray], fit: Fit, thresholds: Sequence[float],
           held_out: dict[str, np.ndarray]) -> tuple[float, dict[str, float]]:  # fmt: skip
    """(best pooled threshold, {writer: threshold chosen without that writer})."""
    writers = sorted(set(a["writer"].tolist()))
    probs = np.zeros(len(a["y"]))
    for w in writers:
        sel = a["writer"] == w
        probs[sel] = 1 / (1 + np.exp(-a["x"][sel] @ held_out[w]))
    shipped = best(probs, a, np.ones(len(probs), dtype=bool), thresholds)
    per_writer = {}
    for w in writers:
        nested = np.zeros(len(a["y"]))
        for v in writers:
            if v == w:
                continue
            train = (a["writer"] != w) & (a["writer"] != v)
            sel = a["writer"] == v
            weights = fit(a["x"][train], a["y"][train].astype(np.float64))
            nested[sel] = 1 / (1 + np.exp(-a["x"][sel] @ weights))
        per_writer[w] = best(nested, a, a["writer"] != w, thresholds)
    return shipped, per_writer


def supported(a: dict[str, np.ndarray], held_out: dict[str, np.ndarray],
              per_writer: dict[str, float]) -> bool:  # fmt: skip
    """Whether the rule beats 0.5 held out: pooled F1 with each writer read at the threshold
    chosen without it, against every writer at 0.5 (text and speech together)."""
    chosen, half = [0, 0, 0], [0, 0, 0]
    for w, t in per_writer.items():
        sel = a["writer"] == w
        probs = 1 / (1 + np.exp(-a["x"][sel] @ held_out[w]))
        for acc, at in ((chosen, t), (half, 0.5)):
            c = counts(a["open"][sel] & (probs >= at), a["y"][sel])
            acc[:] = [x + y for x, y in zip(acc, c, strict=True)]
    return f1(tuple(chosen)) > f1(tuple(half))  # type: ignore[arg-type]


def table(a: dict[str, np.ndarray], held_out: dict[str, np.ndarray], shipped: float,
          per_writer: dict[str, float]) -> list[str]:  # fmt: skip
    """Each writer at 0.5, and at the threshold chosen without it; weakest (at its threshold,
    as text) first; pooled last."""
    rows = []
    pooled: dict[tuple[str, str], list[int]] = {}
    modes = [m for m in ("text", "speech") if m in set(a["mode"].tolist())]
    for w, t in per_writer.items():
        cells = []
        for mode in modes:
            sel = (a["writer"] == w) & (a["mode"] == mode)
            probs = 1 / (1 + np.exp(-a["x"][sel] @ held_out[w]))
            for key, at in (("0.5", 0.5), ("held", t)):
                c = counts(a["open"][sel] & (probs >= at), a["y"][sel])
                acc = pooled.setdefault((mode, key), [0, 0, 0])
                acc[:] = [x + y for x, y in zip(acc, c, strict=True)]
                cells.append(c)
        rows.append((f1(cells[1]), w, t, cells))
    rows.sort()
    out = ["| writer (held out) | threshold chosen on the others | "
           + " | ".join(f"{m} P / R / F1 at 0.5 | {m} at the chosen threshold" for m in modes)
           + " |", "|---|---|" + "---|---|" * len(modes)]  # fmt: skip
    for _, w, t, cells in rows:
        out.append(f"| {w} | {t:.3f} | " + " | ".join(_prf(c) for c in cells) + " |")
    cells = [tuple(pooled[(m, k)]) for m in modes for k in ("0.5", "held")]
    out.append("| **all writers, each held out** | | "
               + " | ".join(f"**{_prf(c)}**" for c in cells) + " |")  # type: ignore[arg-type]  # fmt: skip
    out += ["", f"Best pooled threshold (every writer's held-out decisions): {shipped:.3f}; "
            "shipped only when the writers read at the thresholds chosen without them beat 0.5 "
            "pooled (text and speech together)."]  # fmt: skip
    return out


def _prf(c: tuple[int, int, int]) -> str:
    tp, fp, fn = c
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return f"{p:.3f} / {r:.3f} / {f1(c):.3f}"
