"""Colour levels: the value range a colormap spans, from raw float tensors. NumPy only, no Qt.

Levels have a *scope* — one range per map, one per stage (tensor), one per block (a conv with its detector and
pooling stages, see :mod:`convviz.blocks`) or one for the whole stack; the worker finds a block's or the stack's
range with :func:`shared_levels` — and a *centring*: ``"symmetric"`` puts zero at the centre for signed data
(``(-m, m)``) and at the bottom for non-negative data (``(0, m)``); ``"minmax"`` spans the data's own minimum and
maximum. Constant maps and non-finite values never produce NaN levels.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .display import DisplayOptions


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


def _as_hwc(arr: np.ndarray) -> np.ndarray:
    arr = np.asarray(arr)
    if arr.ndim == 2:
        return arr[:, :, None]
    if arr.ndim != 3:
        raise ValueError(f"a tensor to render must be (H, W, C), got shape {arr.shape}")
    return arr

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
