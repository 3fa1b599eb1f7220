"""The microphone level test of the Settings dialog, beside the session: it opens the chosen
input (core.audio), hands its levels over from the device thread and reports them as signals,
so the dialog only asks to start or stop and draws the levels it is given."""

from __future__ import annotations

import contextlib
import queue
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from star_rehearsal.services.take_events import ErrorEvent, LevelEvent

if TYPE_CHECKING:
    from star_rehearsal.core.audio import Recorder


class LevelTest(QObject):
    level_changed = Signal(object)  # core.audio Level
    failed = Signal(str)  # why the input cannot be opened
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The recorder calls back on its own (non-Qt) thread: hand values over, poll on the UI.
        self._inbox: queue.SimpleQueue[LevelEvent | ErrorEvent] = queue.SimpleQueue()
        self._poll = QTimer(self)
        self._poll.setInterval(80)
        self._poll.timeout.connect(self._drain)
        self._recorder: Recorder | None = None  # writing to a throw-away file

    @property
    def running(self) -> bool:
        return self._recorder is not None

    @staticmethod
    def input_devices() -> list[str]:
        """The input devices' names; raises when the audio system cannot be asked."""
        from star_rehearsal.core.audio import list_input_devices

        return [d.name for d in list_input_devices()]

    @Slot(object)
    def start(self, device: str | None) -> None:
        self.stop()
        self._inbox = queue.SimpleQueue()
        try:
            from star_rehearsal.core.audio import Recorder

            path = Path(tempfile.mkdtemp(prefix="star-level-")) / "level.wav"
            self._recorder = Recorder(
                path,
                device=device,
                on_level=lambda level: self._inbox.put(LevelEvent(level)),
                on_error=lambda message: self._inbox.put(ErrorEvent(message)),
            )
            self._recorder.start()
        except Exception as exc:
            self._recorder = None
            self.failed.emit(str(exc))
            return
        self._poll.start()
        self.running_changed.emit(True)

    @Slot()
    def stop(self) -> None:
        self._poll.stop()
        if self._recorder is None:
            return
        recorder, self._recorder = self._recorder, None
        with contextlib.suppress(Exception):  # the test file is thrown away either way
            result = recorder.stop()
            Path(result.path).unlink(missing_ok=True)
        self.running_changed.emit(False)

    def _drain(self) -> None:
        while True:
            try:
                event = self._inbox.get_nowait()
            except queue.Empty:
                return
            if isinstance(event, LevelEvent):
                self.level_changed.emit(event.level)
            else:
                self.stop()
                self.failed.emit(event.message)
                return
