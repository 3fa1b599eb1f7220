"""Bad audio files: an impossible sample rate, NaN samples, no samples, an unfinished header
left by a killed `record`, and long input that must stream in bounded memory."""

from __future__ import annotations

import os
import signal
import struct
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from star_rehearsal.core.audio.files import AudioReport, iter_audio
from star_rehearsal.core.transcript import SAMPLE_RATE
from star_rehearsal.core.transcription import AudioFileError, load_audio
from star_rehearsal.core.transcription.long_audio import quietest_cut, windows

SENTENCE = "We rolled back the config change within minutes and the service recovered quickly."


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "star_rehearsal", *args], capture_output=True,
                          text=True, timeout=300)  # fmt: skip


@pytest.mark.parametrize("rate", [1, 4000, 384_000])
def test_rates_outside_8_to_192_khz_are_refused(tmp_path: Path, rate: int) -> None:
    # A header saying 1 Hz asked resample() for a 52 GiB array.
    wav = tmp_path / "odd.wav"
    sf.write(wav, np.zeros(48_000, np.int16), rate, subtype="PCM_16")
    with pytest.raises(AudioFileError, match=f"says {rate} Hz, outside 8-192 kHz"):
        load_audio(wav)


def test_a_wav_with_no_samples_is_refused_with_a_message(tmp_path: Path) -> None:
    wav = tmp_path / "empty.wav"
    sf.write(wav, np.zeros(0, np.int16), 16000, subtype="PCM_16")
    with pytest.raises(AudioFileError, match="holds no audio"):
        load_audio(wav)
    run = cli("transcribe", str(wav))
    assert run.returncode == 2 and "holds no audio" in run.stderr


def test_nan_and_inf_samples_become_silence_and_are_reported(tmp_path: Path, make_speech) -> None:  # type: ignore[no-untyped-def]
    speech, rate = sf.read(make_speech(SENTENCE), dtype="float32")
    speech[100:103] = np.nan
    speech[5000] = np.inf
    wav = tmp_path / "nan.wav"
    sf.write(wav, speech, rate, subtype="FLOAT")
    report = AudioReport()
    samples = load_audio(wav, report)
    assert np.isfinite(samples).all() and samples.size == speech.size
    assert any("4 samples were not numbers" in w for w in report.warnings)
    # End to end: the transcript is no longer empty, and the user is told.
    run = cli("transcribe", str(wav))
    assert run.returncode == 0, run.stderr
    assert "rolled back" in run.stdout.lower()
    assert "were not numbers (NaN/Inf)" in run.stderr


def test_mostly_nan_audio_is_refused(tmp_path: Path) -> None:
    wav = tmp_path / "junk.wav"
    sf.write(wav, np.full(16000, np.nan, np.float32), 16000, subtype="FLOAT")
    with pytest.raises(AudioFileError, match="damaged"):
        load_audio(wav)


def unfinish_header(wav: Path) -> None:
    """What a SIGKILLed writer leaves: RIFF and data sizes never written."""
    data = bytearray(wav.read_bytes())
    at = data.index(b"data")
    data[4:8] = struct.pack("<I", 0)
    data[at + 4 : at + 8] = struct.pack("<I", 0)
    wav.write_bytes(bytes(data))


def test_an_unfinished_header_is_read_from_its_data(tmp_path: Path) -> None:
    wav = tmp_path / "killed.wav"
    tone = (0.3 * np.sin(np.arange(48_000) / 10)).astype(np.float32)
    sf.write(wav, tone, 16000, subtype="PCM_16")
    unfinish_header(wav)
    assert sf.info(str(wav)).frames == 0  # what every reader saw: 0 s
    report = AudioReport()
    samples = load_audio(wav, report)
    assert samples.size == 48_000
    assert np.allclose(samples, tone, atol=1e-3)
    assert "header was never finished" in report.warnings[0]


@pytest.mark.audio
def test_a_sigkilled_record_cli_leaves_a_wav_transcribe_can_read(  # type: ignore[no-untyped-def]
    virtual_mic, make_speech, tmp_path: Path
) -> None:
    wav = tmp_path / "killed.wav"
    player = virtual_mic(make_speech(SENTENCE))
    proc = subprocess.Popen([sys.executable, "-m", "star_rehearsal", "record", "--seconds", "60",
                             "--out", str(wav)], env=os.environ.copy())  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not wav.exists() or wav.stat().st_size < 64_000):
        time.sleep(0.05)  # waiting on a condition: the file holding 2 s of audio
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    player.wait(timeout=30)
    report = AudioReport()
    samples = load_audio(wav, report)
    assert samples.size >= 1.5 * SAMPLE_RATE
    assert any("interrupted" in w for w in report.warnings)


def test_long_audio_streams_in_bounded_memory(tmp_path: Path) -> None:
    # Ten minutes at 48 kHz stereo: loaded whole as float32 that is 230 MB (an hour, 1.4 GB).
    wav = tmp_path / "long.wav"
    second = (np.random.default_rng(1).standard_normal((48_000, 2)) * 300).astype(np.int16)
    with sf.SoundFile(wav, "w", 48_000, 2, subtype="PCM_16") as fh:
        for _ in range(600):
            fh.write(second)
    tracemalloc.start()
    total = 0
    try:
        for _offset, piece in windows(iter_audio(wav), window_s=60):
            total += piece.size
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total == 600 * SAMPLE_RATE
    assert peak < 40 * 2**20, f"peak {peak / 2**20:.0f} MB while streaming"


def test_windows_are_cut_at_the_quietest_moment() -> None:
    loud = np.ones(SAMPLE_RATE * 100, np.float32) * 0.5
    loud[SAMPLE_RATE * 55 : SAMPLE_RATE * 55 + 4000] = 0.0  # a pause 5 s before the window end
    assert quietest_cut(loud, SAMPLE_RATE * 60) == SAMPLE_RATE * 55
    pieces = list(windows(iter([loud]), window_s=60))
    assert [o for o, _ in pieces] == [0.0, 55.0]
    assert sum(p.size for _, p in pieces) == loud.size
