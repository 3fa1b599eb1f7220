"""Playback of the reviewed take, beside the session: it owns the core.audio Player and the
timer that polls its position, so the review view only asks to play and renders where it is."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

if TYPE_CHECKING:
    from star_rehearsal.core.audio import Player

LEAD_IN_S = 0.2  # start a little before the word asked for, so its onset is heard
TAIL_S = 0.4  # and stop a little after a clip's last word, so its end is heard


class Playback(QObject):
    """One take's recording at a time; `set_source` when the review changes."""

    position_changed = Signal(float)  # seconds into the take
    playing_changed = Signal(bool)
    failed = Signal(str)  # why it cannot play (no output device, unreadable file)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source: Path | None = None
        self.until: float | None = None  # where a clip stops (play_between); None: the take's end
        self._player: Player | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(100)
        self._poll.timeout.connect(self._on_poll)

    @property
    def is_playing(self) -> bool:
        return self._player is not None and self._player.is_playing

    def set_source(self, path: Path | None) -> None:
        self.stop()
        self.source = path

    @Slot(float)
    def play_at(self, seconds: float) -> None:
        self.until = None
        self._play(seconds)

    @Slot(float, float)
    def play_between(self, start: float, end: float) -> None:
        """Play one clip (a key point's sentence) and stop after it, so the words heard after
        it are never taken for the point's."""
        self.until = end + TAIL_S
        self._play(start)

    def _play(self, seconds: float) -> None:
        if self.source is None or not self.source.is_file():
            return
        try:
            from star_rehearsal.core.audio import Player  # PortAudio loads on first use

            if self._player is None:
                self._player = Player()
            self._player.play(self.source, start_s=max(0.0, seconds - LEAD_IN_S))
        except Exception as exc:
            self.failed.emit(f"cannot play: {exc}")
            return
        self.playing_changed.emit(True)
        self._poll.start()

    @Slot(float)
    def toggle(self, from_s: float) -> None:
        """Pause when playing, else play from `from_s` (the seek bar's position)."""
        if self.is_playing:
            self.stop()
        else:
            self.play_at(from_s)

    @Slot()
    def stop(self) -> None:
        was_polling = self._poll.isActive()
        self._poll.stop()
        if self._player is not None:
            self._player.stop()
        if was_polling:
            self.playing_changed.emit(False)

    def _on_poll(self) -> None:
        if self._player is None:
            return
        position = float(self._player.position_s)
        self.position_changed.emit(position)
        if self.until is not None and position >= self.until:
            self.stop()
        elif not self._player.is_playing:
            self._poll.stop()
            self.playing_changed.emit(False)
