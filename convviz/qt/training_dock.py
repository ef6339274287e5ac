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
from PySide6.QtWidgets import QComboBox, QDockWidget, QMainWindow

from ..compute import job_outcome
from ..core.layers import fmt_shape
from ..model import StackState
from ..train.live import LIVE_DATASETS, LiveTraining, Slice, make_data
from ..train.trainer import TrainConfig
from .document import Document
from .text import tr
from .training_kernels import TrainingKernels
from .training_panel import TrainingPanel
from .training_views import TrainingViews

#: the weights reach the document (and so the views), and the curves are redrawn, at most this often while a run
#: goes on
APPLY_EVERY_S = 0.3
#: batches per worker job at most (a job also stops after about 0.15 s)
BATCHES_PER_JOB = 8
#: while the views compute and paint, the next job waits, polling this often, at most MAX_WAIT_S
POLL_MS = 5
MAX_WAIT_S = 0.5
#: while a run goes on, the weights reach the document this long after the curves were redrawn: in the same
#: event-loop turn, the curves' repaint, the views' results and their repaint stalled the loop 23 ms at a time
APPLY_DELAY_MS = 15


@dataclass
class _Session:
    """One trainer: built on the worker by its first job, then only touched by the worker's jobs."""

    token: int
    state: StackState
    kind: str
    counts: tuple[int, int]
    config: TrainConfig
    live: LiveTraining | None = None


class TrainingDock(QObject):
    """The dock, its Lecture-menu entry, and the training loop between the worker and the document."""

    #: from the worker thread (queued to the GUI thread): (token, Slice or an error message)
    _delivered = Signal(int, object)
    #: a run started or paused
    running_changed = Signal(bool)
    #: a slice of training reached the GUI thread (after the dock took it in)
    sliced = Signal(object)
    #: from the worker thread while it makes the data: (token, images made, images in all)
    _making = Signal(int, int, int)

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
        self._apply_timer = QTimer(self)
        self._apply_timer.setSingleShot(True)
        self._apply_timer.timeout.connect(self._apply_pending)
        self._waiting_since = 0.0
        self._xs: list[np.ndarray] = []
        self._losses: list[np.ndarray] = []
        self._accs: list[np.ndarray] = []
        self._tests: list[tuple[int, float]] = []
        self._delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)
        self._making.connect(self._on_making, Qt.ConnectionType.QueuedConnection)
        self.panel.start.clicked.connect(self.toggle)
        self.panel.step.clicked.connect(self.step_once)
        self.panel.reset.clicked.connect(self.reset)
        doc.changed.connect(self._on_doc_changed)
        for w in (self.panel.dataset, self.panel.count, self.panel.batch, self.panel.lr, self.panel.optimizer):
            signal = w.currentIndexChanged if isinstance(w, QComboBox) else w.valueChanged
            signal.connect(lambda *_: self._forget("settings"))
        self.views = TrainingViews(self)  # confusion, mistakes, top images per channel, a test image shown
        self.kernels = TrainingKernels(self)  # every conv layer's kernels as they learn

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
        self._apply_timer.stop()
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
        session, emit, making = self.session, self._delivered.emit, self._making.emit
        self.in_flight = True

        def train():
            if session.live is None:
                data = make_data(session.kind, *session.counts,
                                 progress=lambda done, total: making(session.token, done, total))
                session.live = LiveTraining(session.state.network, *data, session.config)
            return session.live.advance(batches)

        def job():  # on the worker
            emit(session.token, job_outcome(train))
            return None

        self.scheduler.submit_extra(job)

    @Slot(int, int, int)
    def _on_making(self, token: int, done: int, total: int) -> None:
        # (queued like the slices, so always before the first one: the status then says how training goes)
        if token == self._token and self.session is not None:
            self.panel.status.setText(tr("Making {n} {data} images… {p}%").format(
                n=self.session.counts[0], data=self.session.kind, p=100 * done // max(1, total)))

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
            if self.running and not self._stepping:
                self._last_apply = time.monotonic()
                self._apply_timer.start(APPLY_DELAY_MS)
            else:
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
        idle = not self._apply_timer.isActive() and (controller is None or controller.is_idle())
        if idle or time.monotonic() - self._waiting_since > MAX_WAIT_S:
            QTimer.singleShot(0, self._submit)  # a posted call: after the repaints already queued
        else:
            QTimer.singleShot(POLL_MS, self._submit_when_painted)

    def _apply_pending(self) -> None:
        self._apply_timer.stop()
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
