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
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ConvvizError, show_value
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
)
from .network import LayerWeights, Network, check_weights, has_weights

FORMAT_VERSION = 1
#: the classifier head (issue 12): flatten / global_avg_pool → dense → softmax, stored as 1 × 1 × N stages
HEAD_TYPES = {"flatten": Flatten, "global_avg_pool": GlobalAvgPool, "dense": Dense, "softmax": Softmax}
LAYER_TYPES = ("conv", *ACTIVATION_KINDS, "pool", *HEAD_TYPES)

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
        if v < minimum:
            raise self.fail("bad_value", key, f"an integer ≥ {minimum}", v)
        return v

    def pair(self, key: str, default: Any, minimum: int = 1) -> tuple[int, int]:
        v = self.obj.get(key, default)
        if _is_int(v):
            v = [v, v]
        if not (isinstance(v, list) and len(v) == 2 and all(_is_int(e) for e in v)):
            raise self.fail("wrong_type", key, "an integer or a pair [h, w] of integers", v)
        if min(v) < minimum:
            raise self.fail("bad_value", key, f"integers ≥ {minimum}", v)
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
    if seed is not None and (not _is_int(seed) or seed < 0):
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
            if not _is_int(v) or v < 1:
                raise ConvvizError("bad_value", None, where="the input block", key=key,
                                   expected="a positive integer", value=json.dumps(v))
            dims.append(v)
        input_shape = (dims[0], dims[1], dims[2])
    layers = obj.get("layers")
    if not isinstance(layers, list):
        raise ConvvizError("bad_json", None, path=path, detail='"layers" must be a list of layer objects')
    return NetworkFile(input_shape, tuple(parse_layer(i, layer) for i, layer in enumerate(layers)))


def load_network(path: str | os.PathLike) -> NetworkFile:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConvvizError("file_not_found", None, path=str(p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConvvizError("file_unreadable", None, path=str(p), detail=str(exc)) from None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConvvizError("bad_json", None, path=str(p), detail=f"line {exc.lineno}: {exc.msg}") from None
    return parse_network(obj, str(p))


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


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write a file so that it is either complete or untouched: a temp file beside it, then a rename."""
    p = Path(path)
    fd, tmp = _create_temp_beside(p)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno is not None:  # name the file the user asked for
            raise type(exc)(exc.errno, exc.strerror, str(p)) from None
        raise


def _create_temp_beside(p: Path) -> tuple[int, str]:
    """An exclusive new file next to ``p``; unlike mkstemp's 0600, its mode follows the umask like any file
    the user saves."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = str(p.parent / f".{p.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise type(exc)(exc.errno, exc.strerror, str(p)) from None


def save_npz(path: str | os.PathLike, arrays: dict[str, np.ndarray]) -> None:
    """Exactly ``path`` (no ``.npz`` appended), written atomically."""
    import io

    buf = io.BytesIO()
    np.savez(buf, **arrays)
    atomic_write_bytes(path, buf.getvalue())


def load_weights_file(path: str | os.PathLike) -> dict[str, np.ndarray]:
    """The arrays of a weights file (any keys), loaded without pickles."""
    p = Path(path)
    if not p.exists():
        raise ConvvizError("file_not_found", None, path=str(p))

    def unreadable(detail: str) -> ConvvizError:
        return ConvvizError("bad_weights_file", None, path=str(p), detail=detail)

    try:
        data = np.load(p, allow_pickle=False)
        if not isinstance(data, np.lib.npyio.NpzFile):  # a .npy holds one bare array, not weight.{i}/bias.{i}
            raise unreadable("expected an .npz archive with weight.{i} and bias.{i} arrays")
        with data:
            return {k: np.asarray(data[k]) for k in data.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        if isinstance(exc, ConvvizError):
            raise
        raise unreadable(str(exc) or type(exc).__name__) from None


def apply_weights(net: Network, arrays: dict[str, np.ndarray]) -> Network:
    """``net`` with the layers that ``arrays`` covers replaced (``weight.{i}``, ``bias.{i}``); others keep
    theirs. Every shape is checked and NaN/Inf refused; keys other than weight.* and bias.* are ignored."""
    weights = dict(net.weights)
    for key in arrays:
        if not (key.startswith("weight.") or key.startswith("bias.")):
            continue
        prefix, _, idx = key.partition(".")
        if idx.isdigit() and str(int(idx)) != idx:  # "weight.01" would otherwise be silently ignored
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
