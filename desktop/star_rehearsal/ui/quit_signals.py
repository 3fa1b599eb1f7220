"""Ctrl+C, SIGTERM and SIGHUP quit the window the way its close button does (settings saved, a take
being recorded stopped and kept).

Python runs a signal handler only when the interpreter next gets control, and Qt's event loop
runs in C++: without help, Ctrl+C surfaces as a KeyboardInterrupt inside whatever Qt callback
happens next (a key filter, say) and the app keeps running, while SIGTERM kills the process
before settings are saved. So the C-level handler writes the signal number to a socket
(signal.set_wakeup_fd), a QSocketNotifier wakes the event loop on it, and the quit is posted
to the loop rather than run inside the handler.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

# SIGHUP: the terminal that started the app was closed, which used to end it unsaved too.
QUIT_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class QuitOnSignals(QObject):
    """While alive, SIGINT, SIGTERM and SIGHUP call `quit` once, from the event loop; a second signal
    of the same kind while quitting is ignored (shutdown waits for running work)."""

    def __init__(self, quit: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._quit = quit
        self.received: int | None = None  # the first signal that asked to quit
        self._read, self._write = socket.socketpair()
        for end in (self._read, self._write):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._write.fileno(), warn_on_full_buffer=False)
        self._previous = {sig: signal.signal(sig, self._on_signal) for sig in QUIT_SIGNALS}
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        # Runs between two Python bytecodes, possibly inside a Qt callback: only post the quit.
        if self.received is None:
            self.received = signum
            QTimer.singleShot(0, self._quit)

    def _drain(self) -> None:
        # Reaching Python here is what lets the interpreter run _on_signal; the bytes only wake us.
        try:
            while self._read.recv(64):
                pass
        except OSError:  # BlockingIOError: empty
            pass

    def uninstall(self) -> None:
        """Give the signals back (tests build several windows in one process)."""
        for sig, previous in self._previous.items():
            signal.signal(sig, signal.SIG_DFL if previous is None else previous)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._read.close()
        self._write.close()
