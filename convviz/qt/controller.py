"""Glue between the document, the worker and the views: edit → model → request → worker → views.

The GUI thread never computes: a change of the document restarts a short debounce timer; when it fires, the
controller snapshots the state into an immutable request with a new generation number and hands it to the
scheduler. Events come back through a queued signal; any event whose generation is not the newest is dropped.
Colour changes re-render the last computed stages without recomputing the network.
"""

from __future__ import annotations

import contextlib
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from ..compute import (
    Event,
    Failed,
    Finished,
    InputReady,
    KernelsReady,
    ManualScheduler,
    Request,
    Scheduler,
    StageReady,
)
from ..core.layers import Conv2D
from ..model import StackState
from ..render import DisplayOptions, rerender
from .document import Document
from .text import format_shape, layer_label, stage_kind, tr

BUSY_AFTER_MS = 200


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
    #: the worker refused a request (message), or None when a later one succeeded
    failed = Signal(object)
    #: stage outputs of the finished generation, raw (index → array), for export
    _event = Signal(object)

    def __init__(self, doc: Document, views, *, mode: str = "thread", debounce_ms: int = 30,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.views = views  # an object with .input_view, .kernel_view, .stages
        self.options = DisplayOptions()
        self.generation = 0
        self.dropped = 0
        self.computations = 0
        self.selected: int | None = None
        self.last_stages: tuple = ()
        self.last_seconds = 0.0
        self._finished_state: StackState | None = None
        self._submitted_state: StackState | None = None
        self._kernels: dict[int, object] = {}
        self._rendered: dict[int, object] = {}
        self._pending_rendered: dict[int, object] = {}
        self._rendered_options: DisplayOptions | None = None
        # images that stay valid while what they show is unchanged (the very same arrays)
        self._input_cache: tuple = (None, 0, None)  # (input array, max side, rendered)
        self._kernel_cache: dict[str, tuple] = {}  # uid → (weight array, options, rendered)
        self._kernel_generation = -1

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
        views.stages.resolution_wanted.connect(self._on_stage_resolution_wanted)
        views.input_view.resolution_wanted.connect(self._on_input_resolution_wanted)

    # --- inputs to the controller ----------------------------------------------------------------------

    @Slot(object)
    def _on_doc_changed(self, _state: StackState) -> None:
        now = time.monotonic()
        lone = now - self._last_edit > self._debounce.interval() / 1000 and not self._debounce.isActive()
        self._last_edit = now
        if lone and self.scheduler.idle():
            self.request_now()  # a single edit after a pause: nothing to wait for
        else:
            self._debounce.start()  # restarts: while a control is dragged only the last value computes

    def set_options(self, options: DisplayOptions) -> None:
        """New colours: re-render what is on screen, never recompute the network."""
        if options == self.options:
            return
        self.options = options
        self.request_now()

    def set_selected_layer(self, index: int | None) -> None:
        self.selected = index
        self._show_kernels()

    @Slot()
    def request_now(self) -> None:
        """Snapshot the current state into a request (skipping the debounce)."""
        self._debounce.stop()
        state = self.doc.state
        if state.error is not None:
            # impossible stack: the builder shows the message; the last valid views stay on screen
            self.failed.emit(state.error)
            return
        self._submit(state)

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
        self._pending_rendered: dict[int, object] = {}
        stages_view = self.views.stages
        stages_view.set_structure([(i, stage_kind(s), layer_label(s)) for i, s in enumerate(net.layers)])
        self._busy_timer.start()  # quick results just replace the views; slow ones dim them first
        max_side = self._submitted_side = self._screen_side()
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

    def _screen_side(self) -> int:
        """The most pixels any view shows a mosaic with: images are rendered no larger than that."""
        views = [self.views.input_view, self.views.kernel_view, *self.views.stages.views().values()]
        side = max(max(v.width(), v.height()) for v in views)
        ratio = max(v.devicePixelRatioF() for v in views)
        return int(min(2048, max(384, side) * ratio))

    def _on_stage_resolution_wanted(self, index: int, side: int) -> None:
        """A zoomed-in stage view: render its maps again, finer, on the worker (same scale and colours)."""
        view = self.views.stages.view(index)
        shown = view.rendered if view is not None else None
        if shown is None or view.is_stale or self._pending_rendered.get(index) is not shown:
            return  # a newer computation will replace it anyway
        generation, options = self.generation, self.options

        def job():
            return StageReady(generation, index, shown.raw, rerender(shown, options, side))

        self.scheduler.submit_extra(job)

    def _on_input_resolution_wanted(self, side: int) -> None:
        shown = self.views.input_view.rendered
        if shown is None:
            return
        generation, options = self.generation, self.options
        self.scheduler.submit_extra(lambda: InputReady(generation, rerender(shown, options, side)))

    def _on_busy(self) -> None:
        # dim only the stages this computation has not delivered yet
        self.views.stages.set_pending(len(self._pending_rendered))
        self.busy_changed.emit(True)

    # --- events from the worker (GUI thread) --------------------------------------------------------------

    @Slot(object)
    def _on_event(self, event: Event) -> None:
        if event.generation != self.generation:
            self.dropped += 1  # stale: a newer edit is already on its way
            return
        state = self._submitted_state
        if isinstance(event, InputReady):
            self._input_cache = (state.input, self._submitted_side, event.rendered)
            h, w, c = state.input_shape
            self.views.input_view.set_rendered(event.rendered, tr("input · {shape}").format(
                shape=f"{h} × {w} × {c}"))
        elif isinstance(event, KernelsReady):
            if self._kernel_generation != event.generation:
                self._kernels = {}
                self._kernel_generation = event.generation
            self._kernels[event.index] = event.rendered
            spec = state.layers[event.index]
            self._kernel_cache[spec.uid] = (state.network.weights[spec.uid].weight, self.options, event.rendered)
            if event.index == self.kernel_layer():
                self._show_kernels()
        elif isinstance(event, StageReady):
            self._pending_rendered[event.index] = event.rendered
            view = self.views.stages.view(event.index)
            if view is None or view.rendered is not event.rendered or view.is_stale:
                self.views.stages.set_stage(event.index, event.rendered, stage_title(event.output.shape))
        elif isinstance(event, Finished):
            self._busy_timer.stop()
            self.busy_changed.emit(False)
            self.last_stages = event.stages
            self.last_seconds = event.seconds
            self._finished_state = state
            self._rendered = self._pending_rendered
            self._rendered_options = self.options
            self._show_kernels()
            self.failed.emit(None)
            self.finished.emit(event.generation)
        elif isinstance(event, Failed):
            self._busy_timer.stop()
            self.busy_changed.emit(False)
            self.failed.emit(event.error if event.error is not None else event.message)

    @property
    def finished_state(self) -> StackState | None:
        """The state whose computation last finished (what the views show when idle)."""
        return self._finished_state

    @property
    def shown_state(self) -> StackState | None:
        """The state whose results are arriving or on screen."""
        return self._submitted_state

    def kernel_layer(self) -> int | None:
        """The conv layer whose kernels are shown: the selected one, else the nearest conv above it."""
        state = self._submitted_state
        if state is None:
            return None
        layers = state.layers
        start = self.selected if self.selected is not None and self.selected < len(layers) else len(layers) - 1
        for i in range(start, -1, -1):
            if isinstance(layers[i], Conv2D):
                return i
        for i, spec in enumerate(layers):
            if isinstance(spec, Conv2D):
                return i
        return None

    def _show_kernels(self) -> None:
        idx = self.kernel_layer()
        view = self.views.kernel_view
        if idx is None or idx not in self._kernels:
            if idx is None:
                view.clear(tr("no convolution layer"))
                view.set_title(tr("kernels"))
            return
        spec = self._submitted_state.layers[idx]
        lw = self._submitted_state.network.weights[spec.uid]
        f, kh, kw, cin = lw.weight.shape
        view.set_rendered(self._kernels[idx], tr("layer {index} · kernels {f} × {kh}×{kw} × {cin}"
                                                 "  (F_OUT × H_K × W_K × F_IN)").format(
            index=idx, f=f, kh=kh, kw=kw, cin=cin))

    def is_idle(self) -> bool:
        return not self._debounce.isActive() and self.scheduler.idle() and (
            self._finished_state is self.doc.state or self.doc.state.error is not None)

    def shutdown(self) -> None:
        self._debounce.stop()
        self._busy_timer.stop()
        with contextlib.suppress(RuntimeError, TypeError):
            self.doc.changed.disconnect(self._on_doc_changed)
        self.scheduler.shutdown(timeout=1.0)
