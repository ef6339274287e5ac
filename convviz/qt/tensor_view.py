"""Views of one tensor: the maps of a layer, the input image, the kernels of a conv layer.

Each view shows a :class:`~convviz.render.RenderedTensor` — a mosaic already coloured on the worker thread — in
ONE pyqtgraph ``ImageItem`` (uint8 RGBA, so the GUI thread only uploads an image), scaled nearest-neighbour so
tiny maps stay crisp. One cheap overlay item draws what depends on the zoom: grid lines between pixels, the
tiles' labels and the numbers inside the cells (kernels, and maps up to 16×16: the lecture's 6×6 and 4×4 maps
are read, not hovered), only for what is visible and only when they fit.
Hovering reads the exact float from the raw array, never from the colours. A double-click shows one map (or
kernel) large on its own, with its numbers in the cells once they fit; Esc or another double-click goes back.
Captions and readouts elide names, never numbers; a tooltip carries the full text.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QLineF, QObject, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

import pyqtgraph as pg  # isort: skip  (after PySide6, so pyqtgraph binds to it)

from ..render import (
    KERNEL_MARGIN,
    KERNEL_MIN_TILE_PX,
    RenderedInput,
    RenderedTensor,
    format_cell,
    format_value,
    kernel_layout,
)
from .marks_item import MarksItem
from .text import format_shape, tr

__all__ = ["CANVAS", "ColorBar", "InputView", "KernelView", "TensorView"]

#: The canvas behind the maps: a dark neutral, so light and dark colormap ends both stand out.
CANVAS = QColor("#1c1e23")
_GRID_MIN_PX = 8.0  # grid lines appear when one pixel is at least this many screen pixels
_GRID_FULL_PX = 14.0  # …and reach full strength here
_VALUE_FONT_PT = (7.0, 11.0)  # the cells' numbers: the smallest and largest point size
#: maps up to this size print their numbers in the cells whenever those hold them (larger ones once shown alone)
VALUES_MAX_SIDE = 16


def _f(n: int) -> str:
    return tr("f{n}").format(n=n)  # a filter (kernel row)


def _c(n: int) -> str:
    return tr("c{n}").format(n=n)  # a channel


class _Overlay(pg.GraphicsObject):
    """Grid lines, tile labels and cell values over the mosaic, drawn in screen space for the visible part."""

    def __init__(self) -> None:
        super().__init__()
        self._r: RenderedTensor | None = None
        self._labels: tuple[str, ...] = ()
        self.show_values = False  # kernels: numbers in the cells whatever the tile size, once they fit
        #: (tile, y, x, text) of every number the last paint drew, for tests
        self.painted_values: list[tuple[int, int, int, str]] = []
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
        if self._values_wanted(r, focus) and px >= self._value_min_px(px):
            self._paint_values(p, t, r, tiles, view, px)
        if focus is not None:
            self._paint_focus_label(p, t, r, focus)
        elif self.headers:
            self._paint_headers(p, t, r, px, col0, col1, row0, row1)
        else:
            self._paint_labels(p, t, r, tiles, px)
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

    def _paint_labels(self, p: QPainter, t, r: RenderedTensor, tiles, px: float) -> None:
        fm = self._fm
        p.setFont(self._font)
        for tile, ox, oy in tiles:
            text = self._labels[tile] if tile < len(self._labels) else str(tile)
            tl = t.map(QPointF(ox, oy))
            width = fm.horizontalAdvance(text) + 6
            if width > r.tile_w * px + 2:
                continue
            # above the tile when the gap (or the top margin) has room, else a chip inside a large tile
            room_above = (r.gap if oy > 0 else self.margin()[1]) * px
            above = room_above >= fm.ascent() + 2
            if not above and (px > 6 or r.tile_w * px < 60):
                continue
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
                text = _f(first) if first == last else f"{_f(first)}–{_f(last)}"
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
                name = r.in_names[c] if c < len(r.in_names) else _c(c)
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


class TensorView(QWidget):
    """One tensor's maps as a zoomable, pannable mosaic with a title, a colour bar and a hover readout.

    ``hovered`` emits ``(channel, y, x, value)`` — the exact raw float — or None when the pointer leaves.
    """

    hovered = Signal(object)
    #: the view is zoomed in past its image's resolution: a mosaic this many pixels a side would be sharp
    resolution_wanted = Signal(int)
    #: a single click on a unit: ``(channel, y, x)`` (kernels: ``(filter, c_in, ky, kx)``); the view does nothing
    #: else with it (an inspector may listen)
    clicked = Signal(object)
    #: the map area's width / height changed (the panel turns it into the tiling the worker renders)
    aspect_changed = Signal(float)
    #: a map is shown on its own (its tile index), or None when the whole mosaic is back
    focus_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, show_values: bool = False, colorbar: bool = True):
        super().__init__(parent)
        self._wanted_side = 0
        self._r: RenderedTensor | None = None
        self._labels: tuple[str, ...] = ()
        self._last_hover: tuple | None = None
        self._stale = False
        self._shape_key: tuple | None = None
        self._focus: int | None = None
        self._scale_note = ""

        self._header = _Header(self)
        self._header.setObjectName("header")

        self._gv = pg.GraphicsView(self, background=CANVAS)
        self._gv.setMinimumSize(80, 60)
        self._gv.setFrameShape(self._gv.Shape.NoFrame)
        self._gv.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Esc leaves a shown-alone map
        self._vb = pg.ViewBox(lockAspect=True, invertY=True, enableMenu=False, defaultPadding=0.03)
        self._gv.setCentralItem(self._vb)
        self._img = pg.ImageItem(axisOrder="row-major")
        self._vb.addItem(self._img)
        self._overlay = _Overlay()
        self._overlay.show_values = show_values
        self._overlay.setZValue(10)
        self._vb.addItem(self._overlay, ignoreBounds=True)
        self._mask = _Mask(self._overlay)
        self._mask.setZValue(5)
        self._overlay.mask_items.append(self._mask)
        self._vb.addItem(self._mask, ignoreBounds=True)
        self._marks = MarksItem()  # the instruments' unit, window, receptive field, animation
        self._vb.addItem(self._marks, ignoreBounds=True)
        self._gv.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        self._zoom_timer = QTimer(self, singleShot=True, interval=120)  # after the wheel stops turning
        self._zoom_timer.timeout.connect(self._check_resolution)
        self._vb.sigRangeChanged.connect(lambda *_: self._zoom_timer.start())
        self._gv.viewport().installEventFilter(self)
        self._gv.installEventFilter(self)

        self._message = QLabel(self)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        self._message.setAutoFillBackground(True)
        pal = self._message.palette()
        pal.setColor(QPalette.ColorRole.Window, CANVAS)
        pal.setColor(QPalette.ColorRole.WindowText, QColor(170, 174, 184))
        self._message.setPalette(pal)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._gv)
        self._stack.addWidget(self._message)

        self._colorbar = ColorBar(self)
        self._colorbar.setVisible(colorbar)
        self._colorbar_wanted = colorbar

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self._header)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self._colorbar)
        self.clear()

    # ------------------------------------------------------------------------------------------------ API

    @property
    def rendered(self) -> RenderedTensor | None:
        return self._r

    @property
    def title(self) -> str:
        return self._header.title

    @property
    def caption(self) -> str:
        return self._header.caption

    @property
    def header_texts(self) -> tuple[str, str, str]:
        """(caption, title, readout) as painted at the current width: names elided, numbers whole."""
        return self._header.layout_texts()

    @property
    def readout(self) -> str:
        """The hover readout, whole."""
        return " ".join(t for t in self._header.readout if t)

    @property
    def looking_closer(self) -> bool:
        """Zoomed into part of the mosaic, or one map shown alone: re-tiling now would move what is looked at."""
        r = self._r
        if r is None:
            return False
        if self._focus is not None:
            return True
        rect, (h, w) = self._vb.viewRect(), r.rgba.shape[:2]
        return rect.width() < 0.9 * w and rect.height() < 0.9 * h

    @property
    def focus(self) -> int | None:
        """The tile shown on its own (double-click), or None."""
        return self._focus

    @property
    def colorbar(self) -> ColorBar:
        return self._colorbar

    @property
    def view_box(self) -> pg.ViewBox:
        return self._vb

    @property
    def image_item(self) -> pg.ImageItem:
        return self._img

    def set_title(self, text: str) -> None:
        self._header.set_texts(title=text)

    def set_caption(self, text: str) -> None:
        """A small muted text before the title (e.g. the stage: "convolution")."""
        self._header.set_texts(caption=text)

    def set_scale_note(self, text: str) -> None:
        """What shares this view's colour scale, said on the colour bar ("scale: block conv 4@3×3 (0–2)")."""
        self._scale_note = text
        self._update_colorbar()

    def show_alone(self, tile: int | None) -> None:
        """Show one map (or kernel) large on its own, with its numbers when they fit; None: the whole mosaic."""
        r = self._r
        if tile is not None and (r is None or not 0 <= tile < r.n_tiles):
            tile = None
        if tile == self._focus:
            return
        self._focus = tile
        self._overlay.focus = tile
        self._overlay.update()
        self._mask.update()
        if tile is None:
            self.reset_zoom()
        else:
            self._fit_focus()
        self.focus_changed.emit(tile)

    def set_rendered(self, r: RenderedTensor, title: str) -> None:
        """Show a rendered tensor. The zoom is kept while the mosaic's geometry stays the same, and follows
        the maps when only the resolution changed (a finer image for a zoomed-in view, or back)."""
        old = self._r
        rescale = None
        if (old is not None and old.raw.shape == r.raw.shape and old.columns == r.columns
                and old.downsample != r.downsample):
            rescale = (self._vb.viewRect(), old.downsample / r.downsample)
        self._r = r
        self._labels = self._make_labels(r)
        self._header.set_texts(title=title)
        self._img.setImage(r.rgba, autoLevels=False)
        self._overlay.set_rendered(r, self._labels)
        self._marks.set_marks(r, self._marks.marks)
        self._update_colorbar()
        self._stack.setCurrentWidget(self._gv)
        self._colorbar.setVisible(self._colorbar_wanted)
        self._set_stale(False)
        key = (r.rgba.shape, r.tile_h, r.tile_w, r.columns, self._overlay.margin())
        if self._focus is not None and self._focus >= r.n_tiles:
            self._focus = self._overlay.focus = None
            self.focus_changed.emit(None)
        if self._focus is not None and (rescale is not None or key != self._shape_key):
            self._shape_key = key  # the tiling changed under a map shown alone: keep showing that map
            self._fit_focus()
        elif rescale is not None:
            self._shape_key = key
            rect, k = rescale
            self._vb.setRange(QRectF(rect.x() * k, rect.y() * k, rect.width() * k, rect.height() * k), padding=0)
        elif key != self._shape_key:
            self._shape_key = key
            self.reset_zoom()
        self._wanted_side = 0
        self._check_resolution()
        if self._last_hover is not None:
            self._hover_at(*self._last_pos)

    def _check_resolution(self) -> None:
        """Ask for a finer image when one mosaic pixel covers several screen pixels of a downsampled view."""
        r = self._r
        if r is None or r.downsample == 1 or not self.isVisible():
            return
        mosaic_per_screen = self._vb.viewPixelSize()[0] / max(1e-9, self.devicePixelRatioF())
        if mosaic_per_screen <= 0 or mosaic_per_screen > 0.75:
            return
        finer = max(1, math.ceil(r.downsample * mosaic_per_screen))
        if finer >= r.downsample:
            return
        h, w = r.rgba.shape[:2]
        side = min(4096, math.ceil(max(h, w) * r.downsample / finer))
        if side > self._wanted_side:
            self._wanted_side = side
            self.resolution_wanted.emit(side)

    def clear(self, message: str = "") -> None:
        """Remove the tensor; show ``message`` (e.g. an error) in its place."""
        self._r = None
        self._shape_key = None
        if self._focus is not None:
            self._focus = self._overlay.focus = None
            self.focus_changed.emit(None)
        self._img.clear()
        self._overlay.set_rendered(None, ())
        self._marks.set_marks(None, ())
        self._message.setText(message)
        self._stack.setCurrentWidget(self._message)
        self._colorbar.setVisible(False)
        self._header.set_texts(readout=("", ""))
        self._set_stale(False)
        self._emit_hover(None)

    def set_marks(self, marks) -> None:
        """Draw these :class:`convviz.marks.Mark` over the maps (``()`` removes them)."""
        self._marks.set_marks(self._r, tuple(marks))

    @property
    def marks(self) -> tuple:
        return self._marks.marks

    def set_stale(self, stale: bool) -> None:
        """Dim the view while a newer result is being computed."""
        self._set_stale(stale)

    @property
    def is_stale(self) -> bool:
        return self._stale

    def reset_zoom(self) -> None:
        """Fit the whole mosaic (or the map shown alone)."""
        r = self._r
        if r is None:
            return
        if self._focus is not None:
            self._fit_focus()
            return
        h, w = r.rgba.shape[:2]
        ml, mt = self._overlay.margin()
        self._vb.setRange(QRectF(-ml, -mt, w + ml, h + mt), padding=0.03)

    def mosaic_to_widget(self, mx: float, my: float) -> QPointF:
        """Where mosaic coordinates appear in this widget (for tests and tooltips)."""
        scene = self._img.mapToScene(QPointF(mx, my))
        return QPointF(self._gv.mapTo(self, self._gv.mapFromScene(scene)))

    def hover_mosaic(self, mx: float, my: float) -> None:
        """Act as if the pointer were at mosaic coordinates ``(mx, my)``."""
        self._hover_at(mx, my)

    def click_mosaic(self, mx: float, my: float, double: bool = False) -> None:
        """Act as if the mosaic were clicked (or double-clicked) at ``(mx, my)``."""
        self._click_at(mx, my, double)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(320, 300)

    # ------------------------------------------------------------------------------------------- internals

    def _make_labels(self, r: RenderedTensor) -> tuple[str, ...]:
        return r.labels or tuple(tr("c{n}").format(n=i) for i in range(r.n_tiles))

    def _fit_focus(self) -> None:
        r, tile = self._r, self._focus
        if r is None or tile is None:
            return
        ox, oy = r.tile_origin(tile)
        above = QFontMetrics(self.font()).height() + 6  # room for the map's name above it, in screen pixels
        h = max(1, self._gv.height())
        k = above / max(1.0, h - above)
        self._vb.setRange(QRectF(ox, oy - r.tile_h * k, r.tile_w, r.tile_h * (1 + k)), padding=0.02)

    def _set_stale(self, stale: bool) -> None:
        self._stale = stale
        opacity = 0.3 if stale else 1.0
        self._img.setOpacity(opacity)
        self._overlay.setOpacity(opacity)
        self._header.setEnabled(not stale)
        self._colorbar.setEnabled(not stale)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        w, h = self._stack.width(), self._stack.height()
        if w > 0 and h > 0:
            self.aspect_changed.emit(w / h)
        if self._focus is not None:
            self._fit_focus()

    def _update_colorbar(self, hover_tile: int | None = None) -> None:
        r = self._r
        if r is None:
            return
        self._colorbar.set_lut(r.lut)
        if not r.per_map:
            self._colorbar.set_range(r.scale_levels, self._scale_note)
        elif hover_tile is not None:
            label = self._tile_label(hover_tile)
            self._colorbar.set_range(r.tile_levels(hover_tile), tr("{label} (per map)").format(label=label))
        else:
            self._colorbar.set_range(None, tr("per map: hover a map for its range"))

    def _tile_label(self, tile: int) -> str:
        return self._labels[tile] if tile < len(self._labels) else str(tile)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        # mouse moves are read here, not from the scene's sigMouseMoved, which drops fast moves (and the last
        # position with them)
        if obj is self._gv and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape \
                and self._focus is not None:
            self.show_alone(None)
            return True
        if obj is self._gv.viewport():
            if event.type() == QEvent.Type.MouseMove:
                pos = self._img.mapFromScene(self._gv.mapToScene(event.position().toPoint()))
                self._hover_at(pos.x(), pos.y())
            elif event.type() == QEvent.Type.Leave:
                self._emit_hover(None)
        return False

    def _on_mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = self._img.mapFromScene(event.scenePos())
        self._click_at(pos.x(), pos.y(), event.double())

    def _click_at(self, mx: float, my: float, double: bool) -> None:
        r = self._r
        hit = r.locate_tile(mx, my) if r is not None else None
        if hit is not None and self._focus is not None and hit[0] != self._focus:
            hit = None  # under the mask
        if double:  # one map on its own, and back
            if self._focus is not None:
                self.show_alone(None)
            elif hit is not None:
                self.show_alone(hit[0])
            else:
                self.reset_zoom()
        elif hit is not None:
            tile, y, x = hit
            self.clicked.emit(self._hover_payload(r, tile, y, x)[:-1])

    _last_pos: tuple[float, float] = (0.0, 0.0)

    def _hover_at(self, mx: float, my: float) -> None:
        self._last_pos = (mx, my)
        r = self._r
        hit = r.locate_tile(mx, my) if r is not None else None
        if hit is None or (self._focus is not None and hit[0] != self._focus):
            self._emit_hover(None)
            return
        tile, y, x = hit
        self._emit_hover(self._hover_payload(r, tile, y, x), tile)

    def _hover_payload(self, r: RenderedTensor, tile: int, y: int, x: int) -> tuple:
        return (*r.tile_key(tile), y, x, r.value_at(tile, y, x))

    def _readout_text(self, payload: tuple, tile: int) -> tuple[str, str]:
        """(name, numbers): the name may be elided, the numbers never."""
        *_, y, x, value = payload
        return self._tile_label(tile), f"({y}, {x}) = {format_value(value)}"

    def _emit_hover(self, payload: tuple | None, tile: int | None = None) -> None:
        if payload == self._last_hover:
            return
        self._last_hover = payload
        if payload is None:
            self._header.set_texts(readout=("", ""))
            if self._r is not None and self._r.per_map:
                self._update_colorbar()
        else:
            self._header.set_texts(readout=self._readout_text(payload, tile))
            if self._r is not None and self._r.per_map:
                self._update_colorbar(tile)
        self.hovered.emit(payload)


class KernelView(TensorView):
    """The kernels of a conv layer: F rows × C_in columns of K_h × K_w slices, numbers printed in large cells.

    ``hovered`` emits ``(filter, c_in, ky, kx, value)`` or None."""

    #: the map area's size in screen pixels, in steps of ~19 % once a resize settles (``kernel_area``)
    area_changed = Signal(int, int)

    def __init__(self, parent: QWidget | None = None, *, show_values: bool = True):
        super().__init__(parent, show_values=show_values)
        self._overlay.headers = True
        self._area: tuple[int, int] | None = None
        self._area_timer = QTimer(self, singleShot=True, interval=250)
        self._area_timer.timeout.connect(self._check_area)

    def area(self) -> tuple[int, int]:
        """The map area's size in screen pixels, stepped (what the kernels are laid out for)."""
        def step(v: int) -> int:
            return int(2 ** (math.floor(math.log2(max(16, v)) * 4) / 4))  # down: never more room than there is
        return step(self._stack.width()), step(self._stack.height())  # (the map area, shown or not yet)

    def _check_area(self) -> None:
        # only a change that lays the shown kernels out otherwise asks for a render (each one is a new request)
        area = self.area()
        if area == self._area:
            return
        r = self._r
        if r is not None and r.kind == "kernels":
            nf, kh, kw, cin = r.raw.shape
            if kernel_layout(nf, kh, kw, cin, area, r.gap, KERNEL_MARGIN)[0] == r.columns // cin:
                return
        self._area = area
        self.area_changed.emit(*area)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._area_timer.start()

    @property
    def scrolls(self) -> bool:
        """The whole layer would show its tiles under ~12 px: the view fits its width and scrolls through the
        filters (the wheel scrolls, Ctrl+wheel zooms)."""
        r = self._r
        if r is None or self._focus is not None:
            return False
        h, w = r.rgba.shape[:2]
        ml, mt = self._overlay.margin()
        gw, gh = max(1, self._gv.width()), max(1, self._gv.height())
        return r.tile_w * min(gw / (w + ml), gh / (h + mt)) / 1.06 < KERNEL_MIN_TILE_PX and h + mt > (w + ml) * gh / gw

    def reset_zoom(self) -> None:
        r = self._r
        if r is None or not self.scrolls:
            super().reset_zoom()
            return
        h, w = r.rgba.shape[:2]
        ml, mt = self._overlay.margin()
        gw, gh = max(1, self._gv.width()), max(1, self._gv.height())
        width = (w + ml) * 1.02
        self._vb.setRange(QRectF(-ml, -mt, width, width * gh / gw), padding=0)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (obj is self._gv.viewport() and event.type() == QEvent.Type.Wheel and self.scrolls
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            r = self._r
            rect = self._vb.viewRect()
            h = r.rgba.shape[0]
            dy = -event.angleDelta().y() / 120 * 3 * (r.tile_h + r.gap)  # three rows of filters a notch
            top = min(max(rect.top() + dy, -self._overlay.margin()[1]), max(0.0, h - rect.height() + 1))
            self._vb.setRange(QRectF(rect.left(), top, rect.width(), rect.height()), padding=0)
            return True
        return super().eventFilter(obj, event)

    @staticmethod
    def title_for(layer_number: int, shape) -> str:
        """``conv 2 · kernels 10 × 3×3 × 6 (F_OUT × H_K × W_K × F_IN)``."""
        f, kh, kw, cin = (int(s) for s in shape)
        return tr("conv {n} · kernels {f} × {kh}×{kw} × {cin} (F_OUT × H_K × W_K × F_IN)").format(
            n=layer_number, f=f, kh=kh, kw=kw, cin=cin
        )

    def _make_labels(self, r: RenderedTensor) -> tuple[str, ...]:
        cin = r.raw.shape[3]
        names = r.in_names or tuple(_c(c) for c in range(cin))
        return tuple(f"{_f(t // cin)} · {names[t % cin]}" for t in range(r.n_tiles))

    def _readout_text(self, payload: tuple, tile: int) -> tuple[str, str]:
        f, c, ky, kx, value = payload
        return self._tile_label(tile), f"({ky}, {kx}) = {format_value(value)}"


class InputView(TensorView):
    """The input image: its RGB composite, then each channel on its own.

    ``hovered`` emits ``(channel, y, x, value)``; on the composite the channel is -1 and the value is the tuple of
    every channel's value at that pixel."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, colorbar=False)

    @staticmethod
    def title_for(shape) -> str:
        """``input · 8 × 8 × 3``."""
        return tr("input · {shape}").format(shape=format_shape(shape))

    def _hover_payload(self, r: RenderedTensor, tile: int, y: int, x: int) -> tuple:
        if isinstance(r, RenderedInput) and r.tile_channel(tile) < 0:
            return (-1, y, x, r.pixel(y, x))
        return super()._hover_payload(r, tile, y, x)

    def _readout_text(self, payload: tuple, tile: int) -> tuple[str, str]:
        _, y, x, value = payload
        if isinstance(value, tuple):
            values = ", ".join(format_value(v) for v in value)
            return self._tile_label(tile), f"({y}, {x}) = ({values})"
        return super()._readout_text(payload, tile)
