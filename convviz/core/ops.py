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

from .conv_paths import Cancelled, Geometry, conv_depthwise, conv_planar, conv_runs
from .pool_paths import pool_bands

IntPair = int | Sequence[int]
Padding = int | Sequence[int] | str

#: From this many input channels on, the run-copy im2col beats the planar one (runs of ≥ 8 floats).
RUNS_MIN_CHANNELS = 8

__all__ = [
    "Cancelled",
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

    How (see :mod:`convviz.core.conv_paths`): a block of output rows at a time, the input rows it needs are
    copied into a small zero-padded band (where the padding and the cast to float32 happen: there is no padded
    copy of the whole input), unfolded into an im2col block and multiplied with the weights by one BLAS product
    that writes straight into the output, the bias folded in as a column of ones. Few channels (C < 8) and
    grouped convolutions use a planar band and a transposed im2col; C ≥ 8 copies the channels-last band's
    contiguous runs; depthwise convolutions (groups = C) skip the GEMM for one fused multiply-add pass per
    kernel tap. Memory beyond the output is a few cache-sized buffers.
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

    result = _out_buffer(out, (n, ho, wo, f), batched, xb)

    geo = Geometry((sh, sw), (dh, dw), pads, (ho, wo))
    if groups == 1 and c >= RUNS_MIN_CHANNELS:
        conv_runs(xb, w, bias, geo, result, cancel)
    elif groups == c and groups > 1:
        conv_depthwise(xb, w, bias, geo, result, cancel)
    else:
        conv_planar(xb, w, bias, groups, geo, result, cancel)
    return result if batched else result[0]


def _out_buffer(out: np.ndarray | None, shape: tuple[int, int, int, int], batched: bool,
                xb: np.ndarray) -> np.ndarray:
    """The ``(N, H, W, C)`` array to write a result into: ``out`` checked (C-contiguous float32 of the result's
    shape, not overlapping the input, which is read while the output is written), else a new one."""
    if out is None:
        return np.empty(shape, dtype=np.float32)
    expected = shape if batched else shape[1:]
    if out.shape != expected or out.dtype != np.float32 or not out.flags.c_contiguous:
        raise ValueError(f"out must be a C-contiguous float32 array of shape {expected}")
    if np.may_share_memory(out, xb):
        raise ValueError("out must not overlap the input (the output is written while the input is read)")
    return out.reshape(shape)


# --- activations -----------------------------------------------------------------------------------------


def relu(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    return np.maximum(x, np.float32(0), dtype=np.float32, out=out)


def leaky_relu(x: np.ndarray, slope: float = 0.01, out: np.ndarray | None = None) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    out = np.multiply(x, np.float32(slope), dtype=np.float32, out=out)
    np.copyto(out, x, where=x > 0)  # NaN stays NaN·slope = NaN, as in PyTorch
    return out


def tanh(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    return np.tanh(np.asarray(x, dtype=np.float32), out=out)


def sigmoid(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    # 0.5·(1 + tanh(x/2)) never overflows, unlike 1 / (1 + exp(−x)).
    x = np.asarray(x, dtype=np.float32)
    out = np.multiply(np.float32(0.5), x, dtype=np.float32, out=out)
    np.tanh(out, out=out)
    out += np.float32(1)
    out *= np.float32(0.5)
    return out


def identity(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    if out is None:
        return np.array(x, dtype=np.float32, copy=True)
    np.copyto(out, x)
    return out


ACTIVATIONS = {"relu": relu, "leaky_relu": leaky_relu, "tanh": tanh, "sigmoid": sigmoid, "identity": identity}


def apply_activation(kind: str, x: np.ndarray, slope: float = 0.01, out: np.ndarray | None = None) -> np.ndarray:
    """One element-wise activation; ``out`` (float32, ``x``'s shape) receives the result when given."""
    if kind == "leaky_relu":
        return leaky_relu(x, slope, out=out)
    try:
        fn = ACTIVATIONS[kind]
    except KeyError:
        raise ValueError(f"unknown activation {kind!r}") from None
    return fn(x, out=out)


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

    The Gaussian is centred on the window's centre *cell* ``((K_h−1)//2, (K_w−1)//2)``: the neuron whose output
    the pool replaces by a weighted statistic of its neighbours. For odd windows that is the geometric centre; an
    even window (2 × 2) has no centre cell, and a Gaussian centred between cells would be uniform — exactly the
    average — so the upper-left of the four middle cells is taken (2 × 2: ≈ 0.78, 0.11, 0.11, 0.01).
    """
    kh, kw = pair(size, "size")
    if sigma is None:
        sigma = 0.25 * max(kh, kw)
    yy = np.arange(kh, dtype=np.float64) - (kh - 1) // 2
    xx = np.arange(kw, dtype=np.float64) - (kw - 1) // 2
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
    out: np.ndarray | None = None,
) -> np.ndarray | PoolResult:
    """Pool each map independently: ``mode`` is ``"max"``, ``"avg"`` or ``"weighted"``.

    Output sizes use floor. Padding follows PyTorch: max pooling pads with −∞; average pooling counts the zero
    padding in its divisor; weighted pooling pads with zeros. ``weights`` (K_h × K_w, normalised to sum 1) apply
    to ``"weighted"``; by default a Gaussian. With ``return_argmax`` a :class:`PoolResult` is returned. ``out``
    may be given (without ``return_argmax``) to reuse a C-contiguous float32 buffer of exactly the output shape.
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

    if out is not None and return_argmax:
        raise ValueError("out cannot be combined with return_argmax")
    argmax = None
    if mode == "max" and return_argmax:
        # every window offset over the −∞-padded input, remembering which offset won (the view needs the argmax)
        xp = _pad(xb, ((ph, ph), (pw, pw)), -np.inf)
        span_h, span_w = sh * (ho - 1) + 1, sw * (wo - 1) + 1

        def grid(a: int, bb: int) -> np.ndarray:  # the window offset (a, bb) of every output position at once
            return xp[:, a : a + span_h : sh, bb : bb + span_w : sw, :]

        offsets = [(a, bb) for a in range(kh) for bb in range(kw)]  # row-major: the first maximum wins ties
        result = grid(0, 0).copy()
        best = np.zeros(result.shape, dtype=np.int32)  # flat window offset a·kw + bb of the current best
        for a, bb in offsets[1:]:
            g = grid(a, bb)
            better = g > result  # strict, so an equal later value does not take over
            best[better] = a * kw + bb
            np.maximum(result, g, out=result)
        oy = (np.arange(ho) * sh - ph)[None, :, None, None]
        ox = (np.arange(wo) * sw - pw)[None, None, :, None]
        argmax = np.stack([oy + best // kw, ox + best % kw], axis=-1).astype(np.int64)
    else:
        # separable passes over bands (see pool_paths), no padded copy of the input
        wts = None
        if mode == "weighted":
            wts = gaussian_pool_weights((kh, kw)) if weights is None else np.asarray(weights, dtype=np.float32)
            if wts.shape != (kh, kw):
                raise ValueError(f"pool weights must have shape ({kh}, {kw}), got {wts.shape}")
            if not np.all(np.isfinite(wts)) or abs(float(wts.sum())) < 1e-12:
                raise ValueError("pool weights must be finite and must not sum to zero")
            wts = (wts / wts.sum()).astype(np.float32)
        result = _out_buffer(out, (n, ho, wo, c), batched, xb)
        pool_bands(xb, (kh, kw), (sh, sw), (ph, pw), mode, wts, result)
    if not batched:
        result = result[0]
        if argmax is not None:
            argmax = argmax[0]
    if return_argmax:
        return PoolResult(result, argmax)
    return result
