"""Deck text is shown literally everywhere (issue #29 item 2): hostile headings and titles go
through every place that shows a question or story — question-list and dashboard tooltips, the
"Practise next" status, the mock interview's question and summary, the PDF export — and no file
they name is opened. The named files are FIFOs: a reader would block forever, so a watcher
process opens each for writing the moment anyone reads it (recording that, and freeing the
reader): the test cannot hang, and it knows.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from practice_helpers import add_take, make_score
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel
from star_rehearsal.core.deck_parser import load_deck
from star_rehearsal.core.takes import TakesStore
from star_rehearsal.ui.mock_session import MockSessionDialog
from star_rehearsal.ui.practice import export_question
from star_rehearsal.ui.voice import Voice
from window_helpers import open_window

pytestmark = pytest.mark.timeout(300)


# Runs in its own process: the window's thread holds the GIL while Qt blocks in open(), so a
# watcher thread in this process could never run.
_WATCHER = """
import errno, os, sys, time
log, paths = sys.argv[1], sys.argv[2:]
while True:
    for path in paths:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:  # ENXIO: nobody is reading it
            if exc.errno != errno.ENXIO:
                raise
            continue
        with open(log, "a") as f:
            f.write(os.path.basename(path) + chr(10))
        os.close(fd)  # the reader sees the end of the file and goes on
    time.sleep(0.005)
"""


class FifoWatch:
    """FIFOs that record (and release) any reader, watched from another process."""

    def __init__(self, folder: Path, names: list[str]) -> None:
        self.paths = {name: folder / name for name in names}
        for path in self.paths.values():
            os.mkfifo(path)
        self.log = folder / "opened.log"
        self.log.touch()
        self._proc = subprocess.Popen(
            [sys.executable, "-c", _WATCHER, str(self.log), *map(str, self.paths.values())]
        )

    @property
    def opened(self) -> set[str]:
        return set(self.log.read_text().split())

    def stop(self) -> None:
        self._proc.kill()
        self._proc.wait()


@pytest.fixture
def watch(tmp_path: Path) -> Iterator[FifoWatch]:
    w = FifoWatch(tmp_path, ["heading.png", "title.png", "point.png", "big.png"])
    yield w
    w.stop()


def hostile_deck(folder: Path, watch: FifoWatch) -> tuple[Path, str, str, str]:
    p = watch.paths
    question = f'Tell me <img src="{p["heading.png"]}"> about it'
    big = f'<img src="{p["big.png"]}" width=20000 height=20000>'
    title = f"Outage <b>bold</b> ![x]({p['title.png']}) {big}"
    point = f"rolled back ![y]({p['point.png']})"
    path = folder / "hostile.md"
    path.write_text(
        f"## Pillar <i>one</i>\n\n### {question}\n\n1. STAR — {title}\n\n"
        f"- Situation: s\n- Task: t\n- Actions: {point}; <u>paged</u> the team\n"
        "- Results: it worked\n",
        encoding="utf-8",
    )
    return path, question, title, point


def rendered(text: str) -> str:
    """What a widget guessing the format (a tooltip, an AutoText label) would show: laid out and
    painted, so images would be loaded."""
    label = QLabel(text)
    label.grab()
    doc = QTextDocument()
    if QtGuiNamespace.mightBeRichText(text):
        doc.setHtml(text)
    else:
        doc.setPlainText(text)
    return doc.toPlainText()


def painted(widget: QLabel) -> str:
    widget.grab()
    assert widget.textFormat() == Qt.TextFormat.PlainText
    return widget.text()


def test_hostile_deck_text_is_shown_literally_and_opens_no_file(
    qtbot, tmp_path: Path, watch: FifoWatch
) -> None:
    deck_path, question, title, point = hostile_deck(tmp_path, watch)
    deck = load_deck(deck_path)
    (q,) = deck.questions
    (story,) = q.stories
    assert q.text == question and story.title == title
    store = TakesStore(tmp_path / "data")
    now = datetime.now(UTC)
    add_take(store, q, story, now - timedelta(days=2), make_score(story, covered=0, overall=40))
    store.close()
    window = open_window(
        qtbot,
        deck_path,
        tmp_path / "data",
        tmp_path / "settings.json",
        ready=lambda w: w.session.question is not None and bool(w.practice.rows),
    )

    # 1. the question list's tooltip
    item = window.questions._items[q.id]
    assert rendered(item.toolTip(0)) == f"{question}\n• {title}"

    # 2. the dashboard's tooltips (question, story, points never said)
    model = window.dashboard.model
    row = next(i for i, r in enumerate(model.rows) if r.question_id == q.id)
    tips = [model.data(model.index(row, c), Qt.ItemDataRole.ToolTipRole) for c in (0, 1, 7)]
    assert rendered(tips[0]) == f"{q.section}\n{question}"
    assert rendered(tips[1]) == title
    assert point in rendered(tips[2]) and "<u>paged</u> the team" in rendered(tips[2])

    # 3. "Practise next" in the status bar
    next_action = next(a for a in window.findChildren(type(window.menuBar().actions()[0]))
                       if a.text().replace("&", "") == "Practise next")  # fmt: skip
    next_action.trigger()
    qtbot.waitUntil(lambda: window.status.text().startswith("Practise next:"))
    assert painted(window.status) == f"Practise next: {question} — {title}"

    # 4. the mock interview's question, then 5. its summary
    dialog = MockSessionDialog(window.session, window.practice, window, voice=Voice("none"))
    qtbot.addWidget(dialog)
    dialog._think(question, 10.0)
    assert painted(dialog.question) == question
    from star_rehearsal.core.practice import mock

    store = window.practice.store
    sid = mock.new_session(store, window.practice.rows, "due", 10.0, str(deck_path))
    take = window.session.store.list_takes(q.id)[0]
    mock.add_take(store, sid, take.id, 1, mock.ANSWER, q.text)
    mock.finish_session(store, sid)
    dialog.show_summary(sid)
    dialog.summary.grab()
    summary = dialog.summary.toPlainText()
    assert question in summary and f"action: {point}" in summary

    # 6. the exported report, as PDF and as Markdown
    pdf = export_question(window, q.id, tmp_path / "report.pdf")
    assert pdf and pdf[0].read_bytes()[:5] == b"%PDF-"
    md = export_question(window, q.id, tmp_path / "report.md")
    doc = QTextDocument()
    doc.setMarkdown(md[0].read_text(encoding="utf-8"))
    shown = doc.toPlainText()
    assert question in shown and title in shown and point in shown

    assert watch.opened == set(), f"deck text made Qt open {sorted(watch.opened)}"
    dialog.close()
    window.close()
