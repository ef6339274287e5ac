"""The network file (JSON, written by hand) and the weights file (.npz).

```json
{"version": 1,
 "input": {"height": 8, "width": 8, "channels": 3},
 "layers": [{"type": "conv", "filters": 6, "kernel_size": 3}, {"type": "relu"},
            {"type": "pool", "mode": "max", "size": 2}]}
```
Unknown keys, wrong types and impossible values raise :class:`ConvvizError` naming the layer and the key.
Weights: ``weight.{i}`` ``(F, K_h, K_w, C_in/groups)`` and ``bias.{i}`` ``(F,)`` for the layer at index i.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import ConvvizError, show_value
from .files import atomic_write, atomic_write_bytes  # noqa: F401  (the one writer, also imported from here)
from .kernels import PRESETS
from .layers import (
    ACTIVATION_KINDS,
    INIT_SCHEMES,
    POOL_MODES,
    Activation,
    Conv2D,
    Dense,
    Flatten,
    GlobalAvgPool,
    InitSpec,
    LayerSpec,
    Pool2D,
    Shape,
    Softmax,
    fmt_shape,
    where,
)
from .network import LayerWeights, Network, check_weights, has_weights, weight_shape

FORMAT_VERSION = 1
#: the classifier head (issue 12): flatten / global_avg_pool → dense → softmax, stored as 1 × 1 × N stages
HEAD_TYPES = {"flatten": Flatten, "global_avg_pool": GlobalAvgPool, "dense": Dense, "softmax": Softmax}
LAYER_TYPES = ("conv", *ACTIVATION_KINDS, "pool", *HEAD_TYPES)

#: hyperparameters and sizes above this are refused where they are read (NumPy's index arithmetic is 64-bit;
#: the memory budget refuses anything large long before)
MAX_INT = 2**31 - 1

_CONV_KEYS = {"type", "filters", "kernel_size", "stride", "padding", "dilation", "groups", "bias", "init"}
_POOL_KEYS = {"type", "mode", "size", "stride", "padding", "weights"}
_ACT_KEYS = {"type", "slope"}


@dataclass(frozen=True)
class NetworkFile:
    """What a network file says: the input shape (None when absent) and the layers."""

    input_shape: Shape | None
    layers: tuple[LayerSpec, ...]


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


class _Layer:
    """Reads the keys of one layer object, raising errors that name the layer and the key."""

    def __init__(self, index: int, obj: dict, kind: str) -> None:
        self.index, self.obj = index, obj
        self.where = f"layer {index} ({kind})"

    def fail(self, code: str, key: str, expected: str, value: Any) -> ConvvizError:
        # a pair or a grid in human notation (2×2); anything else as written, so a string keeps its quotes
        shown = show_value(value) if isinstance(value, list) else json.dumps(value, ensure_ascii=False)
        return ConvvizError(code, self.index, where=self.where, key=key, expected=expected, value=shown)

    def int(self, key: str, default: int | None = None, minimum: int = 1) -> int:
        v = self.obj.get(key, default)
        if not _is_int(v):
            raise self.fail("wrong_type", key, "an integer", v)
        if not minimum <= v <= MAX_INT:
            raise self.fail("bad_value", key, f"an integer from {minimum} to {MAX_INT}", v)
        return v

    def pair(self, key: str, default: Any, minimum: int = 1) -> tuple[int, int]:
        v = self.obj.get(key, default)
        if _is_int(v):
            v = [v, v]
        if not (isinstance(v, list) and len(v) == 2 and all(_is_int(e) for e in v)):
            raise self.fail("wrong_type", key, "an integer or a pair [h, w] of integers", v)
        if min(v) < minimum:
            raise self.fail("bad_value", key, f"integers ≥ {minimum}", v)
        if max(v) > MAX_INT:
            raise self.fail("bad_value", key, f"integers up to {MAX_INT}", v)
        return int(v[0]), int(v[1])

    def bool(self, key: str, default: bool) -> bool:
        v = self.obj.get(key, default)
        if not isinstance(v, bool):
            raise self.fail("wrong_type", key, "true or false", v)
        return v

    def check_keys(self, allowed: set[str]) -> None:
        for key in self.obj:
            if key not in allowed:
                raise ConvvizError("unknown_key", self.index, where=self.where, key=key,
                                   allowed=", ".join(sorted(allowed)))


def parse_layer(index: int, obj: Any) -> LayerSpec:
    if not isinstance(obj, dict):
        raise ConvvizError("wrong_type", index, where=f"layer {index}", key="layer",
                           expected="an object like {\"type\": \"conv\", …}", value=json.dumps(obj))
    if "type" not in obj:
        raise ConvvizError("missing_key", index, where=f"layer {index}", key="type")
    kind = obj["type"]
    if kind not in LAYER_TYPES:
        raise ConvvizError("unknown_type", index, where=f"layer {index}", value=kind, allowed=", ".join(LAYER_TYPES))
    r = _Layer(index, obj, kind)
    if kind == "conv":
        r.check_keys(_CONV_KEYS)
        if "filters" not in obj:
            raise ConvvizError("missing_key", index, where=r.where, key="filters")
        if "kernel_size" not in obj:
            raise ConvvizError("missing_key", index, where=r.where, key="kernel_size")
        padding_raw = obj.get("padding", 0)
        padding: Any = padding_raw if padding_raw in ("same", "valid") else r.pair("padding", 0, minimum=0)
        return Conv2D(
            filters=r.int("filters"),
            kernel_size=r.pair("kernel_size", None),
            stride=r.pair("stride", 1),
            padding=padding,
            dilation=r.pair("dilation", 1),
            groups=r.int("groups", 1),
            bias=r.bool("bias", True),
            init=_parse_init(r, obj.get("init")),
        )
    if kind == "pool":
        r.check_keys(_POOL_KEYS)
        mode = obj.get("mode", "max")
        if mode not in POOL_MODES:
            raise r.fail("bad_value", "mode", " or ".join(f'"{m}"' for m in POOL_MODES), mode)
        if "size" not in obj:
            raise ConvvizError("missing_key", index, where=r.where, key="size")
        size = r.pair("size", None)
        stride = r.pair("stride", None) if obj.get("stride") is not None else None
        weights = obj.get("weights")
        if weights is not None:
            ok = (isinstance(weights, list) and all(isinstance(row, list) and all(_is_number(v) for v in row)
                                                    for row in weights))
            if not ok:
                raise r.fail("wrong_type", "weights", "a grid (list of rows) of numbers", weights)
            if mode != "weighted":
                raise r.fail("bad_value", "weights", 'used only with mode "weighted"', weights)
            weights = tuple(tuple(float(v) for v in row) for row in weights)
        return Pool2D(mode=mode, size=size, stride=stride, padding=r.pair("padding", 0, minimum=0),
                      weights=weights)
    if kind == "dense":
        r.check_keys({"type", "units", "bias", "init"})
        if "units" not in obj:
            raise ConvvizError("missing_key", index, where=r.where, key="units")
        init = _parse_init(r, obj["init"]) if obj.get("init") is not None else Dense().init
        if init.preset is not None:
            raise r.fail("bad_value", "init", 'a scheme ({"scheme": "xavier"}); presets are for conv layers',
                         obj["init"])
        return Dense(units=r.int("units"), bias=r.bool("bias", True), init=init)
    if kind in HEAD_TYPES:
        r.check_keys({"type"})
        return HEAD_TYPES[kind]()
    r.check_keys(_ACT_KEYS if kind == "leaky_relu" else {"type"})
    slope = obj.get("slope", 0.01)
    if not _is_number(slope):
        raise r.fail("wrong_type", "slope", "a number", slope)
    return Activation(kind=kind, slope=float(slope))


def _parse_init(r: _Layer, obj: Any) -> InitSpec:
    if obj is None:
        return InitSpec()
    if not isinstance(obj, dict):
        raise r.fail("wrong_type", "init", '{"scheme": "he", "seed": 1} or {"preset": "sobel_x"}', obj)
    allowed = {"scheme", "seed"} if "preset" not in obj else {"preset"}
    for key in obj:
        if key not in allowed:
            raise ConvvizError("unknown_key", r.index, where=r.where, key=f"init.{key}",
                               allowed=", ".join(sorted(allowed)))
    if "preset" in obj:
        if obj["preset"] not in PRESETS:
            raise ConvvizError("unknown_preset", r.index, where=r.where, value=obj["preset"],
                               allowed=", ".join(PRESETS))
        return InitSpec(preset=obj["preset"])
    scheme = obj.get("scheme", "he")
    if scheme not in INIT_SCHEMES:
        raise r.fail("bad_value", "init.scheme", " or ".join(f'"{s}"' for s in INIT_SCHEMES), scheme)
    seed = obj.get("seed")
    if seed is not None and (not _is_int(seed) or not 0 <= seed < 2**63):
        raise r.fail("wrong_type", "init.seed", "a non-negative integer", seed)
    return InitSpec(scheme=scheme, seed=seed)


def parse_network(obj: Any, path: str = "network") -> NetworkFile:
    """A network description from parsed JSON."""
    if not isinstance(obj, dict):
        raise ConvvizError("bad_json", None, path=path, detail="the top level must be an object")
    for key in obj:
        if key not in ("version", "input", "layers"):
            raise ConvvizError("unknown_key", None, where=path, key=key, allowed="input, layers, version")
    version = obj.get("version", 1)
    if not _is_int(version) or version < 1:
        raise ConvvizError("wrong_type", None, where=path, key="version", expected="a positive integer",
                           value=json.dumps(version))
    if version > FORMAT_VERSION:
        raise ConvvizError("unsupported_version", None, path=path, version=version)
    input_shape = None
    if obj.get("input") is not None:
        inp = obj["input"]
        if not isinstance(inp, dict):
            raise ConvvizError("wrong_type", None, where="the input block", key="input",
                               expected='{"height": H, "width": W, "channels": C}', value=json.dumps(inp))
        for key in inp:
            if key not in ("height", "width", "channels"):
                raise ConvvizError("unknown_key", None, where="the input block", key=key,
                                   allowed="channels, height, width")
        dims = []
        for key in ("height", "width", "channels"):
            v = inp.get(key)
            if not _is_int(v) or not 1 <= v <= MAX_INT:
                raise ConvvizError("bad_value", None, where="the input block", key=key,
                                   expected=f"an integer from 1 to {MAX_INT}", value=json.dumps(v))
            dims.append(v)
        input_shape = (dims[0], dims[1], dims[2])
    layers = obj.get("layers")
    if not isinstance(layers, list):
        raise ConvvizError("bad_json", None, path=path, detail='"layers" must be a list of layer objects')
    return NetworkFile(input_shape, tuple(parse_layer(i, layer) for i, layer in enumerate(layers)))


#: a network file is a few KiB written by hand; anything larger is not one
MAX_NETWORK_BYTES = 16 * 1024**2


def _no_duplicates(path: str):
    def hook(pairs: list[tuple[str, Any]]) -> dict:
        out: dict = {}
        for key, value in pairs:
            if key in out:
                raise ConvvizError("duplicate_key", None, path=path, key=key)
            out[key] = value
        return out
    return hook


def parse_json(data: bytes, path: str, code: str = "bad_json") -> Any:
    """JSON from a user's file: duplicate keys refused (naming the key); any malformation — bad UTF-8, nesting
    too deep, an integer of thousands of digits — is ``code`` naming the file, never a traceback."""
    try:
        return json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates(path))
    except UnicodeDecodeError as exc:
        raise ConvvizError("file_unreadable", None, path=path, detail=f"not UTF-8 text ({exc.reason} at byte "
                                                                      f"{exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ConvvizError(code, None, path=path, detail=f"line {exc.lineno}: {exc.msg}") from None
    except RecursionError:
        raise ConvvizError(code, None, path=path, detail="nested too deeply") from None
    except ValueError as exc:  # e.g. an integer beyond Python's 4300 digits
        if isinstance(exc, ConvvizError):
            raise
        raise ConvvizError(code, None, path=path, detail=str(exc).split(";")[0]) from None


def load_network(path: str | os.PathLike) -> NetworkFile:
    from .files import read_user_bytes

    p = str(path)
    data = read_user_bytes(p, max_bytes=MAX_NETWORK_BYTES, what="network file")
    return parse_network(parse_json(data, p), p)


def layer_to_dict(spec: LayerSpec) -> dict:
    def one(v):
        return v[0] if isinstance(v, tuple) and v[0] == v[1] else (list(v) if isinstance(v, tuple) else v)

    if isinstance(spec, Conv2D):
        return {"type": "conv", "filters": spec.filters, "kernel_size": one(spec.kernel_size),
                "stride": one(spec.stride), "padding": one(spec.padding), "dilation": one(spec.dilation),
                "groups": spec.groups, "bias": spec.bias, "init": spec.init.to_dict()}
    if isinstance(spec, Pool2D):
        d: dict = {"type": "pool", "mode": spec.mode, "size": one(spec.size)}
        if spec.stride is not None:
            d["stride"] = one(spec.stride)
        if spec.padding != (0, 0):
            d["padding"] = one(spec.padding)
        if spec.weights is not None:
            d["weights"] = [list(r) for r in spec.weights]
        return d
    if isinstance(spec, Dense):
        return {"type": "dense", "units": spec.units, "bias": spec.bias, "init": spec.init.to_dict()}
    if not isinstance(spec, Activation):
        return {"type": spec.type}
    d = {"type": spec.kind}
    if spec.kind == "leaky_relu":
        d["slope"] = spec.slope
    return d


def network_to_dict(input_shape: Shape | None, layers: tuple[LayerSpec, ...] | list[LayerSpec]) -> dict:
    out: dict = {"version": FORMAT_VERSION}
    if input_shape is not None:
        h, w, c = input_shape
        out["input"] = {"height": h, "width": w, "channels": c}
    out["layers"] = [layer_to_dict(s) for s in layers]
    return out


def save_npz(path: str | os.PathLike, arrays: dict[str, np.ndarray]) -> None:
    """Exactly ``path`` (no ``.npz`` appended), written atomically and streamed: each array goes straight into
    the archive on disk, never into a copy of the whole archive in memory."""
    atomic_write(path, lambda fh: np.savez(fh, **arrays))


def load_weights_file(path: str | os.PathLike, check=None, keep=None) -> dict[str, np.ndarray]:
    """The arrays of a weights file (any keys), loaded without pickles, every header checked before reading
    (``check(headers)`` may refuse shapes from the headers alone, see :func:`check_weight_headers`)."""
    from .npyfile import load_npz

    p = str(path)

    def unreadable(detail: str) -> ConvvizError:
        return ConvvizError("bad_weights_file", None, path=p, detail=detail)

    return load_npz(p, unreadable, check=check, keep=keep)


def check_weight_headers(net: Network):
    """A ``check`` for :func:`load_weights_file`: a ``weight.{i}``/``bias.{i}`` whose declared shape does not fit
    conv layer i is refused from its header, before its data is read."""
    def check(headers) -> None:
        for i, spec in enumerate(net.layers):
            if not has_weights(spec):
                continue
            inp = net.infos[i].input_shape
            n_out = spec.units if isinstance(spec, Dense) else spec.filters
            need = {f"weight.{i}": weight_shape(spec, inp if isinstance(spec, Dense) else (1, 1, inp[2])),
                    f"bias.{i}": (n_out,)}
            for key, shape in need.items():
                h = headers.get(key)
                if h is not None and tuple(h.shape) != tuple(shape):
                    raise ConvvizError("weights_shape", i, where=where(i, spec), key=key,
                                       shape=fmt_shape(h.shape), expected=fmt_shape(shape))
    return check


def apply_weights(net: Network, arrays: dict[str, np.ndarray]) -> Network:
    """``net`` with the layers that ``arrays`` covers replaced (``weight.{i}``, ``bias.{i}``); others keep
    theirs. Every shape is checked and NaN/Inf refused; keys other than weight.* and bias.* are ignored."""
    weights = dict(net.weights)
    for key in arrays:
        if not (key.startswith("weight.") or key.startswith("bias.")):
            continue
        prefix, _, idx = key.partition(".")
        if not (idx.isascii() and idx.isdigit()):  # "weight.²" is a digit to str.isdigit, not to int()
            raise ConvvizError("weights_unexpected", None, where="the weights file", key=key,
                               detail="no such conv layer")
        if str(int(idx)) != idx:  # "weight.01" would otherwise be silently ignored
            raise ConvvizError("bad_weights_file", None, path=key,
                               detail=f"write the layer index without leading zeros: {prefix}.{int(idx)}")
        if not idx.isdigit() or int(idx) >= len(net.layers) or not has_weights(net.layers[int(idx)]):
            where = f"layer {idx}" if idx.isdigit() and int(idx) < len(net.layers) else "the weights file"
            raise ConvvizError("weights_unexpected", int(idx) if idx.isdigit() else None, where=where, key=key,
                               detail="no such conv layer" if where == "the weights file" else "no weights")
    for i, spec in enumerate(net.layers):
        if not has_weights(spec) or f"weight.{i}" not in arrays and f"bias.{i}" not in arrays:
            continue
        held = net.weights[spec.uid]
        w = arrays.get(f"weight.{i}", held.weight)
        b = arrays.get(f"bias.{i}", held.bias)
        if w.dtype.kind not in "fiu" or (b is not None and b.dtype.kind not in "fiu"):
            raise ConvvizError("bad_weights_file", i, path=f"weight.{i}", detail="arrays must be numeric")
        w = np.asarray(w, dtype=np.float32)
        b = None if b is None else np.asarray(b, dtype=np.float32)
        check_weights(i, spec, net.infos[i].input_shape, w, b)
        weights[spec.uid] = LayerWeights(w, b)
    return Network(net.input_shape, net.layers, weights, net.infos)


def weights_to_arrays(net: Network) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for i, spec in enumerate(net.layers):
        lw = net.weights.get(spec.uid)
        if lw is None:
            continue
        out[f"weight.{i}"] = lw.weight
        if lw.bias is not None:
            out[f"bias.{i}"] = lw.bias
    return out
