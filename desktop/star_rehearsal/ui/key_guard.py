"""Single-key shortcuts (Space, N, P, Enter) act only where a person expects them to.

Qt asks the focused widget first with a ShortcutOverride event; accepting it hands the key to
the widget instead of the window's shortcut. So: inside a text field the key is typed; Space
(and Enter) on a focused button press that button; Esc in the question filter clears it and
gives the focus back to the list.

The guard watches only the widget that has the focus (ShortcutOverride and KeyPress go there),
not the whole application: an application-wide filter written in Python makes every Qt event of
every widget (paints, layouts, timers) take the GIL, so a window rebuilding a list waits on
whichever thread holds it — once per event.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
_BUTTON_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _is_text_field(widget: QWidget) -> bool:
    if isinstance(widget, QLineEdit | QAbstractSpinBox):
        return True
    if isinstance(widget, QComboBox):
        return True  # Space opens the list, letters pick an entry
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    return False


def key_belongs_to_widget(widget: QWidget | None, event: QKeyEvent) -> bool:
    """True when the focused widget should get this key rather than a window shortcut."""
    if widget is None or event.modifiers() not in _PLAIN:
        return False
    key = event.key()
    if _is_text_field(widget):
        return bool(event.text()) or key in _BUTTON_KEYS
    if isinstance(widget, QAbstractButton):
        return key in _BUTTON_KEYS
    if isinstance(widget, QAbstractItemView):
        return key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # activates the row (e.g. play it)
    return False


class KeyGuard(QObject):
    """Filters the focused widget's key events; see the module docstring."""

    def __init__(self, filter_box: QLineEdit, after_escape: QWidget, parent: QObject) -> None:
        super().__init__(parent)
        self.filter_box = filter_box
        self.after_escape = after_escape
        self._watched: QWidget | None = None

    def follow_focus(self, app: QApplication) -> None:
        """Watch whichever widget has the focus, now and whenever it moves."""
        app.focusChanged.connect(self._focus_moved)
        self._focus_moved(None, app.focusWidget())

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._watched is not None:
            with contextlib.suppress(RuntimeError):  # the widget is gone (a closed dialog)
                self._watched.removeEventFilter(self)
        self._watched = new
        if new is not None:
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if isinstance(watched, QWidget) and key_belongs_to_widget(watched, event):
                event.accept()
                return True
        elif (
            kind == QEvent.Type.KeyPress
            and isinstance(watched, QAbstractButton)
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() in _PLAIN
        ):
            watched.animateClick()  # a push button outside a dialog ignores Enter by itself
            return True
        elif (
            kind == QEvent.Type.KeyPress
            and watched is self.filter_box
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self.filter_box.clear()
            self.after_escape.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        return False
