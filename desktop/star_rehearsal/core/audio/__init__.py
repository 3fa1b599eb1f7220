"""Recording and playback through PortAudio (sounddevice), behind a small source protocol."""

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
