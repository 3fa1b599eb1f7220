"""Write a core `Report` as Markdown (+ its chart as a PNG beside it) or as PDF with Qt's own
QTextDocument and QPdfWriter. Used by the window and, imported lazily, by `star-rehearsal
report`; without a display it runs on the offscreen platform."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from star_rehearsal.core.defaults import HIGHLIGHT_COLOR
from star_rehearsal.core.practice.report import Report

CHART_URL = "chart://scores.png"


def ensure_app() -> object:
    from PySide6.QtWidgets import QApplication

    from star_rehearsal.ui.qt_compat import protect_none_refcount

    protect_none_refcount()  # the CLI paints too: 2,000 dots dropped None's last reference
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


NAME_MAX = 255  # bytes in one file name on Linux, macOS and Windows file systems alike
_CHART_SUFFIX = "-scores.png"


class ReportExists(FileExistsError):
    """The report (or its chart beside it) is there already and overwriting was not asked."""


def fit_name(path: Path) -> Path:
    """The path with its name cut to fit NAME_MAX, room kept for the chart's `-scores.png`
    (a question's 10 KB title makes a file name no file system takes)."""
    path = Path(path)
    room = NAME_MAX - len(path.suffix.encode()) - len(_CHART_SUFFIX.encode())
    stem = path.stem
    if len(stem.encode()) <= room:
        return path
    cut = stem.encode()[:room].decode("utf-8", "ignore").rstrip(" .-")
    return path.with_name(cut + path.suffix)


def default_report_name(question_id: str, suffix: str = ".pdf") -> str:
    """What the save dialog offers: the question id, cut to a name a file system takes."""
    return fit_name(Path((question_id or "report") + suffix)).name


def chart_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}{_CHART_SUFFIX}")


def targets(report: Report, path: Path) -> list[Path]:
    """Every file writing `report` to `path` makes (the chart PNG beside a Markdown file)."""
    path = fit_name(path)
    md_chart = path.suffix.lower() != ".pdf" and report.chart
    return [path, chart_path(path)] if md_chart else [path]


def check_targets(report: Report, path: Path, *, force: bool) -> list[Path]:
    """Refuse, naming the real cause, before anything is written: a directory, a device, a
    missing or unwritable folder, or (without `force`) a file that would be replaced."""
    paths = targets(report, path)
    for target in paths:
        try:
            mode = os.stat(target).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(target))
        if mode is not None and not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "is a device or a pipe, not a file", str(target))
        if mode is not None and not force:
            raise ReportExists(errno.EEXIST, "exists already (pass --force to replace it)",
                               str(target))  # fmt: skip
        if not target.parent.is_dir():
            raise FileNotFoundError(errno.ENOENT, "its folder does not exist", str(target))
    return paths


def write_file(path: Path, data: bytes) -> Path:
    """All of `data` or nothing: written beside `path`, flushed to disk, then renamed over it.
    A full disk or a folder that refuses files raises OSError with its cause; no partial
    file is left behind."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".part", dir=path.parent)
    except OSError as exc:  # named after the report, not the temporary file
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise
    return path


def _umask() -> int:
    """The process umask, read without changing it (os.umask would, for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _png(points: list[tuple[str, int]]) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not chart_image(points).save(buffer, "PNG"):  # type: ignore[attr-defined]
        raise OSError(errno.EIO, "the chart could not be drawn as PNG")
    buffer.close()
    return bytes(data.data())


def write_markdown(report: Report, path: Path, *, force: bool = True) -> list[Path]:
    """The Markdown, and its chart as `<name>-scores.png` beside it; returns the files written.
    The name is cut to fit the file system; see `check_targets` for what is refused."""
    paths = check_targets(report, Path(path), force=force)
    path = paths[0]
    written = []
    image_name = None
    if len(paths) > 1:
        written.append(write_file(paths[1], _png(report.chart)))
        image_name = paths[1].name
    try:
        write_file(path, report.with_chart(image_name).encode("utf-8"))
    except OSError:
        for orphan in written:  # a chart without its report is a partial report
            orphan.unlink(missing_ok=True)
        raise
    return [path, *written]


def pdf_bytes(report: Report) -> bytes:
    """The report as a PDF, made in memory (QPdfWriter on a file says nothing when it fails)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QUrl
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
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(report.title[:500])
    writer.setCreator("STAR Rehearsal")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15),
                                     QPageLayout.Unit.Millimeter))  # fmt: skip
    doc.print_(writer)
    del writer  # ends the PDF (its trailer is written when the writer goes)
    buffer.close()
    out = bytes(data.data())
    if not out.rstrip().endswith(b"%%EOF"):
        raise OSError(errno.EIO, "Qt did not finish the PDF")
    return out


def write_pdf(report: Report, path: Path, *, force: bool = True) -> Path:
    """The report as PDF at `path` (its name cut to fit); complete or not there at all."""
    target = check_targets(report, Path(path), force=force)[0]
    return write_file(target, pdf_bytes(report))
