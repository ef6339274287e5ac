"""Forward with caches and backward passes of every layer type, on a batch N × H × W × C, in any float dtype.

The engine's :mod:`convviz.core.ops` computes float32 only and keeps no intermediates; training needs both the
windows each output read (for the weight gradient) and float64 for gradient checks, so the training forward lives
here: convolution is an im2col (a strided view of the padded batch, copied once) and one matrix product per group,
its backward the two transposed products and a col2im that adds each kernel tap's slice — a loop over the K_h·K_w
taps, never over images or positions. Pooling mirrors the engine: max padding is −∞ and ties go to the first
maximum in row-major order; average pooling counts the zero padding; weighted pooling normalises its weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..core.layers import Activation, Conv2D, Dense, Flatten, GlobalAvgPool, LayerSpec, Pool2D, Softmax
from ..core.ops import gaussian_pool_weights, resolve_padding

__all__ = ["Params", "layer_forward", "layer_backward", "forward_batch", "backward_batch", "cross_entropy"]

#: per layer: (weight, bias) for conv and dense layers (bias may be None), None for the others
Params = list[tuple[np.ndarray, np.ndarray | None] | None]


@dataclass
class _Cache:
    x_shape: tuple[int, ...]
    data: Any = None


def _windows(xp: np.ndarray, k: tuple[int, int], s: tuple[int, int], d: tuple[int, int],
             out_hw: tuple[int, int]) -> np.ndarray:
    """A read-only view (N, H_out, W_out, K_h, K_w, C) of every window of the padded batch."""
    n, _, _, c = xp.shape
    sn, sh, sw, sc = xp.strides
    return as_strided(xp, (n, out_hw[0], out_hw[1], k[0], k[1], c),
                      (sn, sh * s[0], sw * s[1], sh * d[0], sw * d[1], sc), writeable=False)


def _pad(x: np.ndarray, pads, value: float = 0.0) -> np.ndarray:
    (t, b), (left, r) = pads
    if t == b == left == r == 0:
        return x
    return np.pad(x, ((0, 0), (t, b), (left, r), (0, 0)), constant_values=value)


def _tap_slices(k, s, d, out_hw):
    """(a, b, rows, cols) for every kernel tap: the padded-input positions that tap reads for all outputs."""
    for a in range(k[0]):
        for b in range(k[1]):
            yield a, b, slice(a * d[0], a * d[0] + s[0] * (out_hw[0] - 1) + 1, s[0]), \
                slice(b * d[1], b * d[1] + s[1] * (out_hw[1] - 1) + 1, s[1])


def _conv_forward(spec: Conv2D, w: np.ndarray, b: np.ndarray | None, x: np.ndarray):
    n, h, wd, c = x.shape
    f, kh, kw, cg = w.shape
    pads = resolve_padding(spec.padding, (kh, kw), spec.dilation)
    (sh, sw), (dh, dw) = spec.stride, spec.dilation
    ho = (h + sum(pads[0]) - dh * (kh - 1) - 1) // sh + 1
    wo = (wd + sum(pads[1]) - dw * (kw - 1) - 1) // sw + 1
    xp = _pad(x, pads)
    win = _windows(xp, (kh, kw), (sh, sw), (dh, dw), (ho, wo))
    g = spec.groups
    fg = f // g
    out = np.empty((n, ho, wo, f), dtype=x.dtype)
    cols = []
    for gi in range(g):  # groups are few; each is one matrix product over the whole batch
        col = win[..., gi * cg:(gi + 1) * cg].reshape(n * ho * wo, kh * kw * cg)
        cols.append(col)
        wmat = w[gi * fg:(gi + 1) * fg].reshape(fg, -1).T
        if g == 1:  # straight into the output
            np.matmul(col, wmat, out=out.reshape(n * ho * wo, f))
        else:
            out[..., gi * fg:(gi + 1) * fg] = (col @ wmat).reshape(n, ho, wo, fg)
    if b is not None:
        out += b
    return out, (cols, xp.shape, pads, (ho, wo))


def _conv_backward(spec: Conv2D, w: np.ndarray, b, cache, dy: np.ndarray, x_shape, need_dx: bool = True):
    cols, xp_shape, pads, (ho, wo) = cache
    f, kh, kw, cg = w.shape
    g = spec.groups
    fg = f // g
    n = dy.shape[0]
    dw_ = np.empty_like(w)
    dxp = np.zeros(xp_shape, dtype=dy.dtype) if need_dx else None
    for gi in range(g):
        dyg = dy[..., gi * fg:(gi + 1) * fg].reshape(n * ho * wo, fg)
        wg = w[gi * fg:(gi + 1) * fg]
        dw_[gi * fg:(gi + 1) * fg] = (dyg.T @ cols[gi]).reshape(fg, kh, kw, cg)
        if dxp is None:
            continue
        # col2im a tap at a time: one small product gives that tap's contribution to every input position
        for a, bb, rows, cs in _tap_slices((kh, kw), spec.stride, spec.dilation, (ho, wo)):
            dxp[:, rows, cs, gi * cg:(gi + 1) * cg] += (dyg @ wg[:, a, bb, :]).reshape(n, ho, wo, cg)
    # the bias gradient as a product with ones: a BLAS pass instead of a slow reduction over short rows
    db = np.ones(n * ho * wo, dtype=dy.dtype) @ dy.reshape(n * ho * wo, f) if b is not None else None
    if dxp is None:  # the first layer: nobody needs the gradient of the input
        return None, (dw_, db)
    (t, _), (left, _) = pads
    dx = dxp[:, t:t + x_shape[1], left:left + x_shape[2]]
    return dx, (dw_, db)


def _pool_weights(spec: Pool2D, dtype) -> np.ndarray:
    kh, kw = spec.size
    if spec.mode == "avg":
        return np.full((kh, kw), 1.0 / (kh * kw), dtype=dtype)
    wts = gaussian_pool_weights((kh, kw)) if spec.weights is None else np.asarray(spec.weights, np.float64)
    return (wts / wts.sum()).astype(dtype)


def _pool_forward(spec: Pool2D, x: np.ndarray):
    n, h, wd, c = x.shape
    k, s, p = spec.size, spec.effective_stride, spec.padding
    ho = (h + 2 * p[0] - k[0]) // s[0] + 1
    wo = (wd + 2 * p[1] - k[1]) // s[1] + 1
    pads = ((p[0], p[0]), (p[1], p[1]))
    if spec.mode == "max":
        # a tap at a time over strided views (no copy of the windows): the first maximum in row-major order wins,
        # as in the engine, because only a strictly greater value takes over
        xp = _pad(x, pads, -np.inf)
        taps = _tap_slices(k, s, (1, 1), (ho, wo))
        _, _, rows, cs = next(taps)
        out = xp[:, rows, cs].copy()
        arg = np.zeros(out.shape, dtype=np.int16 if k[0] * k[1] < 2**15 else np.int32)
        for a, bb, rows, cs in taps:
            tap = xp[:, rows, cs]
            np.copyto(arg, a * k[1] + bb, where=tap > out)
            np.maximum(out, tap, out=out)
        return out, (arg, xp.shape, pads, (ho, wo), None)
    wts = _pool_weights(spec, x.dtype)
    xp = _pad(x, pads)
    out = np.zeros((n, ho, wo, c), dtype=x.dtype)
    for a, bb, rows, cs in _tap_slices(k, s, (1, 1), (ho, wo)):
        out += wts[a, bb] * xp[:, rows, cs]
    return out, (None, xp.shape, pads, (ho, wo), wts)


def _pool_backward(spec: Pool2D, cache, dy: np.ndarray, x_shape):
    arg, xp_shape, pads, out_hw, wts = cache
    k, s = spec.size, spec.effective_stride
    dxp = np.zeros(xp_shape, dtype=dy.dtype)
    disjoint = s[0] >= k[0] and s[1] >= k[1]  # every input position in at most one window: write, not add
    for a, bb, rows, cs in _tap_slices(k, s, (1, 1), out_hw):
        if arg is not None and disjoint:
            np.multiply(dy, arg == a * k[1] + bb, out=dxp[:, rows, cs])
        elif arg is not None:
            dxp[:, rows, cs] += np.where(arg == a * k[1] + bb, dy, 0)
        else:
            dxp[:, rows, cs] += wts[a, bb] * dy
    (t, _), (left, _) = pads
    return dxp[:, t:t + x_shape[1], left:left + x_shape[2]]


def _activation(kind: str, slope: float, x: np.ndarray) -> np.ndarray:
    if kind == "relu":
        return np.maximum(x, 0)
    if kind == "leaky_relu":
        return np.where(x > 0, x, x * slope)
    if kind == "tanh":
        return np.tanh(x)
    if kind == "sigmoid":
        return 0.5 * (1 + np.tanh(0.5 * x))
    return x.copy()


def _activation_grad(kind: str, slope: float, x: np.ndarray, y: np.ndarray, dy: np.ndarray) -> np.ndarray:
    if kind == "relu":
        return dy * (x > 0)
    if kind == "leaky_relu":
        return np.where(x > 0, dy, dy * slope)
    if kind == "tanh":
        return dy * (1 - y * y)
    if kind == "sigmoid":
        return dy * y * (1 - y)
    return dy


def layer_forward(spec: LayerSpec, p, x: np.ndarray):
    """(output, cache) of one layer on a batch."""
    if isinstance(spec, Conv2D):
        return _conv_forward(spec, p[0], p[1], x)
    if isinstance(spec, Activation):
        y = _activation(spec.kind, spec.slope, x).astype(x.dtype, copy=False)
        return y, (x, y)
    if isinstance(spec, Pool2D):
        return _pool_forward(spec, x)
    n = x.shape[0]
    if isinstance(spec, Flatten):
        return x.reshape(n, 1, 1, -1), None
    if isinstance(spec, GlobalAvgPool):
        return x.mean(axis=(1, 2), keepdims=True), None
    if isinstance(spec, Dense):
        flat = x.reshape(n, -1)
        y = flat @ p[0].T
        if p[1] is not None:
            y += p[1]
        return y.reshape(n, 1, 1, -1), flat
    if isinstance(spec, Softmax):
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        y = e / e.sum(axis=-1, keepdims=True)
        return y, y
    raise TypeError(f"not a layer spec: {spec!r}")


def layer_backward(spec: LayerSpec, p, cache, dy: np.ndarray, x_shape: tuple[int, ...], need_dx: bool = True):
    """(dL/dx, (dL/dw, dL/db) or None) of one layer, given dL/dy (a conv layer skips dL/dx without need_dx)."""
    if isinstance(spec, Conv2D):
        return _conv_backward(spec, p[0], p[1], cache, dy, x_shape, need_dx)
    if isinstance(spec, Activation):
        x, y = cache
        return _activation_grad(spec.kind, spec.slope, x, y, dy), None
    if isinstance(spec, Pool2D):
        return _pool_backward(spec, cache, dy, x_shape), None
    n = dy.shape[0]
    if isinstance(spec, Flatten):
        return dy.reshape(x_shape), None
    if isinstance(spec, GlobalAvgPool):
        return np.broadcast_to(dy / (x_shape[1] * x_shape[2]), x_shape).copy(), None
    if isinstance(spec, Dense):
        d2 = dy.reshape(n, -1)
        dw_ = d2.T @ cache
        db = d2.sum(axis=0) if p[1] is not None else None
        return (d2 @ p[0]).reshape(x_shape), (dw_, db)
    if isinstance(spec, Softmax):
        y = cache
        return y * (dy - (dy * y).sum(axis=-1, keepdims=True)), None
    raise TypeError(f"not a layer spec: {spec!r}")


def forward_batch(layers, params: Params, x: np.ndarray):
    """Every layer on a batch; returns (output, caches) for :func:`backward_batch`."""
    caches = []
    for spec, p in zip(layers, params, strict=True):
        y, cache = layer_forward(spec, p, x)
        caches.append((x.shape, cache))
        x = y
    return x, caches


def backward_batch(layers, params: Params, caches, dy: np.ndarray, need_dx: bool = True):
    """dL/dinput (None without ``need_dx`` when the first layer is a conv) and the gradients of every layer's
    parameters (None for layers without)."""
    grads: list = [None] * len(layers)
    for i in range(len(layers) - 1, -1, -1):
        x_shape, cache = caches[i]
        dy, grads[i] = layer_backward(layers[i], params[i], cache, dy, x_shape, need_dx or i > 0)
    return dy, grads


def cross_entropy(logits: np.ndarray, y: np.ndarray, count: int | None = None) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of softmax(logits) against integer labels, and its gradient w.r.t. the logits — of the
    mean over ``count`` images (default: these), so that the gradients of the parts of a batch add up to the
    whole batch's."""
    n = logits.shape[0]
    z = logits.reshape(n, -1)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    s = e.sum(axis=1, keepdims=True)
    loss = float(np.mean(np.log(s[:, 0]) - z[np.arange(n), y]))
    d = e / s
    d[np.arange(n), y] -= 1
    return loss, (d / (n if count is None else count)).reshape(logits.shape)
