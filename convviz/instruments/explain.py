"""The breakdown of one unit: the numbers behind one value of a conv, pool or activation stage.

Every value called ``y`` is the engine's own stage value (never a re-added sum): a sum re-added here in another
order may differ from the engine's in the last float32 bits (≤ 1e-5 relative to Σ|products| + |b|).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..core.layers import Activation, Conv2D, Pool2D
from ..core.network import Network
from ..core.ops import gaussian_pool_weights
from ._common import check_unit, engine_stages, stage_input
from .geometry import WindowGeometry, window_geometry


@dataclass(frozen=True, eq=False)
class ConvUnit:
    """``y = Σ_c Σ_{i,j} inputs[i, j, c]·kernel[i, j, c] + bias`` for filter ``channel`` at output ``at``."""

    layer: int
    channel: int
    at: tuple[int, int]
    #: (K_h,) and (K_w,) int: the input rows/columns the taps read (outside 0…H−1 / 0…W−1: padding)
    rows: np.ndarray
    cols: np.ndarray
    #: (n,) int: the input channels this filter reads (n = C_in/groups), by their real index
    input_channels: np.ndarray
    #: (K_h, K_w, n) float32: the values the products use (0 in the padding)
    inputs: np.ndarray
    #: (K_h, K_w, n) float32: the filter's weights
    kernel: np.ndarray
    #: (K_h, K_w, n) float32: inputs · kernel
    products: np.ndarray
    #: (K_h, K_w) bool: True where the tap falls in the padding
    padding: np.ndarray
    #: (n,) float64: Σ of the products of each input channel
    per_channel_sums: np.ndarray
    #: None for a conv without bias
    bias: float | None
    #: the engine's stage value (pre-activation)
    y: float
    #: the next layer's value at this unit when that layer is an element-wise activation, else None
    activated: float | None
    #: that activation's kind ("relu", …) or None
    activation: str | None

    type = "conv"

    @property
    def resummed(self) -> float:
        """Σ per-channel sums + bias, re-added here (float64); equals ``y`` within float32 rounding."""
        return float(self.per_channel_sums.sum()) + (self.bias or 0.0)

    @property
    def scale(self) -> float:
        """Σ|products| + |b|: the size against which the re-added sum's rounding is judged."""
        return float(np.abs(self.products.astype(np.float64)).sum()) + abs(self.bias or 0.0)

    def to_dict(self) -> dict:
        """The JSON of `convviz explain --json`."""
        return {
            "layer": self.layer, "type": "conv", "channel": self.channel, "at": list(self.at),
            "rows": self.rows.tolist(), "cols": self.cols.tolist(), "input_channels": self.input_channels.tolist(),
            "inputs": _floats(self.inputs), "kernel": _floats(self.kernel), "products": _floats(self.products),
            "padding": self.padding.tolist(), "per_channel_sums": _floats(self.per_channel_sums),
            "bias": self.bias, "y": self.y, "activated": self.activated,
        }


@dataclass(frozen=True, eq=False)
class PoolUnit:
    """One pooled value: the window on input map ``channel``, what it picks or averages, and the result."""

    layer: int
    channel: int
    at: tuple[int, int]
    mode: str  # "max", "avg" or "weighted"
    rows: np.ndarray
    cols: np.ndarray
    #: (K_h, K_w) float32: the input values (0 in padding cells; see ``padding``)
    inputs: np.ndarray
    #: (K_h, K_w) bool
    padding: np.ndarray
    #: (K_h, K_w) float32 normalised weights for "avg" and "weighted" (padding cells included, as the engine
    #: counts them), None for max
    weights: np.ndarray | None
    #: (row, col) in input coordinates of the first maximum in row-major order (max only)
    argmax: tuple[int, int] | None
    #: the engine's stage value
    y: float

    type = "pool"

    def to_dict(self) -> dict:
        inputs = [[None if pad else float(v) for v, pad in zip(row, prow, strict=True)]
                  for row, prow in zip(self.inputs, self.padding, strict=True)]
        return {
            "layer": self.layer, "type": "pool", "channel": self.channel, "at": list(self.at),
            "rows": self.rows.tolist(), "cols": self.cols.tolist(), "inputs": inputs,
            "padding": self.padding.tolist(),
            "weights": None if self.weights is None else _floats(self.weights),
            "argmax": None if self.argmax is None else list(self.argmax), "y": self.y,
        }


@dataclass(frozen=True)
class ActivationUnit:
    """``y = f(x)`` at one unit of an element-wise activation."""

    layer: int
    type: str  # the activation's kind: "relu", "leaky_relu", "tanh", "sigmoid", "identity"
    channel: int
    at: tuple[int, int]
    x: float
    y: float

    def to_dict(self) -> dict:
        return {"layer": self.layer, "type": self.type, "channel": self.channel, "at": list(self.at),
                "x": self.x, "y": self.y}


Unit = ConvUnit | PoolUnit | ActivationUnit


def _floats(a: np.ndarray) -> list:
    return np.asarray(a, dtype=np.float64).tolist()


def explain(net: Network, x: np.ndarray, layer: int, channel: int, at: tuple[int, int],
            stages: Sequence[np.ndarray] | None = None) -> Unit:
    """The breakdown of unit (``channel``, ``at`` = (y, x)) of layer ``layer`` for input ``x``.

    ``stages`` are the engine's outputs of every layer for ``x`` (``core.forward``); computed when None.
    Raises :class:`~convviz.instruments.InstrumentError` naming the valid range for a bad address.
    """
    check_unit(net, layer, channel, at)
    at = (int(at[0]), int(at[1]))
    stages = engine_stages(net, x, stages)
    spec = net.layers[layer]
    src = stage_input(x, stages, layer)
    y = float(stages[layer][at[0], at[1], channel])
    if isinstance(spec, Conv2D):
        return _conv_unit(net, layer, channel, at, src, stages, y)
    if isinstance(spec, Pool2D):
        return _pool_unit(spec, window_geometry(net, layer), channel, at, src, y)
    assert isinstance(spec, Activation)
    return ActivationUnit(layer, spec.kind, channel, at, float(src[at[0], at[1], channel]), y)


def _window(geo: WindowGeometry, src: np.ndarray, at: tuple[int, int], channels: np.ndarray) -> tuple:
    """rows, cols, padding mask and the (K_h, K_w, n) window of ``channels`` (0 in the padding)."""
    rows, cols = geo.rows(at[0]), geo.cols(at[1])
    pad = geo.padding_mask(*at)
    h, w = geo.input_size
    values = src[np.clip(rows, 0, h - 1)[:, None], np.clip(cols, 0, w - 1)[None, :]][:, :, channels]
    values = np.where(pad[:, :, None], np.float32(0), values).astype(np.float32)
    return rows, cols, pad, values


def _conv_unit(net: Network, layer: int, f: int, at, src, stages, y: float) -> ConvUnit:
    spec = net.layers[layer]
    lw = net.weights_of(layer)
    geo = window_geometry(net, layer)
    n = lw.weight.shape[3]  # C_in / groups
    group = f // (spec.filters // spec.groups)
    channels = np.arange(group * n, (group + 1) * n)
    rows, cols, pad, inputs = _window(geo, src, at, channels)
    kernel = np.asarray(lw.weight[f], dtype=np.float32)
    products = np.where(pad[:, :, None], np.float32(0), inputs * kernel).astype(np.float32)
    sums = products.astype(np.float64).sum(axis=(0, 1))
    bias = None if lw.bias is None else float(lw.bias[f])
    activated = kind = None
    if layer + 1 < len(net.layers) and isinstance(net.layers[layer + 1], Activation):
        activated = float(stages[layer + 1][at[0], at[1], f])
        kind = net.layers[layer + 1].kind
    return ConvUnit(layer, f, at, rows, cols, channels, inputs, kernel.copy(), products, pad, sums, bias, y,
                    activated, kind)


def pool_weights(spec: Pool2D) -> np.ndarray | None:
    """The normalised (K_h, K_w) weights the engine uses for average and weighted pooling; None for max."""
    kh, kw = spec.size
    if spec.mode == "max":
        return None
    if spec.mode == "avg":
        return np.full((kh, kw), 1.0 / (kh * kw), dtype=np.float32)
    w = gaussian_pool_weights((kh, kw)) if spec.weights is None else np.asarray(spec.weights, dtype=np.float32)
    return (w / w.sum()).astype(np.float32)


def _pool_unit(spec: Pool2D, geo: WindowGeometry, c: int, at, src, y: float) -> PoolUnit:
    rows, cols, pad, values = _window(geo, src, at, np.array([c]))
    values = values[:, :, 0]
    argmax = None
    if spec.mode == "max":
        # the first maximum in row-major order among real cells (the engine pads max pooling with −∞)
        masked = np.where(pad, -np.inf, values)
        i, j = np.unravel_index(int(np.argmax(masked)), masked.shape)
        argmax = (int(rows[i]), int(cols[j]))
    return PoolUnit(geo.layer, c, at, spec.mode, rows, cols, values, pad, pool_weights(spec), argmax, y)
