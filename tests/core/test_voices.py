"""The neural voice the benchmarks speak answers with (benchmarks/voices.py, Piper's en_US joe):
its speech reaches tiny.en as words, and onnxruntime's telemetry is off before Piper loads it.

Piper lives in its own venv (benchmarks/make_voice_venv.sh), never in the app's; where it was not
made, these tests skip and say how to make it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import soundfile as sf
from star_rehearsal.core.transcription import create_engine

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
SENTENCE = "We rolled back the config change within minutes and the service recovered quickly."


def load_voices() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_voices_lib", BENCHMARKS / "voices.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_voices_lib", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def voices() -> ModuleType:
    module = load_voices()
    reason = module.piper_missing()
    if reason:
        pytest.skip(reason)
    return module


def test_piper_speech_is_transcribed_by_tiny_en(voices: ModuleType, tmp_path: Path) -> None:
    from common import wer  # benchmarks/common.py, on sys.path once voices.py is loaded

    wav = tmp_path / "joe.wav"
    report = voices.piper([(SENTENCE, wav)])
    info = sf.info(wav)
    assert (info.samplerate, info.channels, info.subtype) == (16000, 1, "PCM_16")  # as recorded
    heard = create_engine("faster-whisper", "tiny.en").transcribe(wav).text
    assert wer(SENTENCE, heard) <= 0.25, heard  # generous: measured 0 on this sentence
    assert report["ort_disable_telemetry_before_load"] == "1"
    assert report["onnxruntime_loaded_before"] is False


@pytest.mark.parametrize("value", [None, "0"])
def test_piper_refuses_to_load_without_the_telemetry_opt_out(
    voices: ModuleType, tmp_path: Path, value: str | None
) -> None:
    env = voices.piper_env()
    assert env["ORT_DISABLE_TELEMETRY"] == "1"  # what voices.piper runs Piper with
    if value is None:
        del env["ORT_DISABLE_TELEMETRY"]
    else:
        env["ORT_DISABLE_TELEMETRY"] = value
    with pytest.raises(RuntimeError, match="ORT_DISABLE_TELEMETRY=1 is not set"):
        voices.piper([(SENTENCE, tmp_path / "never.wav")], env=env)
    assert not (tmp_path / "never.wav").exists()
