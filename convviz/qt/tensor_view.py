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

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

import pyqtgraph as pg  # isort: skip  (after PySide6, so pyqtgraph binds to it)

from ..mosaic import KERNEL_MARGIN, KERNEL_MIN_TILE_PX, kernel_layout
from ..render import (
    RenderedInput,
    RenderedTensor,
    format_value,
)
from .marks_item import MarksItem
from .mosaic_overlay import CANVAS, _Mask, _Overlay
from .text import channel_label, filter_label, format_shape, tr
from .view_header import ColorBar, _Header

__all__ = ["CANVAS", "ColorBar", "InputView", "KernelView", "TensorView"]


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
        self._pointer = None  # a tool that takes the left button (drawing), see set_pointer_handler

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

    def set_pointer_handler(self, handler) -> None:
        """Give the left button to a tool: ``handler(phase, mx, my)`` with phase "press", "move" or "release" and
        mosaic coordinates; the view neither pans nor clicks meanwhile. None gives the button back."""
        self._pointer = handler
        viewport = self._gv.viewport()
        if handler is None:
            viewport.unsetCursor()
        else:
            viewport.setCursor(Qt.CursorShape.CrossCursor)

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
        if obj is self._gv.viewport() and self._pointer is not None and self._pointed(event):
            return True
        if obj is self._gv.viewport():
            if event.type() == QEvent.Type.MouseMove:
                pos = self._img.mapFromScene(self._gv.mapToScene(event.position().toPoint()))
                self._hover_at(pos.x(), pos.y())
            elif event.type() == QEvent.Type.Leave:
                self._emit_hover(None)
        return False

    def _pointed(self, event: QEvent) -> bool:
        """Hand a left-button press, drag or release to the pointer tool (True: the event is taken)."""
        phase = {QEvent.Type.MouseButtonPress: "press", QEvent.Type.MouseButtonDblClick: "press",
                 QEvent.Type.MouseMove: "move", QEvent.Type.MouseButtonRelease: "release"}.get(event.type())
        if phase is None:
            return False
        left = Qt.MouseButton.LeftButton
        if not (event.buttons() & left if phase == "move" else event.button() == left):
            return False
        pos = self._img.mapFromScene(self._gv.mapToScene(event.position().toPoint()))
        if phase == "move":
            self._hover_at(pos.x(), pos.y())
        self._pointer(phase, pos.x(), pos.y())
        return True

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
        names = r.in_names or tuple(channel_label(c) for c in range(cin))
        return tuple(f"{filter_label(t // cin)} · {names[t % cin]}" for t in range(r.n_tiles))

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
