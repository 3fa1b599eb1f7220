"""The fitted key-point decision: a logistic model over PointEvidence.features, read from a JSON
file written by benchmarks/fit_point_model.py (its coefficients, and the training files with
their hashes, so a fresh clone can check and reproduce the fit). Passed in, never patched."""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

FEATURES = (
    "lexical", "semantic", "rarest", "hits", "n_words", "result", "result_early", "matcher", "matcher_margin",
    "other_story", "answer_size", "bias",
)  # fmt: skip
MODEL_FILE = Path(__file__).with_name("point_model.json")


@dataclass(frozen=True)
class PointModel:
    weights: tuple[float, ...]  # one per FEATURES entry
    # The covering threshold on the fitted probability, chosen by a held-out rule in
    # fit_point_model.py. confidence() is shifted so that it reads 0.5 there: the decision
    # (>= 0.5), the review's unsure band and the end-figure cap stay centred on the threshold.
    threshold: float = 0.5

    def confidence(self, features: Sequence[float]) -> float:
        z = sum(w * x for w, x in zip(self.weights, features, strict=True))
        z -= math.log(self.threshold / (1 - self.threshold))
        return 1 / (1 + math.exp(-max(-60.0, min(60.0, z))))


@functools.lru_cache(maxsize=4)
def load_point_model(path: Path = MODEL_FILE, *, with_matcher: bool = True) -> PointModel:
    """The shipped model; `with_matcher=False` gives the variant fitted without the matcher's
    feature, for installs where onnxruntime is missing."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if list(data["features"]) != list(FEATURES):
        raise ValueError(f"{path}: features {data['features']} do not match {list(FEATURES)}")
    key = "weights" if with_matcher else "weights_without_matcher"
    threshold = float(data.get("threshold", 0.5)) if with_matcher else 0.5
    return PointModel(tuple(float(w) for w in data[key]), threshold)
