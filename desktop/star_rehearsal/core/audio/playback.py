"""Play a take back, whole or from a given second."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from star_rehearsal.core.audio.devices import AudioUnavailable, sounddevice_module


class Player:
    def __init__(self) -> None:
        self._stream: Any = None
        self._started_at = 0.0
        self._offset = 0.0
        self.duration_s = 0.0
        self._lock = threading.Lock()
        self._done = threading.Event()

    @property
    def is_playing(self) -> bool:
        return self._stream is not None and not self._done.is_set()

    @property
    def position_s(self) -> float:
        if not self.is_playing:
            return self._offset if self._stream is None else self.duration_s
        return min(self.duration_s, self._offset + time.monotonic() - self._started_at)

    def play(self, path: Path, start_s: float = 0.0) -> None:
        import soundfile as sf

        sd = sounddevice_module()
        self.stop()
        try:
            data, rate = sf.read(str(path), dtype="float32", always_2d=True)
        except Exception as exc:
            raise AudioUnavailable(f"{path}: cannot be played ({exc})") from exc
        self.duration_s = len(data) / rate
        start = max(0, min(len(data), int(start_s * rate)))
        chunk = data[start:]
        position = [0]
        self._done.clear()

        def callback(outdata: Any, frames: int, t: Any, status: Any) -> None:
            piece = chunk[position[0] : position[0] + frames]
            outdata[: len(piece)] = piece
            outdata[len(piece) :] = 0
            position[0] += frames
            if len(piece) < frames:
                raise sd.CallbackStop

        try:
            stream = sd.OutputStream(samplerate=rate, channels=data.shape[1], dtype="float32",
                                     callback=callback, finished_callback=self._done.set)  # fmt: skip
            stream.start()
        except Exception as exc:
            raise AudioUnavailable(f"No audio output to play on: {exc}") from exc
        with self._lock:
            self._stream, self._offset, self._started_at = stream, start / rate, time.monotonic()

    def wait(self, timeout: float) -> bool:
        return self._done.wait(timeout)

    def stop(self) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
        if stream is not None:
            self._offset = 0.0
            stream.stop()
            stream.close()
            self._done.set()
