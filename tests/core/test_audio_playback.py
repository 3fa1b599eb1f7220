"""Playback through the real PortAudio output: the Player plays into the virtual microphone's
sink, and the real Recorder records what came out of it."""

from __future__ import annotations

from pathlib import Path

import soundfile as sf
from star_rehearsal.core.audio import Player, Recorder
from test_recording import correlation, wait_for

CLIP = "We shipped the fix on Friday and the errors stopped."


def record_playback(tmp_path: Path, clip: Path, start_s: float) -> tuple[Player, Path]:
    recorder = Recorder(tmp_path / f"heard-{start_s}.wav")
    recorder.start()
    player = Player()
    try:
        wait_for(lambda: recorder.elapsed_s > 0.2, what="the recorder to run")
        player.play(clip, start_s=start_s)
        assert player.is_playing
        assert player.wait(timeout=30), "playback never finished"
        end = recorder.elapsed_s + 0.3
        wait_for(lambda: recorder.elapsed_s >= end, what="the tail of the playback")
    finally:
        player.stop()
        result = recorder.stop()
    assert result.error is None
    return player, result.path


def test_player_plays_a_take_whole_and_from_a_second(
    virtual_mic,  # type: ignore[no-untyped-def]
    make_speech,
    tmp_path: Path,
) -> None:
    clip = make_speech(CLIP)
    source, rate = sf.read(clip, dtype="float32")
    player, heard = record_playback(tmp_path, clip, 0.0)
    assert player.duration_s == len(source) / rate
    recorded, _ = sf.read(heard, dtype="float32")
    assert correlation(recorded, source) > 0.8

    _, heard_tail = record_playback(tmp_path, clip, 1.0)
    tail, _ = sf.read(heard_tail, dtype="float32")
    assert correlation(tail, source[rate:]) > 0.8
    assert len(tail) < len(recorded) - rate // 2  # the first second was not played


def test_player_stop_and_position(virtual_mic, make_speech) -> None:  # type: ignore[no-untyped-def]
    clip = make_speech(CLIP)
    player = Player()
    player.play(clip, start_s=0.5)
    assert player.position_s >= 0.5
    wait_for(lambda: player.position_s > 0.9, what="playback to advance")
    assert player.is_playing
    player.stop()
    assert not player.is_playing
    assert player.position_s == 0.0
