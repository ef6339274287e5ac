"""Frozen layer specs and their arithmetic.

A spec holds hyperparameters only; weights live in the network, keyed by the spec's ``uid``, which survives
``dataclasses.replace`` so that a layer keeps its weights when it is edited, moved, inserted around or removed.
:func:`describe` computes what the lecture counts — output shape, parameters (weights + biases), neurons
(output units H_out·W_out·F), multiply-accumulates, receptive field — and validates the layer against its input.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .errors import ConvvizError, show_value
from .ops import conv_output_size, pair, resolve_padding

Pair = tuple[int, int]
Shape = tuple[int, int, int]

ACTIVATION_KINDS = ("relu", "leaky_relu", "tanh", "sigmoid", "identity")
POOL_MODES = ("max", "avg", "weighted")
INIT_SCHEMES = ("he", "xavier", "uniform")

_counter = itertools.count()


def new_uid() -> str:
    """A process-unique, human-readable identity for a layer."""
    return f"L{next(_counter)}-{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True)
class InitSpec:
    """How a conv layer's weights start: a seeded scheme, or a named teaching preset."""

    scheme: str = "he"
    seed: int | None = None
    preset: str | None = None

    def to_dict(self) -> dict:
        if self.preset is not None:
            return {"preset": self.preset}
        out: dict = {"scheme": self.scheme}
        if self.seed is not None:
            out["seed"] = self.seed
        return out


@dataclass(frozen=True)
class Conv2D:
    filters: int = 6
    kernel_size: Pair = (3, 3)
    stride: Pair = (1, 1)
    padding: Pair | Literal["same", "valid"] = (0, 0)
    dilation: Pair = (1, 1)
    groups: int = 1
    bias: bool = True
    init: InitSpec = field(default_factory=InitSpec)
    uid: str = field(default_factory=new_uid)

    type = "conv"

    def __post_init__(self) -> None:
        # accept 3 or [3, 3] as well as (3, 3), so that describe() and the network always see pairs
        for key in ("kernel_size", "stride", "dilation"):
            object.__setattr__(self, key, _as_pair(getattr(self, key)))
        if not isinstance(self.padding, str):
            object.__setattr__(self, "padding", _as_pair(self.padding))

    def label(self) -> str:
        kh, kw = self.kernel_size
        return f"conv {self.filters}@{kh}×{kw}"


@dataclass(frozen=True)
class Activation:
    kind: str = "relu"
    slope: float = 0.01
    uid: str = field(default_factory=new_uid)

    @property
    def type(self) -> str:
        return self.kind

    def label(self) -> str:
        names = {"relu": "ReLU", "leaky_relu": f"leaky ReLU {self.slope:g}", "tanh": "tanh", "sigmoid": "sigmoid",
                 "identity": "identity"}
        return names.get(self.kind, self.kind)


@dataclass(frozen=True)
class Pool2D:
    mode: str = "max"
    size: Pair = (2, 2)
    stride: Pair | None = None
    padding: Pair = (0, 0)
    #: weights for the "weighted" mode (rows of floats); None means a Gaussian window
    weights: tuple[tuple[float, ...], ...] | None = None
    uid: str = field(default_factory=new_uid)

    type = "pool"

    def __post_init__(self) -> None:
        for key in ("size", "padding"):
            object.__setattr__(self, key, _as_pair(getattr(self, key)))
        if self.stride is not None:
            object.__setattr__(self, "stride", _as_pair(self.stride))

    @property
    def effective_stride(self) -> Pair:
        return self.stride if self.stride is not None else self.size

    def label(self) -> str:
        names = {"max": "max pool", "avg": "avg pool", "weighted": "weighted avg pool"}
        kh, kw = self.size
        return f"{names.get(self.mode, self.mode)} {kh}×{kw}"


@dataclass(frozen=True)
class Flatten:
    """H × W × C → 1 × 1 × (H·W·C), read in C order (h, then w, then c)."""

    uid: str = field(default_factory=new_uid)

    type = "flatten"

    def label(self) -> str:
        return "flatten"


@dataclass(frozen=True)
class GlobalAvgPool:
    """H × W × C → 1 × 1 × C: the mean of every map."""

    uid: str = field(default_factory=new_uid)

    type = "global_avg_pool"

    def label(self) -> str:
        return "global avg pool"


@dataclass(frozen=True)
class Dense:
    """A fully connected layer: weight ``(units, inputs)``, bias ``(units,)``; its input is read flattened in C
    order, its output stored as 1 × 1 × units."""

    units: int = 10
    bias: bool = True
    init: InitSpec = field(default_factory=lambda: InitSpec(scheme="xavier"))
    uid: str = field(default_factory=new_uid)

    type = "dense"

    def label(self) -> str:
        return f"dense {self.units}"


@dataclass(frozen=True)
class Softmax:
    """exp(x) / Σ exp(x) over the channels of each position (on a 1 × 1 × N stage: the class probabilities)."""

    uid: str = field(default_factory=new_uid)

    type = "softmax"

    def label(self) -> str:
        return "softmax"


#: the classifier head's layers (issue 12): their stages are 1 × 1 × N, so every shape stays H × W × C
HEAD_LAYERS = (Flatten, GlobalAvgPool, Dense, Softmax)

LayerSpec = Conv2D | Activation | Pool2D | Flatten | GlobalAvgPool | Dense | Softmax


def _as_pair(value):
    """3 → (3, 3), [2, 3] → (2, 3); anything else is left for describe() to reject."""
    try:
        return pair(value)
    except TypeError:
        return value


@dataclass(frozen=True)
class LayerInfo:
    """Arithmetic of one layer on its input."""

    index: int
    type: str
    input_shape: Shape
    output_shape: Shape
    weights: int
    biases: int
    macs: int
    receptive_field: Pair
    receptive_field_jump: Pair
    #: a fully connected layer with the same inputs and outputs: inputs·outputs + outputs (conv layers only)
    fc_params: int | None

    @property
    def params(self) -> int:
        return self.weights + self.biases

    @property
    def neurons(self) -> int:
        h, w, c = self.output_shape
        return h * w * c

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "type": self.type,
            "output_shape": list(self.output_shape),
            "params": self.params,
            "weights": self.weights,
            "biases": self.biases,
            "neurons": self.neurons,
            "macs": self.macs,
            "receptive_field": list(self.receptive_field),
            "receptive_field_jump": list(self.receptive_field_jump),
            "fc_params": self.fc_params,
        }


def fmt_shape(shape: tuple[int, ...]) -> str:
    return "×".join(str(s) for s in shape)


def lecture_name(layers: Sequence[LayerSpec], index: int) -> str:
    """The lecture's name of a layer: its type counted from 1 within that type ("conv2", "pool1", "relu1")."""
    kind = layers[index].type
    return f"{kind}{sum(1 for spec in layers[:index + 1] if spec.type == kind)}"


def where(index: int, spec: LayerSpec) -> str:
    """"layer 4 (conv, kernel 5×5)" — how messages name a layer."""
    if isinstance(spec, Conv2D):
        kh, kw = spec.kernel_size
        return f"layer {index} (conv, kernel {kh}×{kw})"
    if isinstance(spec, Pool2D):
        kh, kw = spec.size
        return f"layer {index} ({spec.mode} pool, window {kh}×{kw})"
    if isinstance(spec, Dense):
        return f"layer {index} (dense, {spec.units} units)"
    return f"layer {index} ({spec.type})"


def _check_positive(index: int, spec: LayerSpec, key: str, value: Pair | int, minimum: int = 1) -> None:
    values = value if isinstance(value, tuple) else (value,)
    if any(v < minimum for v in values):
        expected = "a positive integer" if minimum == 1 else f"an integer ≥ {minimum}"
        raise ConvvizError("bad_value", index, where=where(index, spec), key=key, expected=expected,
                           value=_show(value))


def _show(value: object) -> str:
    return show_value(value)


def describe(
    index: int, spec: LayerSpec, in_shape: Shape, rf_in: Pair = (1, 1), jump_in: Pair = (1, 1)
) -> LayerInfo:
    """Validate ``spec`` on an ``in_shape`` input and compute its arithmetic; raises :class:`ConvvizError`."""
    h, w, c = in_shape
    name = where(index, spec)
    if isinstance(spec, Conv2D):
        _check_positive(index, spec, "filters", spec.filters)
        _check_positive(index, spec, "kernel_size", spec.kernel_size)
        _check_positive(index, spec, "stride", spec.stride)
        _check_positive(index, spec, "dilation", spec.dilation)
        _check_positive(index, spec, "groups", spec.groups)
        if isinstance(spec.padding, str):
            if spec.padding not in ("same", "valid"):
                raise ConvvizError("bad_value", index, where=name, key="padding",
                                   expected='an integer, a pair, "same" or "valid"', value=spec.padding)
        else:
            _check_positive(index, spec, "padding", spec.padding, minimum=0)
        if spec.padding == "same" and spec.stride != (1, 1):
            raise ConvvizError("same_needs_stride_1", index, where=name, stride=_show(spec.stride))
        if c % spec.groups or spec.filters % spec.groups:
            raise ConvvizError("groups_mismatch", index, where=name, groups=spec.groups, channels=c,
                               filters=spec.filters)
        kh, kw = spec.kernel_size
        (pt, pb), (pl, pr) = resolve_padding(spec.padding, spec.kernel_size, spec.dilation)
        dh, dw = spec.dilation
        ho = conv_output_size(h, kh, spec.stride[0], pt + pb, dh)
        wo = conv_output_size(w, kw, spec.stride[1], pl + pr, dw)
        if ho < 1 or wo < 1:
            ext = (dh * (kh - 1) + 1, dw * (kw - 1) + 1)
            need = max(0, -(-(ext[0] - h) // 2), -(-(ext[1] - w) // 2))
            raise ConvvizError("kernel_too_large", index, where=name, in_shape=fmt_shape(in_shape),
                               extent=fmt_shape(ext), padded=fmt_shape((h + pt + pb, w + pl + pr)),
                               min_padding=need)
        out_shape = (ho, wo, spec.filters)
        cin_g = c // spec.groups
        weights = spec.filters * kh * kw * cin_g
        biases = spec.filters if spec.bias else 0
        macs = ho * wo * spec.filters * kh * kw * cin_g
        ext = (dh * (kh - 1) + 1, dw * (kw - 1) + 1)
        rf = (rf_in[0] + (ext[0] - 1) * jump_in[0], rf_in[1] + (ext[1] - 1) * jump_in[1])
        jump = (jump_in[0] * spec.stride[0], jump_in[1] * spec.stride[1])
        n_in, n_out = h * w * c, ho * wo * spec.filters
        return LayerInfo(index, "conv", in_shape, out_shape, weights, biases, macs, rf, jump,
                         fc_params=n_in * n_out + n_out)
    if isinstance(spec, Pool2D):
        if spec.mode not in POOL_MODES:
            raise ConvvizError("bad_value", index, where=name, key="mode", expected=" or ".join(POOL_MODES),
                               value=spec.mode)
        _check_positive(index, spec, "size", spec.size)
        stride = spec.effective_stride
        _check_positive(index, spec, "stride", stride)
        _check_positive(index, spec, "padding", spec.padding, minimum=0)
        kh, kw = spec.size
        ph, pw = spec.padding
        if ph > kh // 2 or pw > kw // 2:
            raise ConvvizError("pool_padding_too_large", index, where=name, padding=_show(spec.padding),
                               size=fmt_shape(spec.size))
        if spec.weights is not None:
            rows = spec.weights
            if len(rows) != kh or any(len(r) != kw for r in rows):
                raise ConvvizError("bad_value", index, where=name, key="weights",
                                   expected=f"a {kh}×{kw} grid of numbers", value=_show_grid(rows))
            total = sum(sum(r) for r in rows)
            if not all(_finite32(v) for r in rows for v in r) or not _finite32(total) or abs(total) < 1e-12:
                raise ConvvizError("bad_value", index, where=name, key="weights",
                                   expected="finite numbers that do not sum to zero", value=_show_grid(rows))
        ho = conv_output_size(h, kh, stride[0], 2 * ph)
        wo = conv_output_size(w, kw, stride[1], 2 * pw)
        if ho < 1 or wo < 1:
            raise ConvvizError("pool_too_large", index, where=name, in_shape=fmt_shape(in_shape),
                               size=fmt_shape(spec.size), padded=fmt_shape((h + 2 * ph, w + 2 * pw)))
        rf = (rf_in[0] + (kh - 1) * jump_in[0], rf_in[1] + (kw - 1) * jump_in[1])
        jump = (jump_in[0] * stride[0], jump_in[1] * stride[1])
        return LayerInfo(index, "pool", in_shape, (ho, wo, c), 0, 0, 0, rf, jump, None)
    if isinstance(spec, Activation):
        if spec.kind not in ACTIVATION_KINDS:
            raise ConvvizError("unknown_type", index, where=f"layer {index}", value=spec.kind,
                               allowed=", ".join(ACTIVATION_KINDS))
        if spec.kind == "leaky_relu" and not (_finite32(spec.slope)):
            raise ConvvizError("bad_value", index, where=name, key="slope", expected="a finite number",
                               value=spec.slope)
        return LayerInfo(index, spec.kind, in_shape, in_shape, 0, 0, 0, rf_in, jump_in, None)
    if isinstance(spec, (Flatten, GlobalAvgPool, Dense)):
        # every output reads the whole input: the receptive field grows by the input's extent
        rf = (rf_in[0] + (h - 1) * jump_in[0], rf_in[1] + (w - 1) * jump_in[1])
        jump = (jump_in[0] * h, jump_in[1] * w)
        if isinstance(spec, Flatten):
            return LayerInfo(index, "flatten", in_shape, (1, 1, h * w * c), 0, 0, 0, rf, jump, None)
        if isinstance(spec, GlobalAvgPool):
            return LayerInfo(index, "global_avg_pool", in_shape, (1, 1, c), 0, 0, 0, rf, jump, None)
        _check_positive(index, spec, "units", spec.units)
        n_in = h * w * c
        return LayerInfo(index, "dense", in_shape, (1, 1, spec.units), spec.units * n_in,
                         spec.units if spec.bias else 0, spec.units * n_in, rf, jump, None)
    if isinstance(spec, Softmax):
        return LayerInfo(index, "softmax", in_shape, in_shape, 0, 0, 0, rf_in, jump_in, None)
    raise TypeError(f"not a layer spec: {spec!r}")


def _finite(v: float) -> bool:
    return v == v and v not in (float("inf"), float("-inf"))


def _finite32(v: float) -> bool:
    """Finite once the engine holds it as float32 (1e308 is a finite float64 but infinite in float32)."""
    return _finite(v) and abs(v) <= 3.4e38


def _show_grid(rows) -> str:
    return show_value([[float(v) for v in r] for r in rows])


def iter_infos(input_shape: Shape, layers: tuple[LayerSpec, ...] | list[LayerSpec]) -> Iterator[LayerInfo]:
    """Each layer's arithmetic in order; the first impossible layer raises, naming itself."""
    h, w, c = input_shape
    if h < 1 or w < 1 or c < 1:
        raise ConvvizError("empty_input", None, shape=fmt_shape(input_shape))
    shape, rf, jump = tuple(input_shape), (1, 1), (1, 1)
    for i, spec in enumerate(layers):
        info = describe(i, spec, shape, rf, jump)
        yield info
        shape, rf, jump = info.output_shape, info.receptive_field, info.receptive_field_jump


def infer_shapes(input_shape: Shape, layers: tuple[LayerSpec, ...] | list[LayerSpec]) -> list[LayerInfo]:
    """Validate a whole stack before any compute; the first impossible layer raises, naming itself."""
    return list(iter_infos(input_shape, layers))
