"""File menu: "New deck from template…" and "Open sample deck" (issue #31 item 2), so a first
user starts from a deck that reads without a warning instead of a blank file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMenu

from star_rehearsal.core.deck_template import TemplateError, write_template
from star_rehearsal.core.paths import sample_deck_path

if TYPE_CHECKING:  # the window imports this module
    from star_rehearsal.ui.main_window import MainWindow

DEFAULT_NAME = "my-stories.md"


def add_actions(window: MainWindow, file_menu: QMenu) -> None:
    window._action(file_menu, "&New deck from template…", None,
                   lambda: new_deck_from_template(window),
                   "Write a commented template deck with two example stories, and open it")  # fmt: skip
    window._action(file_menu, "Open &sample deck", None, lambda: open_sample_deck(window),
                   "The example deck that comes with the app")  # fmt: skip


def new_deck_from_template(window: MainWindow, path: Path | None = None) -> Path | None:
    """Ask where (unless told), write the template there (never over a file), open it."""
    if path is None:
        deck = window.session.deck
        start = deck.path.parent if deck is not None else Path.home()
        name, _ = QFileDialog.getSaveFileName(
            window, "New deck from template", str(start / DEFAULT_NAME), "Markdown (*.md)", "",
            QFileDialog.Option.DontConfirmOverwrite,  # we refuse instead: nothing is replaced
        )  # fmt: skip
        if not name:
            return None
        path = Path(name)
    try:
        written = write_template(path)
    except TemplateError as exc:
        window.banner.show_message("error", f"No new deck: {exc}")
        return None
    window.session.open_other_deck(written)
    window.banner.show_message("info", f"Wrote {written} from the template: replace the examples "
                               "with your stories in any editor, then File ▸ Reload deck.")  # fmt: skip
    return written


def open_sample_deck(window: MainWindow) -> None:
    window.session.open_other_deck(sample_deck_path())
