"""What the window says when a take cannot be recorded, saved or scored: the real cause (disk
full, read-only folder, audio server) or, for the microphone, which one, why and what to do.

Plain functions (no Qt) so the session stays short and the wording lives in one place.
"""

from __future__ import annotations

import re
from pathlib import Path


def explain(
    exc: BaseException,
    data_dir: Path,
    device: str | None,
    *,
    audio: bool = False,
    stopped: bool = False,
) -> str:
    """`audio`: the failure came from the recording path; `stopped`: a take was cut short.

    The folders are looked at before the microphone is blamed: a read-only or deleted takes
    folder fails the recorder with "System error." and SQLite with "unable to open database
    file", which used to read as a microphone that could not be opened, or "read-only".
    """
    from star_rehearsal.core import faults
    from star_rehearsal.core.faults import MICROPHONE, OTHER, READ_ONLY, advice, classify

    text = str(exc)
    if text.startswith((faults.TAKES_FOLDER_DELETED, faults.DATABASE_STARTED_AGAIN)):
        return text  # the recorder or the store said what happened and where the take is
    kind = classify(exc, audio=audio)
    folder: Path = data_dir
    if kind in (MICROPHONE, OTHER, READ_ONLY):
        found = faults.folder_fault(data_dir)
        if found is not None:
            kind, folder = found
    if kind in (MICROPHONE, OTHER) and faults.disk_is_full(data_dir):
        kind = faults.DISK_FULL
    if kind == MICROPHONE or (kind == OTHER and audio):
        if stopped or faults.MICROPHONE_LOST_TEXT in text:
            return lost_advice(device)
        return device_advice(exc, device)
    if kind == OTHER:
        return f"{exc}."
    what = "Recording stopped; the audio so far is kept." if stopped else ""
    return advice(kind, data_dir=folder, what=what)


def lost_advice(device: str | None) -> str:
    """A microphone that went away mid-take: it had opened, so it is not 'could not be opened'."""
    name = f"The microphone '{device}'" if device else "The default microphone"
    return (
        f"{name} stopped sending audio during the take (unplugged, or switched off); the take "
        "so far is kept. Connect it again or choose another input in Settings, then record "
        "again."
    )


def device_advice(exc: BaseException, device: str | None) -> str:
    """One sentence: which microphone, why (the first sentence of the cause), what to do."""
    name = f"The microphone '{device}'" if device else "The default microphone"
    cause = str(exc).strip()
    if cause.startswith("No microphone found") or "Error querying device" in cause:
        why = "no microphone is connected or the audio server is not running"
    elif cause.startswith("No input device called"):
        why = "it is not connected"
    else:
        first = re.split(r"(?<=[.!?])\s", cause, maxsplit=1)[0]
        why = re.sub(r"\s*\([^()]*\)", "", first).rstrip(". ") or "the device refused"
        why = why[0].lower() + why[1:]
    return (
        f"{name} could not be opened because {why}; connect one or choose another input in "
        "Settings."
    )
