"""The deck's sections and questions, with takes count, best score and last duration; a filter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from star_rehearsal.core.deck import Deck, Question

ROLE = Qt.ItemDataRole.UserRole


def stats_text(stats: Any) -> str:
    if not stats or not getattr(stats, "count", 0):
        return ""
    parts = [f"{stats.count}×"]
    if getattr(stats, "best_score", None) is not None:
        parts.append(f"best {int(stats.best_score)}")
    if getattr(stats, "last_duration_s", None):
        s = int(stats.last_duration_s)
        parts.append(f"{s // 60}:{s % 60:02d}")
    return " · ".join(parts)


class QuestionList(QWidget):
    question_chosen = Signal(object)  # Question

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(placeholderText="Filter questions (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.filter.setToolTip("Show only questions, sections or stories containing this text")
        self.tree = QTreeWidget()
        self.tree.setObjectName("questionTree")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(8)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setToolTip(
            "Questions of the open deck; the right column shows takes, best score and last length"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 4, 10)
        layout.setSpacing(8)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        self.filter.textChanged.connect(self._apply_filter)
        self.tree.currentItemChanged.connect(self._on_current)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._deck: Deck | None = None
        self._quiet = False

    def set_deck(self, deck: Deck, stats: dict[str, Any]) -> None:
        self._quiet = True
        self._deck = deck
        self.tree.clear()
        self._items.clear()
        sections: dict[str, QTreeWidgetItem] = {}
        for q in deck.questions:
            head = sections.get(q.section)
            if head is None:
                head = QTreeWidgetItem([q.section or "Questions", ""])
                head.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = head.font(0)
                font.setBold(True)
                head.setFont(0, font)
                head.setFirstColumnSpanned(True)
                self.tree.addTopLevelItem(head)
                head.setExpanded(True)
                sections[q.section] = head
            item = QTreeWidgetItem([q.text, stats_text(stats.get(q.id))])
            item.setData(0, ROLE, q.id)
            item.setToolTip(0, q.text + "".join(f"\n• {s.title}" for s in q.stories))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            head.addChild(item)
            self._items[q.id] = item
        for head in sections.values():
            head.setExpanded(True)
        self._apply_filter(self.filter.text())
        self._quiet = False

    def update_stats(self, stats: dict[str, Any]) -> None:
        for qid, item in self._items.items():
            item.setText(1, stats_text(stats.get(qid)))

    def select(self, question: Question | None) -> None:
        item = self._items.get(question.id) if question else None
        if item is not None and self.tree.currentItem() is not item:
            self._quiet = True
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)
            self._quiet = False

    def set_enabled_for_recording(self, recording: bool) -> None:
        self.tree.setEnabled(not recording)

    def _on_current(self, item: QTreeWidgetItem | None, _prev: object) -> None:
        if self._quiet or item is None or self._deck is None:
            return
        qid = item.data(0, ROLE)
        question = self._deck.question(qid) if qid else None
        if question is not None:
            self.question_chosen.emit(question)

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        deck = self._deck
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            visible = 0
            for j in range(head.childCount()):
                child = head.child(j)
                q = deck.question(child.data(0, ROLE)) if deck else None
                hay = " ".join([q.text, q.section, *(s.title for s in q.stories)]) if q else ""
                hidden = bool(needle) and needle not in hay.lower()
                child.setHidden(hidden)
                visible += not hidden
            head.setHidden(visible == 0)

    def visible_question_ids(self) -> list[str]:
        return [qid for qid, item in self._items.items() if not item.isHidden()]
