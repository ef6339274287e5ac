"""A :class:`convviz.figure.Figure` painted to PNG with QPainter (text needs a font engine: Qt's), and any widget
(the inspector) as SVG through QSvgGenerator, where its text stays text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QLinearGradient, QPainter, QPen

from ..core.netfile import atomic_write_bytes
from ..figure import FONT, Figure, Image, Line, Rect, Text


def _qimage(rgba: np.ndarray) -> QImage:
    rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
    h, w = rgba.shape[:2]
    return QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()


def figure_image(fig: Figure, scale: float = 1.0) -> QImage:
    img = QImage(max(1, round(fig.width * scale)), max(1, round(fig.height * scale)), QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)  # map pixels stay crisp
    p.scale(scale, scale)
    for it in fig.items:
        if isinstance(it, Image):
            p.drawImage(QRectF(it.x, it.y, it.w, it.h), _qimage(it.rgba))
        elif isinstance(it, Rect):
            brush = QBrush(QColor(it.fill)) if it.fill else QBrush(Qt.BrushStyle.NoBrush)
            if it.gradient:
                g = QLinearGradient(QPointF(it.x, it.y + it.h), QPointF(it.x, it.y))
                for i, c in enumerate(it.gradient):
                    g.setColorAt(i / (len(it.gradient) - 1), QColor(c))
                brush = QBrush(g)
            p.setBrush(brush)
            p.setPen(QPen(QColor(it.stroke), it.stroke_width) if it.stroke else Qt.PenStyle.NoPen)
            p.drawRect(QRectF(it.x, it.y, it.w, it.h))
        elif isinstance(it, Line):
            p.setPen(QPen(QColor(it.stroke), it.width))
            p.drawLine(QLineF(it.x1, it.y1, it.x2, it.y2))
        elif isinstance(it, Text):
            font = QFont(FONT.split(",")[0])
            font.setPixelSize(max(1, round(it.size)))
            font.setBold(it.bold)
            p.setFont(font)
            p.setPen(QColor(it.fill))
            w = p.fontMetrics().horizontalAdvance(it.text)
            x = it.x - (w / 2 if it.anchor == "middle" else w if it.anchor == "end" else 0)
            p.drawText(QPointF(x, it.y), it.text)
    p.end()
    return img


def png_bytes(img: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def save_figure(fig: Figure, path: str | Path, scale: float = 1.0) -> None:
    """PNG or SVG by the file's suffix, written atomically."""
    from ..figure import to_svg

    if Path(path).suffix.lower() == ".svg":
        atomic_write_bytes(path, to_svg(fig, scale).encode("utf-8"))
    else:
        atomic_write_bytes(path, png_bytes(figure_image(fig, scale)))


def save_widget(widget, path: str | Path, scale: float = 1.0) -> None:
    """A widget as it looks (the inspector): PNG grabbed at ``scale``, or SVG whose text stays text."""
    if Path(path).suffix.lower() == ".svg":
        from PySide6.QtSvg import QSvgGenerator

        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        gen = QSvgGenerator()
        gen.setOutputDevice(buf)
        size = widget.size()
        gen.setSize(QSize(round(size.width() * scale), round(size.height() * scale)))
        gen.setViewBox(QRectF(0, 0, size.width(), size.height()))
        gen.setTitle("convviz")
        widget.render(gen)
        buf.close()
        atomic_write_bytes(path, bytes(data.data()))
        return
    img = QImage(round(widget.width() * scale), round(widget.height() * scale), QImage.Format.Format_ARGB32)
    img.setDevicePixelRatio(scale)
    img.fill(QColor("white"))
    widget.render(img)
    atomic_write_bytes(path, png_bytes(img))
