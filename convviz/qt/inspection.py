"""The inspected unit and the sliding-window animation, kept in step with the stack on screen.

A unit (layer, channel, y, x) is broken down on the worker (:func:`convviz.instruments.explain` and its
receptive field, from the engine's own stages) and re-inspected after every new result, so the inspector and
the marks on the views always speak of the stack on screen. The animation walks one conv filter's or pool
channel's output positions in raster order (:func:`convviz.instruments.sliding_window`): step n inspects the
n-th output and veils the outputs not computed yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from ..compute import Event
from ..core.errors import ConvvizError
from ..instruments import ReceptiveField, Unit, explain, receptive_field
from ..instruments.sliding import SlidingWindow, sliding_window
from ..marks import ViewMarks, pending_mark, unit_marks
from .text import tr


@dataclass(frozen=True, eq=False)
class UnitReady(Event):
    """One unit's breakdown and receptive field, computed on the worker."""

    unit: Unit
    field: ReceptiveField


class Inspection(QObject):
    """Owned by the controller, which routes this module's events here and calls :meth:`follow` after every
    finished result. Writes the marks to the controller's views."""

    #: (unit, receptive field) of the inspected unit, for the stack on screen
    unit_ready = Signal(object, object)
    #: the animation's step changed: (step, number of steps)
    animation_changed = Signal(int, int)

    def __init__(self, controller) -> None:
        super().__init__(controller)
        self._ctl = controller
        #: (layer, channel, y, x) of the inspected unit, or None
        self.unit_address: tuple[int, int, int, int] | None = None
        self.unit: Unit | None = None
        self.animation: SlidingWindow | None = None
        self.step = 0
        self._marks = ViewMarks()

    # --- the inspected unit --------------------------------------------------------------------------------

    def inspect(self, layer: int, channel: int, y: int, x: int) -> None:
        """Inspect unit (``channel``, ``y``, ``x``) of stage ``layer``, clamped to the stage's shape."""
        ctl = self._ctl
        state, stages = ctl.finished_state, ctl.last_stages
        if state is None:
            self.unit_address = (layer, channel, y, x)  # once the first result is in
            return
        if not 0 <= layer < len(stages):
            return
        h, w, c = stages[layer].shape
        self.unit_address = (layer, min(max(channel, 0), c - 1), min(max(y, 0), h - 1), min(max(x, 0), w - 1))
        layer, channel, y, x = self.unit_address
        generation, net, inp = ctl.finished_generation, state.network, state.input

        def job():
            return UnitReady(generation, explain(net, inp, layer, channel, (y, x), stages),
                             receptive_field(net, layer, (y, x)))

        ctl.scheduler.submit_extra(job)

    def move(self, dy: int, dx: int) -> None:
        if self.unit_address is not None:
            layer, channel, y, x = self.unit_address
            self.stop_animation()
            self.inspect(layer, channel, y + dy, x + dx)

    def stop(self) -> None:
        """No unit inspected, no animation: every mark goes."""
        self.unit_address = self.unit = None
        self.animation = None
        self._marks = ViewMarks()
        self._write_marks()

    def on_event(self, event: UnitReady) -> None:
        ctl = self._ctl
        if self.unit_address is None or event.generation != ctl.finished_generation:
            return  # a newer stack is on screen: follow() asks again
        self.unit = event.unit
        h, w = event.field.size
        self._marks = unit_marks(event.unit, event.field, ctl.kernel_layer(),
                                 tr("receptive field {h}×{w}").format(h=h, w=w))
        self._write_marks()
        self.unit_ready.emit(event.unit, event.field)

    def follow(self) -> None:
        """A new result is on screen: rebuild the animation for it and inspect the same unit again."""
        if self.animation is not None:
            try:
                self.animation = sliding_window(self._ctl.finished_state.network, self.animation.layer,
                                                self.animation.channel)
            except ConvvizError:  # the layer is gone or no longer slides
                self.animation = None
            else:
                self.set_step(min(self.step, len(self.animation)))
                return
        if self.unit_address is not None:
            self.inspect(*self.unit_address)

    # --- the sliding window --------------------------------------------------------------------------------

    def animate(self, layer: int, channel: int) -> int:
        """Start the sliding window of conv filter / pool channel ``channel`` of ``layer`` at step 0; returns
        the number of steps (output positions), 0 before the first result. Raises :class:`ConvvizError` (an
        :class:`~convviz.instruments.InstrumentError`) for a layer that does not slide."""
        state = self._ctl.finished_state
        if state is None:
            return 0
        self.animation = sliding_window(state.network, layer, channel)
        self.set_step(0)
        return len(self.animation)

    def stop_animation(self) -> None:
        if self.animation is not None:
            self.animation = None
            self._write_marks()

    def set_step(self, step: int) -> None:
        """The state after ``step`` output values: the window on the n-th one, the rest veiled."""
        anim = self.animation
        if anim is None:
            return
        self.step = max(0, min(int(step), len(anim)))
        current = anim.state(self.step).current
        self.animation_changed.emit(self.step, len(anim))
        if current is not None:
            self.inspect(anim.layer, anim.channel, *current.at)
        else:
            self._write_marks()

    # --- marks -----------------------------------------------------------------------------------------------

    def _write_marks(self) -> None:
        views = self._ctl.views
        marks = self._marks if self.unit_address is not None else ViewMarks()
        stages = dict(marks.stages or {})
        anim = self.animation
        if anim is not None:
            veil = pending_mark(anim.state(self.step), anim.channel)
            stages[anim.layer] = (*stages.get(anim.layer, ()), veil)
        views.input_view.set_marks(marks.input)
        views.kernel_view.set_marks(marks.kernels)
        views.stages.set_marks(stages)
