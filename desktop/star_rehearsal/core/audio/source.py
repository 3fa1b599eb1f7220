"""Where audio comes from: a small protocol, and the real PortAudio input stream.

The PortAudio callback runs on a real-time thread: it only copies the frames into a queue.
"""

from __future__ import annotations

import queue
from typing import Any, Protocol

import numpy as np

from star_rehearsal.core.audio.devices import AudioUnavailable, resolve_device, sounddevice_module

PREFERRED_RATE = 16_000
Block = tuple[np.ndarray, bool]  # (mono float32 frames, an input overflow happened before them)


class AudioSource(Protocol):
    sample_rate: int
    device_name: str

    def start(self, blocks: queue.Queue[Block]) -> None: ...

    def stop(self) -> None: ...

    def is_active(self) -> bool: ...


class SoundDeviceSource:
    """Mono capture from a PortAudio input; 16 kHz if the device takes it, else its own rate."""

    def __init__(
        self, device: str | None = None, block_s: float = 0.1, preferred_rate: int = PREFERRED_RATE
    ) -> None:
        self.device_request = device
        self.block_s = block_s
        self.preferred_rate = preferred_rate
        self.sample_rate = preferred_rate
        self.device_name = device or "default"
        self._stream: Any = None

    def start(self, blocks: queue.Queue[Block]) -> None:
        sd = sounddevice_module()
        index = resolve_device(self.device_request)
        try:
            info = (
                sd.query_devices(index, kind="input")
                if index is not None
                else sd.query_devices(kind="input")
            )
        except Exception as exc:
            raise AudioUnavailable(
                "No microphone found. Connect one (or check the audio server is running) and "
                f"try again. ({exc})"
            ) from exc
        self.device_name = str(info["name"])

        def callback(indata: np.ndarray, frames: int, time: Any, status: Any) -> None:
            blocks.put((indata[:, 0].copy(), bool(status.input_overflow)))

        last_error: Exception | None = None
        native = int(info["default_samplerate"])
        for rate in dict.fromkeys((self.preferred_rate, native)):  # the native rate if refused
            try:
                stream = sd.InputStream(samplerate=rate, channels=1, dtype="float32",
                                        device=index, callback=callback,
                                        blocksize=int(rate * self.block_s))  # fmt: skip
                stream.start()
            except Exception as exc:  # PortAudioError: rate refused, device busy or gone
                last_error = exc
                continue
            self._stream, self.sample_rate = stream, rate
            return
        raise AudioUnavailable(
            f"Could not open the microphone '{self.device_name}' at {self.preferred_rate} Hz or "
            f"its own {native} Hz: {last_error}. Check it is not muted or used by another app."
        )

    def is_active(self) -> bool:
        return bool(self._stream is not None and self._stream.active)

    def stop(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.stop()
            finally:
                stream.close()
