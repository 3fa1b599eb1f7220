"""Start the Qt application: settings, session, main window; models load in the background."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from star_rehearsal.core.paths import default_data_dir, default_settings_path, project_root

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from star_rehearsal.core.instance_lock import InstanceLock
    from star_rehearsal.ui.main_window import MainWindow


def resources_dir() -> Path:
    root = project_root()
    return root / "resources" if root else Path(__file__).resolve().parents[1] / "resources"


def apply_theme(app: object, theme: str | None = None) -> str:
    """Light or dark palette and style sheet ('system' follows the desktop); returns the one used."""
    from star_rehearsal.ui import theme as themes

    return themes.apply(app, theme, resources_dir())


def create_window(
    deck: Path | None = None,
    data_dir: Path | None = None,
    settings_path: Path | None = None,
    *,
    load_model: bool = True,
) -> MainWindow:
    """Build the session and the window and start background loading; returns the window."""
    from star_rehearsal.core import privacy
    from star_rehearsal.ui.qt_compat import protect_none_refcount

    privacy.apply()  # before the model and scorer load: docs/privacy.md
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
    from PySide6.QtCore import QTimer

    from star_rehearsal.core import privacy
    from star_rehearsal.core.instance_lock import FolderInUse
    from star_rehearsal.core.settings import load_settings
    from star_rehearsal.ui.quit_signals import QuitOnSignals

    windows: list[MainWindow] = []  # empty until the window exists

    def quit_app() -> None:
        for window in windows:
            window.close()  # closeEvent saves the settings and stops a take being recorded
        app.quit()

    # From here on Ctrl+C / SIGTERM quit cleanly; one during start-up quits once the loop runs.
    QuitOnSignals(quit_app, app)
    privacy.apply()
    privacy.apply_private_umask()  # takes, reports and settings readable by this user only
    settings = load_settings(settings_path or default_settings_path())
    folder = Path(data_dir or settings.data_dir or default_data_dir())
    try:
        lock = hold_data_folder(folder)
    except FolderInUse as exc:
        return refuse_second_instance(str(exc))
    theme = apply_theme(app, settings.theme)
    upgrade_with_progress(app, folder)
    window = create_window(deck, data_dir, settings_path)
    window.session.lock = lock  # it follows the data folder when Settings switches it
    windows.append(window)
    window.history.dark = theme == "dark"
    window.show()
    # Once the loop runs: tells a terminal user how to quit (and tests when the app is up).
    QTimer.singleShot(0, lambda: print("STAR Rehearsal is open; Ctrl+C here quits it.",
                                       file=sys.stderr, flush=True))  # fmt: skip
    try:
        return app.exec()
    finally:
        if window.session.lock is not None:  # the folder switched to, if it was
            window.session.lock.release()


def upgrade_with_progress(app: QApplication, folder: Path) -> None:
    """A database from an older version is migrated before the window opens (10,000 takes:
    seconds, once), on a thread while a small window says so; its scores are summarised in
    the background once the window is up (services/store_upgrade)."""
    import threading

    from star_rehearsal.services import store_upgrade

    if not store_upgrade.needs_upgrade(folder):
        return
    from PySide6.QtWidgets import QProgressDialog

    dialog = QProgressDialog("Updating your takes for this version of STAR Rehearsal (once)…",
                             "", 0, 0)  # fmt: skip
    dialog.setCancelButton(None)  # a migration is one transaction per step: nothing to cancel
    dialog.setWindowTitle("STAR Rehearsal")
    dialog.setMinimumDuration(0)
    dialog.show()
    done = threading.Event()

    def run() -> None:
        try:
            store_upgrade.upgrade(folder)
        finally:
            done.set()

    threading.Thread(target=run, name="takes-upgrade", daemon=True).start()
    while not done.wait(0.05):
        app.processEvents()
    dialog.close()
    dialog.deleteLater()


def hold_data_folder(folder: Path) -> InstanceLock | None:
    """This window's claim on its data folder (core/instance_lock), made before the store opens
    and recovers takes; the folder is created first (0700 under the private umask)."""
    from star_rehearsal.core.instance_lock import acquire

    with contextlib.suppress(OSError):  # a read-only parent: the store says so later
        folder.mkdir(parents=True, exist_ok=True)
    return acquire(folder)


def refuse_second_instance(message: str) -> int:
    """Say which process holds the folder, on stderr and, on a screen, in a dialog."""
    print(f"star-rehearsal: {message}", file=sys.stderr, flush=True)
    if os.environ.get("QT_QPA_PLATFORM", "") not in ("offscreen", "minimal"):
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(None, "STAR Rehearsal is already open", message)
    return 1
