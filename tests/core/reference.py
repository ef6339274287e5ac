"""Naive reference implementations, written independently of ``convviz.core.ops``.

Plain Python loops in float64 straight from the definitions, with no padded copy of the input: a tap that falls
outside the image reads the padding value. They are slow on purpose; the tests keep their shapes small.

Conventions: tensors ``(H, W, C)`` or ``(N, H, W, C)``, kernels ``(F, K_h, K_w, C_in / groups)``,
cross-correlation, output size ``floor((H + P_total − D·(K − 1) − 1) / S) + 1``.
"""

from __future__ import annotations

import math

import numpy as np


def _two(v) -> tuple[int, int]:
    if isinstance(v, int):
        return v, v
    a, b = v
    return int(a), int(b)


def ref_padding(padding, kernel: tuple[int, int], dilation: tuple[int, int]) -> tuple[int, int, int, int]:
    """``(top, bottom, left, right)``; "same" puts the odd extra row/column at the bottom/right."""
    if padding == "valid":
        return 0, 0, 0, 0
    if padding == "same":
        th = dilation[0] * (kernel[0] - 1)
        tw = dilation[1] * (kernel[1] - 1)
        return th // 2, th - th // 2, tw // 2, tw - tw // 2
    ph, pw = _two(padding)
    return ph, ph, pw, pw


def ref_out_size(size: int, k: int, s: int, pad_total: int, d: int) -> int:
    return math.floor((size + pad_total - d * (k - 1) - 1) / s) + 1


def ref_conv2d(x, w, b=None, *, stride=1, padding=0, dilation=1, groups=1) -> np.ndarray:
    """Cross-correlation, one multiply-add at a time, float64."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 4:
        return np.stack(
            [ref_conv2d(img, w, b, stride=stride, padding=padding, dilation=dilation, groups=groups) for img in x]
        )
    w = np.asarray(w, dtype=np.float64)
    h, wd, c = x.shape
    f, kh, kw, cg = w.shape
    assert c % groups == 0 and f % groups == 0 and cg == c // groups
    sh, sw = _two(stride)
    dh, dw = _two(dilation)
    top, bottom, left, right = ref_padding(padding, (kh, kw), (dh, dw))
    ho = ref_out_size(h, kh, sh, top + bottom, dh)
    wo = ref_out_size(wd, kw, sw, left + right, dw)
    assert ho >= 1 and wo >= 1
    fg = f // groups
    out = np.zeros((ho, wo, f), dtype=np.float64)
    for i in range(ho):
        for j in range(wo):
            for o in range(f):
                g = o // fg
                acc = 0.0 if b is None else float(b[o])
                for a in range(kh):
                    y = i * sh + a * dh - top
                    if y < 0 or y >= h:
                        continue
                    for bb in range(kw):
                        xx = j * sw + bb * dw - left
                        if xx < 0 or xx >= wd:
                            continue
                        for ci in range(cg):
                            acc += x[y, xx, g * cg + ci] * w[o, a, bb, ci]
                out[i, j, o] = acc
    return out


def ref_pool2d(x, size, stride=None, *, mode="max", weights=None, padding=0):
    """Pooling, one window at a time, float64. Returns ``(output, argmax)``; argmax is None unless mode is max.

    Max pads with −∞ and keeps the first maximum in row-major order; avg divides by the full window size (the
    zero padding counts); weighted uses ``weights / weights.sum()`` with zero padding.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 4:
        outs = [ref_pool2d(img, size, stride, mode=mode, weights=weights, padding=padding) for img in x]
        out = np.stack([o for o, _ in outs])
        arg = None if mode != "max" else np.stack([a for _, a in outs])
        return out, arg
    kh, kw = _two(size)
    sh, sw = _two(stride if stride is not None else size)
    ph, pw = _two(padding)
    h, wd, c = x.shape
    ho = ref_out_size(h, kh, sh, 2 * ph, 1)
    wo = ref_out_size(wd, kw, sw, 2 * pw, 1)
    if mode == "weighted":
        wts = np.asarray(weights, dtype=np.float64)
        wts = wts / wts.sum()
    elif mode == "avg":
        wts = np.full((kh, kw), 1.0 / (kh * kw))
    out = np.zeros((ho, wo, c), dtype=np.float64)
    arg = np.zeros((ho, wo, c, 2), dtype=np.int64) if mode == "max" else None
    for i in range(ho):
        for j in range(wo):
            for ch in range(c):
                best, best_pos, acc = -math.inf, None, 0.0
                for a in range(kh):
                    for bb in range(kw):
                        y = i * sh + a - ph
                        xx = j * sw + bb - pw
                        inside = 0 <= y < h and 0 <= xx < wd
                        if mode == "max":
                            v = x[y, xx, ch] if inside else -math.inf
                            if best_pos is None or v > best:
                                best, best_pos = v, (y, xx)
                        elif inside:
                            acc += wts[a, bb] * x[y, xx, ch]
                if mode == "max":
                    out[i, j, ch] = best
                    arg[i, j, ch] = best_pos
                else:
                    out[i, j, ch] = acc
    return out, arg


def _ref_sigmoid(v: float) -> float:
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


def ref_activation(kind: str, x, slope: float = 0.01) -> np.ndarray:
    """Element-wise activation with Python's math module, float64."""
    fns = {
        "relu": lambda v: v if v > 0 else 0.0,
        "leaky_relu": lambda v: v if v > 0 else slope * v,
        "tanh": math.tanh,
        "sigmoid": _ref_sigmoid,
        "identity": lambda v: v,
    }
    fn = fns[kind]
    x = np.asarray(x, dtype=np.float64)
    return np.array([fn(float(v)) for v in x.ravel()], dtype=np.float64).reshape(x.shape)
