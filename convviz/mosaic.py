"""Mosaic tiling: grid layout, block-mean downsampling and LUT colouring of maps and kernels. NumPy only, no Qt.

:mod:`convviz.render` builds its mosaics from these; the kernel view lays out with :func:`kernel_layout`.
"""

from __future__ import annotations

import math

import numpy as np


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

#: the kernel view's room for row and column headers, in tiles (see the view's overlay margin)
KERNEL_MARGIN = (0.8, 0.6)
