"""Takes of the current question in time order, with charts of length against the target band
and of score over time; open an old take's review or delete one (after confirmation)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QAbstractSeries,
    QAreaSeries,
    QChart,
    QChartView,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from star_rehearsal.core.defaults import ACCENT_COLOR, TARGET_BAND_S
from star_rehearsal.core.takes_summary import TakeLine
from star_rehearsal.ui.dialogs import confirm_delete
from star_rehearsal.ui.history_rows import HistoryRow, Take, order, take_row
from star_rehearsal.ui.plain_text import PlainLabel
from star_rehearsal.ui.timer_ring import clock


class HistoryView(QWidget):
    open_take = Signal(str)
    delete_take = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = PlainLabel(objectName="captionLabel")
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["When", "Length", "Score", "Points", "Status"])
        self.table.setAccessibleName("Takes")
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip("Takes of this question, oldest first; double-click to review one")
        self.open = QPushButton("Open review")
        self.open.setToolTip("Show the review of the selected take")
        self.best = QPushButton("Best answer…")  # issue 33: ui/best_answer_view
        self.best.setToolTip("The best answer of the selected take's story, from all its takes")
        self.delete = QPushButton("Delete take…", objectName="dangerButton")
        self.delete.setToolTip("Delete the selected take and its audio (asks first)")
        self.all_questions = QCheckBox("&All questions")
        self.all_questions.setToolTip(
            "List the takes of every question, including recordings recovered after a crash"
        )
        self.empty = QLabel(
            "No takes yet for this question. Record one in Rehearse.", objectName="mutedLabel"
        )
        self.empty.setWordWrap(True)
        self.duration_chart = QChartView()
        self.score_chart = QChartView()
        for view in (self.duration_chart, self.score_chart):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(190)
        self.duration_chart.setToolTip("Length of each take; the shaded band is the target")
        self.score_chart.setToolTip("Overall score of each take")
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_questions)
        buttons.addWidget(self.empty, 1)
        buttons.addWidget(self.open)
        buttons.addWidget(self.best)
        buttons.addWidget(self.delete)
        charts = QHBoxLayout()
        charts.addWidget(self.duration_chart)
        charts.addWidget(self.score_chart)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(self.title)
        layout.addLayout(charts, 1)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.open.clicked.connect(self._open_selected)
        self.table.cellDoubleClicked.connect(lambda r, _c: self._open_row(r))
        self.delete.clicked.connect(self._delete_selected)
        self.best.clicked.connect(self._best_selected)
        self.rows: list[HistoryRow] = []
        self._index: dict[str, int] = {}  # take id -> row
        self.dark = False
        self._keep: list[QLineSeries] = []
        self._band: tuple[float, float] = TARGET_BAND_S  # until set_takes says
        self._charts_stale = False
        self.rebuilds = 0  # whole-table fills and chart draws, counted: tests show a finished
        self.chart_draws = 0  # take adds one row and draws nothing while History is hidden

    def set_takes(
        self, question_text: str, takes: Sequence[Take | TakeLine], band: tuple[float, float]
    ) -> None:
        """Every row anew (another question, a take deleted); the charts when visible."""
        self.title.setText(question_text)
        rows = [take_row(t) for t in takes]
        rows.sort(key=order)
        self.rows = rows
        self._index = {r.id: i for i, r in enumerate(rows)}
        self.rebuilds += 1
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            self._fill(i, r)
        self._after_rows(band)

    def update_takes(self, takes: Sequence[Take | TakeLine], band: tuple[float, float]) -> None:
        """Takes added or changed since the last call, without rebuilding the table: a changed
        row is rewritten, a new one appended (a take older than the last shown, which only a
        crash recovery makes, puts every row in order again)."""
        for take in takes:
            r = take_row(take)
            at = self._index.get(r.id)
            if at is not None:
                self.rows[at] = r
                self._fill(at, r)
            elif not self.rows or order(r) >= order(self.rows[-1]):
                self.rows.append(r)
                self._index[r.id] = len(self.rows) - 1
                self.table.insertRow(len(self.rows) - 1)
                self._fill(len(self.rows) - 1, r)
            else:
                self.rows.append(r)
                self.rows.sort(key=order)
                self._index = {row.id: i for i, row in enumerate(self.rows)}
                self.table.setRowCount(len(self.rows))
                for i, row in enumerate(self.rows):
                    self._fill(i, row)
        self._after_rows(band)

    def _fill(self, i: int, r: HistoryRow) -> None:
        when = r.when.strftime("%Y-%m-%d %H:%M") if r.when else f"take {r.id}"
        cells = [
            when,
            clock(r.duration),
            "" if r.score is None else str(r.score),
            r.covered,
            r.status,
        ]
        if self.all_questions.isChecked() and r.question:
            cells[0] = f"{when} · {r.question}"
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(i, c, item)

    def _after_rows(self, band: tuple[float, float]) -> None:
        has = bool(self.rows)
        self.empty.setVisible(not has)
        self.open.setEnabled(has)
        self.delete.setEnabled(has)
        if has:
            self.table.selectRow(len(self.rows) - 1)
        self._band = band
        self._charts_stale = True
        if self.isVisible():  # a hidden History draws its charts when it is shown
            self.redraw_charts()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._charts_stale:
            self.redraw_charts()

    def redraw_charts(self) -> None:
        self._charts_stale = False
        self.chart_draws += 1
        # Full takes only: a 30-second drill is another exercise (its length and score would
        # read as a collapse against the full take before it); the table keeps it, labelled.
        rows = [r for r in self.rows if not r.drill]
        old = [self.duration_chart.chart(), self.score_chart.chart()]
        keep, self._keep = self._keep, []
        self._charts = (self._duration_chart(rows, self._band), self._score_chart(rows))
        if drills := len(self.rows) - len(rows):
            for chart in self._charts:
                chart.setTitle(f"{chart.title()} · full takes ({drills} drill"
                               f"{'s' * (drills != 1)} left out)")  # fmt: skip
        self.duration_chart.setChart(self._charts[0])
        self.score_chart.setChart(self._charts[1])
        self._old = (old, keep)  # released on the next refresh, after the views let go

    def _base_chart(self, title: str) -> QChart:
        chart = QChart()
        chart.setTitle(title)
        chart.legend().hide()
        chart.setBackgroundRoundness(6)
        if self.dark:
            chart.setTheme(QChart.ChartTheme.ChartThemeDark)
        return chart

    def _axes(self, chart: QChart, n: int, top: float, fmt: str) -> tuple[QValueAxis, QValueAxis]:
        x, y = QValueAxis(), QValueAxis()
        x.setRange(0, max(n, 1) + 1)
        x.setLabelFormat("%d")
        x.setTickCount(max(n, 1) + 2 if n <= 10 else 2)
        x.setTitleText("take")
        y.setRange(0, top)
        y.setLabelFormat(fmt)
        y.applyNiceNumbers()
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        return x, y

    def _duration_chart(self, rows: list[HistoryRow], band: tuple[float, float]) -> QChart:
        chart = self._base_chart("Length (s) against the target band")
        top = max([band[1] * 1.3] + [r.duration * 1.1 for r in rows])
        x, y = self._axes(chart, len(rows), top, "%d")
        lower, upper = QLineSeries(), QLineSeries()
        for xv in (0, max(len(rows), 1) + 1):
            lower.append(xv, band[0])
            upper.append(xv, band[1])
        area = QAreaSeries(upper, lower)
        self._keep += [upper, lower]  # QAreaSeries does not own its boundary series
        shade = QColor(ACCENT_COLOR)
        shade.setAlphaF(0.18)
        area.setBrush(shade)
        area.setPen(QPen(Qt.PenStyle.NoPen))
        self._add(chart, area, x, y)
        self._add_points(chart, [(i + 1, r.duration) for i, r in enumerate(rows)], x, y, "#3d6fb6")
        return chart

    def _score_chart(self, rows: list[HistoryRow]) -> QChart:
        chart = self._base_chart("Score over time")
        x, y = self._axes(chart, len(rows), 100, "%d")
        # Headroom above 100 so a perfect take's marker is not cut in half by the plot edge;
        # ticks stay at 0, 20, ... 100.
        y.setRange(0, 106)
        y.setTickType(QValueAxis.TickType.TicksDynamic)
        y.setTickAnchor(0)
        y.setTickInterval(20)
        pts = [(i + 1.0, float(r.score)) for i, r in enumerate(rows) if r.score is not None]
        self._add_points(chart, pts, x, y, "#7a4fc2")
        return chart

    def _add(self, chart: QChart, series: QAbstractSeries, x: QValueAxis, y: QValueAxis) -> None:
        chart.addSeries(series)
        series.attachAxis(x)
        series.attachAxis(y)

    def _add_points(
        self,
        chart: QChart,
        pts: list[tuple[float, float]],
        x: QValueAxis,
        y: QValueAxis,
        color: str,
    ) -> None:
        line, dots = QLineSeries(), QScatterSeries()
        line.setPen(QPen(QColor(color), 2))
        dots.setColor(QColor(color))
        dots.setBorderColor(QColor(color))
        dots.setMarkerSize(9)
        for px, py in pts:
            line.append(QPointF(px, py))
            dots.append(QPointF(px, py))
        self._add(chart, line, x, y)
        self._add(chart, dots, x, y)

    def selected_id(self) -> str | None:
        row = self.table.currentRow()
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.open_take.emit(self.rows[row].id)

    def _open_selected(self) -> None:
        self._open_row(self.table.currentRow())

    def _best_selected(self) -> None:
        from star_rehearsal.ui.best_answer_view import open_best_answer

        if (take_id := self.selected_id()) is not None:
            self.best_dialog = open_best_answer(self, take_id)

    def _delete_selected(self) -> None:
        take_id = self.selected_id()
        if take_id is None:
            return
        if confirm_delete(self, "Delete this take and its recording? This cannot be undone."):
            self.delete_take.emit(take_id)
