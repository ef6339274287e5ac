"""Draws :mod:`convviz.marks` over a mosaic: the unit, the window it reads (padding cells hatched, dilation's
gaps left open), the receptive field, a filter's row of kernels, and the cells an animation has not reached."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPen

from ..marks import FIELD, FILTER, PENDING, WINDOW, Mark
from ..render import RenderedTensor

_AMBER = QColor("#ffc400")
_CYAN = QColor("#34e2ff")
_SHADOW = QColor(0, 0, 0, 200)


def _pen(color: QColor, width: float, style=Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(color, width, style)
    pen.setCosmetic(True)  # widths in screen pixels, whatever the zoom
    return pen


class MarksItem(pg.GraphicsObject):
    """One item per view, in mosaic coordinates (the image's pixels)."""

    def __init__(self) -> None:
        super().__init__()
        self._r: RenderedTensor | None = None
        self.marks: tuple[Mark, ...] = ()
        self._font = QFont()
        self._font.setPointSizeF(8.5)
        self._font.setBold(True)
        self.setZValue(20)

    def set_marks(self, r: RenderedTensor | None, marks: tuple[Mark, ...]) -> None:
        self.prepareGeometryChange()
        self._r, self.marks = r, tuple(marks)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        r = self._r
        if r is None:
            return QRectF()
        h, w = r.rgba.shape[:2]
        pad = max(r.tile_h, r.tile_w)  # windows may reach into the padding, outside the tiles
        return QRectF(-pad, -pad, w + 2 * pad, h + 2 * pad)

    def _tiles(self, mark: Mark) -> list[int]:
        r = self._r
        return [t for t in range(r.n_tiles) if mark.channels is None or r.tile_key(t)[0] in mark.channels]

    def paint(self, p: QPainter, *args) -> None:
        r = self._r
        if r is None or not self.marks:
            return
        for mark in self.marks:
            for k, tile in enumerate(self._tiles(mark)):
                ox, oy = r.tile_origin(tile)
                if mark.style == PENDING:
                    self._paint_pending(p, r, mark, ox, oy)
                elif mark.style == FILTER:
                    rect = QRectF(ox - 0.5, oy - 0.5, r.tile_w + 1, r.tile_h + 1)
                    self._outline(p, rect, _AMBER, 2.5)
                else:
                    self._paint_box(p, r, mark, ox, oy, with_text=k == 0)  # a text once, not on every tile

    def _rect(self, r: RenderedTensor, ox: float, oy: float, rows: tuple[int, int], cols: tuple[int, int]) -> QRectF:
        ds = r.downsample
        return QRectF(ox + cols[0] / ds, oy + rows[0] / ds, (cols[1] - cols[0] + 1) / ds,
                      (rows[1] - rows[0] + 1) / ds)

    def _outline(self, p: QPainter, rect: QRectF, color: QColor, width: float, style=Qt.PenStyle.SolidLine) -> None:
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(_pen(_SHADOW, width + 2))  # a dark rim: visible on light and dark colours alike
        p.drawRect(rect)
        p.setPen(_pen(color, width, style))
        p.drawRect(rect)

    def _paint_box(self, p: QPainter, r: RenderedTensor, mark: Mark, ox: float, oy: float, with_text: bool) -> None:
        rect = self._rect(r, ox, oy, mark.rows, mark.cols)
        if mark.style == FIELD:
            self._outline(p, rect, _CYAN, 1.5, Qt.PenStyle.DashLine)
            if mark.text and with_text:
                p.setFont(self._font)
                p.setPen(_CYAN)
                scale = p.transform().m11() or 1.0
                p.save()
                p.translate(rect.topLeft())
                p.scale(1 / scale, 1 / scale)  # text in screen pixels
                p.drawText(QPointF(2, -4), mark.text)
                p.restore()
            return
        if mark.style == WINDOW and mark.tap_rows is not None and mark.tap_cols is not None:
            self._paint_taps(p, r, mark, ox, oy)
        self._outline(p, rect, _AMBER, 2.0 if mark.style == WINDOW else 2.5)

    def _paint_taps(self, p: QPainter, r: RenderedTensor, mark: Mark, ox: float, oy: float) -> None:
        """Each tap a cell: padding cells hatched outside the map; with dilation, the skipped cells stay open."""
        h, w = r.raw.shape[:2]
        ds = r.downsample
        rows, cols = mark.tap_rows, mark.tap_cols
        dilated = (len(rows) > 1 and np.any(np.diff(rows) > 1)) or (len(cols) > 1 and np.any(np.diff(cols) > 1))
        hatch = QBrush(QColor(255, 196, 0, 150), Qt.BrushStyle.BDiagPattern)
        p.setPen(_pen(QColor(255, 196, 0, 200), 1))
        for rr in rows:
            for cc in cols:
                cell = QRectF(ox + cc / ds, oy + rr / ds, 1 / ds, 1 / ds)
                if rr < 0 or rr >= h or cc < 0 or cc >= w:
                    p.fillRect(cell, hatch)
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawRect(cell)
                elif dilated:
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawRect(cell)

    def _paint_pending(self, p: QPainter, r: RenderedTensor, mark: Mark, ox: float, oy: float) -> None:
        mask = mark.mask
        if mask is None or not mask.any():
            return
        alpha = np.where(mask, 215, 0).astype(np.uint8)
        rgba = np.zeros((*mask.shape, 4), dtype=np.uint8)
        rgba[..., 0:3] = (28, 30, 35)  # the canvas colour: cells not computed yet look empty
        rgba[..., 3] = alpha
        rgba = np.ascontiguousarray(rgba)
        image = QImage(rgba.data, mask.shape[1], mask.shape[0], mask.shape[1] * 4, QImage.Format.Format_RGBA8888)
        ds = r.downsample
        p.drawImage(QRectF(ox, oy, mask.shape[1] / ds, mask.shape[0] / ds), image)
