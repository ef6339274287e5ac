"""The three ways :func:`convviz.core.ops.conv2d` computes a convolution, each at NumPy's floor for its shapes.

- :func:`conv_planar`: few input channels (C < 8) and grouped convolutions. A planar band ``(C, rows, W)``
  unfolds into a transposed im2col block whose rows are long contiguous runs; one sgemm per block.
- :func:`conv_runs`: C ≥ 8. A channels-last im2col whose contiguous runs (K_w·C floats of one kernel row, or C
  floats of one tap when dilated horizontally) are copied as single opaque (void) elements; then a row-major
  sgemm, the bias folded in as one more column of ones.
- :func:`conv_depthwise`: groups = C (one kernel per input channel). No GEMM fits; one fused multiply-add pass
  per kernel tap over whole rows (``einsum`` on a strided view of a padded band).

All of them work a block of output rows (or, for very wide rows, a run of positions in one row) at a time, write
straight into ``result`` ``(N, H_out, W_out, F)``, keep their scratch buffers within a few cache-sized blocks
(no padded copy of the input), and ask ``cancel`` between blocks. The caller has validated every argument.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import as_strided

#: Budget for one im2col block of the planar path (a few rows of output positions × K_h·K_w·C).
PLANAR_BLOCK_BYTES = 2 * 1024 * 1024
#: Budget for one im2col block of the run-copy path: it and the weights stay in the 2 MiB L2 during the sgemm
#: (measured: 1 MiB beat 2 MiB by up to 40 % at stride 2, and was never slower).
RUNS_BLOCK_BYTES = 1024 * 1024
#: Budget for one padded input band of the depthwise path.
DEPTHWISE_BAND_BYTES = 1024 * 1024


class Cancelled(Exception):
    """A long operation was stopped from outside (see ``cancel`` of :func:`convviz.core.ops.conv2d`)."""


@dataclass(frozen=True)
class Geometry:
    stride: tuple[int, int]
    dilation: tuple[int, int]
    pads: tuple[tuple[int, int], tuple[int, int]]
    out_hw: tuple[int, int]


def _aligned_width(count: int) -> int:
    """``count`` rounded up to an odd multiple of 16 float32 (64 bytes, a cache line).

    The GEMM reads the im2col rows as parallel streams; with a row stride that is an odd number of cache lines
    they fall into different cache sets instead of aliasing (a stride of 2 or 4 KiB multiples thrashes L1).
    """
    lines = -(-count // 16)
    return 16 * (lines + 1 - lines % 2)


def _blocks(ho: int, wo: int, bytes_per_position: int, budget: int):
    """``(r0, rows, j0, cols)`` blocks of output positions: whole rows when one fits the budget, else runs of
    one row (a very wide image with a deep kernel), so scratch memory never grows with the image."""
    per_row = bytes_per_position * wo
    if per_row <= budget:
        rows = max(1, min(ho, budget // per_row))
        for r0 in range(0, ho, rows):
            yield r0, min(rows, ho - r0), 0, wo
        return
    run = max(1, budget // bytes_per_position)
    for r0 in range(ho):
        for j0 in range(0, wo, run):
            yield r0, 1, j0, min(run, wo - j0)


def _fill_band(band: np.ndarray, src: np.ndarray, i0: int, need: int, left: int, planar: bool) -> None:
    """Copy input rows ``i0 … i0 + need − 1`` of ``src`` (H, W, C) into ``band`` at column ``left`` (casting
    to float32); rows outside the image become zeros (the padding). Padding columns of ``band`` stay zero."""
    view = band.transpose(1, 2, 0) if planar else band  # (rows, width, C) either way
    h, wd = src.shape[:2]
    lo, hi = max(0, i0), min(h, i0 + need)
    if lo > i0:
        view[: lo - i0] = 0.0
    if hi < i0 + need:
        view[max(0, hi - i0) : need] = 0.0
    if hi > lo:
        np.copyto(view[lo - i0 : hi - i0, left : left + wd], src[lo:hi], casting="unsafe")


def _band_width(wd: int, geo: Geometry, kw: int) -> int:
    (_, _), (left, _) = geo.pads
    return max(left + wd, (geo.out_hw[1] - 1) * geo.stride[1] + (kw - 1) * geo.dilation[1] + 1)


def _check(cancel: Callable[[], bool] | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled


def conv_planar(xb, w, bias, groups: int, geo: Geometry, result: np.ndarray, cancel) -> None:
    """Transposed im2col from a planar band: cols[(ch, a, b), (i, j)] = band[ch, i·s_h + a·d_h, j·s_w + b·d_w]."""
    n, h, wd, c = xb.shape
    f, kh, kw, cg = w.shape
    (sh, sw), (dh, dw) = geo.stride, geo.dilation
    (top, _), (left, _) = geo.pads
    ho, wo = geo.out_hw
    depth = c * kh * kw
    fused_bias = bias is not None and groups == 1
    rows_total = depth + 1 if fused_bias else depth
    blocks = list(_blocks(ho, wo, 4 * rows_total, PLANAR_BLOCK_BYTES))
    max_rows = max(b[1] for b in blocks)
    max_positions = max(b[1] * b[3] for b in blocks)
    band_rows = (max_rows - 1) * sh + (kh - 1) * dh + 1
    band = np.zeros((c, band_rows, _band_width(wd, geo, kw)), dtype=np.float32)  # padding columns stay zero
    cols_buf = np.empty((rows_total, _aligned_width(max_positions)), dtype=np.float32)
    if groups == 1:
        wmat = np.empty((rows_total, f), dtype=np.float32)
        wmat[:depth] = w.transpose(3, 1, 2, 0).reshape(depth, f)
        if fused_bias:
            wmat[depth] = bias
            cols_buf[depth] = 1.0
    else:
        fg, dg = f // groups, cg * kh * kw
        wmat = w.reshape(groups, fg, kh, kw, cg).transpose(0, 4, 2, 3, 1).reshape(groups, dg, fg)
    bs0, bs1, bs2 = band.strides
    for img in range(n):
        flat_out = result[img].reshape(ho * wo, f)
        band_at = None  # (r0) the band holds the rows for output row r0 (runs of one row share its band)
        for r0, rows, j0, cols_n in blocks:
            _check(cancel)
            need = (rows - 1) * sh + (kh - 1) * dh + 1
            if band_at != r0:
                _fill_band(band, xb[img], r0 * sh - top, need, left, planar=True)
                band_at = r0
            positions = rows * cols_n
            cols = cols_buf[:, :positions]
            windows = as_strided(
                band[:, :, j0 * sw :],
                shape=(c, kh, kw, rows, cols_n),
                strides=(bs0, bs1 * dh, bs2 * dw, bs1 * sh, bs2 * sw),
                writeable=False,
            )
            np.copyto(cols[:depth].reshape(c, kh, kw, rows, cols_n), windows)
            start = r0 * wo + j0
            target = flat_out[start : start + positions]
            if groups == 1:
                np.matmul(cols.T, wmat, out=target)
            else:
                g_cols = cols.reshape(groups, dg, positions).transpose(0, 2, 1)  # (G, P, dg)
                g_out = target.reshape(positions, groups, fg).transpose(1, 0, 2)  # (G, P, fg), a view
                np.matmul(g_cols, wmat, out=g_out)
                if bias is not None:
                    target += bias


def conv_runs(xb, w, bias, geo: Geometry, result: np.ndarray, cancel) -> None:
    """Row-major im2col by contiguous runs, then ``cols (P, K + 1) @ wmat (K + 1, F)`` into the output.

    cols[(i, j), (a, b, ch)] = band[i·s_h + a·d_h, j·s_w + b·d_w, ch]; without horizontal dilation the K_w·C
    floats of one kernel row are adjacent in the channels-last band and go as one element.
    """
    n, h, wd, c = xb.shape
    f, kh, kw, _ = w.shape
    (sh, sw), (dh, dw) = geo.stride, geo.dilation
    (top, _), (left, _) = geo.pads
    ho, wo = geo.out_hw
    depth = kh * kw * c
    width = _aligned_width(depth + 1)  # + the column of ones that carries the bias
    blocks = list(_blocks(ho, wo, 4 * width, RUNS_BLOCK_BYTES))
    max_rows = max(b[1] for b in blocks)
    max_positions = max(b[1] * b[3] for b in blocks)
    band = np.zeros(((max_rows - 1) * sh + (kh - 1) * dh + 1, _band_width(wd, geo, kw), c), dtype=np.float32)
    cols_buf = np.empty((max_positions, width), dtype=np.float32)
    wmat = np.empty((depth + 1, f), dtype=np.float32)
    wmat[:depth] = w.reshape(f, depth).T
    wmat[depth] = 0.0 if bias is None else bias
    cols_buf[:, depth] = 1.0
    cols_buf[:, depth + 1 :] = 0.0  # never read by the product; kept finite
    rs, ps = band.strides[0], band.strides[1]
    run = kw * c if dw == 1 else c  # floats per opaque element
    elem = np.dtype((np.void, 4 * run))
    for img in range(n):
        flat_out = result[img].reshape(ho * wo, f)
        band_at = None
        for r0, rows, j0, cols_n in blocks:
            _check(cancel)
            need = (rows - 1) * sh + (kh - 1) * dh + 1
            if band_at != r0:
                _fill_band(band, xb[img], r0 * sh - top, need, left, planar=False)
                band_at = r0
            positions = rows * cols_n
            offset = j0 * sw * ps
            if dw == 1:
                shape, src_strides = (rows, cols_n, kh), (sh * rs, sw * ps, dh * rs)
                dst_strides = (4 * width * cols_n, 4 * width, 4 * run)
            else:
                shape, src_strides = (rows, cols_n, kh, kw), (sh * rs, sw * ps, dh * rs, dw * ps)
                dst_strides = (4 * width * cols_n, 4 * width, 4 * kw * c, 4 * c)
            src = np.ndarray(shape, dtype=elem, buffer=band, offset=offset, strides=src_strides)
            np.copyto(np.ndarray(shape, dtype=elem, buffer=cols_buf, strides=dst_strides), src)
            start = r0 * wo + j0
            np.matmul(cols_buf[:positions, : depth + 1], wmat, out=flat_out[start : start + positions])


def conv_depthwise(xb, w, bias, geo: Geometry, result: np.ndarray, cancel) -> None:
    """groups = C, F = m·C: out[i, j, ch·m + k] = Σ_ab band[i·s_h + a·d_h, j·s_w + b·d_w, ch] · w[ch·m + k, a, b].

    With stride 1 horizontally and m = 1 each tap is one multiply-add over whole rows (a row of W_out·C floats
    against the tap's weights tiled along the row); einsum fuses the product into the accumulation.
    """
    n, h, wd, c = xb.shape
    f, kh, kw, _ = w.shape
    m = f // c
    (sh, sw), (dh, dw) = geo.stride, geo.dilation
    (top, _), (left, _) = geo.pads
    ho, wo = geo.out_hw
    bw = _band_width(wd, geo, kw)
    row_bytes = 4 * bw * c
    # band rows for a block: budgeted, but at least the kernel's reach (a huge row still takes one block row)
    rows = max(1, min(ho, (DEPTHWISE_BAND_BYTES // row_bytes - (kh - 1) * dh - 1) // sh + 1))
    band = np.zeros(((rows - 1) * sh + (kh - 1) * dh + 1, bw, c), dtype=np.float32)
    rs, ps = band.strides[0], band.strides[1]
    taps = w.reshape(c, m, kh, kw).transpose(2, 3, 0, 1)  # (K_h, K_w, C, m)
    # each tap's weights tiled along a whole output row, when that table stays small
    flat = sw == 1 and m == 1 and 4 * kh * kw * wo * c <= DEPTHWISE_BAND_BYTES
    if flat:  # (K_h, K_w, W_out·C)
        wts = np.ascontiguousarray(np.broadcast_to(taps[:, :, None, :, 0], (kh, kw, wo, c))).reshape(kh, kw, wo * c)
        bias_row = None if bias is None else np.tile(bias, wo)
    else:
        wts = np.ascontiguousarray(taps)
    for img in range(n):
        for r0 in range(0, ho, rows):
            _check(cancel)
            r = min(rows, ho - r0)
            _fill_band(band, xb[img], r0 * sh - top, (r - 1) * sh + (kh - 1) * dh + 1, left, planar=False)
            target = result[img, r0 : r0 + r]
            if flat:
                view = as_strided(band, shape=(kh, kw, r, wo * c), strides=(dh * rs, dw * ps, sh * rs, 4),
                                  writeable=False)
                out2 = target.reshape(r, wo * c)
                np.einsum("abij,abj->ij", view, wts, out=out2)
                if bias_row is not None:
                    out2 += bias_row
            else:
                view = as_strided(band, shape=(kh, kw, r, wo, c), strides=(dh * rs, dw * ps, sh * rs, sw * ps, 4),
                                  writeable=False)
                np.einsum("abijc,abcm->ijcm", view, wts, out=target.reshape(r, wo, c, m))
                if bias is not None:
                    target += bias
