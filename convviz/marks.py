"""What the views draw over their maps for the instruments: a unit, the window it reads, its receptive field,
a filter's kernels, the cells a sliding-window animation has not computed yet. Qt-free: the controller builds
these from the instruments' results and the views only draw them.

Coordinates are the raw pixels of one map (rows, columns), so a window reaching into the padding has rows below
0 or past the map's height; the view draws those cells as padding, outside the map.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .instruments import ConvUnit, PoolUnit, ReceptiveField, Unit
from .instruments.sliding import AnimationState

#: the styles a view knows how to draw
UNIT, WINDOW, FIELD, FILTER, PENDING = "unit", "window", "field", "filter", "pending"


@dataclass(frozen=True, eq=False)
class Mark:
    """Drawn on the tiles whose channel is in ``channels`` (all tiles when None; the input's composite is −1;
    in the kernel view the channel is the filter)."""

    style: str
    channels: frozenset[int] | None
    #: inclusive (first, last) raw rows and columns; may lie outside the map (padding)
    rows: tuple[int, int] = (0, 0)
    cols: tuple[int, int] = (0, 0)
    #: the window's taps as (K_h,) rows and (K_w,) columns, each tap a cell (dilation leaves gaps between them)
    tap_rows: np.ndarray | None = None
    tap_cols: np.ndarray | None = None
    #: PENDING: (H, W) bool, the cells still to compute (drawn veiled)
    mask: np.ndarray | None = None
    #: a short text drawn beside the mark ("receptive field 8×8")
    text: str = ""


@dataclass(frozen=True, eq=False)
class ViewMarks:
    """Marks for every view: ``stages[i]`` for layer ``i``'s output view."""

    input: tuple[Mark, ...] = ()
    kernels: tuple[Mark, ...] = ()
    stages: dict[int, tuple[Mark, ...]] | None = None


def _window_mark(rows: np.ndarray, cols: np.ndarray, channels) -> Mark:
    return Mark(WINDOW, frozenset(int(c) for c in channels), (int(rows[0]), int(rows[-1])),
                (int(cols[0]), int(cols[-1])), tap_rows=np.asarray(rows), tap_cols=np.asarray(cols))


def unit_marks(unit: Unit, field: ReceptiveField | None, kernel_layer: int | None,
               field_text: str = "") -> ViewMarks:
    """The unit on its map, the window it reads on the map before, the filter in the kernel view (when the
    kernel view shows this layer) and the receptive field on the input and every map in between."""
    layer, channel = unit.layer, unit.channel
    y, x = unit.at
    stages: dict[int, list[Mark]] = {layer: [Mark(UNIT, frozenset({channel}), (y, y), (x, x))]}
    composite = (-1,) if layer == 0 else ()  # the input's RGB tile shows every channel
    if isinstance(unit, ConvUnit):
        window = _window_mark(unit.rows, unit.cols, (*unit.input_channels, *composite))
    elif isinstance(unit, PoolUnit):
        window = _window_mark(unit.rows, unit.cols, (channel, *composite))
    else:  # an element-wise activation reads the same unit
        window = Mark(WINDOW, frozenset({channel, *composite}), (y, y), (x, x))
    inputs: list[Mark] = [window] if layer == 0 else []
    if layer > 0:
        stages.setdefault(layer - 1, []).append(window)
    if field is not None and layer > 0:  # the receptive field on the input and on every map before the layer's input
        inputs.append(Mark(FIELD, None, field.input.rows, field.input.cols, text=field_text))
        for m in range(0, layer - 1):
            box = field.box(m)
            stages.setdefault(m, []).append(Mark(FIELD, None, box.rows, box.cols))
    kernels = (Mark(FILTER, frozenset({channel})),) if isinstance(unit, ConvUnit) and kernel_layer == layer else ()
    return ViewMarks(tuple(inputs), kernels, {k: tuple(v) for k, v in stages.items()})


def pending_mark(state: AnimationState, channel: int) -> Mark:
    """The cells of an animated map that the sliding window has not reached yet."""
    return Mark(PENDING, frozenset({channel}), mask=~state.filled)
