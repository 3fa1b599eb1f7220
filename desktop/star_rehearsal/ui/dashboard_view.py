"""The deck dashboard: every question × story with its takes, scores, trend, points never said
and when it is due; sortable, filterable, keyboard-driven. Enter or double-click opens a row."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from star_rehearsal.core.practice.queue import DUE, NEW, PracticeRow
from star_rehearsal.core.wording import count
from star_rehearsal.ui import theme
from star_rehearsal.ui.plain_text import plain_tooltip

COLUMNS = [
    "Question",
    "Story",
    "Takes",
    "Best",
    "Last",
    "Trend",
    "Practised",
    "Never said",
    "Due",
]
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
FILTERS = [("All", "all"), ("Due now", "due"), ("Never practised", "new"),
           ("Weak (last < 60)", "weak"), ("Points never said", "unsaid")]  # fmt: skip
WEAK = 60

_Index = QModelIndex | QPersistentModelIndex


def when_text(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "—"
    days = (when.date() - now.date()).days
    if days == 0:
        return "today"
    if days == -1:
        return "yesterday"
    if days == 1:
        return "tomorrow"
    if days < 0:
        return f"{-days} days ago"
    return f"in {days} days"


class DashboardModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[PracticeRow] = []
        self.now = datetime.now(UTC)

    def set_rows(self, rows: list[PracticeRow], now: datetime) -> None:
        self.beginResetModel()
        self.rows, self.now = list(rows), now
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> str | None:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = 0) -> object:
        if not index.isValid():
            return None
        r, c = self.rows[index.row()], index.column()
        if role == ROW_ROLE:
            return r
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, c)
        if role == SORT_ROLE:
            return self._sort_key(r, c)
        if role == Qt.ItemDataRole.ToolTipRole:
            if c == 7 and r.never_said:
                return plain_tooltip("Never said in any take:\n• " + "\n• ".join(r.never_said))
            if c == 0:
                return plain_tooltip(f"{r.section}\n{r.question}")
            if c == 1:
                return plain_tooltip(r.story_title)
            if c == 8 and r.last_rating:
                return f"Last review rated {r.last_rating}"
        if role == Qt.ItemDataRole.TextAlignmentRole and c >= 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            ink = theme.colors()  # the theme's: 4.5:1 on its tables (dark red was 2.4:1)
            if c == 8 and r.state == DUE:
                return QColor(ink["poor"])
            if c == 5 and r.trend:
                return QColor(ink["good"] if r.trend > 0 else ink["poor"])
            if c == 4 and r.last is not None and r.last < WEAK:
                return QColor(ink["poor"])
        return None

    def _text(self, r: PracticeRow, c: int) -> str:
        if c == 0:
            return r.question
        if c == 1:
            return r.story_title
        if c == 2:
            return str(r.takes) if r.takes else "—"
        if c == 3:
            return "—" if r.best is None else str(r.best)
        if c == 4:
            return "—" if r.last is None else str(r.last)
        if c == 5:
            return (
                "—"
                if r.trend is None
                else f"{'▲' if r.trend > 0 else '▼' if r.trend < 0 else '='} {abs(r.trend):.0f}"
            )
        if c == 6:
            return when_text(r.last_practised, self.now)
        if c == 7:
            return (
                "—"
                if not r.takes
                else f"{len(r.never_said)} of {r.points}"
                if r.never_said
                else "none"
            )
        if r.state == NEW:
            return "new"
        if r.state == DUE:
            return "now"
        return when_text(r.due, self.now)

    def _sort_key(self, r: PracticeRow, c: int) -> float | str:
        keys: list[float | str] = [
            r.position, r.story_title.lower(), r.takes,
            -1 if r.best is None else r.best, -1 if r.last is None else r.last,
            -1000.0 if r.trend is None else r.trend,
            r.last_practised.timestamp() if r.last_practised else 0.0,
            len(r.never_said) if r.takes else -1,
            _due_rank(r),
        ]  # fmt: skip
        return keys[c]


def _due_rank(r: PracticeRow) -> float:
    """The practise-next order as one number: due (oldest first), never practised, later."""
    if r.state == NEW or r.due is None:
        return 1e11 + r.position
    return (0.0 if r.state == DUE else 2e11) + r.due.timestamp()


class DashboardFilter(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.kind = "all"
        self.setSortRole(SORT_ROLE)

    def set_filter(self, text: str, kind: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+; invalidateFilter() is deprecated there
            self.beginFilterChange()
            self.text, self.kind = text.lower().strip(), kind
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.text, self.kind = text.lower().strip(), kind
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()  # the rows as typed, not through QVariant (issue 28)
        if not isinstance(model, DashboardModel) or not 0 <= source_row < len(model.rows):
            return True
        r = model.rows[source_row]
        if self.text and not any(
            self.text in s.lower() for s in (r.question, r.story_title, r.section)
        ):
            return False
        return {
            "all": True, "due": r.state == DUE, "new": r.state == NEW,
            "weak": r.last is not None and r.last < WEAK, "unsaid": bool(r.never_said),
        }[self.kind]  # fmt: skip


class DashboardView(QWidget):
    open_row = Signal(str, str)  # question id, story id
    practise_next = Signal()
    start_mock = Signal()
    export_report = Signal(str)  # question id
    story_panel = Signal(str)  # story id: its best answer and point history (ui/best_answer_view)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel(objectName="captionLabel", wordWrap=True)
        self.filter = QLineEdit(placeholderText="Filter questions and stories  (/)")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter the dashboard")
        self.kind = QComboBox()
        for label, key in FILTERS:
            self.kind.addItem(label, key)
        self.kind.setToolTip("Show only some rows")
        self.model = DashboardModel(self)
        self.proxy = DashboardFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(objectName="dashboardTable")
        self.table.setAccessibleName("Questions and stories: scores and when due")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(8, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Fixed widths and row heights: sizing to contents asks every cell of a big deck
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        widths = {1: metrics.horizontalAdvance("M" * 13)}
        for c, sample in ((2, "Takes"), (3, "Best"), (4, "Last"), (5, "▲ 100"),
                          (6, "13 days ago"), (7, "Never said"), (8, "in 30 days")):  # fmt: skip
            widths[c] = metrics.horizontalAdvance(sample) + 28
        for c, width in widths.items():
            header.resizeSection(c, width)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(2 * metrics.lineSpacing() + 12)  # questions wrap on two lines
        self.table.setToolTip("Enter or double-click: rehearse this question with this story")
        self.empty = QLabel(objectName="mutedLabel", wordWrap=True)  # an empty filter's why
        self.empty.setTextFormat(Qt.TextFormat.PlainText)  # the filter is the user's text
        self.empty.hide()
        self.detail = QLabel(objectName="mutedLabel", wordWrap=True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)  # story titles and points: deck text
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.next_button = QPushButton("Practise next", objectName="primaryButton")
        self.next_button.setToolTip("Open the top of the practise-next queue (Ctrl+Shift+N)")
        self.mock_button = QPushButton("Mock interview…")
        self.mock_button.setToolTip("A session of questions, story card hidden (Ctrl+M)")
        self.history_button = QPushButton("Point history…")
        self.history_button.setToolTip(
            "The selected story's points, said or missed in each take, and its best answer"
        )
        self.export_button = QPushButton("Export report…")
        self.export_button.setToolTip("The selected question's takes as Markdown or PDF (Ctrl+E)")
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.kind)
        buttons = QHBoxLayout()
        buttons.addWidget(self.detail, 1)
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.mock_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(self.summary)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.filter.textChanged.connect(self._apply_filter)
        self.kind.currentIndexChanged.connect(self._apply_filter)
        self.table.activated.connect(self._activate)
        self.table.doubleClicked.connect(self._activate)
        self.table.selectionModel().currentRowChanged.connect(lambda i, _p: self._show_detail(i))
        self.next_button.clicked.connect(self.practise_next)
        self.mock_button.clicked.connect(self.start_mock)
        self.export_button.clicked.connect(self._export)
        self.history_button.clicked.connect(self._story_panel)
        slash = QShortcut(
            QKeySequence("/"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        slash.activated.connect(self._focus_filter)
        self.filter.returnPressed.connect(self.table.setFocus)
        self.setFocusProxy(self.table)

    def set_rows(self, rows: list[PracticeRow], now: datetime) -> None:
        keep = self.selected_row()
        self.model.set_rows(rows, now)
        due = sum(r.state == DUE for r in rows)
        new = sum(r.state == NEW for r in rows)
        practised = [r for r in rows if r.takes]
        questions = len({r.question_id for r in rows})
        unsaid = sum(len(r.never_said) for r in practised)
        self.summary.setText(
            f"{count(questions, 'question')} · {count(len(rows), 'story', 'stories')} · "
            f"{len(practised)} practised, {new} never · {due} due now · "
            f"{count(unsaid, 'point')} never said yet"
        )
        self._say_if_empty()
        if keep is not None:
            self.select(keep.question_id, keep.story_id)
        elif self.proxy.rowCount():
            self.table.selectRow(0)

    def _apply_filter(self) -> None:
        self.proxy.set_filter(self.filter.text(), self.kind.currentData())
        self._say_if_empty()

    def _say_if_empty(self) -> None:
        """A filter that hides every row says so: a blank table read as a broken dashboard."""
        text, kind = self.filter.text().strip(), self.kind.currentText()
        if self.proxy.rowCount() or not self.model.rowCount():
            self.empty.hide()
            return
        among = "" if self.kind.currentData() == "all" else f" among '{kind}'"
        what = f"No question or story matches '{text}'" if text else "No row"
        self.empty.setText(
            f"{what}{among}." + (" Clear the filter to see every row." if text else "")
        )
        self.empty.show()

    def _focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def row_at(self, proxy_row: int) -> PracticeRow | None:
        index = self.proxy.index(proxy_row, 0)
        row = self.proxy.mapToSource(index).row() if index.isValid() else -1
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def visible_rows(self) -> list[PracticeRow]:
        return [r for i in range(self.proxy.rowCount()) if (r := self.row_at(i)) is not None]

    def selected_row(self) -> PracticeRow | None:
        index = self.table.currentIndex()
        return self.row_at(index.row()) if index.isValid() else None

    def select(self, question_id: str, story_id: str) -> None:
        for i in range(self.proxy.rowCount()):
            r = self.row_at(i)
            if r is not None and (r.question_id, r.story_id) == (question_id, story_id):
                self.table.selectRow(i)
                return

    def _story_panel(self) -> None:
        r = self.selected_row()
        if r is not None:
            self.story_panel.emit(r.story_id)

    def _activate(self, index: QModelIndex) -> None:
        r = self.row_at(index.row())
        if r is not None:
            self.open_row.emit(r.question_id, r.story_id)

    def _show_detail(self, index: QModelIndex) -> None:
        r = self.row_at(index.row()) if index.isValid() else None
        if r is None:
            self.detail.setText("")
        elif not r.takes:
            self.detail.setText(f"{r.story_title}: not practised yet ({r.points} points).")
        elif r.never_said:
            self.detail.setText("Never said yet: " + "; ".join(r.never_said))
        else:
            self.detail.setText(f"{r.story_title}: every point said in some take.")

    def _export(self) -> None:
        r = self.selected_row()
        if r is not None:
            self.export_report.emit(r.question_id)
