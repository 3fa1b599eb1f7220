"""Start the Qt application: settings, session, main window; models load in the background."""

from __future__ import annotations

import sys
from pathlib import Path

from star_rehearsal.core.paths import default_settings_path, project_root


def resources_dir() -> Path:
    root = project_root()
    return root / "resources" if root else Path(__file__).resolve().parents[1] / "resources"


def apply_theme(app: object, theme: str | None = None) -> str:
    """Light or dark style sheet; follows the system colour scheme unless told."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    if theme not in ("light", "dark"):
        scheme = QGuiApplication.styleHints().colorScheme()
        theme = "dark" if scheme == Qt.ColorScheme.Dark else "light"
    app.setStyle("Fusion")
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    if theme == "dark":
        for role, color in (
            (QPalette.ColorRole.Window, "#1f2227"),
            (QPalette.ColorRole.Base, "#262a30"),
            (QPalette.ColorRole.AlternateBase, "#2c3037"),
            (QPalette.ColorRole.WindowText, "#e6e8eb"),
            (QPalette.ColorRole.Text, "#e6e8eb"),
            (QPalette.ColorRole.Button, "#2c3037"),
            (QPalette.ColorRole.ButtonText, "#e6e8eb"),
            (QPalette.ColorRole.Highlight, "#4a7fd0"),
            (QPalette.ColorRole.HighlightedText, "#ffffff"),
            (QPalette.ColorRole.ToolTipBase, "#2c3037"),
            (QPalette.ColorRole.ToolTipText, "#e6e8eb"),
            (QPalette.ColorRole.PlaceholderText, "#8a9099"),
        ):
            palette.setColor(role, QColor(color))
    else:
        for role, color in (
            (QPalette.ColorRole.Window, "#f6f7f9"),
            (QPalette.ColorRole.Base, "#ffffff"),
            (QPalette.ColorRole.AlternateBase, "#f1f3f6"),
            (QPalette.ColorRole.WindowText, "#1d232b"),
            (QPalette.ColorRole.Text, "#1d232b"),
            (QPalette.ColorRole.Button, "#ffffff"),
            (QPalette.ColorRole.ButtonText, "#1d232b"),
            (QPalette.ColorRole.Highlight, "#3a6fc4"),
            (QPalette.ColorRole.HighlightedText, "#ffffff"),
            (QPalette.ColorRole.PlaceholderText, "#8a929c"),
        ):
            palette.setColor(role, QColor(color))
    app.setPalette(palette)
    qss = resources_dir() / f"style-{theme}.qss"
    try:
        app.setStyleSheet(qss.read_text(encoding="utf-8"))
    except OSError:
        app.setStyleSheet("")
    return theme


def create_window(
    deck: Path | None = None,
    data_dir: Path | None = None,
    settings_path: Path | None = None,
    *,
    load_model: bool = True,
) -> object:
    """Build the session and the window and start background loading; returns the window."""
    from star_rehearsal.ui.qt_compat import protect_none_refcount

    protect_none_refcount()
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from star_rehearsal.core.settings import load_settings
    from star_rehearsal.ui.main_window import MainWindow
    from star_rehearsal.ui.session import RehearsalSession

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings_path = Path(settings_path) if settings_path else default_settings_path()
    settings = load_settings(settings_path)
    session = RehearsalSession(settings, settings_path, data_dir)
    window = MainWindow(session)
    icon = resources_dir() / "icons" / "app.svg"
    if icon.is_file():
        window.setWindowIcon(QIcon(str(icon)))
    window.dark = False
    session.open_store()
    window._refresh_takes()
    chosen = deck or (Path(settings.last_deck) if settings.last_deck else None)
    if chosen is not None and not Path(chosen).is_file() and deck is None:
        chosen = None  # a remembered deck that has gone: fall back to the sample
    session.open_deck(chosen)
    if load_model:
        session.load_model()
    return window


def run_app(
    deck: Path | None = None, data_dir: Path | None = None, settings_path: Path | None = None
) -> int:
    from star_rehearsal.ui.qt_compat import protect_none_refcount

    protect_none_refcount()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("STAR Rehearsal")
    app.setOrganizationName("STAR Rehearsal")
    app.setDesktopFileName("star-rehearsal")  # Wayland app id = our menu entry (its icon)
    theme = apply_theme(app)
    window = create_window(deck, data_dir, settings_path)
    window.history.dark = theme == "dark"  # type: ignore[attr-defined]
    window.show()  # type: ignore[attr-defined]
    return app.exec()
