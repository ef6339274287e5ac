"""Training dock (issue 12): train the stack on screen on `digits` or `shapes` and watch it learn.

The GUI thread never trains: each job of the worker (``Scheduler.submit_extra``) runs a few batches
(:class:`convviz.train.live.LiveTraining`, about 0.15 s) and reports through a queued signal; the next job is
asked for only then, so the worker serves the views between jobs. The weights are applied to the document a few
times per second, so the kernels and maps follow; a whole run (Start … Pause) is one undo step. Any other change
of the document (an edit, an undo) pauses the run, and the next Start trains from what is on screen.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import pyqtgraph as pg  # isort: skip  (after PySide6, so pyqtgraph binds to it)

from ..core.errors import ConvvizError
from ..core.layers import fmt_shape
from ..model import StackState
from ..train.live import LIVE_DATASETS, LiveTraining, Slice, make_data
from ..train.trainer import TrainConfig
from .document import Document
from .insight_widgets import Page
from .text import tr
from .training_views import TrainingViews

#: the weights reach the document (and so the views), and the curves are redrawn, at most this often while a run
#: goes on
APPLY_EVERY_S = 0.3
#: batches per worker job at most (a job also stops after about 0.15 s)
BATCHES_PER_JOB = 8
#: while the views compute and paint, the next job waits, polling this often, at most MAX_WAIT_S
POLL_MS = 5
MAX_WAIT_S = 0.5


@dataclass
class _Session:
    """One trainer: built on the worker by its first job, then only touched by the worker's jobs."""

    token: int
    state: StackState
    kind: str
    counts: tuple[int, int]
    config: TrainConfig
    live: LiveTraining | None = None


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


class TrainingDock(QObject):
    """The dock, its Lecture-menu entry, and the training loop between the worker and the document."""

    #: from the worker thread (queued to the GUI thread): (token, Slice or an error message)
    _delivered = Signal(int, object)
    #: a run started or paused
    running_changed = Signal(bool)
    #: a slice of training reached the GUI thread (after the dock took it in)
    sliced = Signal(object)

    def __init__(self, window: QMainWindow, doc: Document, scheduler) -> None:
        super().__init__(window)
        self.window, self.doc, self.scheduler = window, doc, scheduler
        self.panel = TrainingPanel()
        self.dock = QDockWidget(tr("Training"), window)
        self.dock.setObjectName("training-dock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.session: _Session | None = None
        self.running = False
        self.in_flight = False
        self._stepping = False
        self._token = 0
        self._runs = 0
        self._initial: StackState | None = None  # the document before the session's first batch
        self._ours: StackState | None = None  # the last state this dock applied
        self._pending: Slice | None = None  # learned but not yet applied
        self._last_apply = 0.0
        self._waiting_since = 0.0
        self._xs: list[np.ndarray] = []
        self._losses: list[np.ndarray] = []
        self._accs: list[np.ndarray] = []
        self._tests: list[tuple[int, float]] = []
        self._delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)
        self.panel.start.clicked.connect(self.toggle)
        self.panel.step.clicked.connect(self.step_once)
        self.panel.reset.clicked.connect(self.reset)
        doc.changed.connect(self._on_doc_changed)
        for w in (self.panel.dataset, self.panel.count, self.panel.batch, self.panel.lr, self.panel.optimizer):
            signal = w.currentIndexChanged if isinstance(w, QComboBox) else w.valueChanged
            signal.connect(lambda *_: self._forget("settings"))
        self.views = TrainingViews(self)  # confusion, mistakes, top images per channel, a test image shown

    def toggle_action(self):
        act = self.dock.toggleViewAction()
        act.setText(tr("&Training"))
        return act

    # --- the loop ----------------------------------------------------------------------------------------
    def toggle(self) -> None:
        if self.running:
            self.pause()
        else:
            self.start()

    def start(self) -> None:
        if not self._ensure_session():
            return
        self._runs += 1
        self.running = True
        self.panel.start.setText(tr("Pause"))
        self.running_changed.emit(True)
        self._submit()

    def pause(self) -> None:
        self.running = False
        self.panel.start.setText(tr("Resume") if self.session is not None else tr("Start"))
        self._draw()
        self._apply_pending()
        self.running_changed.emit(False)

    def step_once(self) -> None:
        if self.running or not self._ensure_session():
            return
        self._runs += 1
        self._stepping = True
        self._submit(batches=1)

    def reset(self) -> None:
        """Back to the weights before training, as one undo step; the curves start again."""
        self.running = False
        initial = self._initial
        self._forget(None)
        if initial is not None and self.doc.state.layers == initial.layers and self.doc.state is not initial:
            state = replace(self.doc.state, weights=initial.weights)
            self._ours = state
            self.doc.apply(state, tr("Reset training"))
        self.panel.status.setText(tr("Reset: the weights are back to before training."))

    def _forget(self, why: str | None) -> None:
        """Drop the session (a newer one starts from the document); a running job's result becomes stale."""
        was = self.session is not None
        self._token += 1
        self.session = None
        self._initial = None
        self._pending = None
        self.running = self._stepping = False
        self.panel.start.setText(tr("Start"))
        self._xs, self._losses, self._accs, self._tests = [], [], [], []
        self._draw()
        if was:
            self.views.stale()
        if was and why == "stack":
            self.panel.status.setText(tr("The stack changed: training starts again from what is on screen."))

    def _ensure_session(self) -> bool:
        if self.session is not None:
            return True
        state = self.doc.state
        kind, counts = self.panel.settings()
        need = LIVE_DATASETS[kind]
        if state.error is not None:
            self.panel.status.setText(tr("The stack has an error: fix it before training."))
            return False
        if tuple(state.input_shape) != need:
            self.panel.status.setText(tr("{data} images are {need}; the stack's input is {shape}. Set the input "
                                         "size to {need}.").format(data=kind, need=fmt_shape(need),
                                                                   shape=fmt_shape(state.input_shape)))
            return False
        self._token += 1
        self.session = _Session(self._token, state, kind, counts, self.panel.config())
        self._initial = state
        self._ours = state
        self.panel.status.setText(tr("Making {n} {data} images…").format(n=counts[0], data=kind))
        return True

    def _submit(self, batches: int = BATCHES_PER_JOB) -> None:
        if self.in_flight or self.session is None:
            return
        session, emit = self.session, self._delivered.emit
        self.in_flight = True

        def job():  # on the worker
            try:
                if session.live is None:
                    train, test = make_data(session.kind, *session.counts)
                    session.live = LiveTraining(session.state.network, train, test, session.config)
                result: object = session.live.advance(batches)
            except ConvvizError as exc:
                result = exc.message
            except Exception as exc:  # never let a job kill the worker: say what went wrong
                result = f"{type(exc).__name__}: {exc}"
            emit(session.token, result)
            return None

        self.scheduler.submit_extra(job)

    @Slot(int, object)
    def _on_delivered(self, token: int, result: object) -> None:
        self.in_flight = False
        if token != self._token or self.session is None:  # a reset or another stack came between
            if self.running:
                self._submit()
            return
        if isinstance(result, str):
            self._forget(None)
            self.panel.status.setText(result)
            return
        assert isinstance(result, Slice)
        self._xs.append(result.steps)
        self._losses.append(result.losses)
        self._accs.append(result.accuracies)
        self._tests.extend(result.test_points)
        self._pending = result
        last_test = f" · {tr('test')} {self._tests[-1][1]:.1%}" if self._tests else ""
        self.panel.status.setText(tr("epoch {e} · batch {b} · loss {loss:.3f}").format(
            e=result.epoch + 1, b=int(result.steps[-1]), loss=float(result.losses[-1])) + last_test)
        if not self.running or self._stepping or time.monotonic() - self._last_apply >= APPLY_EVERY_S:
            self._draw()  # the curves too only a few times a second: repainting them costs the event loop
            self._apply_pending()
        self._stepping = False
        self.sliced.emit(result)
        if self.running:
            self._waiting_since = time.monotonic()
            self._submit_when_painted()

    def _submit_when_painted(self) -> None:
        """The next slice once the window has computed and painted what this one changed: training while the views
        paint makes both fight over Python's GIL, and the event loop stalled 35–44 ms at a time (bench_train_gui)."""
        if not self.running:
            return
        controller = getattr(self.window, "controller", None)
        if controller is None or controller.is_idle() or time.monotonic() - self._waiting_since > MAX_WAIT_S:
            QTimer.singleShot(0, self._submit)  # a posted call: after the repaints already queued
        else:
            QTimer.singleShot(POLL_MS, self._submit_when_painted)

    def _apply_pending(self) -> None:
        result, self._pending = self._pending, None
        if result is None or self.session is None or self.doc.state.layers != self.session.state.layers:
            return
        state = replace(self.doc.state, weights={**self.doc.state.weights, **result.weights})
        self._ours = state
        self._last_apply = time.monotonic()
        self.doc.apply(state, tr("Train"), merge_key=f"training-run-{self._runs}", continuing=True)

    def _on_doc_changed(self, state: StackState) -> None:
        if state is self._ours or self.session is None:
            return
        ours = self._ours
        if ours is not None and state.layers == ours.layers and _same_weights(state, ours):
            self._ours = state  # another input (a test image shown, say): the run goes on with it
            return
        self._forget("stack")  # an edit or an undo: the session trained another stack

    def _draw(self) -> None:
        def cat(parts: list[np.ndarray]) -> np.ndarray:
            return np.concatenate(parts) if parts else np.zeros(0)

        x, loss, acc = cat(self._xs), cat(self._losses), cat(self._accs)
        self.panel.fit_ranges(float(x[-1]) if len(x) else 0.0, float(loss.max()) if len(loss) else 0.0)
        self.panel.loss_curve.setData(x, loss)
        self.panel.train_acc_curve.setData(x, _running_mean(acc))
        t = np.array(self._tests, dtype=float).reshape(-1, 2)
        self.panel.test_acc_curve.setData(t[:, 0], t[:, 1])


def _same_weights(a: StackState, b: StackState) -> bool:
    return a.weights.keys() == b.weights.keys() and all(
        np.array_equal(w.weight, b.weights[k].weight) and (
            (w.bias is None and b.weights[k].bias is None)
            or (w.bias is not None and b.weights[k].bias is not None and np.array_equal(w.bias, b.weights[k].bias)))
        for k, w in a.weights.items())


def _running_mean(a: np.ndarray, n: int = 20) -> np.ndarray:
    """The batches' accuracy averaged over the last ``n`` (one batch's is too noisy to read)."""
    if len(a) == 0:
        return a
    c = np.cumsum(np.insert(a, 0, 0.0))
    k = np.minimum(np.arange(1, len(a) + 1), n)
    return (c[1:] - c[np.arange(1, len(a) + 1) - k]) / k


def _nice_ceil(v: float) -> float:
    """The smallest of 1, 1.5, 2, 3, 4, 5, 6, 8 × 10ⁿ that is ≥ ``v`` (> 0)."""
    exp = 10.0 ** np.floor(np.log10(v))
    return float(next(m * exp for m in (1, 1.5, 2, 3, 4, 5, 6, 8, 10) if m * exp >= v * (1 - 1e-9)))
