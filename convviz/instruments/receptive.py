"""Receptive fields: the region of the input and of every intermediate map that one unit depends on.

Two answers per map. The *arithmetic* box (unclipped) is what ``core.layers`` counts — its size in the input is
``LayerInfo.receptive_field`` — and may reach into the padding. The *support* is the exact set of rows and columns
that can change the unit (a unit depends on a product of row and column sets): dilation leaves gaps in it and the
map's edges and unused last rows (floor in the output size) cut it. The support is exact for generic weights; a
zero weight, a ReLU at 0 or a max that does not move can make one input ignore a pixel of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.network import Network
from ._common import check_unit
from .geometry import WindowGeometry, window_geometry


@dataclass(frozen=True, eq=False)
class MapBox:
    """The receptive field of one unit in one map."""

    #: −1 for the network's input, else the index of the layer whose output this map is
    map: int
    #: the map's H, W
    shape: tuple[int, int]
    #: the arithmetic box, inclusive (start, stop) rows and columns; may reach outside 0…H−1 (padding)
    rows: tuple[int, int]
    cols: tuple[int, int]
    #: (H,) and (W,) bool: the rows and columns of the map that can change the unit (gaps where dilation skips)
    row_mask: np.ndarray
    col_mask: np.ndarray

    @property
    def size(self) -> tuple[int, int]:
        """The arithmetic size (height, width): in the input, ``LayerInfo.receptive_field``."""
        return (self.rows[1] - self.rows[0] + 1, self.cols[1] - self.cols[0] + 1)

    @property
    def clipped_rows(self) -> tuple[int, int] | None:
        """The inclusive (first, last) row of the support: the arithmetic box cut to what the unit really reads.
        None when the unit reads only padding (a 1×1 kernel on a padding row, say)."""
        return _first_last(self.row_mask)

    @property
    def clipped_cols(self) -> tuple[int, int] | None:
        return _first_last(self.col_mask)

    @property
    def clipped_size(self) -> tuple[int, int]:
        """(height, width) of the support's bounding box; 0 where the unit reads only padding."""
        r, c = self.clipped_rows, self.clipped_cols
        return (0 if r is None else r[1] - r[0] + 1, 0 if c is None else c[1] - c[0] + 1)

    @property
    def mask(self) -> np.ndarray:
        """(H, W) bool: the support as a map (the pixels the unit can depend on)."""
        return self.row_mask[:, None] & self.col_mask[None, :]


def _first_last(mask: np.ndarray) -> tuple[int, int] | None:
    idx = np.flatnonzero(mask)
    return (int(idx[0]), int(idx[-1])) if idx.size else None


@dataclass(frozen=True, eq=False)
class ReceptiveField:
    """The receptive field of unit ``at`` of layer ``layer`` in the input and in every map up to its own."""

    layer: int
    at: tuple[int, int]
    #: ``maps[0]`` is the input, ``maps[k]`` the output of layer k − 1; the last is the unit itself (1×1)
    maps: tuple[MapBox, ...]
    #: the jump in the input between neighbouring units of this layer (``LayerInfo.receptive_field_jump``)
    jump: tuple[int, int]

    def box(self, map_index: int) -> MapBox:
        """The box in map ``map_index`` (−1: the input, k: the output of layer k)."""
        return self.maps[map_index + 1]

    @property
    def input(self) -> MapBox:
        return self.maps[0]

    @property
    def size(self) -> tuple[int, int]:
        """The arithmetic size in the input."""
        return self.maps[0].size


def _back(geo: WindowGeometry, lo: int, hi: int, mask: np.ndarray, axis: int) -> tuple[tuple[int, int], np.ndarray]:
    """One layer back along one axis: the arithmetic interval and the exact support on the layer's input."""
    s, d, k = geo.stride[axis], geo.dilation[axis], geo.kernel[axis]
    pad = geo.pads[axis][0]
    size = geo.input_size[axis]
    interval = (lo * s - pad, hi * s - pad + d * (k - 1))
    taps = (np.flatnonzero(mask)[:, None] * s - pad + np.arange(k)[None, :] * d).ravel()
    new = np.zeros(size, dtype=bool)
    new[taps[(taps >= 0) & (taps < size)]] = True
    return interval, new


def receptive_field(net: Network, layer: int, at: tuple[int, int]) -> ReceptiveField:
    """The receptive field of output unit ``at`` = (y, x) of layer ``layer`` (any channel: it is spatial)."""
    check_unit(net, layer, 0, at)
    y, x = int(at[0]), int(at[1])
    ho, wo, _ = net.infos[layer].output_shape
    rows, cols = (y, y), (x, x)
    rmask = np.zeros(ho, dtype=bool)
    cmask = np.zeros(wo, dtype=bool)
    rmask[y] = cmask[x] = True
    boxes = [MapBox(layer, (ho, wo), rows, cols, rmask, cmask)]
    for i in range(layer, -1, -1):
        geo = window_geometry(net, i)
        rows, rmask = _back(geo, *rows, rmask, 0)
        cols, cmask = _back(geo, *cols, cmask, 1)
        boxes.append(MapBox(i - 1, geo.input_size, rows, cols, rmask, cmask))
    return ReceptiveField(layer, (y, x), tuple(reversed(boxes)), net.infos[layer].receptive_field_jump)
