"""Translation invariance, measured: how much each stage changes when the input shifts by 0…N pixels.

Two plots over the shift d, one curve per stage (convolution, detector, pooling): the relative change
``‖s(shifted) − s(x)‖₁ / ‖s(x)‖₁`` and the fraction of units that changed. The numbers are
:func:`convviz.instruments.invariance`'s, computed on the worker; this panel only asks for them (``wanted``) and
draws them. Both measures are shown because they disagree on sparse images, and the panel says so.
"""

from __future__ import annotations

from html import escape

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

import pyqtgraph as pg  # isort: skip  (after PySide6, so pyqtgraph binds to it)

from ..blocks import stage_kind
from ..instruments import layer_names
from .text import layer_label, stage_name, tr, tr_n

#: one hue per stage kind, darker for each later layer of that kind
_HUES = {"conv": "#1f77b4", "activation": "#ff7f0e", "pool": "#2ca02c"}
_STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine)
MAX_SHIFT = 16


class InvariancePanel(QWidget):
    """Controls (axis, N), the two plots and the sentence that says how to read them."""

    #: (shift_max, axis): the student asked for another measurement
    wanted = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.axis = QComboBox()
        for key, text in (("x", tr("x (right)")), ("y", tr("y (down)")), ("xy", tr("x and y (diagonal)"))):
            self.axis.addItem(text, key)
        self.shift = QSpinBox()
        self.shift.setRange(1, MAX_SHIFT)
        self.shift.setValue(3)
        self.shift.setKeyboardTracking(False)  # typing "12" must not measure 1 first
        self.shift.setSuffix(tr(" px"))
        self.status = QLabel()
        controls = QHBoxLayout()
        controls.addWidget(QLabel(tr("Shift the input along")))
        controls.addWidget(self.axis)
        controls.addWidget(QLabel(tr("by 0 … N, N =")))
        controls.addWidget(self.shift)
        controls.addSpacing(12)
        controls.addWidget(self.status, 1)

        self.relative_plot = self._plot(tr("relative change ‖s(shifted) − s(x)‖₁ / ‖s(x)‖₁"))
        self.fraction_plot = self._plot(tr("fraction of units that changed"))
        self.fraction_plot.setYRange(0, 1.05, padding=0)
        # the legend is a line of text above the plots: inside a plot it would hide the curves it names
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        plots = QHBoxLayout()
        plots.addWidget(self.relative_plot, 1)
        plots.addWidget(self.fraction_plot, 1)
        self.caption = QLabel(tr(
            "Each stage is compared with itself before the shift, position by position. A unit counts as changed "
            "when it moved by more than 10⁻⁶ of the stage's largest value. On sparse images the fraction of "
            "changed units can rise after pooling while the relative change falls: pooling makes the changes "
            "smaller, it does not remove them. Both are shown; neither is tuned to the image."))
        self.caption.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(controls)
        lay.addWidget(self.legend)
        lay.addLayout(plots, 1)
        lay.addWidget(self.caption)

        #: what the plots show, per layer: (shifts d, relative changes (NaN where undefined), fractions)
        self.series: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self.curves: dict[int, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self.shown: tuple[int, str] | None = None
        self.axis.currentIndexChanged.connect(self._emit)
        self.shift.valueChanged.connect(self._emit)

    def _plot(self, title: str) -> pg.PlotWidget:
        # pyqtgraph's default grey-on-black would vanish on a light window: draw in the palette's text colour
        fg = self.palette().color(self.foregroundRole())
        plot = pg.PlotWidget(background=self.palette().color(self.backgroundRole()))
        plot.setTitle(title, size="9pt", color=fg)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(fg)
            axis.setTextPen(fg)
        plot.setLabel("bottom", tr("shift d (pixels)"), color=fg)
        plot.showGrid(x=True, y=True, alpha=0.2)
        plot.setMouseEnabled(x=False, y=False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMinimumHeight(160)
        return plot

    # --- requests ------------------------------------------------------------------------------------------

    def request(self) -> tuple[int, str]:
        return self.shift.value(), self.axis.currentData()

    def _emit(self, *_args) -> None:
        self.status.setText(tr("measuring…"))
        self.wanted.emit(*self.request())

    def set_measuring(self) -> None:
        self.status.setText(tr("measuring…"))

    # --- results ------------------------------------------------------------------------------------------

    def set_results(self, results, layers, shift_max: int, axis: str) -> None:
        """Draw ``results`` (instruments.invariance's ShiftResults) for the stack ``layers``."""
        if (shift_max, axis) != self.request():
            return  # measured for controls the student has changed since: the new measurement is on its way
        self.shown = (shift_max, axis)
        for plot in (self.relative_plot, self.fraction_plot):
            plot.clear()
        self.series, self.curves = {}, {}
        entries = []
        names = layer_names(layers)
        d = np.arange(len(results), dtype=float)
        seen: dict[str, int] = {}
        for i, spec in enumerate(layers):
            kind = stage_kind(spec)
            nth = seen[kind] = seen.get(kind, -1) + 1
            rel = np.array([np.nan if r.stages[i].relative_change is None else r.stages[i].relative_change
                            for r in results], dtype=float)
            frac = np.array([r.stages[i].changed_fraction for r in results], dtype=float)
            self.series[i] = (d, rel, frac)
            color = QColor(_HUES.get(kind, "#7f7f7f")).darker(100 + 35 * nth)
            # earlier stages drawn wider, under the later ones: equal curves (conv and ReLU often are) stay visible
            width = 2 + 1.5 * min(3, len(layers) - 1 - i)
            pen = pg.mkPen(color, width=width, style=_STYLES[nth % len(_STYLES)])
            label = f"{names[i]} · {stage_name(kind, layer_label(spec))}"
            symbol = {"conv": "o", "activation": "t", "pool": "s"}.get(kind, "d")
            kw = {"pen": pen, "symbol": symbol, "symbolSize": 6, "symbolBrush": color, "symbolPen": None,
                  "connect": "finite"}
            self.curves[i] = (self.relative_plot.plot(d, rel, **kw), self.fraction_plot.plot(d, frac, **kw))
            line = ("━━", "╍╍", "┈┈", "━╍")[nth % len(_STYLES)]
            mark = {"o": "●", "t": "▼", "s": "■"}.get(symbol, "◆")
            entries.append(f'<span style="color:{color.name()}">{line}{mark}{line}</span>&nbsp;{escape(label)}')
        same = [f"{names[i]} = {names[j]}" for i in self.series for j in self.series if i < j
                and np.allclose(self.series[i][1], self.series[j][1], rtol=1e-9, atol=0, equal_nan=True)]
        if same:  # one curve hides the other: say so rather than let a stage seem missing
            entries.append(escape(tr("(equal relative change, drawn one over the other: {pairs})")
                                  .format(pairs=", ".join(same))))
        self.legend.setText("&nbsp;&nbsp;&nbsp; ".join(entries))
        ticks = [[(float(k), str(k)) for k in range(len(results))]]  # whole pixels only
        for plot in (self.relative_plot, self.fraction_plot):
            plot.setXRange(0, max(1, len(results) - 1), padding=0.05)
            plot.getAxis("bottom").setTicks(ticks)
        self.fraction_plot.setYRange(0, 1.05, padding=0)
        where = {"x": tr("right"), "y": tr("down"), "xy": tr("diagonally")}[axis]
        self.status.setText(tr_n("shifted {where} by 0 … {n} pixel; zero where the shift leaves the image|"
                                 "shifted {where} by 0 … {n} pixels; zero where the shift leaves the image", shift_max)
                            .format(where=where, n=shift_max))

    def clear(self) -> None:
        for plot in (self.relative_plot, self.fraction_plot):
            plot.clear()
        self.legend.clear()
        self.series, self.curves, self.shown = {}, {}, None
