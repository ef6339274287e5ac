"""The scheduler: one worker thread, a generation counter, the last request always wins.

Qt-free. A request is an immutable snapshot (network, input, display options) tagged with a generation number.
:class:`Scheduler` keeps at most one pending request — a newer one replaces it — and runs requests on a single
worker thread; a running job checks between layers whether it has gone stale and stops early. Events go to a
callback (the window turns it into a queued Qt signal); receivers drop any event whose generation is not the
newest. ``Scheduler(sync=True)`` runs jobs in the caller's thread for deterministic tests, and
:class:`ManualScheduler` lets a test decide exactly when each job runs.

Beside requests, the same worker runs two smaller kinds of job: making a new input (decoding an image, drawing a
large sample) on the input lane, where the newest job wins by its own ticket (:class:`InputMade`), and small
extra jobs such as a finer re-render. A job that raises is reported (:class:`JobFailed`), never dropped silently.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from .blocks import channel_names, input_channel_names, scale_groups, stage_kind
from .core.buffers import BufferPool
from .core.errors import ConvvizError
from .core.layers import Activation, Conv2D, Pool2D
from .core.network import Network, run_layer
from .core.ops import Cancelled
from .levels import channel_range, shared_levels
from .mosaic import fit_columns
from .render import (
    DisplayOptions,
    RenderedTensor,
    render_input,
    render_kernels,
    render_tensor,
)


@dataclass(frozen=True, eq=False)
class Request:
    generation: int
    network: Network
    input: np.ndarray
    options: DisplayOptions = field(default_factory=DisplayOptions)
    #: outputs of the first layers, already computed for this same input and unchanged leading layers (all
    #: of them for a colour change): they are reused, never recomputed
    known: tuple[np.ndarray, ...] = ()
    #: display images of those outputs under these same options: reused, not re-rendered
    known_rendered: tuple[object, ...] = ()
    #: largest side, in pixels, that a mosaic needs on screen
    max_side: int = 2048
    #: the input's image when it is already rendered (the input did not change)
    input_rendered: object | None = None
    #: kernel images of conv layers whose weights did not change, by layer index
    kernels_rendered: Mapping[int, object] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Event:
    generation: int


@dataclass(frozen=True, eq=False)
class InputReady(Event):
    rendered: object


@dataclass(frozen=True, eq=False)
class KernelsReady(Event):
    index: int
    rendered: object


@dataclass(frozen=True, eq=False)
class StageReady(Event):
    index: int
    output: np.ndarray
    rendered: object


@dataclass(frozen=True, eq=False)
class InvarianceReady(Event):
    """Translation invariance measured per stage (``convviz.instruments.invariance``), computed on the worker."""

    shift_max: int
    axis: str
    layers: tuple  # the layer specs the results are about
    results: tuple  # one ShiftResult per shift d = 0 … shift_max


@dataclass(frozen=True, eq=False)
class Finished(Event):
    stages: tuple[np.ndarray, ...]
    seconds: float
    #: how many layers were actually computed (0 for a colour change)
    computed: int


@dataclass(frozen=True, eq=False)
class Failed(Event):
    error: ConvvizError | None
    message: str


@dataclass(frozen=True, eq=False)
class InputMade(Event):
    """What an input-lane job returned, or the exception it raised. ``generation`` is the lane's ticket (see
    :meth:`Scheduler.submit_input`), not a request's: only the newest ticket is ever emitted."""

    result: object


@dataclass(frozen=True, eq=False)
class JobFailed(Event):
    """An extra job (a finer re-render) raised: the views keep what they show, the window says why."""

    message: str


def failed_event(generation: int, exc: BaseException) -> Failed:
    """Any exception as a :class:`Failed` in words: a user's error as its message, anything else as a bug
    naming its crash log (never an empty message, even for a bare ``MemoryError()``)."""
    from .crash import describe

    return Failed(generation, exc if isinstance(exc, ConvvizError) else None, describe(exc)[0])


def job_outcome(job: Callable[[], object]) -> object:
    """``job()``'s result, or what stopped it in words (a user's error as its message, anything else as its type
    and text): a job handed to :meth:`Scheduler.submit_extra` that reports its own result never raises."""
    try:
        return job()
    except ConvvizError as exc:
        return exc.message
    except Exception as exc:  # never let a job kill the worker: say what went wrong
        return f"{type(exc).__name__}: {exc}"


def is_signed(kind: str) -> bool:
    return kind in ("conv", "tanh", "leaky_relu", "identity")


def run_request(req: Request, is_stale: Callable[[], bool] = lambda: False,
                pool: BufferPool | None = None) -> Iterator[Event]:
    """Compute and render a request layer by layer; stops early once it has gone stale. With a ``pool`` the
    stages are written into its reused buffers (never one that an earlier result still holds).

    Stages that share a colour scale (see :func:`convviz.blocks.scale_groups`: a stage alone, a block, or the
    whole stack) are rendered together as soon as the last of them is computed: with the default block scope
    the first block appears while deeper ones still compute."""
    t0 = time.perf_counter()
    gen, net, opts = req.generation, req.network, req.options
    yield InputReady(gen, req.input_rendered if req.input_rendered is not None
                     else render_input(req.input, max_side=req.max_side))
    names = channel_names(req.input.shape[2], net.layers)
    for i, spec in enumerate(net.layers):
        if isinstance(spec, Conv2D):
            known = req.kernels_rendered.get(i)
            in_names = names[i - 1] if i else input_channel_names(req.input.shape[2])
            yield KernelsReady(gen, i, known if known is not None else
                               render_kernels(net.weights[spec.uid].weight, opts, in_names=in_names))
    stages: list[np.ndarray] = []
    x = req.input
    computed = 0
    for first, last in scale_groups([stage_kind(s) for s in net.layers], opts.scope):
        failure = None
        for i in range(first, last + 1):
            if is_stale():
                return
            if i < len(req.known):
                x = req.known[i]
            else:
                try:
                    out = _output_buffer(pool, net.layers[i], net.infos[i].output_shape)
                    x = run_layer(net.layers[i], net.weights.get(net.layers[i].uid), x, cancel=is_stale, out=out)
                    del out  # a buffer left unused (a refusal) is free again
                except Cancelled:  # a newer request replaced this one mid-layer
                    return
                except BaseException as exc:  # noqa: BLE001 (refused or broken: report, never crash the worker)
                    failure = failed_event(gen, exc)
                    break
                computed += 1
            stages.append(x)
        done = len(stages)
        if done > first:  # what the group computed is shown, on the scale of what it computed
            yield from _render_group(req, range(first, done), stages, names, is_stale)
        if failure is not None:
            yield failure
            return
    if pool is not None:  # keep one more result's worth of free buffers for the next request, no more
        pool.trim(sum(s.nbytes for s in stages))
    yield Finished(gen, tuple(stages), time.perf_counter() - t0, computed)


def _output_buffer(pool: BufferPool | None, spec, shape: tuple[int, ...]) -> np.ndarray | None:
    """A reused buffer of the layer's output ``shape`` (the network's arithmetic knows it), for the layers whose
    ops take ``out=``."""
    if pool is None or not isinstance(spec, (Conv2D, Activation, Pool2D)):
        return None
    return pool.take(shape)


def _render_group(req: Request, indices: range, stages: list[np.ndarray], names: list[tuple[str, ...]],
                  is_stale: Callable[[], bool]) -> Iterator[Event]:
    """StageReady for stages that share one colour scale, reusing a known image whose look is unchanged."""
    gen, opts, layers = req.generation, req.options, req.network.layers
    span = (indices[0], indices[-1])
    known = {i: r for i, r in enumerate(req.known_rendered) if i in indices and isinstance(r, RenderedTensor)}
    if opts.scope in ("map", "stage"):
        (i,) = indices
        r = known.get(i)
        if r is None or not _same_layout(r, stages[i], opts, req.max_side):
            r = render_tensor(stages[i], opts, signed=True if is_signed(layers[i].type) else None,
                              max_side=req.max_side, labels=names[i], span=span)
        yield StageReady(gen, i, stages[i], r)
        return
    ranges = [known[i].ranges if i in known and known[i].ranges is not None else channel_range(stages[i])
              for i in indices]
    signed = any(is_signed(layers[i].type) for i in indices) or None
    levels, signed = shared_levels(ranges, opts.centring, signed)
    for i, rng in zip(indices, ranges, strict=True):
        if is_stale():
            return
        r = known.get(i)
        if (r is None or not _same_layout(r, stages[i], opts, req.max_side) or r.signed != signed
                or not np.array_equal(r.levels, np.broadcast_to(levels, r.levels.shape)) or r.span != span):
            r = render_tensor(stages[i], opts, levels=levels, signed=signed, max_side=req.max_side,
                              labels=names[i], ranges=rng, span=span)
        yield StageReady(gen, i, stages[i], r)


def _same_layout(r: RenderedTensor, raw: np.ndarray, opts: DisplayOptions, max_side: int) -> bool:
    """Whether a known image is tiled as this request would tile it (the view's aspect may have changed)."""
    h, w, c = raw.shape
    return r.columns == fit_columns(c, h, w, opts.aspect, r.gap) and r.scope == opts.scope


class Scheduler:
    """Runs the newest request on one worker thread; ``emit`` receives events from that thread."""

    def __init__(self, emit: Callable[[Event], None], *, sync: bool = False) -> None:
        self._emit = emit
        self._sync = sync
        self._cond = threading.Condition()
        self._pending: Request | None = None
        self._latest = 0
        self._stopped = False
        self._busy = False
        self._extra: list[Callable[[], Event | None]] = []
        self._graveyard: list[tuple] = []  # results the GUI let go of, to be freed on the worker
        self._input_job: Callable[[], object] | None = None
        self._input_ticket = 0
        self._thread: threading.Thread | None = None
        #: the stages' buffers, reused between requests (touched only by the thread that runs requests)
        self.pool = BufferPool()
        if not sync:
            self._thread = threading.Thread(target=self._loop, name="convviz-worker", daemon=True)
            self._thread.start()

    @property
    def latest_generation(self) -> int:
        return self._latest

    @property
    def input_ticket(self) -> int:
        """The newest input-lane ticket: an :class:`InputMade` with another one is stale."""
        return self._input_ticket

    def submit_input(self, job: Callable[[], object]) -> int:
        """Make a new input on the worker, before any pending request; returns the job's ticket. A newer job (or
        :meth:`cancel_input`) replaces one that has not started and makes a running one's result stale."""
        with self._cond:
            if self._stopped:
                return self._input_ticket
            self._input_ticket += 1
            ticket = self._input_ticket
            if not self._sync:
                self._input_job = job
                self._cond.notify()
                return ticket
        self._run_input(ticket, job)
        return ticket

    def cancel_input(self) -> None:
        """Forget the pending or running input job (the input was made some other way meanwhile)."""
        with self._cond:
            self._input_ticket += 1
            self._input_job = None

    def _run_input(self, ticket: int, job: Callable[[], object]) -> None:
        self._emit_if_current(self._input_event(ticket, job))

    def _input_event(self, ticket: int, job: Callable[[], object]) -> InputMade:
        try:
            result = job()
        except BaseException as exc:  # noqa: BLE001 (the receiver says what went wrong; the worker goes on)
            result = exc
        return InputMade(ticket, result)

    def _emit_if_current(self, event: Event | None) -> None:
        if event is None or self._stopped:
            return
        if isinstance(event, InputMade) and event.generation != self._input_ticket:
            return  # a newer input was asked for meanwhile
        self._emit(event)

    def submit(self, req: Request) -> None:
        with self._cond:
            if self._stopped:
                return
            self._latest = req.generation
            if self._sync:
                pending = req
            else:
                self._pending = req  # replaces a request that has not started: it would be stale anyway
                self._cond.notify()
                return
        self._run(pending)

    def release(self, *objects: object) -> None:
        """Let go of these (results that are no longer shown) on the worker: freeing a few hundred MB of arrays
        returns their pages to the system, which takes tens of milliseconds the GUI thread must not spend."""
        if self._sync:
            return  # no worker: they are dropped where the caller drops them
        with self._cond:
            if self._stopped:
                return
            self._graveyard.append(objects)
            self._cond.notify()

    def submit_extra(self, job: Callable[[], Event | None]) -> None:
        """A small job (a re-render) for the worker when no request is pending; its event is emitted."""
        if self._sync:
            self._run_extra(job)
            return
        with self._cond:
            if self._stopped:
                return
            self._extra.append(job)
            self._cond.notify()

    def _run_extra(self, job: Callable[[], Event | None]) -> None:
        self._emit_if_current(self._extra_event(job))

    def _extra_event(self, job: Callable[[], Event | None]) -> Event | None:
        try:
            return job()
        except BaseException as exc:  # noqa: BLE001 (a failed re-render only costs the finer image, but say so)
            return JobFailed(self._latest, failed_event(self._latest, exc).message)

    def idle(self) -> bool:
        with self._cond:
            return self._pending is None and not self._busy and not self._extra and self._input_job is None

    def _is_stale(self, generation: int) -> bool:
        return self._stopped or generation != self._latest

    def _run(self, req: Request) -> None:
        """Run a request; whatever it raises (any BaseException: KeyboardInterrupt, a bare MemoryError) becomes a
        :class:`Failed` event and the worker goes on to the next request."""
        events = run_request(req, lambda: self._is_stale(req.generation), self.pool)
        while True:
            try:
                event = next(events)
            except StopIteration:
                return
            except BaseException as exc:  # noqa: BLE001 (the worker's boundary: computing or rendering failed)
                event = failed_event(req.generation, exc)
                if not self._stopped:
                    self._emit(event)
                return
            if self._stopped:
                return
            self._emit(event)  # a receiver that is gone raises here: the loop stops

    def _loop(self) -> None:
        while True:
            with self._cond:
                while (self._pending is None and not self._extra and self._input_job is None
                       and not self._graveyard and not self._stopped):
                    self._cond.wait()
                if self._stopped:
                    return
                graveyard, self._graveyard = self._graveyard, []
                input_job, ticket, req, job = self._input_job, self._input_ticket, None, None
                idle = input_job is None and self._pending is None and not self._extra
                if idle:  # woken only to free what the GUI let go of
                    pass
                elif input_job is not None:  # a new input first: the pending request is about to be replaced
                    self._input_job = None
                elif self._pending is None:  # only small jobs waiting: run one, then look again
                    job = self._extra.pop(0)
                else:
                    req, self._pending = self._pending, None
                self._busy = not idle
            graveyard.clear()  # what the GUI let go of is freed here, outside the lock
            if idle:
                continue
            if req is None:
                try:
                    event = self._input_event(ticket, input_job) if input_job is not None else self._extra_event(job)
                finally:
                    with self._cond:
                        self._busy = False  # before its result arrives: a receiver may then find the worker idle
                try:
                    self._emit_if_current(event)
                except RuntimeError:  # the receiver is gone (its window was destroyed): nothing left to do
                    self._stopped = True
                continue
            try:
                self._run(req)
            except BaseException:  # noqa: BLE001 (emitting the failure failed: the receiver is gone)
                self._stopped = True
            finally:
                with self._cond:
                    self._busy = False

    def shutdown(self, timeout: float = 1.0) -> bool:
        """Stop taking work, drop what is pending, and wait up to ``timeout`` for the running job."""
        with self._cond:
            self._stopped = True
            self._pending = None
            self._extra.clear()
            self._input_job = None
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True


class ManualScheduler(Scheduler):
    """For tests: queued requests run only when the test calls :meth:`run_next` (in the test's thread)."""

    def __init__(self, emit: Callable[[Event], None]) -> None:
        super().__init__(emit, sync=True)
        self.queue: list[Request] = []

    def submit(self, req: Request) -> None:
        self._latest = req.generation
        self.queue.append(req)

    def idle(self) -> bool:
        return not self.queue

    def submit_extra(self, job: Callable[[], Event | None]) -> None:
        self._run_extra(job)

    def run_next(self, *, ignore_staleness: bool = True) -> None:
        """Run the oldest queued request to the end, as a slow worker would deliver it even if stale."""
        req = self.queue.pop(0)
        for event in run_request(req, (lambda: False) if ignore_staleness else
                                 (lambda: self._is_stale(req.generation))):
            self._emit(event)
