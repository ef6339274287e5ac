"""The Training dock's controls and curves (issue 12): data set, counts, batch, learning rate and optimiser, Start /
Step / Reset, and the loss and accuracy plots whose axes are cached and whose ranges grow in steps (replaying
auto-ranged axes on every slice blocked the event loop). :class:`convviz.qt.training_dock.TrainingDock` drives it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import pyqtgraph as pg  # isort: skip  (after PySide6, so pyqtgraph binds to it)

from ..train.live import LIVE_DATASETS
from ..train.trainer import TrainConfig
from .insight_widgets import Page
from .text import tr


class TrainingPanel(QWidget):
    """The controls and the curves; :class:`TrainingDock` drives it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dataset = QComboBox()
        for key in LIVE_DATASETS:
            self.dataset.addItem({"digits": tr("digits (28×28×1)"), "shapes": tr("shapes (32×32×3)")}[key], key)
        self.count = QSpinBox()
        self.count.setRange(64, 20000)
        self.count.setSingleStep(500)
        self.count.setValue(2000)
        self.count.setToolTip(tr("Training images (the test set is a quarter as many)"))
        self.batch = QSpinBox()
        self.batch.setRange(1, 512)
        self.batch.setValue(32)
        self.lr = QDoubleSpinBox()
        self.lr.setDecimals(4)
        self.lr.setRange(0.0001, 1.0)
        self.lr.setSingleStep(0.0005)
        self.lr.setValue(0.003)
        self.optimizer = QComboBox()
        self.optimizer.addItem(tr("Adam"), "adam")
        self.optimizer.addItem(tr("SGD with momentum"), "sgd")
        self.start = QPushButton(tr("Start"))
        self.step = QPushButton(tr("Step one batch"))
        self.reset = QPushButton(tr("Reset"))
        self.reset.setToolTip(tr("Back to the weights before training (one undo step)"))
        self.status = QLabel(tr("Train the stack on screen: it must end with flatten (or global avg pool) and a "
                                "dense layer with one unit per class."))
        self.status.setWordWrap(True)
        fg = self.palette().color(self.foregroundRole())
        self.loss_plot = self._plot(tr("loss (cross-entropy)"), fg)
        self.acc_plot = self._plot(tr("accuracy"), fg)
        self.acc_plot.setYRange(0, 1, padding=0.02)
        self._ranges: tuple[float, float] | None = None
        self.fit_ranges(0, 0)
        self.acc_plot.addLegend(offset=(-10, -10), labelTextColor=fg)
        # one-pixel pens: Qt draws wider polylines on a slow path that blocked the event loop for ~100 ms
        self.loss_curve = self.loss_plot.plot(pen=pg.mkPen("#1f77b4", width=1))
        self.train_acc_curve = self.acc_plot.plot(pen=pg.mkPen("#ff7f0e", width=1), name=tr("train (batches)"))
        self.test_acc_curve = self.acc_plot.plot(pen=pg.mkPen("#2ca02c", width=1), symbol="o", symbolSize=6,
                                                 symbolBrush="#2ca02c", name=tr("test (each epoch)"))
        form = QFormLayout()
        form.addRow(tr("Data"), self.dataset)
        form.addRow(tr("Images"), self.count)
        form.addRow(tr("Batch"), self.batch)
        form.addRow(tr("Learning rate"), self.lr)
        form.addRow(tr("Optimiser"), self.optimizer)
        buttons = QHBoxLayout()
        for b in (self.start, self.step, self.reset):
            buttons.addWidget(b)
        self.side = QWidget()
        side = QVBoxLayout(self.side)
        side.setContentsMargins(0, 0, 0, 0)
        side.addLayout(form)
        side.addLayout(buttons)
        side.addWidget(self.status)
        side.addStretch(1)
        # the column keeps its width whatever the status says: a reflow resized the plots, and a resized plot
        # redraws its axes and curves from scratch (tens of milliseconds of event loop per status line)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.side.setFixedWidth(self.side.sizeHint().width())
        curves = Page()
        plots = QHBoxLayout(curves)
        plots.setContentsMargins(0, 0, 0, 0)
        plots.addWidget(self.loss_plot, 1)
        plots.addWidget(self.acc_plot, 1)
        #: the curves and the views of the test split (convviz.qt.training_views adds its pages)
        self.tabs = QTabWidget()
        self.tabs.addTab(curves, tr("Curves"))
        #: a row under the pages (convviz.qt.training_views fills it)
        self.views_bar = QHBoxLayout()
        right = QVBoxLayout()
        right.addWidget(self.tabs, 1)
        right.addLayout(self.views_bar)
        layout = QHBoxLayout(self)
        layout.addWidget(self.side)
        layout.addLayout(right, 1)

    def _plot(self, title: str, fg) -> pg.PlotWidget:
        plot = pg.PlotWidget(background=self.palette().color(self.backgroundRole()))
        plot.setTitle(title, size="9pt", color=fg)
        for name in ("left", "bottom"):
            plot.getAxis(name).setPen(fg)
            plot.getAxis(name).setTextPen(fg)
        plot.setLabel("bottom", tr("batches"), color=fg)
        plot.showGrid(x=True, y=True, alpha=0.2)
        plot.setMenuEnabled(False)
        plot.setMinimumHeight(150)
        plot.setDownsampling(auto=True, mode="peak")  # thousands of batches: draw what the pixels can show
        plot.setClipToView(True)
        # Replaying an axis's picture (its labels and, with the grid, lines across the whole plot) took most of a
        # redraw, and the grid makes every curve update repaint the axes: cache them as pixmaps, and grow the
        # ranges in steps (fit_ranges) instead of auto-ranging, so the axes are drawn anew only when a step is taken
        plot.enableAutoRange(False)
        for name in ("left", "bottom"):
            plot.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            # grid lines at the labelled ticks only: the minor level's lines made a repaint of the plot 2.5× dearer
            # (offscreen, 544×247: 6.1 → 2.4 ms when the range steps, 6.3 → 2.8 ms when only the curves change)
            plot.getAxis(name).setStyle(maxTickLevel=0)
        return plot

    def fit_ranges(self, batches: float, loss: float) -> None:
        """Show batches 0 … ``batches`` and losses 0 … ``loss``, in steps of a nice number."""
        x, y = _nice_ceil(max(10.0, batches)), _nice_ceil(max(0.5, loss))
        if (x, y) != self._ranges:
            self._ranges = (x, y)
            for plot in (self.loss_plot, self.acc_plot):
                plot.setXRange(0, x, padding=0)
            self.loss_plot.setYRange(0, y, padding=0)

    def config(self) -> TrainConfig:
        return TrainConfig(batch=self.batch.value(), lr=self.lr.value(), optimizer=self.optimizer.currentData())

    def settings(self) -> tuple[str, tuple[int, int]]:
        n = self.count.value()
        return self.dataset.currentData(), (n, max(16, n // 4))


def _nice_ceil(v: float) -> float:
    """The smallest of 1, 1.5, 2, 3, 4, 5, 6, 8 × 10ⁿ that is ≥ ``v`` (> 0)."""
    exp = 10.0 ** np.floor(np.log10(v))
    return float(next(m * exp for m in (1, 1.5, 2, 3, 4, 5, 6, 8, 10) if m * exp >= v * (1 - 1e-9)))
