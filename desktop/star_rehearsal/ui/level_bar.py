"""A horizontal input level meter (dBFS) with a short peak hold."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from star_rehearsal.core.defaults import ACCENT_COLOR

FLOOR_DB = -60.0


def db_fraction(db: float) -> float:
    return min(1.0, max(0.0, (db - FLOOR_DB) / -FLOOR_DB))


class LevelBar(QWidget):
    """Draws the levels it is given (core.audio.LevelMeter measures them on the device thread)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rms_db = FLOOR_DB
        self.peak_db = FLOOR_DB
        self.silent = True
        self.setMinimumHeight(10)
        self.setAccessibleName("Microphone input level")
        self.setAccessibleDescription(self.accessible_value())
        self.setToolTip(
            "Microphone input level. Speak at a normal volume: the bar should reach "
            "the middle and stay out of the red."
        )

    def sizeHint(self) -> QSize:
        return QSize(240, 10)

    def set_level(self, level: object) -> None:
        self.rms_db = float(getattr(level, "rms_dbfs", FLOOR_DB))
        peak = float(getattr(level, "peak_dbfs", self.rms_db))
        self.peak_db = max(peak, self.peak_db - 1.5)
        self.silent = bool(getattr(level, "silent", False))
        self.setAccessibleDescription(self.accessible_value())
        self.update()

    def accessible_value(self) -> str:
        if self.rms_db <= FLOOR_DB:
            return "silent"
        loud = "too loud" if self.rms_db >= -6 else "fine"
        return f"{self.rms_db:.0f} dB, {loud}"

    def reset(self) -> None:
        self.rms_db = self.peak_db = FLOOR_DB
        self.update()

    def paintEvent(self, event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        radius = r.height() / 2
        track = QColor(self.palette().windowText().color())
        track.setAlphaF(0.10)
        p.setPen(track)
        p.setBrush(track)
        p.drawRoundedRect(r, radius, radius)
        f = db_fraction(self.rms_db)
        if f > 0:
            color = QColor(ACCENT_COLOR) if self.rms_db < -6 else QColor("#d0463b")
            p.setBrush(color)
            p.setPen(color)
            p.drawRoundedRect(
                QRectF(r.left(), r.top(), max(r.height(), r.width() * f), r.height()),
                radius,
                radius,
            )
        pk = db_fraction(self.peak_db)
        if pk > 0:
            x = r.left() + r.width() * pk
            p.setPen(self.palette().windowText().color())
            p.drawLine(int(x), int(r.top()), int(x), int(r.bottom()))
        p.end()
