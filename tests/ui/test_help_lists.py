"""Issue 30 rough edge 7: F1's list missed D, Ctrl+3, Ctrl+Shift+N, Ctrl+M, Ctrl+U, Ctrl+E and
"/"; About omitted the accurate (base) model and the bundled matcher and their licences. The
list is checked against every shortcut the real window carries."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from star_rehearsal.ui.dialogs import SHORTCUTS, about_html
from window_helpers import open_window


def test_f1_lists_every_shortcut_of_the_window(qtbot, tmp_path: Path, sample_deck_path: Path):
    deck = tmp_path / "deck.md"
    shutil.copy(sample_deck_path, deck)
    window = open_window(qtbot, deck, tmp_path / "data", tmp_path / "settings.json")
    listed = {k.strip() for keys, _ in SHORTCUTS for k in keys.split(" / ")}
    listed.add("Enter")
    keys = [a.shortcut() for a in window.findChildren(QAction)]
    keys += [s.key() for s in window.findChildren(QShortcut)]
    missing = set()
    for key in keys:
        text = key.toString(QKeySequence.SequenceFormat.PortableText)
        if text and text.replace("Return", "Enter") not in listed:
            missing.add(text)
    assert not missing, f"not in the F1 list: {sorted(missing)}"


def test_about_names_every_model_and_its_licence(tmp_path: Path):
    text = about_html("tiny.en", "faster-whisper", tmp_path)
    for needle in ("tiny.en", "Whisper base", "multilingual-e5-small", "all-MiniLM-L6-v2",
                   "Apache 2.0", "ArgKP", "Community Data License Agreement"):  # fmt: skip
        assert needle in text
