"""Start the Qt application (placeholder window until the rehearsal window lands)."""

from __future__ import annotations

import sys
from pathlib import Path


def run_app(deck: Path | None = None, data_dir: Path | None = None,
            settings_path: Path | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("STAR Rehearsal")
    window.resize(1100, 720)
    window.show()
    return app.exec()
