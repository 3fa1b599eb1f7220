"""Keep dependencies from collecting or sending anything: their opt-outs, set before they load.

onnxruntime's official Linux wheels run Microsoft's 1DS telemetry (a device id and an event
queue under ~/.cache/Microsoft, DNS lookups of mobile.events.data.microsoft.com). It reads
`ORT_DISABLE_TELEMETRY` once, when its module loads: `disable_telemetry_events()` after the
import, or the variable set after it, still leave the device id, the queue and the lookups
(measured: docs/privacy.md). faster-whisper loads onnxruntime too (its VAD). huggingface_hub
and hf_xet (only used when the user asks for another Whisper model) read their switches at
import. So every entry point (the CLI, the window, the tests, the benchmarks) and every lazy
import of these libraries calls `apply()` first. Nothing happens when this module is imported.

A private umask is part of the same promise: the recordings and reports are the user's alone.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

# Each switch and who reads it (grep of the installed packages, see docs/privacy.md).
OPT_OUTS: dict[str, str] = {
    "ORT_DISABLE_TELEMETRY": "1",  # onnxruntime: no 1DS uploader, events or device id
    "HF_HUB_DISABLE_TELEMETRY": "1",  # huggingface_hub.utils.send_telemetry, hf_xet
    "DO_NOT_TRACK": "1",  # https://donottrack.sh, read by huggingface_hub and hf_xet
    "HF_XET_TELEMETRY_ENABLED": "0",  # hf_xet's own telemetry heartbeat
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",  # never send a stored Hugging Face token unasked
}

PRIVATE_UMASK = 0o077  # folders 0700, files 0600: nobody else on the machine reads the takes


def apply(environ: MutableMapping[str, str] | None = None) -> None:
    """Set every opt-out in `environ` (the process environment by default).

    Set, not defaulted: `ORT_DISABLE_TELEMETRY=0` left in a shell must not turn telemetry on.
    Cheap and idempotent, so lazy imports call it again without cost.
    """
    env = os.environ if environ is None else environ
    for name, value in OPT_OUTS.items():
        if env.get(name) != value:
            env[name] = value


def apply_private_umask() -> int:
    """Make new files 0600 and folders 0700 at most, whatever umask the shell had.

    Only tightens: a stricter umask (0o277, say) is kept. Returns the umask in force.
    """
    old = os.umask(PRIVATE_UMASK)
    new = old | PRIVATE_UMASK
    os.umask(new)
    return new


def opt_outs_missing(environ: MutableMapping[str, str] | None = None) -> list[str]:
    """The switches not set as `apply` sets them (for `doctor` and the tests)."""
    env = os.environ if environ is None else environ
    return [name for name, value in OPT_OUTS.items() if env.get(name) != value]
