"""Pooling as two passes: first over the window's rows (whole input rows, long contiguous runs), then over its
columns, a band of output rows at a time so the partial results stay in cache.

Max and average pooling are separable; so is weighted pooling with an outer-product window (a Gaussian); any
other window makes one column pass per window row. Padding is never copied: a window tap that falls outside
the image is left out of its combination (the same as −∞ padding for max, zero padding for the sums), and the
caller's padding of at most half the window guarantees every window holds at least one pixel.
"""

from __future__ import annotations

import numpy as np

#: Budget for one band of the row pass (kept in cache while the column pass reads it).
POOL_BLOCK_BYTES = 1024 * 1024


def separable_factors(wts: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """``(column, row)`` vectors with ``outer(column, row) == wts`` up to float32 rounding, or None."""
    u, s, vt = np.linalg.svd(wts.astype(np.float64))
    if len(s) > 1 and s[1] > 1e-7 * s[0]:
        return None
    col, row = u[:, 0] * np.sqrt(s[0]), vt[0] * np.sqrt(s[0])
    if col.sum() < 0:  # both factors positive for a positive window
        col, row = -col, -row
    return col.astype(np.float32), row.astype(np.float32)


def _valid(count: int, stride: int, offset: int, size: int) -> tuple[int, int]:
    """Output indices ``[lo, hi)`` within ``[0, count)`` whose tap ``o·stride + offset`` lies in ``[0, size)``."""
    lo = max(0, -(offset // stride))  # ceil(−offset / stride)
    hi = min(count, (size - 1 - offset) // stride + 1)
    return lo, max(lo, hi)


class _Combine:
    """Accumulates taps into a destination: max, plain sum, or weighted sum (through a scratch buffer)."""

    def __init__(self, mode: str, scratch: np.ndarray | None) -> None:
        self.mode, self.scratch = mode, scratch

    def start(self, dst: np.ndarray) -> None:  # before taps that may not cover the whole destination
        dst.fill(-np.inf if self.mode == "max" else 0.0)

    def first(self, dst: np.ndarray, src: np.ndarray, weight: float | None) -> None:
        if weight is None:
            np.copyto(dst, src)
        else:
            np.multiply(src, weight, out=dst)

    def first_two(self, dst: np.ndarray, taps: list[tuple[np.ndarray, float | None]]) -> None:
        """Write the combination of ``taps`` (each covering all of ``dst``) into ``dst``: the first two in one
        pass, no copy of the first."""
        (a, wa), (b, wb) = taps[0], taps[1]
        if self.mode == "max":
            np.maximum(a, b, out=dst)
        elif wa is None:
            np.add(a, b, out=dst)
        else:
            np.multiply(a, wa, out=dst)
            self.add(dst, b, wb)
        for src, weight in taps[2:]:
            self.add(dst, src, weight)

    def write(self, dst: np.ndarray, taps: list[tuple[np.ndarray, float | None]]) -> None:
        if len(taps) == 1:
            self.first(dst, *taps[0])
        else:
            self.first_two(dst, taps)

    def add(self, dst: np.ndarray, src: np.ndarray, weight: float | None) -> None:
        if self.mode == "max":
            np.maximum(dst, src, out=dst)
        elif weight is None:
            np.add(dst, src, out=dst)
        else:
            tmp = self.scratch.reshape(-1)[: src.size].reshape(src.shape)
            np.multiply(src, weight, out=tmp)
            np.add(dst, tmp, out=dst)


def pool_bands(xb: np.ndarray, size, stride, padding, mode: str, wts: np.ndarray | None,
               result: np.ndarray) -> None:
    """Max (``mode="max"``), average (``"avg"``, zero padding counted) or weighted pooling of ``xb`` (N, H, W, C)
    float32 into ``result`` (N, H_out, W_out, C)."""
    n, h, wd, c = xb.shape
    (kh, kw), (sh, sw), (ph, pw) = size, stride, padding
    ho, wo = result.shape[1:3]
    band = max(1, min(ho, POOL_BLOCK_BYTES // max(1, 4 * wd * c)))
    if mode == "weighted":
        factors = separable_factors(wts)
        row_passes = [(factors[0], factors[1])] if factors is not None else [
            (np.eye(kh, dtype=np.float32)[a], wts[a]) for a in range(kh)  # window row a alone, then its columns
        ]
    else:
        row_passes = [(None, None)]
    vbuf = np.empty((band, wd, c), dtype=np.float32)
    scratch = np.empty((band, max(wd, wo), c), dtype=np.float32) if mode == "weighted" else None
    comb = _Combine("max" if mode == "max" else "sum", scratch)
    row_taps = [(a, _valid(ho, sh, a - ph, h)) for a in range(kh)]
    col_taps = [(b, _valid(wo, sw, b - pw, wd)) for b in range(kw)]
    cols_full = all(lo == 0 and hi == wo for _, (lo, hi) in col_taps)
    for img in range(n):
        src = xb[img]
        for r0 in range(0, ho, band):
            r1 = min(ho, r0 + band)
            part = result[img, r0:r1]
            started = not cols_full  # otherwise the first column tap writes the band outright
            if started:
                comb.start(part)
            for wy, wx in row_passes:
                taps = [(a, max(lo, r0), min(hi, r1)) for a, (lo, hi) in row_taps
                        if (wy is None or wy[a] != 0) and min(hi, r1) > max(lo, r0)]
                if not taps:  # (a window row of a non-separable window that lies in the padding here)
                    continue
                # the row pass: v[i] = combination over a of input row i·s_h + a − p_h
                a0, lo0, hi0 = taps[0]
                if len(taps) == 1 and (lo0, hi0) == (r0, r1) and (wy is None or wy[a0] == 1):
                    v = src[r0 * sh + a0 - ph : (r1 - 1) * sh + a0 - ph + 1 : sh]  # one window row: a view
                else:
                    v = vbuf[: r1 - r0]
                    rows = [(src[lo * sh + a - ph : (hi - 1) * sh + a - ph + 1 : sh], lo - r0, hi - r0,
                             None if wy is None else float(wy[a])) for a, lo, hi in taps]
                    if all(lo == r0 and hi == r1 for _, lo, hi in taps):
                        comb.write(v, [(tap, weight) for tap, _, _, weight in rows])
                    else:  # a band at the top or bottom edge: some taps lie in the padding for some rows
                        comb.start(v)
                        for tap, lo, hi, weight in rows:
                            comb.add(v[lo:hi], tap, weight)
                # the column pass: part[:, j] (+)= combination over b of v[:, j·s_w + b − p_w]
                cols = [(v[:, lo * sw + b - pw : (hi - 1) * sw + b - pw + 1 : sw], lo, hi, weight)
                        for b, (lo, hi) in col_taps
                        for weight in [None if wx is None else float(wx[b])]
                        if hi > lo and weight != 0.0]
                if not cols:
                    continue
                if started:
                    for tap, lo, hi, weight in cols:
                        comb.add(part[:, lo:hi], tap, weight)
                else:  # every column tap covers the whole band
                    comb.write(part, [(tap, weight) for tap, _, _, weight in cols])
                    started = True
            if not started:  # every weighted tap of this band fell into the padding
                part.fill(0.0)
            elif mode == "avg":
                part *= np.float32(1.0 / (kh * kw))
