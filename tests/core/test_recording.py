"""Recording through the real sounddevice/PortAudio path from the virtual microphone
(a PulseAudio null sink started by scripts/test.sh; speech is played into it with paplay)."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from star_rehearsal.core.audio import (
    AudioUnavailable,
    Level,
    Recorder,
    SoundDeviceSource,
    list_input_devices,
)
from star_rehearsal.core.audio.source import Block
from star_rehearsal.core.deck import Question, Story
from star_rehearsal.core.takes import TakesStore

ROOT = Path(__file__).parents[2]
SPEECH = "Checkout recovered in nineteen minutes and we did not lose a single order."


def correlation(recorded: np.ndarray, source: np.ndarray) -> float:
    n = len(recorded) + len(source)
    nfft = 1 << (n - 1).bit_length()
    xc = np.fft.irfft(np.fft.rfft(recorded, nfft) * np.conj(np.fft.rfft(source, nfft)), nfft)
    lag = int(np.argmax(xc[: len(recorded)]))
    seg = recorded[lag : lag + len(source)]
    src = source[: len(seg)]
    return float(seg @ src / (np.linalg.norm(seg) * np.linalg.norm(src) + 1e-12))


def wait_for(condition, timeout: float = 20.0, what: str = "condition") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    event = threading.Event()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        event.wait(0.05)


def test_devices_are_listed(virtual_mic) -> None:  # type: ignore[no-untyped-def]
    devices = list_input_devices()
    assert devices and any(d.is_default for d in devices)


def test_recorded_take_matches_the_spoken_source(virtual_mic, make_speech, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source_path = make_speech(SPEECH)
    source, rate = sf.read(source_path, dtype="float32")
    levels: list[Level] = []
    chunks: list[np.ndarray] = []
    recorder = Recorder(tmp_path / "take.wav", on_level=levels.append, on_audio=chunks.append)
    started = time.monotonic()
    recorder.start()
    player = virtual_mic(source_path)
    assert player.wait(timeout=30) == 0
    target = len(source) / rate + 0.5
    wait_for(lambda: recorder.elapsed_s >= target, what="the recording to pass the source")
    result = recorder.stop()
    wall = time.monotonic() - started
    recorded, rec_rate = sf.read(result.path, dtype="float32")
    assert rec_rate == rate == 16000
    assert result.error is None and result.overflows == 0
    assert abs(result.duration_s - len(recorded) / rec_rate) < 0.01
    assert abs(result.duration_s - wall) < 0.5, (result.duration_s, wall)  # real time, not ahead
    assert correlation(recorded, source) > 0.8
    assert len(levels) >= 5 and max(lv.peak_dbfs for lv in levels) > -30
    assert sum(c.size for c in chunks) == len(recorded)


def test_refused_rate_falls_back_to_the_native_rate_and_resamples_for_live(  # type: ignore[no-untyped-def]
    virtual_mic, make_speech, tmp_path: Path
) -> None:
    """PortAudio really refuses 10 MHz; the device's own rate (44.1 kHz here) is used instead."""
    source_path = make_speech(SPEECH)
    source, rate = sf.read(source_path, dtype="float32")
    chunks: list[np.ndarray] = []
    mic = SoundDeviceSource(preferred_rate=10_000_000)
    recorder = Recorder(tmp_path / "native.wav", source=mic, on_audio=chunks.append)
    recorder.start()
    assert mic.sample_rate not in (10_000_000, 16000)
    player = virtual_mic(source_path)
    assert player.wait(timeout=30) == 0
    target = len(source) / rate + 0.5
    wait_for(lambda: recorder.elapsed_s >= target, what="the recording to pass the source")
    result = recorder.stop()
    assert result.error is None and result.sample_rate == mic.sample_rate
    assert sf.info(str(result.path)).samplerate == mic.sample_rate
    live = np.concatenate(chunks)
    assert abs(len(live) / 16000 - result.duration_s) < 0.05
    assert correlation(live, source) > 0.8


def test_a_failing_listener_does_not_stop_the_take(
    virtual_mic, make_speech, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    def broken(_chunk: np.ndarray) -> None:
        raise RuntimeError("transcriber crashed")

    recorder = Recorder(tmp_path / "take.wav", on_audio=broken)
    recorder.start()
    wait_for(lambda: recorder.elapsed_s >= 1.0, what="a second of audio")
    result = recorder.stop()
    assert result.error is None and recorder.listener_errors >= 5
    assert sf.info(str(result.path)).duration == pytest.approx(result.duration_s, abs=0.01)
    assert result.duration_s >= 1.0


class _CountingQueue(queue.Queue[Block]):
    """The recorder's real queue, counting the waits that ran out with stop() under way."""

    def __init__(self, stopping: threading.Event) -> None:
        super().__init__()
        self.stopping, self.idle_after_stop = stopping, 0

    def get(self, block: bool = True, timeout: float | None = None) -> Block:
        try:
            return super().get(block, timeout)
        except queue.Empty:
            self.idle_after_stop += self.stopping.is_set()
            raise


def test_stop_wakes_the_writer_instead_of_waiting_for_its_poll(virtual_mic, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Stop → review waited for the writer's 0.1 s poll to run out (the finish's `recorder`
    stage: 100 ms of its 140-210 ms). stop() now wakes it; every block is still written."""
    recorder = Recorder(tmp_path / "take.wav")
    counting = _CountingQueue(recorder._stop)
    recorder._blocks = counting
    recorder.start()
    wait_for(lambda: recorder.elapsed_s >= 1.0, what="a second of audio")
    result = recorder.stop()
    assert counting.idle_after_stop == 0
    assert sf.info(str(result.path)).duration == pytest.approx(result.duration_s, abs=0.01)
    assert result.duration_s >= 1.0


class ScriptedSource:
    """Fake: the virtual mic never drops input, so overflow flags are scripted here."""

    sample_rate = 16000
    device_name = "scripted"

    def start(self, blocks: queue.Queue[Block]) -> None:
        for i in range(10):
            blocks.put((np.full(1600, 0.1, dtype=np.float32), i in (3, 7)))

    def stop(self) -> None:
        pass

    def is_active(self) -> bool:
        return False


def test_overflows_are_counted_and_reported(tmp_path: Path) -> None:
    recorder = Recorder(tmp_path / "o.wav", source=ScriptedSource())
    recorder.start()
    wait_for(lambda: recorder.frames == 16000, what="the scripted blocks")
    result = recorder.stop()
    assert result.overflows == 2 and result.duration_s == 1.0


def test_stop_is_safe_when_start_failed(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    recorder = Recorder(blocked / "take.wav", source=ScriptedSource())
    with pytest.raises((AudioUnavailable, OSError)):
        recorder.start()
    assert recorder.stop().duration_s == 0.0


def test_silent_input_is_detected(virtual_mic, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    silent = threading.Event()
    recorder = Recorder(tmp_path / "quiet.wav", on_level=lambda lv: lv.silent and silent.set())
    recorder.start()
    try:
        assert silent.wait(timeout=10), "a muted microphone went unnoticed"
    finally:
        result = recorder.stop()
    assert result.level["silent"] is True


def test_unknown_device_is_a_clear_error(virtual_mic, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AudioUnavailable, match="No input device called 'nope'"):
        Recorder(tmp_path / "x.wav", device="nope").start()


KILL_SCRIPT = """
import sys, threading
from pathlib import Path
from star_rehearsal.core.audio import Recorder
from star_rehearsal.core.deck import Question, Story
from star_rehearsal.core.takes import TakesStore
store = TakesStore(Path(sys.argv[1]))
story = Story("q/1", "T", actions=("a",), results=("r",))
take = store.new_take(Question("q", "S", "Q?", (story,)), story, "deck.md")
Recorder(take.audio_path).start()
print(take.audio_path, flush=True)
threading.Event().wait()
"""


def test_killed_take_is_recovered_on_next_start(virtual_mic, make_speech, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(tmp_path)],
                            stdout=subprocess.PIPE, text=True, env=os.environ.copy())  # fmt: skip
    assert proc.stdout is not None
    audio = Path(proc.stdout.readline().strip())
    player = virtual_mic(make_speech(SPEECH))
    wait_for(lambda: audio.exists() and audio.stat().st_size > 16000 * 2 * 2,
             what="two seconds of audio on disk")  # fmt: skip
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    player.wait(timeout=30)
    size_on_disk = audio.stat().st_size
    store = TakesStore(tmp_path)
    recovered = store.recover()
    assert [t.status for t in recovered] == ["recovered"]
    assert recovered[0].duration_s is not None and recovered[0].duration_s >= 1.5
    data, _ = sf.read(audio, dtype="float32")
    assert float(np.sqrt(np.mean(data**2))) > 0.01
    assert len(data) * 2 >= size_on_disk - 44 - 2, "samples written before the kill were lost"
    assert store.integrity_ok()
    assert store.recover() == []  # nothing left to do the second time


def test_audio_server_stopping_mid_take_keeps_the_audio(make_speech, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A private PulseAudio instance, stopped while the `record` command runs."""
    state = tmp_path / "pulse"
    out = subprocess.run(["bash", str(ROOT / "scripts" / "virtual-mic.sh"), "start", str(state)],
                         capture_output=True, text=True)  # fmt: skip
    if out.returncode != 0:
        pytest.skip(f"cannot start a private PulseAudio: {out.stderr}")
    env = os.environ.copy()
    env.update(XDG_RUNTIME_DIR=str(state / "run"), PULSE_SERVER=f"unix:{state}/run/pulse/native")
    wav = tmp_path / "cut.wav"
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "star_rehearsal", "record", "--seconds", "60", "--out", str(wav)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        subprocess.Popen(["paplay", "-d", "virtmic", str(make_speech(SPEECH))], env=env)
        wait_for(lambda: wav.exists() and wav.stat().st_size > 16000 * 2, what="audio on disk")
    finally:
        subprocess.run(["bash", str(ROOT / "scripts" / "virtual-mic.sh"), "stop", str(state)],
                       capture_output=True)  # fmt: skip
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 1, (stdout, stderr)
    assert "stopped sending audio" in stderr and "Traceback" not in stderr
    info = sf.info(str(wav))
    assert info.duration >= 1.0


def test_record_command_without_audio_server_says_what_to_do(tmp_path: Path) -> None:
    env = os.environ.copy()
    env.update(PULSE_SERVER=f"unix:{tmp_path}/nothing", XDG_RUNTIME_DIR=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-m", "star_rehearsal", "record", "--seconds", "1", "--out",
         str(tmp_path / "x.wav")], env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "microphone" in proc.stderr.lower() and "Traceback" not in proc.stderr


def test_store_story_snapshot(tmp_path: Path) -> None:
    story = Story("q/1", "Title", "S", "T", ("a1", "a2"), ("r1",))
    store = TakesStore(tmp_path)
    take = store.new_take(Question("q", "Sec", "Q?", (story,)), story, "/deck.md")
    assert take.story == story.to_json() and take.status == "recording"
