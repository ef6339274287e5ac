"""Kernels edited by hand: one number, the bias, a whole kernel pasted, scaled, negated, normalised or zeroed, a
preset or a fresh initialisation for one filter or the whole layer. Qt-free.

Each function takes the state and returns the new :class:`~convviz.model.StackState` (the arrays are copied,
never modified: undo keeps the old ones) or raises ValueError with a message for the user. ``channel`` None means
every input channel of the filter.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .core.kernels import init_weights, preset_weights
from .core.layers import Conv2D, InitSpec
from .core.network import LayerWeights
from .model import StackState

OPS = ("scale", "negate", "normalise", "zero")


def _layer(state: StackState, uid: str) -> tuple[Conv2D, LayerWeights, int]:
    net = state.network
    if net is None:
        raise ValueError("the stack is impossible: fix it before editing kernels")
    for i, spec in enumerate(net.layers):
        if spec.uid == uid and isinstance(spec, Conv2D):
            return spec, net.weights[uid], i
    raise ValueError("that conv layer is no longer in the stack")


def _with(state: StackState, uid: str, weight: np.ndarray, bias: np.ndarray | None) -> StackState:
    return state.with_weights(uid, LayerWeights(weight.astype(np.float32), bias))


def _target(w: np.ndarray, f: int, channel: int | None) -> tuple:
    if not 0 <= f < w.shape[0] or (channel is not None and not 0 <= channel < w.shape[3]):
        raise ValueError(f"no kernel f{f}" + ("" if channel is None else f", c{channel}"))
    return (f, slice(None), slice(None), slice(None) if channel is None else channel)


def set_cell(state: StackState, uid: str, f: int, channel: int, row: int, col: int, value: float) -> StackState:
    _spec, lw, _i = _layer(state, uid)
    if not np.isfinite(value):
        raise ValueError("a weight must be a finite number")
    w = lw.weight.copy()
    w[_target(w, f, channel)][row, col] = value
    return _with(state, uid, w, lw.bias)


def set_bias(state: StackState, uid: str, f: int, value: float) -> StackState:
    spec, lw, _i = _layer(state, uid)
    if lw.bias is None:
        raise ValueError("this layer has no bias (switch it on in the layer's editor)")
    if not np.isfinite(value):
        raise ValueError("the bias must be a finite number")
    b = lw.bias.copy()
    b[f] = value
    return _with(state, uid, lw.weight, b)


def transform(state: StackState, uid: str, f: int, channel: int | None, op: str, factor: float = 2.0) -> StackState:
    """``scale`` by ``factor``, ``negate``, ``normalise`` (divide by the sum so the weights sum to 1, or — for a
    kernel summing to zero, like Sobel — by the sum of magnitudes), ``zero``."""
    _spec, lw, _i = _layer(state, uid)
    w = lw.weight.copy()
    at = _target(w, f, channel)
    k = w[at].astype(np.float64)
    if op == "scale":
        k = k * factor
    elif op == "negate":
        k = -k
    elif op == "zero":
        k = np.zeros_like(k)
    elif op == "normalise":
        total, size = k.sum(), np.abs(k).sum()
        if size == 0:
            raise ValueError("an all-zero kernel cannot be normalised")
        k = k / total if abs(total) > 1e-6 * size else k / size
    else:
        raise ValueError(f"unknown operation {op!r}")
    if not np.all(np.isfinite(k)):
        raise ValueError("the result is not finite")
    w[at] = k
    return _with(state, uid, w, lw.bias)


def paste(state: StackState, uid: str, f: int, channel: int | None, kernel: np.ndarray) -> StackState:
    """Put a copied kernel (K_h × K_w: into one channel, or into each channel of the filter; K_h × K_w × C: the
    whole filter) in place."""
    _spec, lw, _i = _layer(state, uid)
    w = lw.weight.copy()
    at = _target(w, f, channel)
    kernel = np.asarray(kernel, dtype=np.float32)
    dest = w[at]
    if kernel.shape == dest.shape:
        w[at] = kernel
    elif kernel.ndim == 2 and dest.ndim == 3 and kernel.shape == dest.shape[:2]:
        w[at] = kernel[:, :, None]
    else:
        shape = lambda s: "×".join(map(str, s))  # noqa: E731
        raise ValueError(f"the copied kernel is {shape(kernel.shape)}; here {shape(dest.shape)} is needed")
    return _with(state, uid, w, lw.bias)


def preset_filter(state: StackState, uid: str, f: int, preset: str) -> StackState:
    """Filter ``f`` from a preset (as the layer's preset would make it: ``f`` picks from the preset's bank)."""
    spec, lw, _i = _layer(state, uid)
    w = lw.weight.copy()
    _target(w, f, None)
    fresh, _ = preset_weights(preset, spec, w.shape[3] * spec.groups)
    w[f] = fresh[f]
    bias = None if lw.bias is None else lw.bias.copy()
    if bias is not None:
        bias[f] = 0.0
    return _with(state, uid, w, bias)


def reinitialise(state: StackState, uid: str, scheme: str, seed: int, f: int | None = None) -> StackState:
    """Fresh weights from ``scheme`` with ``seed`` for the whole layer (``f`` None) or filter ``f`` alone (the
    filter takes its row of the layer that this scheme and seed would make). Biases restart at zero."""
    spec, lw, _i = _layer(state, uid)
    fresh, _ = init_weights(replace(spec, init=InitSpec(scheme=scheme, seed=seed)),
                            lw.weight.shape[3] * spec.groups, state.seed)
    w, bias = lw.weight.copy(), None if lw.bias is None else lw.bias.copy()
    if f is None:
        w = fresh
        if bias is not None:
            bias[:] = 0.0
    else:
        _target(w, f, None)
        w[f] = fresh[f]
        if bias is not None:
            bias[f] = 0.0
    return _with(state, uid, w, bias)
