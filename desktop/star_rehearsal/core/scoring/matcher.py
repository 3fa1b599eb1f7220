"""A cross-encoder that reads (key point, sentence) together and says whether the sentence
expresses the point: trained for that task (benchmarks/train_matcher.py, ArgKP), unlike the
sentence embedding, which only measures topical closeness. Runs with onnxruntime (int8, no
torch); loaded lazily, off the UI thread. Scores are cached per pair because the live scorer
sees the same sentences again and again during a take."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

MODEL_DIR = Path(__file__).with_name("matcher_model")
MAX_LEN = 64
# One pair per run. The int8 model quantises its activations with one scale per run, so a pair
# read in a batch got another probability from its neighbours and padding (up to 0.5 apart):
# a take's review and `score` of the same transcript could disagree. Alone, a pair is read the
# same wherever it comes from, with no padding (no slower here) and a ~60 MB smaller arena.
BATCH = 1
CACHE_PAIRS = 50_000


class Matcher:
    """P(sentence says point) for pairs of texts."""

    def __init__(self, model_dir: Path = MODEL_DIR, threads: int = 2) -> None:
        from star_rehearsal.core import privacy

        privacy.apply()  # onnxruntime reads its telemetry switch once, as it loads
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer: Any = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_LEN)
        self._tokenizer.enable_padding()
        self._cache: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def probabilities(self, points: Sequence[str], sentences: Sequence[str]) -> np.ndarray:
        """One probability per (points[i], sentences[i]) pair."""
        pairs = list(zip(points, sentences, strict=True))
        with self._lock:
            todo = list(dict.fromkeys(p for p in pairs if p not in self._cache))
            if len(self._cache) + len(todo) > CACHE_PAIRS:
                # Full: start again, and read this call's cached pairs again with the new ones.
                self._cache.clear()
                todo = list(dict.fromkeys(pairs))
            for i in range(0, len(todo), BATCH):
                chunk = todo[i : i + BATCH]
                for pair, prob in zip(chunk, self._run(chunk), strict=True):
                    self._cache[pair] = prob
            return np.array([self._cache[p] for p in pairs], dtype=np.float32)

    def _run(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        encoded = self._tokenizer.encode_batch(list(pairs))
        feeds = {
            "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
        }
        logits = self._session.run(["logits"], feeds)[0].reshape(-1)
        return [float(v) for v in 1 / (1 + np.exp(-logits))]


_matcher: Matcher | None = None
_failed: str | None = None
_lock = threading.Lock()


def load_matcher() -> Matcher | None:
    """The shared matcher, or None where onnxruntime or the model is missing (the scorer then
    decides from words and embeddings alone)."""
    global _matcher, _failed
    with _lock:
        if _matcher is None and _failed is None:
            try:
                _matcher = Matcher()
            except Exception as exc:  # missing wheel or model file
                _failed = f"{exc.__class__.__name__}: {exc}"
        return _matcher
