"""The draw mode: paint the input with the mouse on the input view, and watch the maps follow.

Each mouse move paints the new segment (convviz.draw, on the input's pixels) and applies the result to the
document under the stroke's merge key, so one stroke is one undo step while the controller's live path computes
the maps as it goes (a slow stack computes the newest input once the running computation ends: the last stroke
wins and the GUI never waits). Painting on the RGB composite paints every channel (the colour for an RGB input,
else the value); painting on one channel's map paints that channel with the value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QColorDialog, QComboBox, QDoubleSpinBox, QLabel, QSpinBox, QToolBar, QToolButton

from ..draw import MAX_BRUSH, Stroke, paint
from .text import tr

if TYPE_CHECKING:
    from .main_window import MainWindow


class DrawTool(QObject):
    """Owned by the window: its toolbar (``toolbar``) and the strokes it paints into the document."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self._stroke: Stroke | None = None
        self._made = None  # the state the last segment made (a stroke continues only from it)
        self._geometry: tuple | None = None  # (tile origin x, y, downsample) of the map the stroke is on
        self._serial = 0

        tb = self.toolbar = QToolBar(tr("Draw"), window)
        tb.setObjectName("draw-toolbar")
        self.draw_action = QAction(tr("✎ Draw on the input"), window, checkable=True)
        self.draw_action.setToolTip(tr("Paint the input with the mouse; the maps follow while you paint. "
                                       "Each stroke is one step of Edit → Undo."))
        self.draw_action.toggled.connect(self.set_active)
        tb.addAction(self.draw_action)
        self.tool_box = QComboBox()
        self.tool_box.addItem(tr("brush"), "brush")
        self.tool_box.addItem(tr("eraser"), "eraser")
        self.tool_box.setToolTip(tr("The eraser paints back the input as it was before the first stroke"))
        tb.addWidget(self.tool_box)
        tb.addWidget(QLabel(tr(" size ")))
        self.size_spin = QSpinBox()
        self.size_spin.setRange(1, MAX_BRUSH)
        self.size_spin.setValue(3)
        self.size_spin.setSuffix(tr(" px"))
        self.size_spin.setToolTip(tr("The brush's diameter in input pixels"))
        tb.addWidget(self.size_spin)
        tb.addWidget(QLabel(tr(" value ")))
        self.value_spin = QDoubleSpinBox()
        self.value_spin.setRange(-1000.0, 1000.0)
        self.value_spin.setDecimals(3)
        self.value_spin.setSingleStep(0.1)
        self.value_spin.setValue(1.0)
        self.value_spin.setToolTip(tr("The number painted into each channel (on one channel's map: that channel "
                                      "only). An RGB input painted on its colour image takes the colour instead."))
        tb.addWidget(self.value_spin)
        self.colour = QColor(255, 255, 255)
        self.colour_button = QToolButton()
        self.colour_button.setToolTip(tr("The colour painted on an RGB input's colour image"))
        self.colour_button.clicked.connect(self._pick_colour)
        self._show_colour()
        tb.addWidget(self.colour_button)
        self.clear_action = tb.addAction(tr("Clear"), self.clear)
        self.clear_action.setToolTip(tr("Fill the whole input with the value (one undoable step)"))

    # --- the mode -------------------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self.draw_action.isChecked()

    def set_active(self, on: bool) -> None:
        if self.draw_action.isChecked() != on:
            self.draw_action.setChecked(on)  # comes back here through toggled
            return
        self.w.input_view.set_pointer_handler(self.on_pointer if on else None)
        self._stroke = None

    def set_colour(self, colour: QColor) -> None:
        self.colour = QColor(colour)
        self._show_colour()

    def _pick_colour(self) -> None:
        colour = QColorDialog.getColor(self.colour, self.w, tr("Brush colour"))
        if colour.isValid():
            self.set_colour(colour)

    def _show_colour(self) -> None:
        swatch = QPixmap(16, 16)
        swatch.fill(self.colour)
        painter = QPainter(swatch)  # a frame: white must show on a white toolbar
        painter.setPen(QColor(110, 110, 110))
        painter.drawRect(0, 0, 15, 15)
        painter.end()
        self.colour_button.setIcon(QIcon(swatch))

    # --- painting -------------------------------------------------------------------------------------

    def _brush_value(self, channel: int | None, channels: int) -> tuple[float, ...]:
        if channel is None and channels == 3 and self.tool_box.currentData() == "brush":
            return (self.colour.redF(), self.colour.greenF(), self.colour.blueF())
        return (float(self.value_spin.value()),)

    def on_pointer(self, phase: str, mx: float, my: float) -> None:
        """The input view's left button while drawing: mosaic coordinates (see TensorView.set_pointer_handler)."""
        if phase == "release":
            self._stroke = None
            self.w.doc.end_gesture()
            return
        if phase == "press":
            self._start(mx, my)
            return
        if self._stroke is None or self._geometry is None:
            return
        point = self._to_input(mx, my)
        if point == self._stroke.points[-1]:
            return
        self._paint(self._stroke.extended(point))

    def _start(self, mx: float, my: float) -> None:
        r = self.w.input_view.rendered
        hit = r.locate_tile(mx, my) if r is not None else None
        state = self.w.doc.state
        if hit is None or tuple(r.raw.shape) != state.input_shape:
            return
        tile = hit[0]
        ox, oy = r.tile_origin(tile)
        self._geometry = (ox, oy, r.downsample)
        channel = r.tile_channel(tile) if hasattr(r, "tile_channel") else tile
        channel = None if channel < 0 or state.input_shape[2] == 1 else channel
        self.w.doc.end_gesture()  # a new stroke is a new undo step
        self._serial += 1
        self._made = None
        self._paint(Stroke(self.tool_box.currentData(), float(self.size_spin.value()),
                           self._brush_value(channel, state.input_shape[2]), channel, (self._to_input(mx, my),)))

    def _to_input(self, mx: float, my: float) -> tuple[float, float]:
        ox, oy, down = self._geometry
        return (round((my - oy) * down, 3), round((mx - ox) * down, 3))

    def _paint(self, stroke: Stroke) -> None:
        """Paint what ``stroke`` adds to the document's input (its newest segment when it continues)."""
        state = self.w.doc.state
        continues = self._made is state and state.strokes and self._stroke is not None
        base = state.drawn_base if state.drawn_base is not None else state.input
        if continues:
            x = paint(state.input, base, stroke, start=len(stroke.points) - 1)
            strokes = (*state.strokes[:-1], stroke)
        else:  # a new stroke, or the document changed under this one (an undo): start it again from here
            stroke = Stroke(stroke.tool, stroke.size, stroke.value, stroke.channel, stroke.points[-1:])
            x = paint(state.input, base, stroke)
            strokes = (*state.strokes, stroke)
        self._stroke = stroke
        made = state.with_drawing(x, strokes)
        self.w.doc.apply(made, tr("Draw on the input") if stroke.tool == "brush" else tr("Erase"),
                         merge_key=f"draw:{self._serial}")
        self._made = self.w.doc.state

    def clear(self) -> None:
        """Fill the input with the value: a blank page to draw on."""
        state = self.w.doc.state
        base = state.drawn_base if state.drawn_base is not None else state.input
        stroke = Stroke("clear", 1.0, (float(self.value_spin.value()),), None, ())
        self.w.doc.end_gesture()
        self.w.doc.apply(state.with_drawing(paint(state.input, base, stroke), (*state.strokes, stroke)),
                         tr("Clear the input"))
