"""Turn the bundled CTranslate2 Whisper model into a checkpoint openai-whisper loads.

CTranslate2 fuses weights that openai-whisper keeps apart: self-attention Q/K/V are one
matrix, cross-attention K/V are one matrix, key projections have no bias, and the output
projection is tied to the token embedding. The result is cached; we never convert twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}


def read_ct2_model(path: Path) -> dict[str, np.ndarray]:
    """Every variable of a CTranslate2 model.bin (binary format version 6), aliases resolved."""
    variables: dict[str, np.ndarray] = {}
    with open(path, "rb") as fh:
        version = _u32(fh)
        if version < 5:
            raise ValueError(f"{path}: unsupported CTranslate2 binary version {version}")
        _string(fh)  # spec name
        _u32(fh)  # spec revision
        for _ in range(_u32(fh)):
            name = _string(fh)
            (rank,) = struct.unpack("B", fh.read(1))
            shape = struct.unpack(f"{rank}I", fh.read(4 * rank)) if rank else ()
            (dtype_id,) = struct.unpack("B", fh.read(1))
            nbytes = _u32(fh)
            if dtype_id not in _DTYPES:
                raise ValueError(f"{path}: {name} has unsupported dtype id {dtype_id}")
            data = np.frombuffer(fh.read(nbytes), dtype=_DTYPES[dtype_id])
            variables[name] = data.reshape(shape) if shape else data.reshape(())
        for _ in range(_u32(fh)):
            alias, target = _string(fh), _string(fh)
            variables[alias] = variables[target]
    return variables


def _u32(fh: BinaryIO) -> int:
    (value,) = struct.unpack("I", fh.read(4))
    return int(value)


def _string(fh: BinaryIO) -> str:
    (length,) = struct.unpack("H", fh.read(2))
    return fh.read(length)[:-1].decode("utf-8")


def _float(array: np.ndarray) -> np.ndarray:
    if array.dtype not in (np.float16, np.float32):
        raise ValueError("quantised (int8) CTranslate2 models cannot be converted; use float16")
    return array


def _layer_count(v: dict[str, np.ndarray], stack: str) -> int:
    layers = {k.split("/")[1] for k in v if k.startswith(f"{stack}/layer_")}
    return 1 + max(int(name[6:]) for name in layers if name[6:].isdigit())


def whisper_state_dict(v: dict[str, np.ndarray]) -> tuple[dict[str, int], dict[str, np.ndarray]]:
    """(dims, state dict as numpy) in openai-whisper's naming."""
    sd: dict[str, np.ndarray] = {}
    n_audio_layer = _layer_count(v, "encoder")
    n_text_layer = _layer_count(v, "decoder")
    state = int(v["encoder/conv1/weight"].shape[0])

    def put(name: str, array: np.ndarray) -> None:
        sd[name] = np.ascontiguousarray(_float(array))

    def norm(dst: str, src: str) -> None:
        put(f"{dst}.weight", v[f"{src}/gamma"])
        put(f"{dst}.bias", v[f"{src}/beta"])

    def linear(dst: str, src: str) -> None:
        put(f"{dst}.weight", v[f"{src}/weight"])
        put(f"{dst}.bias", v[f"{src}/bias"])

    def self_attention(dst: str, src: str) -> None:
        w, b = v[f"{src}/linear_0/weight"], v[f"{src}/linear_0/bias"]
        put(f"{dst}.query.weight", w[:state])
        put(f"{dst}.query.bias", b[:state])
        put(f"{dst}.key.weight", w[state : 2 * state])  # keys carry no bias in Whisper
        put(f"{dst}.value.weight", w[2 * state :])
        put(f"{dst}.value.bias", b[2 * state :])
        linear(f"{dst}.out", f"{src}/linear_1")

    def block(dst: str, src: str, cross: bool) -> None:
        self_attention(f"{dst}.attn", f"{src}/self_attention")
        norm(f"{dst}.attn_ln", f"{src}/self_attention/layer_norm")
        if cross:
            linear(f"{dst}.cross_attn.query", f"{src}/attention/linear_0")
            w, b = v[f"{src}/attention/linear_1/weight"], v[f"{src}/attention/linear_1/bias"]
            put(f"{dst}.cross_attn.key.weight", w[:state])
            put(f"{dst}.cross_attn.value.weight", w[state:])
            put(f"{dst}.cross_attn.value.bias", b[state:])
            linear(f"{dst}.cross_attn.out", f"{src}/attention/linear_2")
            norm(f"{dst}.cross_attn_ln", f"{src}/attention/layer_norm")
        linear(f"{dst}.mlp.0", f"{src}/ffn/linear_0")
        linear(f"{dst}.mlp.2", f"{src}/ffn/linear_1")
        norm(f"{dst}.mlp_ln", f"{src}/ffn/layer_norm")

    for conv in ("conv1", "conv2"):
        linear(f"encoder.{conv}", f"encoder/{conv}")
    put("encoder.positional_embedding", v["encoder/position_encodings/encodings"])
    for i in range(n_audio_layer):
        block(f"encoder.blocks.{i}", f"encoder/layer_{i}", cross=False)
    norm("encoder.ln_post", "encoder/layer_norm")
    put("decoder.token_embedding.weight", v["decoder/embeddings/weight"])
    put("decoder.positional_embedding", v["decoder/position_encodings/encodings"])
    for i in range(n_text_layer):
        block(f"decoder.blocks.{i}", f"decoder/layer_{i}", cross=True)
    norm("decoder.ln", "decoder/layer_norm")

    dims = {
        "n_mels": int(v["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(v["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": state,
        "n_audio_head": int(v["encoder/num_heads"]),
        "n_audio_layer": n_audio_layer,
        "n_vocab": int(v["decoder/embeddings/weight"].shape[0]),
        "n_text_ctx": int(v["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(v["decoder/embeddings/weight"].shape[1]),
        "n_text_head": int(v["decoder/num_heads"]),
        "n_text_layer": n_text_layer,
    }
    return dims, sd


def alignment_heads(model_dir: Path) -> list[tuple[int, int]]:
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    return [(int(layer), int(head)) for layer, head in config.get("alignment_heads", [])]


def default_cache_dir(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "star-rehearsal" / "models"


def converted_checkpoint(model_dir: Path, cache_dir: Path | None = None) -> Path:
    """Path of the openai-whisper checkpoint for a CTranslate2 model folder, converting once.

    Named after the weights' SHA-256 (about 0.1 s to read), not their path: every checkout and
    venv holding the same model shares one file in ~/.cache/star-rehearsal/models."""
    import torch

    model_bin = model_dir / "model.bin"
    with model_bin.open("rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
    cache = cache_dir or default_cache_dir()
    target = cache / f"{model_dir.name}-sha256-{digest[:16]}.pt"
    if target.is_file():
        return target
    _drop_path_keyed(cache, model_dir.name)
    dims, state = whisper_state_dict(read_ct2_model(model_bin))
    checkpoint: dict[str, Any] = {
        "dims": dims,
        "model_state_dict": {k: torch.from_numpy(a.copy()) for k, a in state.items()},
    }
    cache.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".convert-", suffix=".pt", dir=cache)
    os.close(fd)
    try:
        torch.save(checkpoint, tmp)
        os.replace(tmp, target)  # atomic: a half-written checkpoint is never picked up
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target


def _drop_path_keyed(cache: Path, name: str) -> None:
    """Checkpoints an older version keyed by the checkout's path (`<name>-<12 hex>.pt`, one per
    clone, 75 MB each): the content-named file replaces them."""
    for old in cache.glob(f"{name}-" + "[0-9a-f]" * 12 + ".pt"):
        old.unlink(missing_ok=True)
