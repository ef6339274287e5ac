"""The widgets of the Training dock's test-split views: a confusion matrix and grids of test images with captions.
They paint what they are given (counts, QImages, captions) and say what was clicked; they compute nothing."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QToolTip, QWidget

from .text import tr, tr_n

#: tiles of the test images, at this many screen pixels per image pixel
ZOOM = 2


def qimage(pixels: np.ndarray) -> QImage:
    """An H × W × 3 (RGB) or H × W × 4 (RGBA) uint8 image as a QImage that owns its pixels."""
    h, w, c = pixels.shape
    fmt = QImage.Format.Format_RGB888 if c == 3 else QImage.Format.Format_RGBA8888
    return QImage(np.ascontiguousarray(pixels).data, w, h, c * w, fmt).copy()


# --- the confusion matrix -------------------------------------------------------------------------------------


class ConfusionView(QWidget):
    """Counts of the test split, rows = true class, columns = predicted; a cell's colour is its share of its row
    (the diagonal blue, the mistakes red). A click on a cell filters the misclassified images."""

    cell_clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = np.zeros((0, 0), np.int64)
        self.names: list[str] = []
        self.selected: tuple[int, int] | None = None
        self.setMinimumSize(220, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def set_counts(self, counts: np.ndarray, names: list[str]) -> None:
        self.counts, self.names = counts, names + [str(i) for i in range(len(names), len(counts))]
        rows = counts.sum(axis=1, keepdims=True)
        self._share = counts / np.maximum(rows, 1)
        self.update()

    def _geometry(self) -> tuple[int, int, int, bool]:
        """(left, top, cell size, whether the column names stand upright) of the grid."""
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(n) for n in self.names), default=0)
        left = fm.height() + 12 + widest
        k = max(1, len(self.counts))
        for upright in (False, True):  # names wider than a cell stand upright above their column
            top = fm.height() + 8 + (widest if upright else fm.height())
            cell = max(8, min((self.width() - left - 4) // k, (self.height() - top - 4) // k))
            if widest + 4 <= cell:
                break
        return left, top, cell, upright

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        left, top, cell, _ = self._geometry()
        r, c = (pos.y() - top) // cell, (pos.x() - left) // cell
        k = len(self.counts)
        return (int(r), int(c)) if pos.x() >= left and pos.y() >= top and r < k and c < k else None

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        k = len(self.counts)
        p = QPainter(self)
        fg = self.palette().color(self.foregroundRole())
        p.setPen(fg)
        if k == 0:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       tr("The confusion matrix of the test split appears after an epoch, a pause, or Evaluate."))
            return
        left, top, cell, upright = self._geometry()
        fm = self.fontMetrics()
        lh = fm.height()
        p.drawText(QRect(left, 0, cell * k, lh + 2), Qt.AlignmentFlag.AlignCenter, tr("predicted"))
        p.save()
        p.translate(0, top + cell * k)
        p.rotate(-90)
        p.drawText(QRect(0, 0, cell * k, lh + 2), Qt.AlignmentFlag.AlignCenter, tr("true class"))
        p.restore()
        for i, name in enumerate(self.names[:k]):
            if upright:
                p.save()
                p.translate(left + i * cell, top - 4)
                p.rotate(-90)
                p.drawText(QRect(0, 0, top - lh - 8, cell), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                           name)
                p.restore()
            else:
                p.drawText(QRect(left + i * cell, lh + 4, cell, lh), Qt.AlignmentFlag.AlignCenter, name)
            p.drawText(QRect(lh + 4, top + i * cell, left - lh - 10, cell),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
        base = self.palette().color(self.backgroundRole())
        font = p.font()
        if cell < 3 * fm.horizontalAdvance("0") + 4:
            font.setPointSizeF(max(5.0, font.pointSizeF() * 0.8))
        p.setFont(font)
        for r in range(k):
            for c in range(k):
                share = float(self._share[r, c])
                ink = QColor(31, 119, 180) if r == c else QColor(214, 39, 40)
                colour = QColor.fromRgbF(*(base.getRgbF()[j] * (1 - share) + ink.getRgbF()[j] * share
                                           for j in range(3)))
                rect = QRect(left + c * cell, top + r * cell, cell - 1, cell - 1)
                p.fillRect(rect, colour)
                if self.counts[r, c]:
                    p.setPen(QColor("white") if share > 0.45 else fg)
                    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(int(self.counts[r, c])))
        if self.selected is not None and max(self.selected) < k:
            r, c = self.selected
            p.setPen(QPen(self.palette().color(self.palette().ColorRole.Highlight), 2))
            p.drawRect(QRect(left + c * cell, top + r * cell, cell - 1, cell - 1))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        cell = self.cell_at(event.position().toPoint())
        if cell is not None:
            self.cell_clicked.emit(*cell)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        cell = self.cell_at(event.position().toPoint())
        if cell is None:
            QToolTip.hideText()
            return
        r, c = cell
        row = int(self.counts[r].sum())
        QToolTip.showText(event.globalPosition().toPoint(), tr_n(
            "true {t}, predicted {p}: {n} of {row} test image ({share:.0%})|"
            "true {t}, predicted {p}: {n} of {row} test images ({share:.0%})", row).format(
            t=self.names[r], p=self.names[c], n=int(self.counts[r, c]), row=row,
            share=self.counts[r, c] / max(row, 1)), self)


# --- tiles of test images ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    index: int  # the test image's number
    image: QImage
    caption: str
    tooltip: str


class TileGrid(QWidget):
    """Test images with a caption each: in labelled rows (per channel), or flowing to the width (mistakes). A click
    on a tile emits its test image's number; the image the window shows is outlined."""

    clicked = Signal(int)

    def __init__(self, flow: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.rows: list[tuple[str, list[Tile]]] = []
        self.empty_text = ""
        self.marked: int | None = None
        self.side = 28
        self.setMouseTracking(True)

    def set_rows(self, rows: list[tuple[str, list[Tile]]], empty_text: str = "") -> None:
        self.rows, self.empty_text = rows, empty_text
        first = next((t for _, tiles in rows for t in tiles), None)
        self.side = ZOOM * first.image.height() if first is not None else 56
        self._fit()
        self.update()

    def mark(self, index: int | None) -> None:
        self.marked = index
        self.update()

    def _metrics(self) -> tuple[int, int, int, int]:
        """(label width, cell width, cell height, columns)."""
        fm = self.fontMetrics()
        label = 0 if self.flow else max((fm.horizontalAdvance(t) for t, _ in self.rows), default=0) + 8
        cw = max(self.side, max((fm.horizontalAdvance(t.caption) for _, ts in self.rows for t in ts), default=0)) + 8
        ch = self.side + fm.height() + 6
        cols = max(1, (self.width() - label) // cw) if self.flow else max((len(ts) for _, ts in self.rows), default=1)
        return label, cw, ch, cols

    def _positions(self):
        label, cw, ch, cols = self._metrics()
        y = 0
        for text, tiles in self.rows:
            for j, tile in enumerate(tiles):
                r, c = divmod(j, cols)
                yield text, tile, QRect(label + c * cw + (cw - self.side) // 2, y + r * ch, self.side, self.side)
            y += ch * max(1, -(-len(tiles) // cols))

    def _fit(self) -> None:
        label, cw, ch, cols = self._metrics()
        height = sum(ch * max(1, -(-len(tiles) // cols)) for _, tiles in self.rows)
        self.setMinimumHeight(max(height, self.fontMetrics().height() * 2))
        self.setMinimumWidth(cw if self.flow else label + cols * cw)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if self.flow:
            self._fit()
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(self.minimumWidth(), self.minimumHeight())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        fg = self.palette().color(self.foregroundRole())
        p.setPen(fg)
        if not any(tiles for _, tiles in self.rows):
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, self.empty_text)
            return
        fm = self.fontMetrics()
        cw = self._metrics()[1]
        label_done = set()
        highlight = QPen(self.palette().color(self.palette().ColorRole.Highlight), 3)
        for text, tile, rect in self._positions():
            if text and text not in label_done:
                label_done.add(text)
                p.drawText(QRect(0, rect.top(), rect.left(), self.side), Qt.AlignmentFlag.AlignVCenter, text)
            p.drawImage(rect, tile.image)  # nearest neighbour: the pixels as the network sees them
            p.setPen(fg)
            p.drawText(QRect(rect.center().x() - cw // 2, rect.bottom() + 2, cw, fm.height()),
                       Qt.AlignmentFlag.AlignCenter, tile.caption)
            if tile.index == self.marked:
                p.setPen(highlight)
                p.drawRect(rect.adjusted(-2, -2, 1, 1))

    def tile_at(self, pos: QPoint) -> Tile | None:
        return next((tile for _, tile, rect in self._positions() if rect.contains(pos)), None)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        tile = self.tile_at(event.position().toPoint())
        if tile is not None:
            self.clicked.emit(tile.index)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        tile = self.tile_at(event.position().toPoint())
        if tile is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), tile.tooltip, self)


class Page(QWidget):
    """A page of the dock's tabs: asks for a modest size, so the dock leaves the window's views their room."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(640, 240)


class _Scroll(QScrollArea):
    """Scrolls its tiles: asks for little room, so a long grid never makes the dock taller."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(240, 120)


def scrolled(widget: QWidget) -> QScrollArea:
    area = _Scroll()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


