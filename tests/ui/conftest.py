"""UI tests run offscreen (no display needed); every window gets its own data dir and settings."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from star_rehearsal.ui.qt_compat import protect_none_refcount

protect_none_refcount()  # PySide6 6.12 drops a None reference per void call (see qt_compat)
