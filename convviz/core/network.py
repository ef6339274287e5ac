"""A network: an input shape, a stack of layer specs and their weights; validation and forward()."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from . import ops
from .budget import DEFAULT_MEMORY_LIMIT, check_request
from .errors import ConvvizError
from .kernels import derive_seed, init_weights
from .layers import (
    Activation,
    Conv2D,
    Dense,
    Flatten,
    GlobalAvgPool,
    LayerInfo,
    LayerSpec,
    Pool2D,
    Shape,
    Softmax,
    fmt_shape,
    infer_shapes,
    where,
)


@dataclass(frozen=True)
class LayerWeights:
    """Weights ``(F, K_h, K_w, C_in/groups)`` and bias ``(F,)`` (None without bias) of one conv layer; of a dense
    layer, ``(units, inputs)`` and ``(units,)``."""

    weight: np.ndarray
    bias: np.ndarray | None


@dataclass(frozen=True, eq=False)
class Network:
    """Input shape + layer specs + weights keyed by layer uid. Build it with :func:`build_network`."""

    input_shape: Shape
    layers: tuple[LayerSpec, ...]
    weights: Mapping[str, LayerWeights] = field(default_factory=dict)
    infos: tuple[LayerInfo, ...] = ()

    def weights_of(self, index: int) -> LayerWeights | None:
        return self.weights.get(self.layers[index].uid)

    @property
    def total_params(self) -> int:
        return sum(i.params for i in self.infos)

    @property
    def total_macs(self) -> int:
        return sum(i.macs for i in self.infos)

    @property
    def output_shape(self) -> Shape:
        return self.infos[-1].output_shape if self.infos else self.input_shape


#: The default budget of a whole request (see :mod:`convviz.core.budget`); kept under its old name.
MAX_ACTIVATION_BYTES = DEFAULT_MEMORY_LIMIT


def check_activation_memory(infos: list[LayerInfo] | tuple[LayerInfo, ...], layers,
                            limit: int | None = None, input_shape: Shape | None = None) -> None:
    """Refuse, before any compute, a stack whose request (input, weights, outputs, temporaries) would not fit
    the memory budget."""
    if input_shape is None:
        if not infos:
            return
        input_shape = infos[0].input_shape
    check_request(input_shape, infos, layers, limit)


def weight_shape(spec: Conv2D | Dense, in_shape: Shape) -> tuple[int, ...]:
    """The weight array's shape of a conv or dense layer on an ``in_shape`` input."""
    if isinstance(spec, Dense):
        return (spec.units, in_shape[0] * in_shape[1] * in_shape[2])
    kh, kw = spec.kernel_size
    return (spec.filters, kh, kw, in_shape[2] // spec.groups)


def has_weights(spec: LayerSpec) -> bool:
    return isinstance(spec, (Conv2D, Dense))


def check_weights(index: int, spec: Conv2D | Dense, in_channels: int | Shape, w: np.ndarray,
                  b: np.ndarray | None) -> None:
    """Raise :class:`ConvvizError` unless (w, b) has the layer's shapes and only finite values (``in_channels``:
    the input's depth, or for a dense layer its whole shape)."""
    if isinstance(spec, Dense):
        expected = weight_shape(spec, in_channels)  # type: ignore[arg-type]
        n_out = spec.units
    else:
        cin = in_channels if isinstance(in_channels, int) else in_channels[2]
        expected = weight_shape(spec, (1, 1, cin))
        n_out = spec.filters
    name = where(index, spec)
    if tuple(w.shape) != expected:
        raise ConvvizError("weights_shape", index, where=name, key=f"weight.{index}", shape=fmt_shape(w.shape),
                           expected=fmt_shape(expected))
    if not np.all(np.isfinite(w)):
        raise ConvvizError("weights_not_finite", index, where=name, key=f"weight.{index}")
    if spec.bias:
        if b is None:
            return
        if tuple(b.shape) != (n_out,):
            raise ConvvizError("weights_shape", index, where=name, key=f"bias.{index}", shape=fmt_shape(b.shape),
                               expected=str(n_out))
        if not np.all(np.isfinite(b)):
            raise ConvvizError("weights_not_finite", index, where=name, key=f"bias.{index}")
    elif b is not None:
        raise ConvvizError("weights_unexpected", index, where=name, key=f"bias.{index}", detail="no bias")


def build_network(
    input_shape: Shape,
    layers: list[LayerSpec] | tuple[LayerSpec, ...],
    weights: Mapping[str, LayerWeights] | None = None,
    *,
    seed: int = 0,
) -> Network:
    """Validate the stack and give every conv layer weights.

    Weights already held for a layer (by uid) are kept when they still fit. When only the number of filters
    changed, the existing filters are kept and new ones are initialised (removed ones drop from the end); any
    other change of the weight shape re-initialises the layer. Layers without weights are initialised from
    their own seed, or one derived from ``seed`` and their position. A stack whose whole request does not fit
    the memory budget is refused first. Raises :class:`ConvvizError`.
    """
    layers = tuple(layers)
    input_shape = tuple(int(v) for v in input_shape)  # type: ignore[assignment]
    infos = infer_shapes(input_shape, layers)
    check_request(input_shape, infos, layers)  # before a single weight is made
    old = dict(weights or {})
    new: dict[str, LayerWeights] = {}
    for i, (spec, info) in enumerate(zip(layers, infos, strict=True)):
        if isinstance(spec, Dense):
            new[spec.uid] = _reconcile_dense(i, spec, info.input_shape, old.get(spec.uid), seed)
        if not isinstance(spec, Conv2D):
            continue
        cin = info.input_shape[2]
        held = old.get(spec.uid)
        new[spec.uid] = _reconcile(i, spec, cin, held, seed)
    return Network(input_shape, layers, new, tuple(infos))


def _reconcile(index: int, spec: Conv2D, cin: int, held: LayerWeights | None, seed: int) -> LayerWeights:
    kh, kw = spec.kernel_size
    expected = (spec.filters, kh, kw, cin // spec.groups)
    if held is not None:
        w, b = held.weight, held.bias
        if w.shape == expected:
            if spec.bias and b is None:
                b = np.zeros(spec.filters, dtype=np.float32)
            elif not spec.bias:
                b = None
            check_weights(index, spec, cin, w, b)
            return LayerWeights(w, b)
        if w.shape[1:] == expected[1:]:  # only F changed: keep the filters that remain
            fresh_w, fresh_b = init_weights(spec, cin, derive_seed(seed, index))
            keep = min(w.shape[0], spec.filters)
            fresh_w[:keep] = w[:keep]
            if fresh_b is not None and b is not None:
                fresh_b[:keep] = b[:keep]
            return LayerWeights(fresh_w, fresh_b)
    w, b = init_weights(spec, cin, derive_seed(seed, index))
    return LayerWeights(w, b)


def _reconcile_dense(index: int, spec: Dense, in_shape: Shape, held: LayerWeights | None,
                     seed: int) -> LayerWeights:
    expected = weight_shape(spec, in_shape)
    if held is not None and held.weight.shape == expected:
        b = held.bias
        if spec.bias and b is None:
            b = np.zeros(spec.units, dtype=np.float32)
        elif not spec.bias:
            b = None
        check_weights(index, spec, in_shape, held.weight, b)
        return LayerWeights(held.weight, b)
    return LayerWeights(*init_dense(spec, in_shape, derive_seed(seed, index)))


def init_dense(spec: Dense, in_shape: Shape, seed: int) -> tuple[np.ndarray, np.ndarray | None]:
    """He (normal, √(2/in)), Xavier (uniform ±√(6/(in+out)), the default) or uniform (±1/√in); zero biases."""
    rng = np.random.default_rng(spec.init.seed if spec.init.seed is not None else seed)
    n_out, n_in = weight_shape(spec, in_shape)
    if spec.init.scheme == "he":
        w = rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)
    else:
        limit = np.sqrt(6.0 / (n_in + n_out)) if spec.init.scheme == "xavier" else 1.0 / np.sqrt(n_in)
        w = rng.uniform(-limit, limit, (n_out, n_in))
    return w.astype(np.float32), (np.zeros(n_out, np.float32) if spec.bias else None)


def with_weights(net: Network, index: int, weight: np.ndarray, bias: np.ndarray | None) -> Network:
    """A copy of ``net`` with new weights for conv layer ``index`` (checked)."""
    spec = net.layers[index]
    if not has_weights(spec):
        raise ConvvizError("weights_unexpected", index, where=where(index, spec), key=f"weight.{index}",
                           detail="no weights")
    w = np.asarray(weight, dtype=np.float32)
    b = None if bias is None else np.asarray(bias, dtype=np.float32)
    check_weights(index, spec, net.infos[index].input_shape, w, b)
    weights = dict(net.weights)
    weights[spec.uid] = LayerWeights(w, b)
    return Network(net.input_shape, net.layers, weights, net.infos)


def run_layer(spec: LayerSpec, lw: LayerWeights | None, x: np.ndarray,
              cancel: Callable[[], bool] | None = None, out: np.ndarray | None = None) -> np.ndarray:
    """One layer on one tensor or a batch; ``cancel`` may stop a long convolution (raises ops.Cancelled). ``out``,
    a C-contiguous float32 array of the output's shape, receives a conv, activation or pool layer's result (the
    worker's reused buffers, see :mod:`convviz.core.buffers`); head layers ignore it."""
    if isinstance(spec, Conv2D):
        assert lw is not None
        return ops.conv2d(x, lw.weight, lw.bias, stride=spec.stride, padding=spec.padding,
                          dilation=spec.dilation, groups=spec.groups, cancel=cancel, out=out)
    if isinstance(spec, Activation):
        return ops.apply_activation(spec.kind, x, spec.slope, out=out)
    if isinstance(spec, Pool2D):
        weights = None if spec.weights is None else np.asarray(spec.weights, dtype=np.float32)
        return ops.pool2d(x, spec.size, spec.effective_stride, mode=spec.mode, weights=weights,
                          padding=spec.padding, out=out)
    return run_head_layer(spec, lw, x)


def run_head_layer(spec: LayerSpec, lw: LayerWeights | None, x: np.ndarray) -> np.ndarray:
    """flatten, global average pooling, dense and softmax on ``(H, W, C)`` or ``(N, H, W, C)``; the output of
    each is ``(1, 1, K)`` per image."""
    x = np.asarray(x, dtype=np.float32)
    batched = x.ndim == 4
    xb = x if batched else x[None]
    n = xb.shape[0]
    if isinstance(spec, Flatten):
        out = xb.reshape(n, 1, 1, -1).copy()
    elif isinstance(spec, GlobalAvgPool):
        out = xb.mean(axis=(1, 2), keepdims=True, dtype=np.float32)
    elif isinstance(spec, Dense):
        assert lw is not None
        out = xb.reshape(n, -1) @ lw.weight.T
        if lw.bias is not None:
            out += lw.bias
        out = out.reshape(n, 1, 1, -1)
    elif isinstance(spec, Softmax):
        e = np.exp(xb - xb.max(axis=-1, keepdims=True))
        out = e / e.sum(axis=-1, keepdims=True)
    else:
        raise TypeError(f"not a layer spec: {spec!r}")
    out = out.astype(np.float32, copy=False)
    return out if batched else out[0]


def check_input(net: Network, x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    shape = x.shape[-3:] if x.ndim in (3, 4) else x.shape
    if x.ndim not in (3, 4) or tuple(shape) != tuple(net.input_shape):
        raise ConvvizError("input_shape_mismatch", None, path="input", shape=fmt_shape(x.shape),
                           expected=fmt_shape(net.input_shape))
    if not np.all(np.isfinite(x)):
        raise ConvvizError("input_not_finite", None)
    return x


def iter_forward(net: Network, x: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """Yield ``(index, output of layer index)`` as each layer finishes (so views can fill in progressively)."""
    out = check_input(net, x)
    for i, spec in enumerate(net.layers):
        out = run_layer(spec, net.weights.get(spec.uid), out)
        yield i, out


def forward(net: Network, x: np.ndarray) -> list[np.ndarray]:
    """The output of every layer, in order; ``x`` is ``(H, W, C)`` or a batch ``(N, H, W, C)``."""
    return [out for _, out in iter_forward(net, x)]


def shapes_only(input_shape: Shape, layers: list[LayerSpec] | tuple[LayerSpec, ...]) -> Network:
    """A network that holds its arithmetic and no weights: for counting (`convviz summary`), whatever its size."""
    input_shape = tuple(int(v) for v in input_shape)  # type: ignore[assignment]
    return Network(input_shape, tuple(layers), {}, tuple(infer_shapes(input_shape, layers)))
