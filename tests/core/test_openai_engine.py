"""The openai-whisper engine on the bundled tiny.en, converted from CTranslate2.

Skips (with the reason) where the optional `openai` extra (torch + openai-whisper) is missing;
scripts/test.sh installs it, so CI runs these for real.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from star_rehearsal.core.transcription import create_engine, load_audio, story_prompt
from star_rehearsal.core.transcription.convert import converted_checkpoint, read_ct2_model
from star_rehearsal.core.transcription.models import bundled_model_path

pytest.importorskip("torch", reason="the openai-whisper engine needs torch (extra 'openai')")
pytest.importorskip("whisper", reason="the openai-whisper engine is an optional extra")

SENTENCE = "We rolled back the config change within minutes and the service recovered quickly."


def test_conversion_is_cached_and_complete(tmp_path: Path) -> None:
    first = converted_checkpoint(bundled_model_path(), tmp_path)
    mtime = first.stat().st_mtime_ns
    assert converted_checkpoint(bundled_model_path(), tmp_path) == first
    assert first.stat().st_mtime_ns == mtime, "converted twice"
    import torch

    checkpoint = torch.load(first, map_location="cpu")
    dims = checkpoint["dims"]
    assert dims["n_text_layer"] == 4 and dims["n_vocab"] == 51864
    state = checkpoint["model_state_dict"]
    assert "decoder.blocks.0.cross_attn.key.weight" in state
    assert "encoder.blocks.0.attn.key.bias" not in state  # Whisper keys have no bias
    names = read_ct2_model(bundled_model_path() / "model.bin")
    assert names["decoder/projection/weight"] is names["decoder/embeddings/weight"]


def test_openai_engine_matches_faster_whisper(make_speech, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    audio = load_audio(make_speech(SENTENCE))
    engine = create_engine("openai-whisper", "tiny.en")
    reference = engine.transcribe(audio, prompt=story_prompt(None))
    again = engine.transcribe(audio, prompt=story_prompt(None))
    assert reference.text == again.text, "not deterministic"
    fast = create_engine("faster-whisper", "tiny.en").transcribe(audio, prompt=story_prompt(None))
    said = {w.strip(".,").lower() for w in reference.text.split()}
    expected = {w.strip(".,").lower() for w in SENTENCE.split()}
    assert len(said & expected) / len(expected) >= 0.8, reference.text
    fast_words = {w.strip(".,").lower() for w in fast.text.split()}
    assert len(said & fast_words) / max(1, len(fast_words)) >= 0.9, (reference.text, fast.text)
    assert reference.engine == "openai-whisper" and reference.words
