"""`star-rehearsal devices`: list audio inputs."""

from __future__ import annotations

import argparse
import json

from star_rehearsal.cli.common import fail

COMMAND = "devices"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("devices", help="list audio inputs")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from star_rehearsal.core.audio import AudioUnavailable, list_input_devices

    try:
        devices = list_input_devices()
    except AudioUnavailable as exc:
        return fail(COMMAND, str(exc), 2)
    if args.json:
        print(json.dumps([d.to_json() for d in devices], indent=2))
        return 0
    if not devices:
        print("No audio inputs found. Connect a microphone, or check the audio server runs.")
        return 1
    for d in devices:
        mark = "*" if d.is_default else " "
        print(f"{mark} {d.name}  ({d.channels} ch, {d.default_samplerate:.0f} Hz)")
    return 0
