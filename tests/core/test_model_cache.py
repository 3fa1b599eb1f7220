"""The openai-whisper checkpoint converted from the bundled model is one file per model content,
shared by every checkout and venv (it used to be one 75 MB file per checkout path)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from star_rehearsal.core.transcription.convert import converted_checkpoint
from star_rehearsal.core.transcription.models import bundled_model_path

pytest.importorskip("torch", reason="the conversion needs torch (extra 'openai')")


def test_two_checkouts_share_one_converted_checkpoint(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    stale = cache / f"{bundled_model_path().name}-0123456789ab.pt"  # an older version's file
    stale.write_bytes(b"x")
    first = converted_checkpoint(bundled_model_path(), cache)
    other = tmp_path / "another-checkout" / bundled_model_path().name
    shutil.copytree(bundled_model_path(), other)  # same weights, another path
    os.utime(other / "model.bin", ns=(1, 1))  # and another modification time
    second = converted_checkpoint(other, cache)
    assert second == first
    assert sorted(p.name for p in cache.iterdir()) == [first.name], "one file, the old one gone"
