"""Reload the deck when its file changes on disk. Editors often replace the file (write a new
one, rename it over), which drops it from the watch: the path and its folder are re-added."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal


class DeckWatcher(QObject):
    changed = Signal(Path)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._poke)
        self._watcher.directoryChanged.connect(self._poke)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self._fire)
        self._stamp: tuple[float, int] | None = None

    def watch(self, path: Path | None) -> None:
        for old in self._watcher.files() + self._watcher.directories():
            self._watcher.removePath(old)
        self.path = Path(path) if path else None
        self._stamp = self._read_stamp()
        self._rewatch()

    def _rewatch(self) -> None:
        if self.path is None:
            return
        if self.path.exists() and str(self.path) not in self._watcher.files():
            self._watcher.addPath(str(self.path))
        if self.path.parent.is_dir() and str(self.path.parent) not in self._watcher.directories():
            self._watcher.addPath(str(self.path.parent))

    def _read_stamp(self) -> tuple[float, int] | None:
        try:
            st = self.path.stat() if self.path else None
        except OSError:
            return None
        return (st.st_mtime, st.st_size) if st else None

    def _poke(self, _path: str) -> None:
        self._debounce.start()

    def _fire(self) -> None:
        self._rewatch()
        stamp = self._read_stamp()
        if stamp is None or stamp == self._stamp:
            return
        self._stamp = stamp
        if self.path is not None:
            self.changed.emit(self.path)
