"""A ring showing elapsed time against the target band: neutral, green in the band, amber past."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from star_rehearsal.core.defaults import ACCENT_COLOR, TARGET_BAND_S

NEUTRAL = QColor("#7a8aa0")
GREEN = QColor(ACCENT_COLOR)
AMBER = QColor("#d98a1c")


def band_color(elapsed: float, band: tuple[float, float]) -> QColor:
    if elapsed < band[0]:
        return NEUTRAL
    return GREEN if elapsed <= band[1] else AMBER


def clock(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 60}:{s % 60:02d}"


class TimerRing(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.elapsed = 0.0
        self.band = TARGET_BAND_S
        self.caption = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(170, 170)
        self.setAccessibleName("Elapsed time")
        self._update_tip()

    def sizeHint(self) -> QSize:
        return QSize(220, 220)

    def set_band(self, band: tuple[float, float]) -> None:
        self.band = band
        self._update_tip()
        self.update()

    def set_elapsed(self, seconds: float) -> None:
        changed = int(seconds) != int(self.elapsed)
        self.elapsed = seconds
        if changed or seconds == 0:
            self._update_value()
        self.update()

    def accessible_value(self) -> str:
        colour = band_color(self.elapsed, self.band)
        where = "below" if colour == NEUTRAL else ("inside" if colour == GREEN else "over")
        return (
            f"{clock(self.elapsed)} elapsed, {where} the target "
            f"{clock(self.band[0])} to {clock(self.band[1])}"
        )

    def _update_value(self) -> None:
        self.setAccessibleDescription(self.accessible_value())

    def _update_tip(self) -> None:
        self._update_value()
        self.setToolTip(
            f"Elapsed time. The ring turns green inside the target band "
            f"({clock(self.band[0])}–{clock(self.band[1])}) and amber past it."
        )

    def paintEvent(self, event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) - 16
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        full = self.band[1] * 4 / 3  # the ring holds the band plus a third of overtime
        width = max(8.0, side / 16)
        text_color = self.palette().windowText().color()
        track = QColor(text_color)
        track.setAlphaF(0.10)
        p.setPen(QPen(track, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        p.drawArc(rect, 0, 360 * 16)
        shade = QColor(GREEN)
        shade.setAlphaF(0.22)
        p.setPen(QPen(shade, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        start = 90 - 360 * self.band[0] / full
        span = -360 * (self.band[1] - self.band[0]) / full
        p.drawArc(rect, int(start * 16), int(span * 16))
        if self.elapsed > 0:
            fraction = min(self.elapsed / full, 1.0)
            p.setPen(
                QPen(
                    band_color(self.elapsed, self.band),
                    width,
                    Qt.PenStyle.SolidLine,
                    Qt.PenCapStyle.RoundCap,
                )
            )
            p.drawArc(rect, 90 * 16, int(-360 * fraction * 16))
        font = QFont(self.font())
        font.setPointSizeF(max(14.0, side / 7.5))
        font.setWeight(QFont.Weight.DemiBold)
        p.setFont(font)
        p.setPen(text_color)
        p.drawText(
            rect.adjusted(0, -side * 0.08, 0, -side * 0.08),
            Qt.AlignmentFlag.AlignCenter,
            clock(self.elapsed),
        )
        small = QFont(self.font())
        small.setPointSizeF(max(8.0, side / 20))
        p.setFont(small)
        muted = QColor(text_color)
        muted.setAlphaF(0.6)
        p.setPen(muted)
        caption = self.caption or f"target {clock(self.band[0])}–{clock(self.band[1])}"
        p.drawText(
            rect.adjusted(0, side * 0.22, 0, side * 0.22 - 0), Qt.AlignmentFlag.AlignCenter, caption
        )
        p.end()
