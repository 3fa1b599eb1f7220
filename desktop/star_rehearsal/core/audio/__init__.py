"""Recording and playback through PortAudio (sounddevice), behind a small source protocol.

The names below are imported from their modules on first use (core/lazy_exports: importing
this package from two threads at once must not deadlock)."""

from typing import TYPE_CHECKING

from star_rehearsal.core.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from star_rehearsal.core.audio.devices import (
        AudioUnavailable,
        InputDevice,
        list_input_devices,
        resolve_device,
    )
    from star_rehearsal.core.audio.levels import Level
    from star_rehearsal.core.audio.playback import Player
    from star_rehearsal.core.audio.recorder import Recorder, RecordingResult
    from star_rehearsal.core.audio.source import AudioSource, SoundDeviceSource
    from star_rehearsal.core.audio.wavrepair import repair_wav

__getattr__ = lazy_exports(__name__, {
    "AudioUnavailable": "devices", "InputDevice": "devices", "list_input_devices": "devices",
    "resolve_device": "devices", "Level": "levels", "Player": "playback", "Recorder": "recorder",
    "RecordingResult": "recorder", "AudioSource": "source", "SoundDeviceSource": "source",
    "repair_wav": "wavrepair",
})  # fmt: skip

__all__ = [
    "AudioSource",
    "AudioUnavailable",
    "InputDevice",
    "Level",
    "Player",
    "Recorder",
    "RecordingResult",
    "SoundDeviceSource",
    "list_input_devices",
    "repair_wav",
    "resolve_device",
]
