"""Work around a PySide6 6.12 / CPython 3.11 reference-count bug.

Measured here: every call of a void C++ method through PySide6 6.12.0 (QWidget.update(),
QColor.setAlphaF(), ...) drops one reference to None (True and False suffer too). On CPython < 3.12 None is not immortal,
so a painting window reaches zero after a few minutes and aborts with "none_dealloc:
deallocating None". Giving None a huge reference count makes it effectively immortal, which
is what CPython 3.12+ does anyway. Nothing happens on 3.12+.
"""

from __future__ import annotations

import ctypes
import sys

_BALLAST = 1 << 40
_done = False


def protect_none_refcount() -> None:
    global _done
    if _done or sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):  # bool results are affected the same way
        ctypes.c_ssize_t.from_address(id(singleton)).value += _BALLAST
    _done = True
