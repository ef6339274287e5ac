"""The sliding window as an animation: the output positions of one conv filter or pool channel in raster order,
each with the window it reads. Step n of a pass is the state after n output values have been computed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from ..core.layers import Conv2D, Pool2D, where
from ..core.network import Network
from ._common import InstrumentError, check_unit
from .geometry import WindowGeometry, window_geometry


@dataclass(frozen=True, eq=False)
class WindowStep:
    """Output position number ``index`` (raster order) and the window it reads on the layer's input."""

    index: int
    at: tuple[int, int]  # (y, x) in the output map
    rows: np.ndarray  # (K_h,) input rows (outside 0…H−1: padding)
    cols: np.ndarray  # (K_w,) input columns
    padding: np.ndarray  # (K_h, K_w) bool: True where the tap is in the padding


@dataclass(frozen=True, eq=False)
class AnimationState:
    """The animation after ``step`` steps: which outputs are filled and the window of the last one computed."""

    step: int
    #: (H_out, W_out) bool: the output values computed so far
    filled: np.ndarray
    #: the window of the output computed at this step; None before the first step
    current: WindowStep | None


@dataclass(frozen=True, eq=False)
class SlidingWindow:
    """The pass of one filter (conv) or channel (pool) over its input; ``len()`` output positions."""

    layer: int
    channel: int
    #: the input channels the window reads: C_in/groups of them for a conv filter, the channel itself for a pool
    input_channels: np.ndarray
    geometry: WindowGeometry

    def __len__(self) -> int:
        ho, wo = self.geometry.output_size
        return ho * wo

    def position(self, index: int) -> WindowStep:
        """Output position ``index`` (0 ≤ index < len) in raster order: row by row, left to right."""
        if not 0 <= index < len(self):
            raise IndexError(f"step {index} is outside 0…{len(self) - 1}")
        y, x = divmod(index, self.geometry.output_size[1])
        g = self.geometry
        return WindowStep(index, (y, x), g.rows(y), g.cols(x), g.padding_mask(y, x))

    def __iter__(self) -> Iterator[WindowStep]:
        return (self.position(i) for i in range(len(self)))

    def state(self, step: int) -> AnimationState:
        """The state after ``step`` steps of a pass (0 … len); a step beyond the end wraps into the next pass."""
        n = len(self)
        step = int(step)
        if step < 0:
            raise IndexError(f"step must be ≥ 0 (got {step})")
        if step > n:
            step = (step - 1) % n + 1
        filled = np.zeros(n, dtype=bool)
        filled[:step] = True
        current = self.position(step - 1) if step else None
        return AnimationState(step, filled.reshape(self.geometry.output_size), current)


def sliding_window(net: Network, layer: int, channel: int) -> SlidingWindow:
    """The pass of filter/channel ``channel`` of conv or pool layer ``layer`` (raises :class:`InstrumentError`)."""
    check_unit(net, layer, channel)
    spec = net.layers[layer]
    if isinstance(spec, Conv2D):
        n = net.infos[layer].input_shape[2] // spec.groups
        group = channel // (spec.filters // spec.groups)
        channels = np.arange(group * n, (group + 1) * n)
    elif isinstance(spec, Pool2D):
        channels = np.array([channel])
    else:
        raise InstrumentError("not_sliding", layer, where=where(layer, spec))
    return SlidingWindow(layer, channel, channels, window_geometry(net, layer))
