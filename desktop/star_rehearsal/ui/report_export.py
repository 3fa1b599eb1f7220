"""Write a core `Report` as Markdown (+ its chart as a PNG beside it) or as PDF with Qt's own
QTextDocument and QPdfWriter. Used by the window and, imported lazily, by `star-rehearsal
report`; without a display it runs on the offscreen platform."""

from __future__ import annotations

import os
from pathlib import Path

from star_rehearsal.core.defaults import HIGHLIGHT_COLOR
from star_rehearsal.core.practice.report import Report

CHART_URL = "chart://scores.png"


def ensure_app() -> object:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:  # a QApplication, not a QGuiApplication: widgets may follow in-process
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
    return app


def chart_image(points: list[tuple[str, int]], width: int = 900, height: int = 300) -> object:
    """Scores 0–100 as a line with dots, drawn with QPainter (no QtCharts: no widgets needed)."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

    ensure_app()
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(max(14, height // 22))
    p.setFont(font)
    pad = max(14, height // 22)
    left, top, right, bottom = 3 * pad, pad + 6, width - pad, height - 2 * pad - 6
    p.setPen(QPen(QColor("#d5d9df"), 1))
    for v in (0, 25, 50, 75, 100):
        y = bottom - (bottom - top) * v / 100
        p.drawLine(QPointF(left, y), QPointF(right, y))
        p.setPen(QColor("#5b6470"))
        p.drawText(
            QRectF(0, y - pad, left - 8, 2 * pad),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            str(v),
        )
        p.setPen(QPen(QColor("#d5d9df"), 1))
    n = len(points)
    xs = [left + (right - left) * (i + 0.5) / max(n, 1) for i in range(n)]
    ys = [bottom - (bottom - top) * max(0, min(100, s)) / 100 for _, s in points]
    p.setPen(QPen(QColor(HIGHLIGHT_COLOR), 3))
    for i in range(1, n):
        p.drawLine(QPointF(xs[i - 1], ys[i - 1]), QPointF(xs[i], ys[i]))
    step = max(1, n // 20)
    for i, (label, score) in enumerate(points):
        p.setBrush(QColor(HIGHLIGHT_COLOR))
        p.drawEllipse(QPointF(xs[i], ys[i]), 5, 5)
        if i % step == 0 or i == n - 1:
            p.setPen(QColor("#1d232b"))
            p.drawText(
                QRectF(xs[i] - 3 * pad, bottom + 6, 6 * pad, 2 * pad),
                Qt.AlignmentFlag.AlignHCenter,
                label,
            )
            p.drawText(
                QRectF(xs[i] - 30, ys[i] - 26, 60, 18), Qt.AlignmentFlag.AlignHCenter, str(score)
            )
            p.setPen(QPen(QColor(HIGHLIGHT_COLOR), 3))
    p.end()
    return image


def write_markdown(report: Report, path: Path) -> list[Path]:
    """The Markdown, and its chart as `<name>-scores.png` beside it; returns the files written."""
    path = Path(path)
    written = []
    image_name = None
    if report.chart:
        image_path = path.with_name(f"{path.stem}-scores.png")
        chart_image(report.chart).save(str(image_path))  # type: ignore[attr-defined]
        image_name = image_path.name
        written.append(image_path)
    path.write_text(report.with_chart(image_name), encoding="utf-8")
    return [path, *written]


def write_pdf(report: Report, path: Path) -> Path:
    from PySide6.QtCore import QMarginsF, QUrl
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    ensure_app()
    source = QTextDocument()
    source.setMarkdown(report.with_chart(CHART_URL if report.chart else None))
    # Markdown has no image size: give the chart the width of the text (A4 at the document's
    # 96 dpi layout is about 680 px between the margins).
    html = source.toHtml().replace(
        f'src="{CHART_URL}"', f'src="{CHART_URL}" width="660" height="220"'
    )
    doc = QTextDocument()
    doc.setDefaultStyleSheet("td, th { padding: 2px 6px; }")
    chart = chart_image(report.chart, 1320, 440) if report.chart else None
    if chart is not None:
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(CHART_URL), chart)
    doc.setHtml(html)
    writer = QPdfWriter(str(path))
    writer.setTitle(report.title)
    writer.setCreator("STAR Rehearsal")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15),
                                     QPageLayout.Unit.Millimeter))  # fmt: skip
    doc.print_(writer)
    return Path(path)
