"""A cross-encoder that reads (key point, sentence) together and says whether the sentence
expresses the point: trained for that task (benchmarks/train_matcher.py, ArgKP), unlike the
sentence embedding, which only measures topical closeness. Runs with onnxruntime (int8, no
torch); loaded lazily, off the UI thread. Scores are cached per pair because the live scorer
sees the same sentences again and again during a take."""

from __future__ import annotations

import itertools
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
# Pairs are read by this many threads at once, each run on one thread of its own: a pair is too
# small to split well across cores (one run on 2 threads: 5.3 ms a pair; 2 runs side by side:
# 4.1 ms; with two busy processes beside it 13.6 against 8.8 ms; bench_matcher_readers.py).
# The probabilities are the same either way: each run still reads one pair.
READERS = 2


class Matcher:
    """P(sentence says point) for pairs of texts."""

    def __init__(self, model_dir: Path = MODEL_DIR, threads: int = READERS) -> None:
        from star_rehearsal.core import privacy

        privacy.apply()  # onnxruntime reads its telemetry switch once, as it loads
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # runs side by side instead: see READERS
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer: Any = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_LEN)
        self._tokenizer.enable_padding()
        self._cache: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()
        self._readers = max(1, threads)
        self.calls_side_by_side = 0  # calls whose pairs were read by more than one thread

    def probabilities(self, points: Sequence[str], sentences: Sequence[str]) -> np.ndarray:
        """One probability per (points[i], sentences[i]) pair."""
        pairs = list(zip(points, sentences, strict=True))
        with self._lock:
            todo = list(dict.fromkeys(p for p in pairs if p not in self._cache))
            if len(self._cache) + len(todo) > CACHE_PAIRS:
                # Full: start again, and read this call's cached pairs again with the new ones.
                self._cache.clear()
                todo = list(dict.fromkeys(pairs))
            chunks = [todo[i : i + BATCH] for i in range(0, len(todo), BATCH)]
            for chunk, probs in zip(chunks, self._read(chunks), strict=True):
                for pair, prob in zip(chunk, probs, strict=True):
                    self._cache[pair] = prob
            return np.array([self._cache[p] for p in pairs], dtype=np.float32)

    def _read(self, chunks: list[list[tuple[str, str]]]) -> list[list[float]]:
        """Each chunk read in its own run, up to `threads` runs at a time: the calling thread
        and helpers take the next chunk in turn. The tokenizer is only used here, on the calling
        thread; the runs release the GIL. Plain threads, not concurrent.futures: importing that
        registers an exit hook, which fails when the scorer loads while the app shuts down."""
        feeds = [self._encode(chunk) for chunk in chunks]
        if self._readers == 1 or len(feeds) < 2:
            return [self._infer(feed) for feed in feeds]
        out: list[list[float]] = [[] for _ in feeds]
        turns = itertools.count()  # next() on it is atomic: each chunk is read once
        failed: list[BaseException] = []

        def read_in_turn() -> None:
            try:
                while (i := next(turns)) < len(feeds):
                    out[i] = self._infer(feeds[i])
            except BaseException as exc:  # raised again on the calling thread
                failed.append(exc)

        helpers = [threading.Thread(target=read_in_turn, name="matcher-read", daemon=True)
                   for _ in range(min(self._readers, len(feeds)) - 1)]  # fmt: skip
        for helper in helpers:
            helper.start()
        read_in_turn()
        for helper in helpers:
            helper.join()
        if failed:
            raise failed[0]
        self.calls_side_by_side += 1
        return out

    def _encode(self, pairs: Sequence[tuple[str, str]]) -> dict[str, np.ndarray]:
        encoded = self._tokenizer.encode_batch(list(pairs))
        return {
            "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
        }

    def _infer(self, feeds: dict[str, np.ndarray]) -> list[float]:
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
