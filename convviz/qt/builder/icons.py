"""The builder's icons, drawn so they look the same on every platform and theme (many fonts lack ⓘ)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

#: the colour of an impossible layer: its row, its dot and its message
ERROR_RED = QColor("#c62828")


def _drawn_icon(draw: Callable[[QPainter], None], size: int = 16) -> QIcon:
    icon = QIcon()
    for scale in (1, 2):
        pix = QPixmap(size * scale, size * scale)
        pix.setDevicePixelRatio(scale)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            draw(p)
        finally:
            p.end()
        icon.addPixmap(pix)
    return icon


def _round_pen(color: QColor, width: float) -> QPen:
    pen = QPen(color, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def plus_icon(color: QColor) -> QIcon:
    def draw(p: QPainter) -> None:
        p.setPen(_round_pen(color, 2.0))
        p.drawLine(8, 3, 8, 13)
        p.drawLine(3, 8, 13, 8)
    return _drawn_icon(draw)


def duplicate_icon(color: QColor) -> QIcon:
    def draw(p: QPainter) -> None:
        p.setPen(QPen(color, 1.4))
        p.drawRoundedRect(2.5, 2.5, 8, 8, 1.5, 1.5)
        p.setBrush(color.lighter(185))
        p.drawRoundedRect(5.5, 5.5, 8, 8, 1.5, 1.5)
    return _drawn_icon(draw)


def info_icon(color: QColor) -> QIcon:
    """ⓘ."""
    def draw(p: QPainter) -> None:
        p.setPen(QPen(color, 1.3))
        p.drawEllipse(QRectF(2.5, 2.5, 11, 11))
        p.setPen(_round_pen(color, 1.6))
        p.drawLine(QPointF(8, 7.2), QPointF(8, 11))
        p.drawPoint(QPointF(8, 5))
    return _drawn_icon(draw)


def dot_icon(color: QColor) -> QIcon:
    """A filled dot with "!": marks the layer at fault."""
    def draw(p: QPainter) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        p.drawEllipse(3, 3, 10, 10)
        p.setPen(_round_pen(QColor("white"), 1.8))
        p.drawLine(8, 5, 8, 9)
        p.drawPoint(8, 11)
    return _drawn_icon(draw)
