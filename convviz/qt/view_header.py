"""A view's header line (caption, title, hover readout) and its colour bar."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..render import (
    format_value,
)


class ColorBar(QWidget):
    """A horizontal gradient of a LUT with its numeric range, a tick where zero lies, and what shares the scale
    ("scale: block conv 4@3×3 (0–2)", or "per map" and a hovered map's range). The numbers at the ends are always
    whole; the note between them is elided when it lacks room (the tooltip holds it whole)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._lut: np.ndarray | None = None
        self._range: tuple[float, float] | None = None
        self._note = ""
        font = self.font()
        font.setPointSizeF(max(7.5, font.pointSizeF() - 1.5))
        self.setFont(font)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(QFontMetrics(font).height() + 12)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(160, self.height())

    def set_lut(self, lut: np.ndarray | None) -> None:
        if lut is None:
            self._image, self._lut = None, None
        elif self._lut is None or not np.array_equal(lut, self._lut[0]):
            self._lut = np.ascontiguousarray(lut[None, :, :], dtype=np.uint8)
            self._image = QImage(self._lut.data, 256, 1, 256 * 4, QImage.Format.Format_RGBA8888)
        self.update()

    def set_range(self, levels: tuple[float, float] | None, note: str = "") -> None:
        self._range, self._note = levels, note
        left, _, right = self.text
        self.setToolTip(f"{note} · {left} … {right}" if note and levels is not None else note)
        self.update()

    @property
    def text(self) -> tuple[str, str, str]:
        """The texts shown (left, middle, right) before any eliding, for tests."""
        if self._range is None:
            return "", self._note, ""
        lo, hi = self._range
        return format_value(lo), self._note, format_value(hi)

    def zero_at(self) -> float | None:
        """Where zero lies along the bar (0 … 1), when the range spans it."""
        if self._range is None:
            return None
        lo, hi = self._range
        return (0.0 - lo) / (hi - lo) if lo < 0 < hi else None

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if self._image is None:
            return
        p = QPainter(self)
        fm = QFontMetrics(self.font())
        left, mid, right = self.text
        bar = QRectF(4, 3, self.width() - 8, 7)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        p.drawImage(bar, self._image)
        p.setPen(QColor(0, 0, 0, 90))
        p.drawRect(bar.adjusted(-0.5, -0.5, 0.5, 0.5))
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        zero = self.zero_at()
        if zero is not None:  # a notch above the bar where zero lies (the note below stays clear)
            zx = bar.left() + zero * bar.width()
            p.setPen(text_colour)
            p.drawLine(QPointF(zx, 0.0), QPointF(zx, bar.top() - 0.5))
        p.setPen(text_colour)
        text_rect = QRectF(4, bar.bottom() + 1, self.width() - 8, fm.height() + 1)
        p.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, left)
        p.drawText(text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, right)
        if mid:
            side = max(fm.horizontalAdvance(left), fm.horizontalAdvance(right)) + 10
            room = int(text_rect.width() - 2 * side)
            shown = fm.elidedText(mid, Qt.TextElideMode.ElideRight, room) if room > fm.averageCharWidth() * 3 else ""
            p.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, shown)
        p.end()


class _Header(QWidget):
    """A view's caption, title and hover readout on one line, painted by priority: the readout first, then the
    title (a shape: shown whole or, while a readout needs the room, not at all; alone and too long, its tail is
    cut), then the caption, elided. Names are elided, numbers never; the tooltip holds everything."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = ""
        self.title = ""
        self.readout: tuple[str, str] = ("", "")  # (name, numbers): the name is elided first
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(QFontMetrics(self._bold).height() + 2)
        self.setMinimumWidth(0)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(200, self.height())

    def set_texts(self, caption: str | None = None, title: str | None = None,
                  readout: tuple[str, str] | None = None) -> None:
        if caption is not None:
            self.caption = caption
        if title is not None:
            self.title = title
        if readout is not None:
            self.readout = readout
        self.setToolTip("  ".join(t for t in (self.caption, self.title) if t))
        self.update()

    def layout_texts(self, width: int | None = None) -> tuple[str, str, str]:
        """What fits, as painted: (caption, title, readout)."""
        width = self.width() - 4 if width is None else width
        fm, bfm = QFontMetrics(self.font()), QFontMetrics(self._bold)
        name, numbers = self.readout
        readout = f"{name} {numbers}".strip()
        if fm.horizontalAdvance(readout) > width:  # the name gives way, the numbers stay whole
            room = width - fm.horizontalAdvance(" " + numbers)
            readout = (fm.elidedText(name, Qt.TextElideMode.ElideRight, room) + " " + numbers).strip() \
                if room > fm.horizontalAdvance("f0…") else numbers
        left = width - (fm.horizontalAdvance(readout) + 12 if readout else 0)
        title = self.title
        if bfm.horizontalAdvance(title) > left:  # gives way to a readout; alone, only its tail is cut
            title = "" if readout else bfm.elidedText(title, Qt.TextElideMode.ElideRight, max(0, left))
        left -= bfm.horizontalAdvance(title) + 8 if title else 0
        caption = fm.elidedText(self.caption, Qt.TextElideMode.ElideRight, left) if left > 24 else ""
        if caption == "…":
            caption = ""
        return caption, title, readout

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        caption, title, readout = self.layout_texts()
        p = QPainter(self)
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
        normal = self.palette().color(QPalette.ColorRole.WindowText if self.isEnabled()
                                      else QPalette.ColorRole.PlaceholderText)
        fm = QFontMetrics(self.font())
        rect = QRectF(2, 0, self.width() - 4, self.height())
        x = rect.left()
        if caption:
            p.setPen(muted)
            p.drawText(QRectF(x, 0, rect.width(), self.height()), Qt.AlignmentFlag.AlignVCenter, caption)
            x += fm.horizontalAdvance(caption) + 8
        if title:
            p.setFont(self._bold)
            p.setPen(normal)
            p.drawText(QRectF(x, 0, rect.right() - x, self.height()), Qt.AlignmentFlag.AlignVCenter, title)
            p.setFont(self.font())
        if readout:
            p.setPen(muted)
            p.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, readout)
        p.end()
