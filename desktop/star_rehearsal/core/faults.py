"""Name the real cause of a failure and the one action that fixes it.

A full disk, a read-only data folder and a stopped audio server used to be reported as "the
microphone could not be opened". `classify` tells them apart from the exception (errno, SQLite
message) and, for audio errors, from whether the audio server still answers.
"""

from __future__ import annotations

import errno
import os
import socket
import tempfile
from pathlib import Path

DISK_FULL, READ_ONLY, AUDIO_SERVER, MICROPHONE, OTHER = (
    "disk-full",
    "read-only",
    "audio-server",
    "microphone",
    "other",
)
GONE = "gone"  # the data folder was deleted or moved while the app ran

# The recorder's own words for a microphone lost mid-take (core/audio/recorder.py).
MICROPHONE_LOST_TEXT = "stopped sending audio"
# A take whose takes/ folder was deleted while it was recorded: the recorder wrote the audio
# back (or could not) and says so in full; nothing is to be added to it.
TAKES_FOLDER_DELETED = "The takes folder "
DATABASE_STARTED_AGAIN = "The takes database in "

_DISK_FULL_TEXT = ("database or disk is full", "no space left", "disk full", "file too large")
_READ_ONLY_TEXT = (
    "readonly database",
    "read-only",
    "read only",
    "unable to open database file",
    "permission denied",
)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def classify(error: BaseException | str, *, audio: bool = False) -> str:
    """DISK_FULL, READ_ONLY, AUDIO_SERVER, MICROPHONE (audio errors) or OTHER."""
    errors = _chain(error) if isinstance(error, BaseException) else []
    for exc in errors:
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            return DISK_FULL
        if isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return READ_ONLY
    text = " ".join(str(e) for e in errors).lower() if errors else str(error).lower()
    if any(t in text for t in _DISK_FULL_TEXT):
        return DISK_FULL
    if any(t in text for t in _READ_ONLY_TEXT) or type(error).__name__ == "StoreReadOnly":
        return READ_ONLY
    if audio:
        return AUDIO_SERVER if audio_server_alive() is False else MICROPHONE
    return OTHER


def audio_server_sockets() -> list[Path]:
    """Where PulseAudio or PipeWire listen for this user, if anywhere we know of."""
    paths: list[Path] = []
    server = os.environ.get("PULSE_SERVER", "")
    for part in server.split():
        if part.startswith("unix:"):
            paths.append(Path(part[5:]))
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and not paths:
        paths += [Path(runtime) / "pulse" / "native", Path(runtime) / "pipewire-0"]
    return paths


def audio_server_alive() -> bool | None:
    """True if a sound server answers, False if its socket is dead or gone, None if unknown.

    None (no server configured, e.g. plain ALSA) means the failure is the device's own.
    """
    sockets = audio_server_sockets()
    if not sockets:
        return None
    for path in sockets:
        if not path.exists():
            continue
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(1.0)
            try:
                s.connect(str(path))
            except OSError:
                continue
            return True
    return False


def advice(kind: str, *, data_dir: Path | str | None = None, what: str = "") -> str:
    """The message for a cause: what happened, that recordings are safe, the one fix."""
    folder = f" {data_dir}" if data_dir else ""
    lead = f"{what} " if what else ""
    if kind == DISK_FULL:
        return (
            f"{lead}The disk holding the data folder{folder} is full. "
            "Free some disk space, then record again; old takes can still be reviewed."
        )
    if kind == READ_ONLY:
        return (
            f"{lead}The data folder{folder} is read-only, so new takes cannot be saved; "
            "old takes can still be reviewed. Choose another data folder in Settings."
        )
    if kind == GONE:
        return (
            f"{lead}The data folder{folder} is gone (deleted or moved while STAR Rehearsal was "
            "open), so takes cannot be saved there. Restart STAR Rehearsal to create it again, "
            "or choose another data folder in Settings."
        )
    if kind == AUDIO_SERVER:
        return (
            f"{lead}The audio server (PulseAudio or PipeWire) is not running. "
            "Restart the audio server (log out and in, or `systemctl --user restart "
            "pipewire pulseaudio`), then record again."
        )
    return what


def disk_is_full(path: Path | str, *, below_bytes: int = 1 << 20) -> bool:
    """Less than a megabyte free where `path` lives (a write error's likeliest cause)."""
    import shutil

    probe = Path(path)
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free < below_bytes
    except OSError:
        return False


def folder_fault(data_dir: Path | str) -> tuple[str, Path] | None:
    """(GONE | READ_ONLY | DISK_FULL, the folder) when the data folder or its takes folder is
    why a write failed; None when both can be written.

    Tried, not asked: libsndfile says only "System error.", SQLite "unable to open database
    file" for a folder deleted under it, and os.access says yes to root on a read-only mount.
    """
    data = Path(data_dir)
    if not data.is_dir():
        return GONE, data
    for folder in (data, data / "takes"):
        if not folder.is_dir():
            continue  # takes/ is made again by the next take
        try:
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as exc:
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                return READ_ONLY, folder
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                return DISK_FULL, folder
            if exc.errno == errno.ENOENT:
                return GONE, data
    return None


def takes_folder_deleted(path: Path, written_back: bool, error: str = "") -> str:
    """What a take says when its folder was deleted under it while it was being recorded."""
    lead = f"{TAKES_FOLDER_DELETED}{path.parent} was deleted during the take"
    if written_back:
        return f"{lead}; the recording was written back to {path} and is kept."
    return (
        f"{lead} and the recording could not be written back ({error}); its transcript and "
        "score are kept."
    )


def database_started_again(data_dir: Path) -> str:
    """What a take says when the data folder (or its database) was deleted while it was being
    recorded: the take is in a new database; what was deleted stays deleted."""
    return (
        f"{DATABASE_STARTED_AGAIN}{data_dir} was deleted while the app was running: a new one "
        "was started there and this take is saved in it. Takes recorded before were deleted "
        "with it and are not restored."
    )
