"""Display-ready images from raw float tensors: the rendered mosaics and the ``render_*`` entry points. NumPy
only, no Qt.

This module runs on the worker thread: it turns an ``(H, W, C)`` float tensor into one RGBA ``uint8``
mosaic (the C maps tiled in a grid with 1-pixel transparent gaps), so the GUI thread only uploads an image.
The raw array is kept by reference, so a hover readout always reads the exact float value. The colour scales
come from :mod:`convviz.levels`, the tiling and downsampling from :mod:`convviz.mosaic`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .display import (  # noqa: F401 (re-exported: the public names stay importable from convviz.render)
    AUTO_SIGNED,
    AUTO_UNSIGNED,
    CENTRINGS,
    CHANNEL_TINTS,
    COLORMAPS,
    DIVERGING,
    SCOPES,
    DisplayOptions,
    colormap_lut,
    format_cell,
    format_value,
    resolve_colormap,
)
from .levels import _as_hwc, _centre, _channel_minmax, _levels_for, channel_range
from .mosaic import (
    KERNEL_MARGIN,
    _block_mean,
    _colour_mosaic,
    _downsample_factor,
    _grid,
    _lut_index,
    _mosaic,
    fit_columns,
    kernel_layout,
)

#: the options a caller that passes none gets (frozen, so one shared instance is safe)
DEFAULT_OPTIONS = DisplayOptions()

__all__ = [
    "COLORMAPS",
    "DIVERGING",
    "DisplayOptions",
    "RenderedInput",
    "RenderedTensor",
    "colormap_lut",
    "format_cell",
    "format_value",
    "render_input",
    "render_kernels",
    "render_tensor",
    "rerender",
    "resolve_colormap",
]

# ---------------------------------------------------------------------------------------- rendered mosaics


@dataclass(frozen=True, eq=False)
class RenderedTensor:
    """A display-ready mosaic of maps and how its pixels map back to the raw array.

    ``rgba``: ``(Ht, Wt, 4)`` uint8, row-major (y down). Tile ``t`` sits at row ``t // columns``, column
    ``t % columns``, its top-left corner at ``(col * (tile_w + gap), row * (tile_h + gap))``; gaps and empty
    slots are transparent. One mosaic pixel covers ``downsample × downsample`` raw pixels.
    """

    rgba: np.ndarray
    raw: np.ndarray  # the original array (not a copy): (H, W, C) for maps, (F, K_h, K_w, C_in) for kernels
    tile_h: int
    tile_w: int
    gap: int
    columns: int
    rows: int
    n_tiles: int
    downsample: int
    levels: np.ndarray  # (n_tiles, 2) float64
    lut: np.ndarray  # (256, 4) uint8
    colormap: str
    per_map: bool
    signed: bool
    kind: str = "tensor"  # "tensor" | "kernels" | "input"
    labels: tuple[str, ...] = field(default=())  # one per tile (may be empty: the view makes "c0", …)
    #: (C, 2) per-channel (min, max) of the raw maps (see :func:`channel_range`), when known
    ranges: np.ndarray | None = None
    #: the colour scale's scope ("map", "stage", "block", "stack"; "" when not a stage) and the first and last
    #: layer index that share it
    scope: str = ""
    span: tuple[int, ...] = ()
    #: kernels: the names of the conv's input channels (its columns)
    in_names: tuple[str, ...] = ()
    #: kernels: tile columns per filter block (C_in) and the extra pixels between two blocks side by side
    block_cols: int = 0
    block_gap: int = 0

    @property
    def shape(self) -> tuple[int, ...]:
        """The raw array's shape."""
        return tuple(self.raw.shape)

    @property
    def scale_levels(self) -> tuple[float, float]:
        """The range of the whole mosaic's scale (meaningful for one shared scale; for per-map levels, the
        union)."""
        return float(self.levels[:, 0].min()), float(self.levels[:, 1].max())

    def column_x(self, col: int) -> int:
        """Mosaic x of a tile column's left edge (kernels: filter blocks side by side have a wider gap)."""
        x = col * (self.tile_w + self.gap)
        return x + (col // self.block_cols) * self.block_gap if self.block_cols else x

    def column_at(self, mx: float) -> tuple[int, float] | None:
        """The tile column at mosaic x and the offset into it, or None in a block's gap."""
        if not self.block_cols:
            col, fx = divmod(mx, self.tile_w + self.gap)
            return int(col), fx
        block_w = self.block_cols * (self.tile_w + self.gap) + self.block_gap
        block, rest = divmod(mx, block_w)
        col, fx = divmod(rest, self.tile_w + self.gap)
        if col >= self.block_cols:
            return None
        return int(block) * self.block_cols + int(col), fx

    def tile_origin(self, tile: int) -> tuple[int, int]:
        """Mosaic ``(x, y)`` of a tile's top-left corner."""
        row, col = divmod(tile, self.columns)
        return self.column_x(col), row * (self.tile_h + self.gap)

    def locate_tile(self, mx: float, my: float) -> tuple[int, int, int] | None:
        """``(tile, y, x)`` (raw pixel indices) at mosaic coordinates ``(mx, my)``; None in a gap/outside."""
        if not (math.isfinite(mx) and math.isfinite(my)) or mx < 0 or my < 0:
            return None
        at = self.column_at(mx)
        if at is None:
            return None
        col, fx = at
        row, fy = divmod(my, self.tile_h + self.gap)
        if fx >= self.tile_w or fy >= self.tile_h or col >= self.columns:
            return None
        tile = int(row) * self.columns + int(col)
        if tile >= self.n_tiles:
            return None
        h, w = self._raw_hw()
        y = min(int(fy * self.downsample), h - 1)
        x = min(int(fx * self.downsample), w - 1)
        return tile, y, x

    def locate(self, mx: float, my: float) -> tuple[int, int, int] | None:
        """``(channel, y, x)`` — raw indices — at mosaic coordinates ``(mx, my)``, or None in a gap/outside.

        For kernels the "channel" is the tile ``f * C_in + c`` (see :meth:`tile_key`)."""
        return self.locate_tile(mx, my)

    def tile_key(self, tile: int) -> tuple[int, ...]:
        """What a tile shows: ``(channel,)`` for maps, ``(filter, c_in)`` for kernels."""
        if self.kind == "kernels":
            return divmod(tile, self.raw.shape[3])
        return (tile,)

    def value_at(self, tile: int, y: int, x: int) -> float:
        """The exact raw value shown by a tile at raw indices ``(y, x)``."""
        if self.kind == "kernels":
            f, c = self.tile_key(tile)
            return float(self.raw[f, y, x, c])
        return float(self.raw[y, x, tile])

    def tile_levels(self, tile: int) -> tuple[float, float]:
        lo, hi = self.levels[tile]
        return float(lo), float(hi)

    def _raw_hw(self) -> tuple[int, int]:
        if self.kind == "kernels":
            return self.raw.shape[1], self.raw.shape[2]
        return self.raw.shape[0], self.raw.shape[1]


@dataclass(frozen=True, eq=False)
class RenderedInput(RenderedTensor):
    """The input: tile 0 is the RGB composite (for C ≥ 2), then one tile per channel.

    :meth:`locate` returns channel ``-1`` on the composite tile; :meth:`value_at` there returns the first
    channel and :meth:`pixel` all of them."""

    composite: np.ndarray | None = None  # (H, W, 4) uint8: the composite alone, clipped to [0, 1]

    def locate(self, mx: float, my: float) -> tuple[int, int, int] | None:
        hit = self.locate_tile(mx, my)
        if hit is None:
            return None
        tile, y, x = hit
        return self.tile_channel(tile), y, x

    def tile_channel(self, tile: int) -> int:
        return tile - 1 if self.composite is not None else tile

    def tile_key(self, tile: int) -> tuple[int, ...]:
        return (self.tile_channel(tile),)

    def value_at(self, tile: int, y: int, x: int) -> float:
        return float(self.raw[y, x, max(self.tile_channel(tile), 0)])

    def pixel(self, y: int, x: int) -> tuple[float, ...]:
        return tuple(float(v) for v in self.raw[y, x, :])


def render_tensor(
    arr: np.ndarray,
    options: DisplayOptions = DEFAULT_OPTIONS,
    *,
    levels: Sequence[float] | np.ndarray | None = None,
    signed: bool | None = None,
    max_side: int = 2048,
    columns: int | None = None,
    gap: int = 1,
    per_map: bool | None = None,
    labels: Sequence[str] = (),
    ranges: np.ndarray | None = None,
    span: tuple[int, ...] = (),
) -> RenderedTensor:
    """Tile the C maps of an ``(H, W, C)`` tensor into one RGBA mosaic.

    ``levels``: ``(lo, hi)`` or ``(C, 2)`` given from outside (a block's or the stack's shared scale, see
    :func:`shared_levels`); otherwise they follow ``options.scope``. ``signed``: whether the data counts as
    signed (it picks the auto colormap and the symmetric centring); by default, whether it has a negative value
    (with ``levels``: whether they reach below zero). ``columns``: by default, as many as tile the maps largest
    in an area of ``options.aspect``. Maps are block-averaged by an integer factor when the mosaic would exceed
    ``max_side``. ``ranges``: the tensor's :func:`channel_range` when the caller has it (saves a pass);
    ``labels`` name the maps; ``span`` is the first and last layer sharing the scale (for the colour bar).
    """
    arr = _as_hwc(arr)
    h, w, c = arr.shape
    if ranges is None and levels is None:
        ranges = channel_range(arr)
    lv, signed = _levels_for(arr, options, levels, signed, ranges)
    if per_map is None:  # given levels are one scale, unless the caller says they are per map (a re-render)
        per_map = levels is None and options.scope == "map"
    name = resolve_colormap(options.colormap, signed)
    lut = colormap_lut(name)
    cols, rows = _grid(c, columns if columns else fit_columns(c, h, w, options.aspect, gap))
    f = _downsample_factor(h, w, rows, cols, gap, max_side)
    small = _block_mean(arr, f)
    rgba = _colour_mosaic(_lut_index(small, lv), lut, c, cols, rows, gap)
    return RenderedTensor(
        rgba=rgba, raw=arr, tile_h=small.shape[0], tile_w=small.shape[1], gap=gap, columns=cols,
        rows=rows, n_tiles=c, downsample=f, levels=lv, lut=lut, colormap=name, per_map=per_map,
        signed=signed, labels=tuple(labels), ranges=ranges, scope=options.scope,
        span=tuple(span),
    )


def rerender(r: RenderedTensor, options: DisplayOptions, max_side: int) -> RenderedTensor:
    """The same maps, scale, colours and names as ``r`` at another resolution (e.g. a zoomed-in view)."""
    if r.kind == "input":
        return render_input(r.raw, max_side=max_side)
    if r.kind == "kernels":
        return render_kernels(r.raw, options, levels=r.scale_levels, gap=r.gap, max_side=max_side,
                              in_names=r.in_names)
    out = render_tensor(r.raw, options, levels=r.levels, signed=r.signed, max_side=max_side, columns=r.columns,
                        gap=r.gap, per_map=r.per_map, labels=r.labels, ranges=r.ranges, span=r.span)
    return dataclasses.replace(out, scope=r.scope)


def render_input(
    x: np.ndarray,
    *,
    tint: bool = True,
    composite: bool = True,
    max_side: int = 2048,
    columns: int | None = None,
    gap: int = 1,
) -> RenderedInput:
    """The input image: an RGB composite (C == 3; the first three channels for C > 3), clipped to [0, 1] for
    display only, followed by each channel on its own (tinted in its colour for C == 3, else grey).

    With C == 1 the single grey tile is also the composite (there is no separate composite tile)."""
    x = _as_hwc(x)
    h, w, c = x.shape
    with_composite = composite and c > 1
    first = 1 if with_composite else 0
    n = c + first
    if columns is None:
        columns = n if n <= 4 else None
    cols, rows = _grid(n, columns)
    f = _downsample_factor(h, w, rows, cols, gap, max_side)
    idx = _lut_index(_block_mean(x, f), np.tile([0.0, 1.0], (c, 1)))
    th, tw = idx.shape[:2]
    tiles = np.empty((th, tw, n, 4), dtype=np.uint8)
    comp = None
    if with_composite:
        tiles[:, :, 0, :3] = idx[..., [0, 1, 2]] if c >= 3 else 0
        if c == 2:
            tiles[:, :, 0, :2] = idx
        tiles[:, :, 0, 3] = 255
        comp = tiles[:, :, 0].copy()
    gray = colormap_lut("gray")
    for ch in range(c):
        lut = colormap_lut("tint:{},{},{}".format(*CHANNEL_TINTS[ch])) if tint and c == 3 else gray
        tiles[:, :, ch + first] = lut[idx[..., ch]]
    names = tuple("RGB"[i] if c == 3 else f"c{i}" for i in range(c))
    return RenderedInput(
        rgba=_mosaic(tiles, n, cols, rows, gap), raw=x, tile_h=th, tile_w=tw, gap=gap, columns=cols,
        rows=rows, n_tiles=n, downsample=f, levels=np.tile([0.0, 1.0], (n, 1)), lut=gray, colormap="gray",
        per_map=False, signed=False, kind="input", labels=(("RGB",) if with_composite else ()) + names,
        composite=comp,
    )


def render_kernels(
    w: np.ndarray,
    options: DisplayOptions = DEFAULT_OPTIONS,
    *,
    levels: Sequence[float] | None = None,
    gap: int = 1,
    max_side: int = 4096,
    in_names: Sequence[str] = (),
) -> RenderedTensor:
    """The kernels ``(F, K_h, K_w, C_in)`` as filter blocks of C_in ``K_h × K_w`` tiles, one or several filters
    per row (see :func:`kernel_layout`: they fill ``options.kernel_area``), on a diverging colormap symmetric
    around zero across the whole layer (``options.colormap`` may name another diverging map). Tile
    ``f * C_in + c`` holds filter ``f``'s slice for input channel ``c``; ``in_names`` name the input channels."""
    w = np.asarray(w)
    if w.ndim != 4:
        raise ValueError(f"kernels must be (F, K_h, K_w, C_in), got shape {w.shape}")
    nf, kh, kw, cin = w.shape
    n = nf * cin
    tiles_src = w.transpose(1, 2, 0, 3).reshape(kh, kw, n)
    if levels is None:
        lo, hi = _channel_minmax(tiles_src.reshape(-1, 1))
        lv = _centre(lo[0], hi[0], "symmetric", True)
    else:
        lv = np.asarray(levels, dtype=np.float64)
    lvs, _ = _levels_for(tiles_src, options, np.asarray(lv, dtype=np.float64), True)
    name = options.colormap if options.colormap in DIVERGING else AUTO_SIGNED
    lut = colormap_lut(name)
    per_row, block_gap = kernel_layout(nf, kh, kw, cin, options.kernel_area, gap, KERNEL_MARGIN)
    cols, rows = per_row * cin, -(-nf // per_row)
    f = _downsample_factor(kh, kw, rows, cols + (per_row - 1) * block_gap, gap, max_side)
    small = _block_mean(tiles_src, f)
    rgba = _colour_mosaic(_lut_index(small, lvs), lut, n, cols, rows, gap)
    if block_gap:  # open a wider gap between the filters that share a row
        th, tw = small.shape[:2]
        block_w = cin * (tw + gap)
        parts = [rgba[:, b * block_w : (b + 1) * block_w - (gap if b == per_row - 1 else 0)] for b in range(per_row)]
        spacer = np.zeros((rgba.shape[0], block_gap, 4), dtype=np.uint8)
        rgba = np.ascontiguousarray(np.concatenate([p for part in parts for p in (part, spacer)][:-1], axis=1))
    return RenderedTensor(
        rgba=rgba, raw=w, tile_h=small.shape[0], tile_w=small.shape[1], gap=gap, columns=cols, rows=rows,
        n_tiles=n, downsample=f, levels=lvs, lut=lut, colormap=name, per_map=False, signed=True,
        kind="kernels", in_names=tuple(in_names), block_cols=cin if per_row > 1 else 0, block_gap=block_gap,
    )


@dataclass(frozen=True)
class LayerKernels:
    """One conv layer's kernels as an RGBA mosaic (see :func:`render_kernels`) and its colour scale."""

    index: int  # the layer's position in the stack
    shape: tuple[int, int, int, int]  # F, K_h, K_w, C_in
    rgba: np.ndarray
    limit: float  # the diverging scale runs from -limit to +limit


def conv_kernels(net, area: tuple[int, int]) -> list[LayerKernels]:
    """Every conv layer's kernels of ``net``, each laid out to fill ``area`` (width, height) screen pixels on its
    own symmetric scale: the Training dock's view of all of them learning at once (made on the worker)."""
    from .core.layers import Conv2D

    out = []
    for i, spec in enumerate(net.layers):
        lw = net.weights.get(spec.uid) if isinstance(spec, Conv2D) else None
        if lw is None:
            continue
        r = render_kernels(lw.weight, DisplayOptions(kernel_area=area))
        out.append(LayerKernels(i, tuple(lw.weight.shape), r.rgba, float(np.max(np.abs(r.levels)))))
    return out
