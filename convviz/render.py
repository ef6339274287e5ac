"""Display-ready images from raw float tensors: colormaps, levels and mosaics. NumPy only, no Qt.

This module runs on the worker thread: it turns an ``(H, W, C)`` float tensor into one RGBA ``uint8``
mosaic (the C maps tiled in a grid with 1-pixel transparent gaps), so the GUI thread only uploads an image.
The raw array is kept by reference, so a hover readout always reads the exact float value.

Levels (the value range a colormap spans) have a *scope* — one range per map, one per stage (tensor), one per
block (a conv with its detector and pooling stages, see :mod:`convviz.blocks`) or one for the whole stack; the
worker finds a block's or the stack's range with :func:`shared_levels` — and a *centring*: ``"symmetric"``
puts zero at the centre for signed data (``(-m, m)``) and at the bottom for non-negative data (``(0, m)``);
``"minmax"`` spans the data's own minimum and maximum. Constant maps and non-finite values never produce NaN
levels.
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

#: the options a caller that passes none gets (frozen, so one shared instance is safe)
DEFAULT_OPTIONS = DisplayOptions()

__all__ = [
    "COLORMAPS",
    "DIVERGING",
    "DisplayOptions",
    "RenderedInput",
    "RenderedTensor",
    "channel_range",
    "colormap_lut",
    "fit_columns",
    "format_cell",
    "format_value",
    "render_input",
    "render_kernels",
    "render_tensor",
    "resolve_colormap",
    "shared_levels",
    "stack_levels",
    "tensor_levels",
]

# -------------------------------------------------------------------------------------------------- levels


def _channel_minmax(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-channel min and max of ``(…, C)`` values, ignoring NaN and ±inf (0 where none is finite)."""
    c = arr.shape[-1]
    if arr.size == 0:
        return np.zeros(c), np.zeros(c)
    flat = arr.reshape(-1)
    # reduce over long rows of k·C values (a reduction over rows of only C values is ~4× slower)
    n = flat.size // c
    k = max(1, min(n, 4096 // c))
    m = n // k
    block = flat[: m * k * c].reshape(m, k * c)
    lo = block.min(axis=0).reshape(k, c).min(axis=0)
    hi = block.max(axis=0).reshape(k, c).max(axis=0)
    if m * k < n:
        rest = flat[m * k * c :].reshape(-1, c)
        lo, hi = np.minimum(lo, rest.min(axis=0)), np.maximum(hi, rest.max(axis=0))
    lo, hi = lo.astype(np.float64), hi.astype(np.float64)
    if np.isfinite(lo).all() and np.isfinite(hi).all():
        return lo, hi
    flat2 = arr.reshape(-1, c)
    finite = np.isfinite(flat2)
    lo = np.where(finite, flat2, np.inf).min(axis=0).astype(np.float64)
    hi = np.where(finite, flat2, -np.inf).max(axis=0).astype(np.float64)
    empty = ~np.isfinite(lo)
    return np.where(empty, 0.0, lo), np.where(empty, 0.0, hi)


def _centre(lo: np.ndarray, hi: np.ndarray, centring: str, signed: bool) -> np.ndarray:
    """(…, 2) levels from data minima and maxima, widened where a map is constant."""
    if centring == "symmetric":
        m = np.maximum(np.abs(lo), np.abs(hi))
        m = np.where(m > 0, m, 1.0)
        lv = np.stack([-m if signed else np.zeros_like(m), m], axis=-1)
    else:
        span = hi - lo
        tiny = span <= 1e-12 * np.maximum(np.abs(lo), 1.0)
        half = np.maximum(np.abs(lo), 1.0) * 0.5
        lv = np.stack([np.where(tiny, lo - half, lo), np.where(tiny, hi + half, hi)], axis=-1)
    return lv


def channel_range(arr: np.ndarray) -> np.ndarray:
    """``(C, 2)`` float64 per-channel (min, max) of an ``(H, W, C)`` tensor, ignoring NaN and ±inf (0, 0 for a
    channel without a finite value): what every scope's levels are made of."""
    lo, hi = _channel_minmax(_as_hwc(arr))
    return np.stack([lo, hi], axis=-1)


def tensor_levels(arr: np.ndarray, options: DisplayOptions, signed: bool | None = None) -> np.ndarray:
    """``(C, 2)`` float64 levels of an ``(H, W, C)`` tensor: one range per map for scope ``"map"``, else one
    range for the whole tensor (repeated per channel). The block and stack scopes need their other stages:
    :func:`shared_levels` gives them; without them they fall back to the stage's own range. ``signed``
    defaults to: a value is negative."""
    return _tensor_levels(_as_hwc(arr), options, signed)[0]


def _tensor_levels(arr: np.ndarray, options: DisplayOptions, signed: bool | None,
                   ranges: np.ndarray | None = None) -> tuple[np.ndarray, bool]:
    if ranges is None:
        lo, hi = _channel_minmax(arr)
    else:
        lo, hi = ranges[:, 0], ranges[:, 1]
    if signed is None:
        signed = bool(lo.size and lo.min() < 0)
    if options.scope == "map":
        return _centre(lo, hi, options.centring, signed), signed
    lv = _centre(np.array(lo.min() if lo.size else 0.0),
                 np.array(hi.max() if hi.size else 0.0), options.centring, signed)
    return np.repeat(lv[None, :], arr.shape[2], axis=0), signed


def shared_levels(ranges: Sequence[np.ndarray], centring: str, signed: bool | None = None
                  ) -> tuple[tuple[float, float], bool]:
    """One ``(lo, hi)`` for several tensors (a block's stages, or the whole stack) from their
    :func:`channel_range` values, and whether they count as signed (by default: some value is negative). Pass both
    to :func:`render_tensor` as ``levels=`` and ``signed=``."""
    los = [float(r[:, 0].min()) for r in ranges if r.size]
    his = [float(r[:, 1].max()) for r in ranges if r.size]
    lo = min(los) if los else 0.0
    hi = max(his) if his else 0.0
    if signed is None:
        signed = lo < 0
    lv = _centre(np.array(lo), np.array(hi), centring, signed)
    return (float(lv[0]), float(lv[1])), signed


def stack_levels(arrays: Sequence[np.ndarray], options: DisplayOptions) -> tuple[float, float]:
    """One ``(lo, hi)`` for every tensor of a stack (pass it as ``levels=`` to :func:`render_tensor`)."""
    ranges = [channel_range(np.asarray(a).reshape(-1, 1)) for a in arrays if np.asarray(a).size]
    return shared_levels(ranges, options.centring)[0]


# ------------------------------------------------------------------------------------------------- mosaics


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


def _as_hwc(arr: np.ndarray) -> np.ndarray:
    arr = np.asarray(arr)
    if arr.ndim == 2:
        return arr[:, :, None]
    if arr.ndim != 3:
        raise ValueError(f"a tensor to render must be (H, W, C), got shape {arr.shape}")
    return arr


def fit_columns(n: int, tile_h: int, tile_w: int, aspect: float, gap: int = 1) -> int:
    """How many columns tile ``n`` maps of ``tile_h × tile_w`` largest in an area ``aspect`` times as wide as
    it is high (fewer columns on a tie, so the last row is the one left short)."""
    best, best_scale = 1, -1.0
    for cols in range(1, max(n, 1) + 1):
        rows = -(-n // cols)
        width = cols * tile_w + (cols - 1) * gap
        height = rows * tile_h + (rows - 1) * gap
        scale = min(aspect / width, 1.0 / height)
        if scale > best_scale * (1 + 1e-9):
            best, best_scale = cols, scale
    return best


def _grid(n: int, columns: int | None) -> tuple[int, int]:
    cols = columns if columns else max(1, math.ceil(math.sqrt(n)))
    cols = max(1, min(cols, max(n, 1)))
    return cols, max(1, math.ceil(n / cols))


def _downsample_factor(h: int, w: int, rows: int, cols: int, gap: int, max_side: int) -> int:
    """The smallest integer factor that brings the whole mosaic within ``max_side`` pixels."""
    f = 1
    while True:
        th, tw = -(-h // f), -(-w // f)
        side = max(rows * th + (rows - 1) * gap, cols * tw + (cols - 1) * gap)
        if side <= max_side or (th == 1 and tw == 1):
            return f
        f += 1


def _block_mean(arr: np.ndarray, f: int) -> np.ndarray:
    """float32 mean over ``f × f`` blocks of an ``(H, W, C)`` array; a partial last block repeats the edge row or
    column (as edge padding would, without a padded copy of the whole tensor: a 2046² stage is 268 MB)."""
    if f == 1:
        return arr
    h, w, c = arr.shape
    # two passes over strided slices: rows within blocks, then columns (much faster than mean(axis=(1, 3)))
    s = arr[0::f].astype(np.float32)  # (⌈H/f⌉, W, C): row 0 of every block
    for i in range(1, f):
        _add_edge_padded(s, arr[i::f], arr[h - 1 : h], axis=0)
    out = s[:, 0::f].copy()  # (⌈H/f⌉, ⌈W/f⌉, C)
    for i in range(1, f):
        _add_edge_padded(out, s[:, i::f], s[:, w - 1 : w], axis=1)
    out *= np.float32(1.0 / (f * f))
    return out


def _add_edge_padded(acc: np.ndarray, part: np.ndarray, edge: np.ndarray, axis: int) -> None:
    """``acc += part`` where ``part`` may be one block short along ``axis``: that block gets the edge instead."""
    n = part.shape[axis]
    if axis == 0:
        acc[:n] += part
        acc[n:] += edge
    else:
        acc[:, :n] += part
        acc[:, n:] += edge


def _lut_index(arr: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """uint8 LUT indices of ``(…, C)`` values for ``(C, 2)`` levels (NaN → low end, ±inf → the ends)."""
    scale = 255.0 / (levels[:, 1] - levels[:, 0])
    offset = (0.5 - levels[:, 0] * scale).astype(np.float32)
    t = np.multiply(arr, scale.astype(np.float32), dtype=np.float32)
    t += offset
    np.fmax(t, 0.0, out=t)  # fmax/fmin, unlike clip, also turn NaN into a bound
    np.fmin(t, 255.0, out=t)
    return t.astype(np.uint8)


def _mosaic(tiles: np.ndarray, n: int, cols: int, rows: int, gap: int) -> np.ndarray:
    """Arrange ``(h, w, n, …)`` tiles in a ``rows × cols`` grid (gaps and empty slots are zero)."""
    h, w = tiles.shape[:2]
    rest = tiles.shape[3:]
    order = (2, 0, 3, 1) + tuple(range(4, 4 + len(rest)))
    full = np.zeros((rows, h + gap, cols, w + gap) + rest, dtype=tiles.dtype)
    n_full = n // cols
    if n_full:
        block = tiles[:, :, : n_full * cols].reshape((h, w, n_full, cols) + rest)
        full[:n_full, :h, :, :w] = block.transpose(order)
    rem = n - n_full * cols
    if rem:
        full[n_full, :h, :rem, :w] = np.swapaxes(tiles[:, :, n_full * cols :], 1, 2)
    out = full.reshape((rows * (h + gap), cols * (w + gap)) + rest)
    return np.ascontiguousarray(out[: out.shape[0] - gap, : out.shape[1] - gap])


def _colour_mosaic(idx: np.ndarray, lut: np.ndarray, n: int, cols: int, rows: int, gap: int) -> np.ndarray:
    """LUT-coloured RGBA mosaic of ``(h, w, n)`` uint8 indices, with transparent gaps and empty slots."""
    h, w = idx.shape[:2]
    mosaic_idx = _mosaic(idx, n, cols, rows, gap)
    rgba = np.ascontiguousarray(lut).view(np.uint32).ravel().take(mosaic_idx).view(np.uint8)
    rgba = rgba.reshape(mosaic_idx.shape + (4,))
    for j in range(gap):
        rgba[h + j :: h + gap] = 0
        rgba[:, w + j :: w + gap] = 0
    for t in range(n, rows * cols):
        r, c = divmod(t, cols)
        rgba[r * (h + gap) : r * (h + gap) + h, c * (w + gap) : c * (w + gap) + w] = 0
    return rgba


def _levels_for(
    arr: np.ndarray, options: DisplayOptions, levels, signed: bool | None, ranges: np.ndarray | None = None
) -> tuple[np.ndarray, bool]:
    c = arr.shape[2]
    if levels is None:
        return _tensor_levels(arr, options, signed, ranges)
    lv = np.asarray(levels, dtype=np.float64)
    if lv.shape == (2,):
        lv = np.repeat(lv[None, :], c, axis=0)
    if lv.shape != (c, 2):
        raise ValueError(f"levels must be (lo, hi) or one pair per channel ({c}, 2), got {lv.shape}")
    if signed is None:
        signed = bool(lv[:, 0].min() < 0)
    bad = ~(np.isfinite(lv).all(axis=1) & (lv[:, 1] > lv[:, 0]))
    if bad.any():  # repair degenerate levels given from outside
        lv = lv.copy()
        fixed = np.nan_to_num(lv[bad], nan=0.0, posinf=0.0, neginf=0.0)
        lv[bad] = _centre(fixed.min(axis=1), fixed.max(axis=1), "minmax", signed)
    return lv, signed


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


#: the smallest kernel tile, in screen pixels, the kernel view shows a whole layer with; below it the filters are
#: laid out for the view's width and the view scrolls through them
KERNEL_MIN_TILE_PX = 12.0


def kernel_layout(nf: int, kh: int, kw: int, cin: int, area: tuple[int, int], gap: int = 1,
                  margin: tuple[float, float] = (0.0, 0.0)) -> tuple[int, int]:
    """(filters per row, extra gap between filters side by side) for ``nf`` filters of ``cin`` tiles in a view
    of ``area`` screen pixels: each filter keeps its C_in tiles together in one row; as many filters share a row
    as make the tiles largest. When even the best layout leaves tiles under :data:`KERNEL_MIN_TILE_PX`, the
    most filters per row whose tiles reach that size across the view's width (the view then scrolls)."""
    aw, ah = area
    block_gap = max(gap, (kw + gap) // 2)
    ml, mt = margin

    def size(gc: int) -> tuple[float, float]:
        gr = -(-nf // gc)
        width = gc * cin * (kw + gap) - gap + (gc - 1) * block_gap + ml * kw
        height = gr * (kh + gap) - gap + mt * kh
        return width, height

    def tile_px(gc: int) -> float:
        width, height = size(gc)
        return kw * min(aw / width, ah / height)

    best = max(range(1, nf + 1), key=lambda gc: (tile_px(gc), -gc))
    if tile_px(best) < KERNEL_MIN_TILE_PX:
        wide_enough = [gc for gc in range(1, nf + 1) if kw * aw / size(gc)[0] >= KERNEL_MIN_TILE_PX]
        best = max(wide_enough) if wide_enough else 1
    return best, (block_gap if best > 1 else 0)


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


#: the kernel view's room for row and column headers, in tiles (see the view's overlay margin)
KERNEL_MARGIN = (0.8, 0.6)
