"""Record a take to disk as it is spoken, so a crash loses at most about a second.

The source's callback queues frames; this writer thread appends them to the WAV, flushes
twice a second, publishes the input level, and hands 16 kHz copies to whoever transcribes live.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from star_rehearsal.core.audio.devices import AudioUnavailable
from star_rehearsal.core.audio.files import resample
from star_rehearsal.core.audio.levels import Level, LevelMeter
from star_rehearsal.core.audio.source import AudioSource, Block, SoundDeviceSource
from star_rehearsal.core.transcript import SAMPLE_RATE

log = logging.getLogger(__name__)

FLUSH_EVERY_S = 0.5
STALL_AFTER_S = 2.5  # no audio for this long: the device or the audio server went away
# ... unless the stream still says it is running: on a starved machine (busy cores,
# benchmarks/bench_load.py) blocks arrived 2.5 s late once and a good take was stopped.
STALL_ACTIVE_AFTER_S = 8.0


@dataclass(frozen=True)
class RecordingResult:
    path: Path
    duration_s: float
    overflows: int
    sample_rate: int
    device: str
    error: str | None
    level: dict[str, Any]


# Put on the queue by stop(): the writer wakes at once instead of at its next 0.1 s timeout
# (part of the 140-210 ms `recorder` stage of the finish after Stop, bench_load).
_WAKE: Block = (np.zeros(0, dtype=np.float32), False)


class Recorder:
    def __init__(
        self,
        path: Path,
        *,
        device: str | None = None,
        source: AudioSource | None = None,
        on_level: Callable[[Level], None] | None = None,
        on_audio: Callable[[np.ndarray], None] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.source = source or SoundDeviceSource(device)
        self.on_level, self.on_audio, self.on_error = on_level, on_audio, on_error
        self._blocks: queue.Queue[Block] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.frames = 0
        self.overflows = 0
        self.error: str | None = None
        self.listener_errors = 0
        self._meter: LevelMeter | None = None
        self._file: Any = None

    @property
    def elapsed_s(self) -> float:
        return self.frames / self.source.sample_rate if self.source.sample_rate else 0.0

    def start(self) -> None:
        """Open the microphone and the file; raises AudioUnavailable with a clear message."""
        import soundfile as sf

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.source.start(self._blocks)
        try:
            self._file = sf.SoundFile(str(self.path), "w", samplerate=self.source.sample_rate,
                                      channels=1, subtype="PCM_16", format="WAV")  # fmt: skip
        except Exception as exc:
            self.source.stop()
            raise AudioUnavailable(f"Cannot write the take to {self.path}: {exc}") from exc
        self._meter = LevelMeter(self.source.sample_rate)
        self._thread = threading.Thread(target=self._write_loop, name="take-writer", daemon=True)
        self._thread.start()

    def _write_loop(self) -> None:
        last_flush = last_block = time.monotonic()
        try:
            while True:
                try:
                    frames, overflow = self._blocks.get(timeout=0.1)
                except queue.Empty:
                    if self._stop.is_set():
                        break
                    silent_for = time.monotonic() - last_block
                    if silent_for > STALL_AFTER_S and (
                        silent_for > STALL_ACTIVE_AFTER_S or not self._source_active()
                    ):
                        self._fail("The microphone stopped sending audio (unplugged, or the audio "
                                   "server stopped). The take so far is kept.")  # fmt: skip
                        break
                    continue
                if frames is _WAKE[0]:
                    break  # stop(): the source has stopped, the rest is drained below
                last_block = time.monotonic()
                self._write(frames, overflow)
                if last_block - last_flush >= FLUSH_EVERY_S:
                    self._file.flush()  # libsndfile syncs to disk: a power cut loses < 0.5 s
                    last_flush = last_block
            while not self._blocks.empty():  # what arrived before stop
                frames, overflow = self._blocks.get_nowait()
                if frames is not _WAKE[0]:
                    self._write(frames, overflow)
            self._file.flush()
        except Exception as exc:  # disk full, folder removed: say so; what is written stays
            from star_rehearsal.core.faults import disk_is_full

            # libsndfile says only "System error." when the disk is full: name the cause.
            cause = "the disk is full" if disk_is_full(self.path.parent) else str(exc)
            self._fail(f"Could not write the take to disk ({cause}). The take so far is kept.")

    def _source_active(self) -> bool:
        try:
            return bool(self.source.is_active())
        except Exception:
            return False

    def _write(self, frames: np.ndarray, overflow: bool) -> None:
        self._file.write(frames)
        self.frames += frames.size
        if overflow:
            self.overflows += 1
        assert self._meter is not None
        level = self._meter.update(frames)
        if self.on_level:
            self._notify(self.on_level, level)
        if self.on_audio:
            rate = self.source.sample_rate
            self._notify(self.on_audio, frames if rate == SAMPLE_RATE else resample(frames, rate))

    def _notify(self, listener: Callable[[Any], None], value: Any) -> None:
        """A failing meter or transcriber must never stop the take from reaching the disk."""
        try:
            listener(value)
        except Exception:
            self.listener_errors += 1
            if self.listener_errors == 1:
                log.exception("a recording listener failed; recording goes on")

    def _fail(self, message: str) -> None:
        if self.error is not None:
            return
        self.error = message
        if self.on_error:
            with contextlib.suppress(Exception):
                self.on_error(message)

    def _keep_if_deleted(self) -> None:
        """The take's folder deleted mid-take: copy the audio back before closing drops it."""
        from star_rehearsal.core.faults import TAKES_FOLDER_DELETED, takes_folder_deleted

        if self.path.exists() or (self.error or "").startswith(TAKES_FOLDER_DELETED):
            return  # in place, or already told (stop() twice)
        from star_rehearsal.core.audio.rescue import write_back

        try:
            kept, error = write_back(self.path), ""
        except OSError as exc:
            kept, error = False, str(exc)
        # Told with the review (RecordingResult.error), not to on_error: the take has stopped.
        self.error = takes_folder_deleted(self.path, kept, error or "it was not open any more")

    def stop(self) -> RecordingResult:
        """Stop and close the file; safe after an error, twice, or when start() failed."""
        try:
            self.source.stop()
        except Exception as exc:
            if self.error is None:
                self.error = f"The microphone did not close cleanly: {exc}"
        self._stop.set()
        self._blocks.put(_WAKE)
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._file is not None:
            self._keep_if_deleted()
            with contextlib.suppress(Exception):
                self._file.close()
        level = self._meter.summary() if self._meter else {}
        return RecordingResult(self.path, self.elapsed_s, self.overflows, self.source.sample_rate,
                               self.source.device_name, self.error, level)  # fmt: skip
