"""Glue between the document, the worker and the views: edit → model → request → worker → views.

The GUI thread never computes: a change of the document restarts a short debounce timer; when it fires, the
controller snapshots the state into an immutable request with a new generation number and hands it to the
scheduler. Events come back through a queued signal; any event whose generation is not the newest is dropped.
Colour changes re-render the last computed stages without recomputing the network.

The views are written, never read (:mod:`convviz.qt.views`): the controller keeps its own record of what it has
given them. When the builder's stack is impossible, the views keep the last valid stack, dimmed, under a banner
that names the layer at fault. While a control is dragged and the stack computes quickly (under
``LIVE_BELOW_S``), every finished result is shown and the newest value computes next; a slow stack waits for a
pause in the edits instead.
"""

from __future__ import annotations

import contextlib
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from ..compute import (
    Event,
    Failed,
    Finished,
    InputMade,
    InputReady,
    InvarianceReady,
    JobFailed,
    KernelsReady,
    ManualScheduler,
    Request,
    Scheduler,
    StageReady,
)
from ..core.errors import ConvvizError
from ..core.layers import Conv2D, lecture_name
from ..instruments import invariance
from ..model import StackState
from ..render import DisplayOptions, rerender
from .document import Document
from .errors_text import error_text
from .inspection import Inspection, UnitReady
from .text import format_shape, layer_label, stage_kind, tr
from .views import Views

BUSY_AFTER_MS = 200
#: a stack whose last computation took less than this follows a dragged control live
LIVE_BELOW_S = 0.1


def stage_title(shape: tuple[int, ...]) -> str:
    """The panel already names the layer and its stage; the title adds the tensor's shape."""
    return format_shape(shape)


def _same_weights(a, b) -> bool:
    """The very same arrays (weights are never modified in place, so identity means equality)."""
    if a is None or b is None:
        return a is b
    return a.weight is b.weight and a.bias is b.bias


class Controller(QObject):
    """Owns the scheduler and feeds the views. ``mode``: "thread" (default), "sync" or "manual" (tests)."""

    #: every view shows the finished computation of this generation
    finished = Signal(int)
    busy_changed = Signal(bool)
    #: the stack is impossible or the worker refused it (a ConvvizError or a message), None once one succeeds
    failed = Signal(object)
    #: translation invariance of the stack on screen (a compute.InvarianceReady)
    invariance_ready = Signal(object)
    #: the input lane's newest result (compute.InputMade), for the input editor
    input_made = Signal(object)
    #: a side job of the worker failed (a finer re-render): what went wrong
    job_failed = Signal(str)
    _event = Signal(object)

    def __init__(self, doc: Document, views: Views, *, mode: str = "thread", debounce_ms: int = 30,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.views = views
        self.options = DisplayOptions()
        self.generation = 0
        self.dropped = 0
        self.computations = 0
        self.selected: int | None = None
        self.last_stages: tuple = ()
        self.last_seconds = 0.0
        #: the most pixels a mosaic is shown with (the window reports it as it resizes)
        self.display_side = 1024
        self._finished_state: StackState | None = None
        self._finished_generation = -1
        self._submitted_state: StackState | None = None
        self._invalid = False  # the views show the last valid stack, not the builder's
        self._live_pending = False  # an edit arrived while a live computation ran: compute it next
        self._computing = False  # a request is on its way (until its Finished or Failed)
        # what the views were given, for the submitted generation
        self._kernels: dict[int, object] = {}  # layer index → kernel image
        self._shown_kernels: tuple[int, object] | None = None
        self._shown_input: object | None = None
        self._rendered: dict[int, object] = {}  # stage images of the finished generation
        self._pending_rendered: dict[int, object] = {}  # … of the submitted one, as they arrive
        self._rendered_options: DisplayOptions | None = None
        # images that stay valid while what they show is unchanged (the very same arrays)
        self._input_cache: tuple = (None, 0, None)  # (input array, max side, rendered)
        self._kernel_cache: dict[str, tuple] = {}  # uid → (weight array, options, rendered)

        self._event.connect(self._on_event, Qt.ConnectionType.QueuedConnection)
        if mode == "manual":
            self.scheduler: Scheduler = ManualScheduler(self._on_event)
        elif mode == "sync":
            self.scheduler = Scheduler(self._on_event, sync=True)
        else:
            self.scheduler = Scheduler(self._event.emit)

        self._debounce = QTimer(self, singleShot=True, interval=debounce_ms)
        self._last_edit = 0.0
        self._debounce.timeout.connect(self.request_now)
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(self._on_busy)
        doc.changed.connect(self._on_doc_changed)
        #: the inspected unit and the sliding-window animation
        self.inspection = Inspection(self)

    # --- inputs to the controller ----------------------------------------------------------------------

    @Slot(object)
    def _on_doc_changed(self, state: StackState) -> None:
        now = time.monotonic()
        lone = now - self._last_edit > self._debounce.interval() / 1000 and not self._debounce.isActive()
        self._last_edit = now
        live = self._finished_state is not None and self.last_seconds < LIVE_BELOW_S
        # only a request in flight makes an edit wait (not a re-render or an inspection on the worker: those
        # deliver no Finished that would pick the edit up)
        if state.error is not None or not self._computing and (live or lone):
            self.request_now()  # nothing to wait for
        elif live:
            self._live_pending = True  # shown when the running computation finishes
        else:
            self._debounce.start()  # restarts: while a slow stack's control is dragged only the last value computes

    def set_options(self, options: DisplayOptions) -> None:
        """New colours: re-render what is on screen, never recompute the network."""
        if options == self.options:
            return
        self.options = options
        self.request_now()

    def set_display_side(self, side: int) -> None:
        """The largest side, in device pixels, that a mosaic is shown with: images are rendered no larger."""
        self.display_side = int(min(2048, max(384, side)))

    def set_selected_layer(self, index: int | None) -> None:
        self.selected = index
        self._show_kernels()

    @Slot()
    def request_now(self) -> None:
        """Snapshot the current state into a request (skipping the debounce)."""
        self._debounce.stop()
        self._live_pending = False
        state = self.doc.state
        if state.error is not None:
            self._show_invalid(error_text(state.error, state.layers))
            self.failed.emit(state.error)
            return
        self._submit(state)

    def _show_invalid(self, reason: str) -> None:
        """Keep the last valid views, dimmed, under a banner saying that they are not the builder's stack."""
        self._invalid = True
        self.views.stages.set_banner(tr("Showing the last valid stack, not the one in the builder. {reason}")
                                     .format(reason=reason[:1].upper() + reason[1:]))
        self.views.stages.set_pending(0)
        self.views.kernel_view.set_stale(True)

    def _reusable(self, state: StackState) -> tuple[tuple, tuple]:
        """Outputs (and images) of the leading layers that this state shares with the last finished one."""
        old = self._finished_state
        if old is None or old.input is not state.input or not self.last_stages:
            return (), ()
        old_net, net = old.network, state.network
        k = 0
        for a, b in zip(old.layers, state.layers, strict=False):
            if a is not b or not _same_weights(old_net.weights.get(a.uid), net.weights.get(b.uid)):
                break
            k += 1
        k = min(k, len(self.last_stages))
        same_look = self._rendered_options == self.options and self.options.scope != "stack"
        rendered: list[object] = []
        while same_look and len(rendered) < k and len(rendered) in self._rendered:
            rendered.append(self._rendered[len(rendered)])
        return self.last_stages[:k], tuple(rendered)

    def _submit(self, state: StackState) -> None:
        net = state.network
        assert net is not None
        known, known_rendered = self._reusable(state)
        self.generation += 1
        if len(known) < len(state.layers):
            self.computations += 1
        self._submitted_state = state
        self._computing = True
        self._pending_rendered = {}
        self._kernels = {}
        self.views.stages.set_structure([(i, stage_kind(s), layer_label(s)) for i, s in enumerate(net.layers)])
        self.views.kernel_view.setVisible(any(isinstance(s, Conv2D) for s in net.layers))
        self._busy_timer.start()  # quick results just replace the views; slow ones dim them first
        max_side = self._submitted_side = self.display_side
        input_rendered = None
        cached_input, cached_side, cached_image = self._input_cache
        if cached_input is state.input and cached_side == max_side:
            input_rendered = cached_image
        kernels_rendered = {}
        for i, spec in enumerate(net.layers):
            cached = self._kernel_cache.get(spec.uid)
            if isinstance(spec, Conv2D) and cached is not None and cached[0] is net.weights[spec.uid].weight \
                    and cached[1] == self.options:
                kernels_rendered[i] = cached[2]
        self.scheduler.submit(Request(self.generation, net, state.input, self.options, known, known_rendered,
                                      max_side=max_side, input_rendered=input_rendered,
                                      kernels_rendered=kernels_rendered))

    def request_stage_resolution(self, index: int, side: int) -> None:
        """A zoomed-in stage view: render its maps again, finer, on the worker (same scale and colours)."""
        shown = self._pending_rendered.get(index)
        if shown is None or self._invalid:
            return  # not delivered yet, or about to be replaced
        generation, options = self.generation, self.options

        def job():
            return StageReady(generation, index, shown.raw, rerender(shown, options, side))

        self.scheduler.submit_extra(job)

    def request_input_resolution(self, side: int) -> None:
        shown = self._shown_input
        if shown is None:
            return
        generation, options = self.generation, self.options
        self.scheduler.submit_extra(lambda: InputReady(generation, rerender(shown, options, side)))

    def measure_invariance(self, shift_max: int, axis: str) -> bool:
        """Measure how every stage of the stack on screen changes under input shifts 0…``shift_max`` along
        ``axis``, on the worker; ``invariance_ready`` delivers it. False when nothing is on screen yet."""
        state, stages = self._finished_state, self.last_stages
        if state is None or len(stages) != len(state.layers) or not stages:
            return False
        generation, net, inp, scheduler = self._finished_generation, state.network, state.input, self.scheduler

        def stale() -> bool:  # asked between shifts: a newer stack makes the rest worthless
            return scheduler.latest_generation != generation

        def job():
            if stale():
                return None
            results = invariance(net, inp, shift_max, axis, stages=stages, cancel=stale)
            return None if stale() else InvarianceReady(generation, shift_max, axis, tuple(net.layers), results)

        self.scheduler.submit_extra(job)
        return True

    def _on_busy(self) -> None:
        # dim only the stages this computation has not delivered yet
        self.views.stages.set_pending(len(self._pending_rendered))
        self.busy_changed.emit(True)

    # --- events from the worker (GUI thread) --------------------------------------------------------------

    @Slot(object)
    def _on_event(self, event: Event) -> None:
        if isinstance(event, InputMade):  # numbered by the input lane's own ticket
            if event.generation == self.scheduler.input_ticket:
                self.input_made.emit(event)
            return
        if isinstance(event, JobFailed):
            self.job_failed.emit(event.message)
            return
        if event.generation != self.generation:
            self.dropped += 1  # stale: a newer edit is already on its way
            self.scheduler.release(event)  # its arrays are freed on the worker
            return
        state = self._submitted_state
        if isinstance(event, InputReady):
            self._input_cache = (state.input, self._submitted_side, event.rendered)
            self._shown_input = event.rendered
            self.views.input_view.set_rendered(event.rendered, tr("input · {shape}").format(
                shape=format_shape(state.input_shape)))
        elif isinstance(event, KernelsReady):
            self._kernels[event.index] = event.rendered
            spec = state.layers[event.index]
            self._kernel_cache[spec.uid] = (state.network.weights[spec.uid].weight, self.options, event.rendered)
            if event.index == self.kernel_layer():
                self._show_kernels()
        elif isinstance(event, StageReady):
            self._pending_rendered[event.index] = event.rendered
            self.views.stages.set_stage(event.index, event.rendered, stage_title(event.output.shape))
        elif isinstance(event, UnitReady):
            self.inspection.on_event(event)
        elif isinstance(event, InvarianceReady):
            if event.generation == self._finished_generation:
                self.invariance_ready.emit(event)
        elif isinstance(event, Finished):
            self._computing = False
            self._busy_timer.stop()
            self.busy_changed.emit(False)
            # the previous result's arrays (hundreds of MB for a large input) are freed on the worker
            self.scheduler.release(self.last_stages, self._rendered)
            self.last_stages = event.stages
            self.last_seconds = event.seconds
            self._finished_state = state
            self._finished_generation = event.generation
            self._rendered = self._pending_rendered
            self._rendered_options = self.options
            if self._invalid and self.doc.state.error is None:
                self._invalid = False
                self._shown_kernels = None  # shown dimmed: show again
                self.views.stages.set_banner(None)
            self._show_kernels()
            if self.doc.state.error is None:
                self.failed.emit(None)
            self.finished.emit(event.generation)
            self.inspection.follow()  # the inspector and the animation follow the stack on screen
            if self._live_pending:
                self.request_now()
        elif isinstance(event, Failed):
            self._busy_timer.stop()
            self.busy_changed.emit(False)
            reason = event.error if event.error is not None else event.message
            self._show_invalid(error_text(reason, state.layers) if isinstance(reason, ConvvizError) else reason)
            self.failed.emit(reason)
            self._computing = False
            if self._live_pending:
                self.request_now()

    @property
    def finished_state(self) -> StackState | None:
        """The state whose computation last finished (what the views show when idle)."""
        return self._finished_state

    @property
    def finished_generation(self) -> int:
        """The generation whose computation is on screen."""
        return self._finished_generation

    @property
    def shown_state(self) -> StackState | None:
        """The state whose results are arriving or on screen."""
        return self._submitted_state

    def kernel_layer(self) -> int | None:
        """The conv layer whose kernels are shown: the selected one, else the nearest conv above it, else the
        first conv of the stack (the lecture starts there)."""
        state = self._submitted_state
        if state is None:
            return None
        layers = state.layers
        if self.selected is not None and self.selected < len(layers):
            for i in range(self.selected, -1, -1):
                if isinstance(layers[i], Conv2D):
                    return i
        return next((i for i, spec in enumerate(layers) if isinstance(spec, Conv2D)), None)

    def _show_kernels(self) -> None:
        idx = self.kernel_layer()
        view = self.views.kernel_view
        if idx is None:
            self._shown_kernels = None
            view.clear(tr("no convolution layer"))
            view.set_title(tr("kernels"))
            return
        rendered = self._kernels.get(idx)
        if rendered is None:
            return  # not delivered yet
        if self._shown_kernels is not None and self._shown_kernels[1] is rendered:
            return
        self._shown_kernels = (idx, rendered)
        spec = self._submitted_state.layers[idx]
        f, kh, kw, cin = self._submitted_state.network.weights[spec.uid].weight.shape
        view.set_rendered(rendered, tr("{label} · kernels {f} × {kh}×{kw} × {cin}  (F_OUT × H_K × W_K × F_IN)")
                          .format(label=lecture_name(self._submitted_state.layers, idx), f=f, kh=kh, kw=kw, cin=cin))

    def is_idle(self) -> bool:
        return not self._debounce.isActive() and not self._live_pending and self.scheduler.idle() and (
            self._finished_state is self.doc.state or self.doc.state.error is not None)

    def shutdown(self) -> None:
        self._debounce.stop()
        self._busy_timer.stop()
        with contextlib.suppress(RuntimeError, TypeError):
            self.doc.changed.disconnect(self._on_doc_changed)
        self.scheduler.shutdown(timeout=1.0)
