"""UI tests run offscreen (no display needed); every window gets its own data dir and settings."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
