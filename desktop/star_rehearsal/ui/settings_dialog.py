"""Settings: input device with a level test, engine and model (with load/download progress),
target band, pace range, data folder, theme, story card. Returns a new Settings; the session
saves it. The level test is the `ui.level_test.LevelTest` controller's: the dialog emits
level_test_requested / level_test_stopped and draws the levels it is given."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from star_rehearsal.core.settings import BUNDLED_MODEL, Settings
from star_rehearsal.core.transcription.models import model_choices
from star_rehearsal.ui import workers as jobs
from star_rehearsal.ui.level_bar import LevelBar
from star_rehearsal.ui.level_test import LevelTest
from star_rehearsal.ui.workers import Op, Workers

ENGINES = ("faster-whisper", "openai-whisper")
DEFAULT_DEVICE = "System default input"
THEME_NAMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
_SOUND_SERVERS = {
    "pulse": "PulseAudio sound server",
    "pipewire": "PipeWire sound server",
    "default": "ALSA default device",
    "sysdefault": "ALSA system default device",
    "jack": "JACK sound server",
}


def friendly_device_name(name: str) -> str:
    """'HDA Intel PCH: ALC3246 Analog (hw:0,0)' -> 'HDA Intel PCH: ALC3246 Analog'."""
    if name in _SOUND_SERVERS:
        return _SOUND_SERVERS[name]
    short = re.sub(r"\s*\((?:hw|plughw):\d+,\d+\)\s*$", "", name).strip()
    return re.sub(r":\s*-\s*$", "", short) or name


class SettingsDialog(QDialog):
    level_test_requested = Signal(object)  # the input device name, None for the default
    level_test_stopped = Signal()

    def __init__(
        self,
        settings: Settings,
        workers: Workers,
        parent: QWidget | None = None,
        data_dir_in_use: Path | None = None,
        level_test: LevelTest | None = None,
    ):
        super().__init__(parent)
        # The session's controller when the window opens the dialog; its own one otherwise.
        self.level_test = level_test or LevelTest(self)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(520)
        self.original = settings
        self.workers = workers
        self.device = QComboBox()
        self.device.setToolTip("The microphone to record from")
        self.device.addItem(DEFAULT_DEVICE, None)
        self.device_error = QLabel(objectName="warningLabel", wordWrap=True)
        self.device_error.hide()
        self._fill_devices(settings.input_device)
        self.test = QPushButton("Test level", checkable=True)
        self.test.setToolTip("Listen to the chosen input and show its level")
        self.meter = LevelBar()
        self.engine = QComboBox()
        self.engine.addItems(ENGINES)
        self.engine.setCurrentText(settings.engine)
        self.engine.setToolTip("Speech recognition engine; both run on this machine")
        # The models that ship with the app or its `accurate` extra, each with what it costs.
        self.choices = {c.name: c for c in model_choices()}
        self.model = QComboBox(editable=True)
        self.model.addItems(list(self.choices))
        self.model.setCurrentText(settings.model)
        self.model.setToolTip(
            "tiny.en ships with the app; base comes with the `accurate` extra. A folder path "
            "uses a CTranslate2 Whisper model you already have."
        )
        self.model_cost = QLabel(objectName="mutedLabel", wordWrap=True)
        self.model.currentTextChanged.connect(self._show_model_cost)
        self._show_model_cost(self.model.currentText())
        self.prepare = QPushButton("Load model")
        self.prepare.setToolTip("Load (and download if needed) the chosen model now")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.model_status = QLabel(objectName="mutedLabel", wordWrap=True)
        self.band_min, self.band_max = (
            _spin(settings.target_min_s, " s"),
            _spin(settings.target_max_s, " s"),
        )
        self.pace_min, self.pace_max = (
            _spin(settings.pace_min_wpm, " wpm"),
            _spin(settings.pace_max_wpm, " wpm"),
        )
        self.data_dir = QLineEdit(settings.data_dir or "")
        if data_dir_in_use is None:
            from star_rehearsal.core.paths import default_data_dir

            data_dir_in_use = Path(settings.data_dir or default_data_dir())
        self.data_dir_in_use = Path(data_dir_in_use)
        self.data_dir.setPlaceholderText(str(self.data_dir_in_use))
        self.data_dir_note = QLabel(
            f"In use now: {self.data_dir_in_use}", objectName="mutedLabel", wordWrap=True
        )
        self.data_dir_note.setTextInteractionFlags(
            self.data_dir_note.textInteractionFlags() | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.theme = QComboBox()
        for key, label in THEME_NAMES:
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.theme.setToolTip("Light or dark window, or follow the system colour scheme")
        self.hide_card = QCheckBox("&Hide the story card while recording")
        self.hide_card.setChecked(settings.hide_card_while_recording)
        self.hide_card.setToolTip(
            "Answer from memory: the card hides when you press Record and comes back after Stop"
        )
        self.data_dir.setToolTip("Where takes (audio and database) are kept")
        browse = QPushButton("B&rowse…")
        browse.setToolTip("Choose the folder where takes are kept")
        browse.clicked.connect(self._browse)
        self.problems = QLabel(objectName="warningLabel", wordWrap=True)
        self.problems.hide()
        self.nudges = QCheckBox("Quiet cues beside the timer while recording")
        self.nudges.setChecked(settings.live_nudges)
        self.nudges.setToolTip("“No result yet”, “Wrap up” and a cue when fillers pile up")

        form = QFormLayout()
        form.addRow("&Input device", self.device)
        form.addRow("", self.device_error)
        level = QHBoxLayout()
        level.addWidget(self.test)
        level.addWidget(self.meter, 1)
        form.addRow("", level)
        form.addRow("&Engine", self.engine)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model, 1)
        model_row.addWidget(self.prepare)
        form.addRow(_buddy("&Model", self.model), model_row)
        form.addRow("", self.model_cost)
        form.addRow("", self.progress)
        form.addRow("", self.model_status)
        form.addRow(
            _buddy("&Target length", self.band_min), _pair(self.band_min, self.band_max, "length")
        )
        form.addRow(
            _buddy("&Pace range", self.pace_min), _pair(self.pace_min, self.pace_max, "pace")
        )
        form.addRow(_buddy("Live &nudges", self.nudges), self.nudges)
        folder = QHBoxLayout()
        folder.addWidget(self.data_dir, 1)
        folder.addWidget(browse)
        form.addRow(_buddy("&Data folder", self.data_dir), folder)
        form.addRow("", self.data_dir_note)
        form.addRow("T&heme", self.theme)
        form.addRow("", self.hide_card)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.test.toggled.connect(self._on_test)
        self.prepare.clicked.connect(self._load_model)
        self.level_test_requested.connect(self.level_test.start)
        self.level_test_stopped.connect(self.level_test.stop)
        self.level_test.level_changed.connect(self.show_level)
        self.level_test.failed.connect(self.show_level_error)
        self.finished.connect(self._detach)

    def _fill_devices(self, current: str | None) -> None:
        try:
            names = self.level_test.input_devices()
        except Exception as exc:
            names = []
            self.device_error.setText(f"Input devices cannot be listed: {exc}")
            self.device_error.show()
        for name in names:
            self.device.addItem(friendly_device_name(name), name)
            self.device.setItemData(self.device.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        if current and current not in names:
            self.device.addItem(f"{current} (not connected)", current)
        index = self.device.findData(current) if current else 0
        self.device.setCurrentIndex(max(index, 0))

    def result_settings(self) -> Settings:
        return dataclasses.replace(
            self.original,
            input_device=self.device.currentData(),
            engine=self.engine.currentText(),
            model=self.model.currentText().strip() or BUNDLED_MODEL,
            target_min_s=self.band_min.value(),
            target_max_s=self.band_max.value(),
            pace_min_wpm=self.pace_min.value(),
            pace_max_wpm=self.pace_max.value(),
            data_dir=self.data_dir.text().strip() or None,
            theme=str(self.theme.currentData() or "system"),
            hide_card_while_recording=self.hide_card.isChecked(),
            live_nudges=self.nudges.isChecked(),
        )

    def accept(self) -> None:
        problems = self.result_settings().validate()
        if problems:
            self.problems.setText("\n".join(problems))
            self.problems.show()
            return
        self._stop_test()
        super().accept()

    def reject(self) -> None:
        self._stop_test()
        super().reject()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Data folder", self.data_dir.text())
        if folder:
            self.data_dir.setText(folder)

    def _show_model_cost(self, name: str) -> None:
        choice = self.choices.get(name.strip())
        if choice is None:
            self.model_cost.setText("A model of your own: speed and accuracy not measured here.")
        else:
            self.model_cost.setText(f"{choice.title}: {choice.note}.")

    def _load_model(self) -> None:
        self.progress.setValue(0)
        self.progress.show()
        self.prepare.setEnabled(False)
        self.model_status.setText(f"Loading {self.model.currentText()}…")
        engine, model = self.engine.currentText(), self.model.currentText()
        Op.with_progress(lambda progress: jobs.load_model_job(engine, model, progress)).success(
            self._model_done
        ).failure(self._model_failed).progress(
            lambda f: self.progress.setValue(int(f * 100))
        ).run_in(self.workers)

    def _model_done(self, _engine: object) -> None:
        self.progress.setValue(100)
        self.prepare.setEnabled(True)
        self.model_status.setText("Model ready.")

    def _model_failed(self, message: str) -> None:
        self.progress.hide()
        self.prepare.setEnabled(True)
        self.model_status.setText(f"Could not load the model: {message}")

    def _on_test(self, on: bool) -> None:
        if on:
            self.level_test_requested.emit(self.device.currentData())
        else:
            self._stop_test()

    @Slot(object)
    def show_level(self, level: object) -> None:  # a core.audio Level; the meter reads it
        self.meter.set_level(level)

    @Slot(str)
    def show_level_error(self, message: str) -> None:
        self.test.setChecked(False)
        self.device_error.setText(f"This input cannot be opened: {message}. Choose another device.")
        self.device_error.show()

    def _stop_test(self) -> None:
        self.level_test_stopped.emit()
        self.meter.reset()

    def _detach(self) -> None:
        """A closed dialog no longer hears the session's level test."""
        self.level_test.level_changed.disconnect(self.show_level)
        self.level_test.failed.disconnect(self.show_level_error)


def _spin(value: float, suffix: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox(decimals=0, minimum=1, maximum=1000, suffix=suffix)
    spin.setValue(value)
    spin.setMinimumWidth(110)
    return spin


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _pair(a: QWidget, b: QWidget, what: str) -> QWidget:
    a.setAccessibleName(f"Minimum {what}")
    b.setAccessibleName(f"Maximum {what}")
    w = QWidget()
    row = QHBoxLayout(w)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(a)
    row.addWidget(QLabel("to"))
    row.addWidget(b)
    row.addStretch(1)
    return w
