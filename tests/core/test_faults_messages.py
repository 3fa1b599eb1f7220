"""Each failure is named by its real cause, with the one action that fixes it."""

from __future__ import annotations

import errno
import socket
import sqlite3
from pathlib import Path

import pytest
from star_rehearsal.core.faults import (
    AUDIO_SERVER,
    DISK_FULL,
    MICROPHONE,
    OTHER,
    READ_ONLY,
    advice,
    audio_server_alive,
    classify,
)


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), DISK_FULL),
        (sqlite3.OperationalError("database or disk is full"), DISK_FULL),
        (OSError(errno.EROFS, "Read-only file system"), READ_ONLY),
        (sqlite3.OperationalError("attempt to write a readonly database"), READ_ONLY),
        (sqlite3.OperationalError("unable to open database file"), READ_ONLY),
        (ValueError("something else"), OTHER),
    ],
)
def test_causes_are_told_apart(error: BaseException, kind: str) -> None:
    assert classify(error) == kind


def test_a_cause_is_found_through_the_exception_chain() -> None:
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise RuntimeError("Cannot write the take") from inner
    except RuntimeError as outer:
        assert classify(outer, audio=True) == DISK_FULL


def test_a_dead_audio_server_socket_is_told_from_a_missing_microphone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = tmp_path / "native"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(dead))  # nobody listens any more: what a killed server leaves
    monkeypatch.setenv("PULSE_SERVER", f"unix:{dead}")
    assert audio_server_alive() is False
    assert classify(RuntimeError("Error opening InputStream"), audio=True) == AUDIO_SERVER
    live = tmp_path / "live"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(live))
        s.listen(1)
        monkeypatch.setenv("PULSE_SERVER", f"unix:{live}")
        assert audio_server_alive() is True
        assert classify(RuntimeError("Error opening InputStream"), audio=True) == MICROPHONE


@pytest.mark.parametrize(
    ("kind", "fix"),
    [
        (DISK_FULL, "Free some disk space"),
        (READ_ONLY, "Choose another data folder in Settings"),
        (AUDIO_SERVER, "Restart the audio server"),
    ],
)
def test_every_message_names_its_fix_and_never_the_microphone(kind: str, fix: str) -> None:
    text = advice(kind, data_dir="/data")
    assert fix in text and "microphone" not in text.lower()
