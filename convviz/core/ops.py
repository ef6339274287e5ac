"""Vectorized, channels-last float32 operations: convolution, activations, pooling.

Conventions (the lecture's): tensors are H × W × C (optionally N × H × W × C), kernels are
F_out × K_h × K_w × C_in/groups, and "convolution" is cross-correlation, as in every deep-learning framework.
No Python loop runs over pixels or output positions: convolution is a row-blocked im2col followed by one BLAS
matrix product per block, written straight into the output buffer, so memory stays bounded for large images.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import as_strided

IntPair = int | Sequence[int]
Padding = int | Sequence[int] | str

#: Budget for one im2col block; a block is a few rows of output positions times K_h·K_w·C columns.
IM2COL_BLOCK_BYTES = 2 * 1024 * 1024
#: Budget for one band of max-pooling output rows (kept in cache while every window offset passes over it).
POOL_BLOCK_BYTES = 512 * 1024

__all__ = [
    "conv2d",
    "conv_output_size",
    "resolve_padding",
    "pair",
    "relu",
    "leaky_relu",
    "tanh",
    "sigmoid",
    "identity",
    "ACTIVATIONS",
    "apply_activation",
    "pool2d",
    "PoolResult",
    "gaussian_pool_weights",
]


class Cancelled(Exception):
    """A long operation was stopped from outside (see ``cancel`` of :func:`conv2d`)."""


def pair(value: IntPair, name: str = "value") -> tuple[int, int]:
    """``3`` → ``(3, 3)``; ``[2, 3]`` → ``(2, 3)``."""
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be an int or a pair of ints, not a bool")
    if isinstance(value, (int, np.integer)):
        return int(value), int(value)
    items = tuple(value)
    if len(items) != 2 or not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in items):
        raise TypeError(f"{name} must be an int or a pair of ints, got {value!r}")
    return int(items[0]), int(items[1])


def conv_output_size(size: int, kernel: int, stride: int = 1, pad_total: int = 0, dilation: int = 1) -> int:
    """``floor((size + pad_total − dilation·(kernel − 1) − 1) / stride) + 1`` (may be ≤ 0: does not fit)."""
    return (size + pad_total - dilation * (kernel - 1) - 1) // stride + 1


def resolve_padding(
    padding: Padding, kernel: tuple[int, int], dilation: tuple[int, int] = (1, 1)
) -> tuple[tuple[int, int], tuple[int, int]]:
    """Padding as ``((top, bottom), (left, right))``.

    ``"valid"`` is no padding; ``"same"`` pads ``dilation·(K − 1)`` in total, the odd extra row or column at the
    bottom/right (as TensorFlow and PyTorch do for even kernels).
    """
    if isinstance(padding, str):
        if padding == "valid":
            return (0, 0), (0, 0)
        if padding == "same":
            out = []
            for k, d in zip(kernel, dilation, strict=True):
                total = d * (k - 1)
                out.append((total // 2, total - total // 2))
            return out[0], out[1]
        raise ValueError(f'padding must be an int, a pair, "same" or "valid", got {padding!r}')
    ph, pw = pair(padding, "padding")
    if ph < 0 or pw < 0:
        raise ValueError(f"padding must be ≥ 0, got {padding!r}")
    return (ph, ph), (pw, pw)


def _as_batch(x: np.ndarray) -> tuple[np.ndarray, bool]:
    x = np.asarray(x)
    if x.ndim == 3:
        return x[None], False
    if x.ndim == 4:
        return x, True
    raise ValueError(f"expected an (H, W, C) or (N, H, W, C) array, got shape {x.shape}")


def _pad(x: np.ndarray, pads: tuple[tuple[int, int], tuple[int, int]], value: float = 0.0) -> np.ndarray:
    (top, bottom), (left, right) = pads
    if top == bottom == left == right == 0:
        return x
    n, h, w, c = x.shape
    out = np.full((n, h + top + bottom, w + left + right, c), value, dtype=x.dtype)
    out[:, top : top + h, left : left + w, :] = x
    return out


def _aligned_width(count: int) -> int:
    """``count`` rounded up to an odd multiple of 16 float32 (64 bytes, a cache line).

    The GEMM reads the im2col rows as parallel streams; with a row stride that is an odd number of cache lines
    they fall into different cache sets instead of aliasing (a stride of 2 or 4 KiB multiples thrashes L1).
    """
    lines = -(-count // 16)
    return 16 * (lines + 1 - lines % 2)


def conv2d(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None = None,
    *,
    stride: IntPair = 1,
    padding: Padding = 0,
    dilation: IntPair = 1,
    groups: int = 1,
    out: np.ndarray | None = None,
    cancel: Callable[[], bool] | None = None,
) -> np.ndarray:
    """2-D cross-correlation of a channels-last tensor with a bank of filters.

    x: ``(H, W, C)`` or ``(N, H, W, C)`` (any layout and real dtype; read as float32); w: ``(F, K_h, K_w,
    C // groups)``; b: ``(F,)`` or None. Returns ``(H_out, W_out, F)`` (``(N, H_out, W_out, F)`` for a batch),
    float32. ``out`` may be given to reuse a buffer of exactly that shape (C-contiguous, float32). ``cancel`` is
    asked between blocks of rows; when it answers True, :class:`Cancelled` is raised (a newer request won).

    How: the output is computed a block of rows at a time. For each block, the input rows it needs are copied
    into a small zero-padded planar band ``(C, rows, W + padding)`` (this is where the padding and the cast to
    float32 happen: there is no padded copy of the whole input), the band is unfolded into a transposed im2col
    block ``(C·K_h·K_w (+1), positions)`` whose rows are long contiguous runs, and one BLAS matrix product per
    block writes straight into the output. A row of ones in the im2col block times a row of biases in the weight
    matrix adds the bias inside the same product. Memory beyond the output is two cache-sized buffers.
    """
    xb, batched = _as_batch(x)
    w = np.asarray(w, dtype=np.float32)
    if w.ndim != 4:
        raise ValueError(f"weights must be (F, K_h, K_w, C_in/groups), got shape {w.shape}")
    n, h, wd, c = xb.shape
    f, kh, kw, cg = w.shape
    if isinstance(groups, bool) or not isinstance(groups, (int, np.integer)):
        raise TypeError(f"groups must be an int, got {groups!r}")
    if groups < 1 or c % groups or f % groups:
        raise ValueError(f"groups={groups} must divide input channels {c} and filters {f}")
    if cg != c // groups:
        raise ValueError(f"weights expect {cg} input channels per group, the input has {c} / {groups} groups")
    sh, sw = pair(stride, "stride")
    dh, dw = pair(dilation, "dilation")
    if min(sh, sw, dh, dw) < 1:
        raise ValueError("stride and dilation must be ≥ 1")
    if isinstance(padding, str) and padding == "same" and (sh, sw) != (1, 1):
        raise ValueError('padding "same" needs stride 1')
    pads = resolve_padding(padding, (kh, kw), (dh, dw))
    ho = conv_output_size(h, kh, sh, sum(pads[0]), dh)
    wo = conv_output_size(wd, kw, sw, sum(pads[1]), dw)
    if ho < 1 or wo < 1:
        raise ValueError(f"kernel {kh}×{kw} (dilation {dh}×{dw}) does not fit input {h}×{wd} with padding {pads}")
    bias = None
    if b is not None:
        bias = np.asarray(b, dtype=np.float32)
        if bias.shape != (f,):
            raise ValueError(f"bias must have shape ({f},), got {bias.shape}")

    shape = (n, ho, wo, f)
    if out is None:
        result = np.empty(shape, dtype=np.float32)
    else:
        expected = shape if batched else shape[1:]
        if out.shape != expected or out.dtype != np.float32 or not out.flags.c_contiguous:
            raise ValueError(f"out must be a C-contiguous float32 array of shape {expected}")
        if np.may_share_memory(out, xb):
            raise ValueError("out must not overlap the input (the output is written while the input is read)")
        result = out.reshape(shape)

    (top, _), (left, _) = pads
    depth = c * kh * kw
    fused_bias = bias is not None and groups == 1
    rows_total = depth + 1 if fused_bias else depth
    rows_per_block = max(1, min(ho, IM2COL_BLOCK_BYTES // (4 * rows_total * wo)))
    band_rows = (rows_per_block - 1) * sh + (kh - 1) * dh + 1
    band_w = max(left + wd, (wo - 1) * sw + (kw - 1) * dw + 1)
    band = np.zeros((c, band_rows, band_w), dtype=np.float32)  # the left/right padding columns stay zero
    cols_buf = np.empty((rows_total, _aligned_width(rows_per_block * wo)), dtype=np.float32)
    # weights as (C·K_h·K_w, F) in the im2col row order (channel, kernel row, kernel column)
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
        src = xb[img]
        flat_out = result[img].reshape(ho * wo, f)
        for r0 in range(0, ho, rows_per_block):
            if cancel is not None and cancel():
                raise Cancelled
            rows = min(rows_per_block, ho - r0)
            need = (rows - 1) * sh + (kh - 1) * dh + 1  # band rows this block reads
            i0 = r0 * sh - top  # input row held by band row 0
            lo, hi = max(0, i0), min(h, i0 + need)
            if lo > i0:
                band[:, : lo - i0] = 0.0
            if hi < i0 + need:
                band[:, max(0, hi - i0) : need] = 0.0
            if hi > lo:
                np.copyto(band[:, lo - i0 : hi - i0, left : left + wd], src[lo:hi].transpose(2, 0, 1), casting="unsafe")
            positions = rows * wo
            cols = cols_buf[:, :positions]
            # cols[(ch, a, bb), (i, j)] = band[ch, i·sh + a·dh, j·sw + bb·dw]
            windows = as_strided(
                band,
                shape=(c, kh, kw, rows, wo),
                strides=(bs0, bs1 * dh, bs2 * dw, bs1 * sh, bs2 * sw),
                writeable=False,
            )
            np.copyto(cols[:depth].reshape(c, kh, kw, rows, wo), windows)
            target = flat_out[r0 * wo : r0 * wo + positions]
            if groups == 1:
                np.matmul(cols.T, wmat, out=target)
            else:
                g_cols = cols.reshape(groups, dg, positions).transpose(0, 2, 1)  # (G, P, dg)
                g_out = target.reshape(positions, groups, fg).transpose(1, 0, 2)  # (G, P, fg), a view
                np.matmul(g_cols, wmat, out=g_out)
                if bias is not None:
                    target += bias
    return result if batched else result[0]


# --- activations -----------------------------------------------------------------------------------------


def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, np.float32(0), dtype=np.float32)


def leaky_relu(x: np.ndarray, slope: float = 0.01) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    return np.where(x > 0, x, x * np.float32(slope)).astype(np.float32, copy=False)


def tanh(x: np.ndarray) -> np.ndarray:
    return np.tanh(np.asarray(x, dtype=np.float32))


def sigmoid(x: np.ndarray) -> np.ndarray:
    # 0.5·(1 + tanh(x/2)) never overflows, unlike 1 / (1 + exp(−x)).
    x = np.asarray(x, dtype=np.float32)
    return (np.float32(0.5) * (np.float32(1) + np.tanh(np.float32(0.5) * x))).astype(np.float32, copy=False)


def identity(x: np.ndarray) -> np.ndarray:
    return np.array(x, dtype=np.float32, copy=True)


ACTIVATIONS = {"relu": relu, "leaky_relu": leaky_relu, "tanh": tanh, "sigmoid": sigmoid, "identity": identity}


def apply_activation(kind: str, x: np.ndarray, slope: float = 0.01) -> np.ndarray:
    if kind == "leaky_relu":
        return leaky_relu(x, slope)
    try:
        fn = ACTIVATIONS[kind]
    except KeyError:
        raise ValueError(f"unknown activation {kind!r}") from None
    return fn(x)


# --- pooling ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolResult:
    """Pooled tensor and, for max pooling, where each maximum came from in the (unpadded) input."""

    output: np.ndarray
    #: ``(…, H_out, W_out, C, 2)`` int: (y, x) of the winning input pixel (first maximum in row-major order
    #: within the window); ``None`` unless requested.
    argmax: np.ndarray | None = None


def gaussian_pool_weights(size: IntPair, sigma: float | None = None) -> np.ndarray:
    """A normalised Gaussian K_h × K_w window. Default σ = 0.25·K so the centre clearly outweighs the corners.

    For an even window the centre lies between pixels, so a 2 × 2 Gaussian is uniform by symmetry; the weighted
    mode is most instructive with odd windows (3 × 3 and up).
    """
    kh, kw = pair(size, "size")
    if sigma is None:
        sigma = 0.25 * max(kh, kw)
    yy = np.arange(kh, dtype=np.float64) - (kh - 1) / 2
    xx = np.arange(kw, dtype=np.float64) - (kw - 1) / 2
    g = np.exp(-(yy[:, None] ** 2 + xx[None, :] ** 2) / (2 * sigma**2))
    return (g / g.sum()).astype(np.float32)


def pool2d(
    x: np.ndarray,
    size: IntPair,
    stride: IntPair | None = None,
    *,
    mode: str = "max",
    weights: np.ndarray | None = None,
    padding: IntPair = 0,
    return_argmax: bool = False,
) -> np.ndarray | PoolResult:
    """Pool each map independently: ``mode`` is ``"max"``, ``"avg"`` or ``"weighted"``.

    Output sizes use floor. Padding follows PyTorch: max pooling pads with −∞; average pooling counts the zero
    padding in its divisor; weighted pooling pads with zeros. ``weights`` (K_h × K_w, normalised to sum 1) apply
    to ``"weighted"``; by default a Gaussian. With ``return_argmax`` a :class:`PoolResult` is returned.
    """
    xb, batched = _as_batch(x)
    xb = np.asarray(xb, dtype=np.float32)
    kh, kw = pair(size, "size")
    sh, sw = pair(stride if stride is not None else (kh, kw), "stride")
    ph, pw = pair(padding, "padding")
    if min(kh, kw, sh, sw) < 1 or min(ph, pw) < 0:
        raise ValueError("pool size and stride must be ≥ 1, padding ≥ 0")
    if ph > kh // 2 or pw > kw // 2:
        raise ValueError("pool padding must be at most half the window size")
    if mode not in ("max", "avg", "weighted"):
        raise ValueError(f"unknown pooling mode {mode!r}")
    n, h, wd, c = xb.shape
    ho = conv_output_size(h, kh, sh, 2 * ph)
    wo = conv_output_size(wd, kw, sw, 2 * pw)
    if ho < 1 or wo < 1:
        raise ValueError(f"pool window {kh}×{kw} does not fit input {h}×{wd}")

    fill = -np.inf if mode == "max" else 0.0
    xp = _pad(xb, ((ph, ph), (pw, pw)), fill)
    span_h, span_w = sh * (ho - 1) + 1, sw * (wo - 1) + 1

    def grid(a: int, bb: int) -> np.ndarray:  # the window offset (a, bb) of every output position at once
        return xp[:, a : a + span_h : sh, bb : bb + span_w : sw, :]

    argmax = None
    if mode == "max":
        offsets = [(a, bb) for a in range(kh) for bb in range(kw)]  # row-major: the first maximum wins ties
        if return_argmax:
            result = grid(0, 0).copy()
            best = np.zeros(result.shape, dtype=np.int32)  # flat window offset a·kw + bb of the current best
            for a, bb in offsets[1:]:
                g = grid(a, bb)
                better = g > result  # strict, so an equal later value does not take over
                best[better] = a * kw + bb
                np.maximum(result, g, out=result)
        else:
            # Max is separable: first over the window rows (whole padded rows, long contiguous runs), then over
            # the window columns, a band of output rows at a time so the partial maxima stay in cache.
            result = np.empty((n, ho, wo, c), dtype=np.float32)
            band = max(1, POOL_BLOCK_BYTES // max(1, 4 * xp.shape[2] * c))
            vbuf = np.empty((band,) + xp.shape[2:], dtype=np.float32)
            for img in range(n):
                for r0 in range(0, ho, band):
                    r1 = min(ho, r0 + band)
                    rows = [xp[img, r0 * sh + a : (r1 - 1) * sh + a + 1 : sh] for a in range(kh)]
                    v = rows[0] if kh == 1 else vbuf[: r1 - r0]
                    if kh > 1:
                        np.maximum(rows[0], rows[1], out=v)
                        for more in rows[2:]:
                            np.maximum(v, more, out=v)
                    cols = [v[:, bb : bb + span_w : sw] for bb in range(kw)]
                    part = result[img, r0:r1]
                    if kw == 1:
                        np.copyto(part, cols[0])
                    else:
                        np.maximum(cols[0], cols[1], out=part)
                        for more in cols[2:]:
                            np.maximum(part, more, out=part)
        if return_argmax:
            oy = (np.arange(ho) * sh - ph)[None, :, None, None]
            ox = (np.arange(wo) * sw - pw)[None, None, :, None]
            argmax = np.stack([oy + best // kw, ox + best % kw], axis=-1).astype(np.int64)
    else:
        if mode == "avg":
            wts = np.full((kh, kw), 1.0 / (kh * kw), dtype=np.float32)
        else:
            wts = gaussian_pool_weights((kh, kw)) if weights is None else np.asarray(weights, dtype=np.float32)
            if wts.shape != (kh, kw):
                raise ValueError(f"pool weights must have shape ({kh}, {kw}), got {wts.shape}")
            if not np.all(np.isfinite(wts)) or abs(float(wts.sum())) < 1e-12:
                raise ValueError("pool weights must be finite and must not sum to zero")
            wts = (wts / wts.sum()).astype(np.float32)
        result = np.zeros((n, ho, wo, c), dtype=np.float32)
        for a in range(kh):
            for bb in range(kw):
                result += wts[a, bb] * grid(a, bb)
    if not batched:
        result = result[0]
        if argmax is not None:
            argmax = argmax[0]
    if return_argmax:
        return PoolResult(result, argmax)
    return result
