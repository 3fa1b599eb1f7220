"""The deck's sections and questions, with takes count, best score and last duration; a filter."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from star_rehearsal.core.deck import Deck, Question
from star_rehearsal.ui.plain_text import plain_tooltip

if TYPE_CHECKING:
    from star_rehearsal.core.takes_summary import QuestionStats

ROLE = Qt.ItemDataRole.UserRole


def stats_text(stats: QuestionStats | None) -> str:
    if stats is None or not stats.count:
        return ""
    parts = [f"{stats.count}×"]
    if stats.best_score is not None:
        parts.append(f"best {int(stats.best_score)}")
    if stats.last_duration_s:
        s = int(stats.last_duration_s)
        parts.append(f"{s // 60}:{s % 60:02d}")
    return " · ".join(parts)


Index = QModelIndex | QPersistentModelIndex


class _WrappingTree(QTreeWidget):
    """Rows are as tall as their wrapped text, so they are re-measured when the width changes."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.doItemsLayout()


class _QuestionDelegate(QStyledItemDelegate):
    """A question wrapped over as many lines as it needs, its takes summary on a small line below
    (read from the hidden second column)."""

    PAD_X, PAD_Y = 8, 6

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def _text_width(self, index: Index) -> int:
        depth = 1 if index.parent().isValid() else 0
        width = self.tree.viewport().width() - self.tree.indentation() * depth - 2 * self.PAD_X
        return max(60, width)

    def _fonts(self, option: QStyleOptionViewItem, index: Index) -> tuple[QFont, QFont]:
        font = QFont(option.font)  # the style sheet's size; only the weight comes from the item
        item_font = index.data(Qt.ItemDataRole.FontRole)
        if isinstance(item_font, QFont) and item_font.bold():
            font.setBold(True)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.85))
        return font, small

    def _stats(self, index: Index) -> str:
        return str(index.sibling(index.row(), 1).data(Qt.ItemDataRole.DisplayRole) or "")

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        font, small = self._fonts(option, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        flags = int(Qt.TextFlag.TextWordWrap)
        box = QFontMetrics(font).boundingRect(
            QRect(0, 0, self._text_width(index), 10_000), flags, text
        )
        height = box.height() + 2 * self.PAD_Y
        if self._stats(index):
            height += QFontMetrics(small).height() + 2
        return QSize(self._text_width(index), height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        font, small = self._fonts(option, index)
        # The style sheets give selected rows a tinted background with the normal text colour.
        role = QPalette.ColorRole.Text
        rect = option.rect.adjusted(self.PAD_X, self.PAD_Y, -self.PAD_X, -self.PAD_Y)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.save()
        painter.setFont(font)
        painter.setPen(opt.palette.color(role))
        flags = int(Qt.TextFlag.TextWordWrap) | int(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        )
        used = painter.boundingRect(rect, flags, text)
        painter.drawText(rect, flags, text)
        stats = self._stats(index)
        if stats:
            painter.setFont(small)
            color = opt.palette.color(role)
            color.setAlphaF(0.65)
            painter.setPen(color)
            below = QRect(
                rect.left(), used.bottom() + 2, rect.width(), QFontMetrics(small).height()
            )
            painter.drawText(below, int(Qt.AlignmentFlag.AlignLeft), stats)
        painter.restore()


def _shown(item: QTreeWidgetItem) -> bool:
    """Neither the question nor its section is hidden by the filter."""
    parent = item.parent()
    return not item.isHidden() and not (parent is not None and parent.isHidden())


class QuestionList(QWidget):
    question_chosen = Signal(object)  # Question

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(placeholderText="Filter questions (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.filter.setToolTip("Show only questions, sections or stories containing this text")
        self.filter.setAccessibleName("Filter questions")
        self.tree = _WrappingTree()
        self.tree.setObjectName("questionTree")
        self.tree.setAccessibleName("Questions")
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(8)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setColumnHidden(1, True)  # the takes summary, drawn under each question
        self.tree.setItemDelegate(_QuestionDelegate(self.tree))
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setToolTip(
            "Questions of the open deck, each with its takes, best score and last length"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 4, 10)
        layout.setSpacing(8)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        self.filter.textChanged.connect(self._apply_filter)
        self.filter.returnPressed.connect(self.enter_list)  # Enter, like Down: to the list
        self.tree.currentItemChanged.connect(self._on_current)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._deck: Deck | None = None
        self._quiet = False

    def set_deck(self, deck: Deck, stats: Mapping[str, QuestionStats]) -> None:
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
            item.setToolTip(0, plain_tooltip(q.text + "".join(f"\n• {s.title}" for s in q.stories)))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            head.addChild(item)
            self._items[q.id] = item
        for head in sections.values():
            head.setExpanded(True)
        self._apply_filter(self.filter.text())
        self._quiet = False

    def update_question(self, question_id: str, stats: QuestionStats | None) -> None:
        """One question's summary line, after one of its takes changed: only that row is
        measured again (the whole list was, with every take)."""
        item = self._items.get(question_id)
        if item is not None:
            item.setText(1, stats_text(stats))

    def has_questions(self) -> bool:
        """A deck is shown (before it loads, no question's summary is worth reading)."""
        return bool(self._items)

    def update_stats(self, stats: Mapping[str, QuestionStats]) -> None:
        for qid, item in self._items.items():
            item.setText(1, stats_text(stats.get(qid)))
        self.tree.doItemsLayout()  # a summary line changes the row height

    def select(self, question: Question | None) -> None:
        item = self._items.get(question.id) if question else None
        if item is not None and self.tree.currentItem() is not item:
            self._quiet = True
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)
            self._quiet = False

    def enter_list(self) -> None:
        """From the filter into the list (Down or Enter): the current question if the filter
        still shows it, else the first one shown (issue 30: both keys did nothing)."""
        item = self.tree.currentItem()
        if item is None or item.isHidden() or not item.data(0, ROLE):
            item = next((i for i in self._items.values() if _shown(i)), None)
        if item is not None:
            self.tree.setCurrentItem(item)
        self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Down in the filter (which has no use for it) moves into the list."""
        if event.key() == Qt.Key.Key_Down and self.filter.hasFocus():
            self.enter_list()
            return
        super().keyPressEvent(event)

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
            if head is None:
                continue
            visible = 0
            for j in range(head.childCount()):
                child = head.child(j)
                if child is None:
                    continue
                q = deck.question(child.data(0, ROLE)) if deck else None
                hay = " ".join([q.text, q.section, *(s.title for s in q.stories)]) if q else ""
                hidden = bool(needle) and needle not in hay.lower()
                child.setHidden(hidden)
                visible += not hidden
            head.setHidden(visible == 0)

    def visible_question_ids(self) -> list[str]:
        return [qid for qid, item in self._items.items() if not item.isHidden()]
