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
    """`audio`: the failure came from the recording path; `stopped`: a take was cut short."""
    from star_rehearsal.core import faults
    from star_rehearsal.core.faults import MICROPHONE, OTHER, advice, classify

    kind = classify(exc, audio=audio)
    if kind in (MICROPHONE, OTHER) and faults.disk_is_full(data_dir):
        kind = faults.DISK_FULL
    if kind == MICROPHONE or (kind == OTHER and audio):
        return device_advice(exc, device)
    if kind == OTHER:
        return f"{exc}."
    what = "Recording stopped; the audio so far is kept." if stopped else ""
    return advice(kind, data_dir=data_dir, what=what)


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
