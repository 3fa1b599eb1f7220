"""Input devices, through PortAudio (sounddevice), imported lazily."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class AudioUnavailable(Exception):
    """No way to record here; the message says what to install or check."""


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    channels: int
    default_samplerate: float
    is_default: bool

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "name": self.name, "channels": self.channels,
                "default_samplerate": self.default_samplerate, "is_default": self.is_default}  # fmt: skip


def sounddevice_module() -> Any:
    try:
        import sounddevice
    except OSError as exc:  # the wheel does not bundle PortAudio on Linux
        raise AudioUnavailable(
            "PortAudio is missing: install it with `sudo apt-get install libportaudio2` "
            "(scripts/setup.sh does this)."
        ) from exc
    except ImportError as exc:
        raise AudioUnavailable("sounddevice is not installed: `pip install sounddevice`.") from exc
    return sounddevice


def list_input_devices() -> list[InputDevice]:
    sd = sounddevice_module()
    try:
        devices = sd.query_devices()
        default_in = sd.default.device[0]
    except Exception as exc:
        raise AudioUnavailable(f"Could not list audio devices: {exc}") from exc
    if default_in is None or default_in < 0:
        try:
            default_in = sd.query_devices(kind="input")["index"]
        except Exception:
            default_in = -1
    return [
        InputDevice(
            i,
            d["name"],
            int(d["max_input_channels"]),
            float(d["default_samplerate"]),
            i == default_in,
        )
        for i, d in enumerate(devices)
        if d["max_input_channels"] > 0
    ]


def resolve_device(name: str | None) -> int | None:
    """Device index for a remembered name (exact, then partial match); None = system default."""
    if not name:
        return None
    devices = list_input_devices()
    for d in devices:
        if d.name == name:
            return d.index
    for d in devices:
        if name.lower() in d.name.lower():
            return d.index
    names = ", ".join(d.name for d in devices) or "none"
    raise AudioUnavailable(f"No input device called '{name}'. Inputs here: {names}.")
