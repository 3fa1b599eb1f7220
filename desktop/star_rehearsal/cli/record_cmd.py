"""`star-rehearsal record`: record from a microphone to a WAV and report the level."""

from __future__ import annotations

import argparse
import json
import threading
from pathlib import Path

from star_rehearsal.cli.common import fail

COMMAND = "record"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("record", help="record N seconds from a microphone (a microphone check)")
    p.add_argument("--seconds", type=float, required=True, help="how long to record")
    p.add_argument("--out", type=Path, required=True, help="the WAV file to write")
    p.add_argument("--device", help="input device name (see `star-rehearsal devices`)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from star_rehearsal.core.audio import AudioUnavailable, Recorder

    if args.seconds <= 0:
        return fail(COMMAND, "--seconds must be positive", 2)
    failed = threading.Event()
    recorder = Recorder(args.out, device=args.device, on_error=lambda _m: failed.set())
    try:
        recorder.start()
    except AudioUnavailable as exc:
        return fail(COMMAND, str(exc), 2)
    done = threading.Event()
    try:
        while not failed.is_set() and recorder.elapsed_s < args.seconds:
            done.wait(0.05)
    except KeyboardInterrupt:
        pass
    result = recorder.stop()
    summary = {"path": str(result.path), "duration_s": round(result.duration_s, 2),
               "sample_rate": result.sample_rate, "device": result.device,
               "overflows": result.overflows, "error": result.error, **result.level}  # fmt: skip
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"Recorded {summary['duration_s']:.1f} s from '{result.device}' at "
              f"{result.sample_rate} Hz to {result.path}")  # fmt: skip
        print(
            f"Level: RMS {summary['rms_dbfs']} dBFS, peak {summary['peak_dbfs']} dBFS"
            + ("  — SILENT: is the microphone muted?" if summary["silent"] else "")
        )
        print(f"Overflows (dropped input): {result.overflows}")
    if result.error:
        return fail(COMMAND, str(result.error), 1)
    return 0
