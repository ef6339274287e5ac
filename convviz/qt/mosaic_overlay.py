"""What a view draws over its mosaic, in screen space for the visible part only: grid lines between pixels, the
tiles' labels, the numbers inside the cells when they fit, and the mask around a map shown alone."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen

import pyqtgraph as pg  # isort: skip  (after PySide6, so pyqtgraph binds to it)

from ..mosaic import KERNEL_MARGIN
from ..render import (
    RenderedInput,
    RenderedTensor,
    format_cell,
)
from .text import channel_label, filter_label

#: The canvas behind the maps: a dark neutral, so light and dark colormap ends both stand out.
CANVAS = QColor("#1c1e23")
_GRID_MIN_PX = 8.0  # grid lines appear when one pixel is at least this many screen pixels
_GRID_FULL_PX = 14.0  # …and reach full strength here
_VALUE_FONT_PT = (7.0, 11.0)  # the cells' numbers: the smallest and largest point size
#: maps up to this size print their numbers in the cells whenever those hold them (larger ones once shown alone)
VALUES_MAX_SIDE = 16



class _Overlay(pg.GraphicsObject):
    """Grid lines, tile labels and cell values over the mosaic, drawn in screen space for the visible part."""

    def __init__(self) -> None:
        super().__init__()
        self._r: RenderedTensor | None = None
        self._labels: tuple[str, ...] = ()
        self.show_values = False  # kernels: numbers in the cells whatever the tile size, once they fit
        #: (tile, y, x, text) of every number the last paint drew, for tests
        self.painted_values: list[tuple[int, int, int, str]] = []
        self.painted_labels: list[int] = []  # the tiles named in the last paint (for tests)
        self.headers = False  # kernels: row ("f0") and column ("c0") headers instead of per-tile labels
        self.focus: int | None = None  # the one tile shown on its own (double-click), the others masked
        self.mask_items: list[pg.GraphicsObject] = []
        self._font = QFont()
        self._font.setPointSizeF(8.0)
        self._fm = QFontMetrics(self._font)

    def set_rendered(self, r: RenderedTensor | None, labels: tuple[str, ...]) -> None:
        self.prepareGeometryChange()
        self._r, self._labels = r, labels
        self.update()
        for item in self.mask_items:
            item.prepareGeometryChange()
            item.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        r = self._r
        if r is None:
            return QRectF()
        h, w = r.rgba.shape[:2]
        m = self.margin()
        return QRectF(-m[0], -m[1], w + m[0], h + m[1])

    def margin(self) -> tuple[float, float]:
        """Room (in mosaic pixels) left of and above the mosaic for labels."""
        r = self._r
        if r is None:
            return 0.0, 0.0
        if self.headers:
            return max(1.5, KERNEL_MARGIN[0] * r.tile_w), max(1.0, KERNEL_MARGIN[1] * r.tile_h)
        return 0.0, max(float(r.gap), min(2.0, 0.18 * r.tile_h))

    def paint(self, p: QPainter, *args) -> None:
        r = self._r
        vb = self.getViewBox()
        if r is None or vb is None:
            return
        t = p.transform()
        px = math.hypot(t.m11(), t.m12())  # screen pixels per mosaic pixel
        if px <= 0:
            return
        view = vb.viewRect()
        pitch = r.tile_w + r.gap  # (kernels: filters side by side have wider gaps; a few more columns is fine)
        col0 = max(0, int(view.left() // (pitch + (r.block_gap if r.block_cols else 0))))
        col1 = min(r.columns - 1, int(view.right() // pitch))
        row0 = max(0, int(view.top() // (r.tile_h + r.gap)))
        row1 = min(r.rows - 1, int(view.bottom() // (r.tile_h + r.gap)))
        tiles = [
            (row * r.columns + col, r.column_x(col), row * (r.tile_h + r.gap))
            for row in range(row0, row1 + 1)
            for col in range(col0, col1 + 1)
            if row * r.columns + col < r.n_tiles
        ]
        focus = self.focus if self.focus is not None and self.focus < r.n_tiles else None
        if focus is not None:
            tiles = [t_ for t_ in tiles if t_[0] == focus]
        if px >= _GRID_MIN_PX:
            self._paint_grid(p, r, tiles, view, px)
        p.save()
        p.resetTransform()
        self.painted_values = []
        self.painted_labels = []
        values = self._values_wanted(r, focus) and px >= self._value_min_px(px)
        if values:
            self._paint_values(p, t, r, tiles, view, px)
        if focus is not None:
            self._paint_focus_label(p, t, r, focus)
        elif self.headers:
            self._paint_headers(p, t, r, px, col0, col1, row0, row1)
        else:
            self._paint_labels(p, t, r, tiles, px, values)
        p.restore()

    def _values_wanted(self, r: RenderedTensor, focus: int | None) -> bool:
        if r.downsample != 1:
            return False
        if self.show_values or focus is not None:
            return True
        return max(r.tile_h, r.tile_w) <= VALUES_MAX_SIDE

    @staticmethod
    def _value_font(px: float) -> QFont:
        """A font in which "-0.123" fills a cell ``px`` wide, within the smallest and largest point size."""
        font = QFont()
        size = min(_VALUE_FONT_PT[1], max(_VALUE_FONT_PT[0], px * 0.3))
        font.setPointSizeF(size)
        wide = QFontMetrics(font).horizontalAdvance("-0.123")
        if wide > px - 4:
            font.setPointSizeF(max(_VALUE_FONT_PT[0], size * (px - 4) / wide))
        return font

    def _value_min_px(self, px: float) -> float:
        """The cell width a short number ("-0.12") needs at this zoom: below it no cell prints anything, so a
        map never shows numbers in a few cells only."""
        return QFontMetrics(self._value_font(px)).horizontalAdvance("-0.12") + 4

    def _paint_mask(self, p: QPainter, r: RenderedTensor, focus: int) -> None:
        """Hide every tile but the focused one (the canvas colour over the rest of the mosaic and margins)."""
        ox, oy = r.tile_origin(focus)
        h, w = r.rgba.shape[:2]
        ml, mt = self.margin()
        whole = QRectF(-ml, -mt, w + ml, h + mt)
        tile = QRectF(ox, oy, r.tile_w, r.tile_h)
        for part in (QRectF(whole.left(), whole.top(), whole.width(), tile.top() - whole.top()),
                     QRectF(whole.left(), tile.bottom(), whole.width(), whole.bottom() - tile.bottom()),
                     QRectF(whole.left(), tile.top(), tile.left() - whole.left(), tile.height()),
                     QRectF(tile.right(), tile.top(), whole.right() - tile.right(), tile.height())):
            if part.width() > 0 and part.height() > 0:
                p.fillRect(part, CANVAS)

    def _paint_focus_label(self, p: QPainter, t, r: RenderedTensor, focus: int) -> None:
        """The focused tile's name just above it (the view leaves room there)."""
        text = self._labels[focus] if focus < len(self._labels) else str(focus)
        ox, oy = r.tile_origin(focus)
        tl = t.map(QPointF(ox, oy))
        fm = self._fm
        p.setFont(self._font)
        p.setPen(QColor(200, 203, 210))
        p.drawText(QRectF(tl.x(), tl.y() - fm.height() - 3, fm.horizontalAdvance(text) + 8, fm.height() + 2),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    def _paint_grid(self, p: QPainter, r: RenderedTensor, tiles, view: QRectF, px: float) -> None:
        strength = min(1.0, (px - _GRID_MIN_PX) / (_GRID_FULL_PX - _GRID_MIN_PX) + 0.35)
        pen = QPen(QColor(16, 17, 20, int(150 * strength)))
        pen.setCosmetic(True)
        pen.setWidthF(1.0)
        p.setPen(pen)
        lines: list[QLineF] = []
        x_lo, x_hi = math.floor(view.left()), math.ceil(view.right())
        y_lo, y_hi = math.floor(view.top()), math.ceil(view.bottom())
        for _, ox, oy in tiles:
            for i in range(max(1, x_lo - ox), min(r.tile_w, x_hi - ox + 1)):
                lines.append(QLineF(ox + i, oy, ox + i, oy + r.tile_h))
            for j in range(max(1, y_lo - oy), min(r.tile_h, y_hi - oy + 1)):
                lines.append(QLineF(ox, oy + j, ox + r.tile_w, oy + j))
        if lines:
            p.drawLines(lines)

    def _paint_labels(self, p: QPainter, t, r: RenderedTensor, tiles, px: float, values: bool = False) -> None:
        fm = self._fm
        p.setFont(self._font)
        names = {tile: self._labels[tile] if tile < len(self._labels) else str(tile) for tile, _, _ in tiles}
        widest = max((fm.horizontalAdvance(text) + 6 for text in names.values()), default=0)
        # chips inside the tiles: for every tile or none (the widest decides), never over printed values, and
        # only where a chip takes at most half a tile's width
        chips = not values and r.tile_w * px >= 2 * widest
        for tile, ox, oy in tiles:
            text = names[tile]
            tl = t.map(QPointF(ox, oy))
            width = fm.horizontalAdvance(text) + 6
            if width > r.tile_w * px + 2:
                continue
            # above the tile when the gap (or the top margin) has room, else a chip inside it
            room_above = (r.gap if oy > 0 else self.margin()[1]) * px
            above = room_above >= fm.ascent() + 2
            if not above and not chips:
                continue
            self.painted_labels.append(tile)
            if above:
                box = QRectF(tl.x(), tl.y() - room_above, width, room_above)
                p.setPen(QColor(200, 203, 210))
                p.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            else:
                box = QRectF(tl.x() + 2, tl.y() + 2, width, fm.height() + 1)
                p.fillRect(box, QColor(20, 21, 25, 170))
                p.setPen(QColor(225, 228, 235))
                p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_headers(self, p: QPainter, t, r: RenderedTensor, px, col0, col1, row0, row1) -> None:
        fm = self._fm
        ml, mt = self.margin()
        p.setFont(self._font)
        p.setPen(QColor(200, 203, 210))
        cin = r.raw.shape[3] if r.kind == "kernels" else r.columns
        per_row = max(1, r.columns // cin)
        if r.tile_h * px >= fm.height():  # a row's filters: "f4" (one per row) or "f4–f7" (several)
            for row in range(row0, row1 + 1):
                first, last = row * per_row, min(row * per_row + per_row, r.n_tiles // cin) - 1
                text = filter_label(first) if first == last else f"{filter_label(first)}–{filter_label(last)}"
                if ml * px < fm.horizontalAdvance(text) + 2:
                    continue
                oy = row * (r.tile_h + r.gap)
                a, b = t.map(QPointF(-ml, oy)), t.map(QPointF(-0.15, oy + r.tile_h))
                p.drawText(QRectF(a, b), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        if r.tile_w * px >= fm.horizontalAdvance("c00") and mt * px >= fm.height():
            for col in range(col0, col1 + 1):
                ox = r.column_x(col)
                a, b = t.map(QPointF(ox, -mt)), t.map(QPointF(ox + r.tile_w, -0.1))
                c = col % cin
                name = r.in_names[c] if c < len(r.in_names) else channel_label(c)
                p.drawText(QRectF(a, b), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, name)

    def _paint_values(self, p: QPainter, t, r: RenderedTensor, tiles, view: QRectF, px: float) -> None:
        """Each visible cell's value, 3 significant digits (fewer when the cell is narrow), dark on light colours
        and light on dark ones. The input's RGB composite has no single value: it prints none."""
        font = self._value_font(px)
        p.setFont(font)
        fm = QFontMetrics(font)
        x_lo, x_hi = math.floor(view.left()), math.ceil(view.right())
        y_lo, y_hi = math.floor(view.top()), math.ceil(view.bottom())
        dark, light = QColor(20, 20, 24), QColor(245, 246, 250)
        composite = isinstance(r, RenderedInput) and r.composite is not None
        for tile, ox, oy in tiles:
            if composite and r.tile_channel(tile) < 0:
                continue
            for y in range(max(0, y_lo - oy), min(r.tile_h, y_hi - oy + 1)):
                for x in range(max(0, x_lo - ox), min(r.tile_w, x_hi - ox + 1)):
                    value = r.value_at(tile, y, x)
                    for digits in (3, 2, 1):
                        text = format_cell(value, digits)
                        if fm.horizontalAdvance(text) <= px - 4:
                            break
                    else:
                        continue
                    rgb = r.rgba[oy + y, ox + x, :3].astype(np.float32)
                    luma = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]
                    p.setPen(dark if luma > 140 else light)
                    a, b = t.map(QPointF(ox + x, oy + y)), t.map(QPointF(ox + x + 1, oy + y + 1))
                    p.drawText(QRectF(a, b), Qt.AlignmentFlag.AlignCenter, text)
                    self.painted_values.append((tile, y, x, text))


class _Mask(pg.GraphicsObject):
    """Hides every tile but the one shown alone; opaque even while the view is dimmed (unlike the overlay)."""

    def __init__(self, overlay: _Overlay) -> None:
        super().__init__()
        self._overlay = overlay

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        return self._overlay.boundingRect()

    def paint(self, p: QPainter, *args) -> None:
        o = self._overlay
        if o._r is not None and o.focus is not None and o.focus < o._r.n_tiles:
            o._paint_mask(p, o._r, o.focus)
