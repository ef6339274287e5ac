"""Weights from and for other programs: the engine's ``.npz`` for the whole stack or one layer, and PyTorch
``state_dict`` files (``.pt``/``.pth``). Qt-free; PyTorch is optional and imported only to read its files.

A state_dict fills the stack's conv layers in order with its 4-D ``*.weight`` tensors ``(F, C, K_h, K_w)``, in
the state_dict's own order, each with its sibling ``*.bias``: loading the first layers of a bigger model is the
point, so tensors left over are reported (logger ``convviz.weights``), not refused. Dense layers are filled the
same way, in order, with the 2-D ``*.weight`` tensors ``(units, inputs)`` of ``nn.Linear`` (what `convviz export
--torch` writes); a state_dict without any leaves the dense layers' weights as they are (a feature extractor
loaded under a fresh head), and says so.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .core.errors import ConvvizError
from .core.layers import Activation, Conv2D, Dense, LayerSpec, fmt_shape, where
from .core.netfile import apply_weights, check_weight_headers, load_weights_file, save_npz, weights_to_arrays
from .core.network import Network, has_weights

__all__ = ["TORCH_SUFFIXES", "StateDictConv", "conv_layers_from_state_dict", "export_layer_weights",
           "export_weights", "is_torch_file", "layer_weights_from_file", "load_weights_into", "read_state_dict",
           "read_state_dict_parts",
           "state_dict_arrays"]

log = logging.getLogger("convviz.weights")

TORCH_SUFFIXES = (".pt", ".pth")
#: a state_dict file larger than this is refused before torch reads it (a model's first layers are small)
MAX_TORCH_FILE_BYTES = 2 * 1024**3


def is_torch_file(path: str | os.PathLike) -> bool:
    return Path(path).suffix.lower() in TORCH_SUFFIXES


@dataclass(frozen=True)
class StateDictConv:
    """One conv tensor of a state_dict, already in the engine's layout ``(F, K_h, K_w, C_in/groups)``."""

    key: str
    weight: np.ndarray
    bias: np.ndarray | None

    @property
    def torch_shape(self) -> tuple[int, int, int, int]:
        f, kh, kw, c = self.weight.shape
        return f, c, kh, kw


def _import_torch(path: Path):
    try:
        import torch
    except ImportError:
        raise ConvvizError("needs_torch", None, path=str(path)) from None
    return torch


def read_state_dict(path: str | os.PathLike) -> tuple[list[StateDictConv], list[str]]:
    """The conv tensors of a state_dict in its own order, and the keys of every other tensor (skipped)."""
    convs, linears, others = read_state_dict_parts(path)
    linear_keys = []
    for t in linears:
        linear_keys += [t.key] + ([t.key[: -len("weight")] + "bias"] if t.bias is not None else [])
    return convs, linear_keys + others


def read_state_dict_parts(path: str | os.PathLike) -> tuple[list[StateDictConv], list[StateDictConv],
                                                             list[str]]:
    """The conv (4-D) and linear (2-D, kept ``(units, inputs)``) weight tensors of a state_dict in its own
    order, each with its bias, and the keys of every other tensor.

    ``torch.load(..., weights_only=True)``: no pickled code runs. A checkpoint that wraps its state_dict
    (``{"state_dict": …}`` or ``{"model_state_dict": …}``) is unwrapped."""
    from .core.budget import memory_limit
    from .core.files import open_user_file

    p = Path(path)
    fh = open_user_file(p, max_bytes=min(MAX_TORCH_FILE_BYTES, memory_limit()), what="PyTorch file")
    try:
        torch = _import_torch(p)
        obj = torch.load(fh, map_location="cpu", weights_only=True)  # the file object: torch never opens the path
    except ConvvizError:
        raise
    except Exception as exc:  # torch raises many types (UnpicklingError, RuntimeError, EOFError …)
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConvvizError("bad_state_dict", None, path=str(p), detail=detail[:200]) from None
    finally:
        fh.close()
    if isinstance(obj, dict):
        for wrapper in ("state_dict", "model_state_dict", "model"):
            inner = obj.get(wrapper)
            if isinstance(inner, dict) and not any(isinstance(v, torch.Tensor) for v in obj.values()):
                obj = inner
                break
    if not isinstance(obj, dict) or not any(isinstance(v, torch.Tensor) for v in obj.values()):
        raise ConvvizError("bad_state_dict", None, path=str(p), detail="it holds no named tensors")
    convs: list[StateDictConv] = []
    linears: list[StateDictConv] = []
    used: set[str] = set()
    for key, value in obj.items():
        if not (isinstance(key, str) and key.endswith("weight") and isinstance(value, torch.Tensor)
                and value.ndim in (2, 4)):
            continue
        bias_key = key[: -len("weight")] + "bias"
        bias = obj.get(bias_key)
        w = _to_numpy(value, key, p)
        b = _to_numpy(bias, bias_key, p) if isinstance(bias, torch.Tensor) else None
        if w.ndim == 4:
            w = w.transpose(0, 2, 3, 1)  # (F, C, K_h, K_w) → (F, K_h, K_w, C)
            convs.append(StateDictConv(key, np.ascontiguousarray(w), b))
        else:
            linears.append(StateDictConv(key, np.ascontiguousarray(w), b))
        used.update({key, bias_key} if b is not None else {key})
    others = [str(k) for k in obj if k not in used]
    return convs, linears, others


def _to_numpy(t, key: str, path: Path) -> np.ndarray:
    import torch

    if not t.dtype.is_floating_point:
        raise ConvvizError("bad_state_dict", None, path=str(path), detail=f"{key} is not a floating-point tensor")
    return t.detach().to(torch.float32).cpu().numpy()


def _conv_arrays(net: Network, i: int, c: StateDictConv, path) -> dict[str, np.ndarray]:
    """Conv layer ``i``'s arrays from one state_dict tensor, or an error naming the layer."""
    spec = net.layers[i]
    cin = net.infos[i].input_shape[2] // spec.groups
    kh, kw = spec.kernel_size
    expected = (spec.filters, cin, kh, kw)
    if c.torch_shape != expected:
        raise ConvvizError("state_dict_shape", i, where=where(i, spec), path=str(path), key=c.key,
                           shape=fmt_shape(c.torch_shape), expected=fmt_shape(expected))
    if not spec.bias and c.bias is not None:
        raise ConvvizError("weights_unexpected", i, where=where(i, spec), key=c.key[: -len("weight")] + "bias",
                           detail="no bias (turn the layer's bias on)")
    arrays = {f"weight.{i}": c.weight}
    if spec.bias:  # a conv without bias in PyTorch adds nothing: zeros here
        arrays[f"bias.{i}"] = c.bias if c.bias is not None else np.zeros(spec.filters, np.float32)
    return arrays


def _dense_arrays(net: Network, i: int, t: StateDictConv, path) -> dict[str, np.ndarray]:
    """Dense layer ``i``'s arrays from one ``nn.Linear`` weight, or an error naming the layer."""
    spec = net.layers[i]
    h, w, c = net.infos[i].input_shape
    expected = (spec.units, h * w * c)
    if tuple(t.weight.shape) != expected:
        raise ConvvizError("state_dict_dense_shape", i, where=where(i, spec), path=str(path), key=t.key,
                           shape=fmt_shape(t.weight.shape), expected=fmt_shape(expected))
    if not spec.bias and t.bias is not None:
        raise ConvvizError("weights_unexpected", i, where=where(i, spec), key=t.key[: -len("weight")] + "bias",
                           detail="no bias (turn the layer's bias on)")
    arrays = {f"weight.{i}": t.weight}
    if spec.bias:
        arrays[f"bias.{i}"] = t.bias if t.bias is not None else np.zeros(spec.units, np.float32)
    return arrays


def state_dict_arrays(net: Network, path: str | os.PathLike) -> tuple[dict[str, np.ndarray], str | None]:
    """``weight.{i}``/``bias.{i}`` for every conv layer of ``net`` from a state_dict, and a note on the tensors
    left over (None when every tensor was used). Too few conv tensors or a wrong shape: an error naming the
    layer."""
    convs, linears, others = read_state_dict_parts(path)
    conv_layers = [i for i, s in enumerate(net.layers) if isinstance(s, Conv2D)]
    dense_layers = [i for i, s in enumerate(net.layers) if isinstance(s, Dense)]
    arrays: dict[str, np.ndarray] = {}
    for n, i in enumerate(conv_layers):
        spec = net.layers[i]
        if n >= len(convs):
            raise ConvvizError("state_dict_too_few", i, where=where(i, spec), path=str(path), found=len(convs),
                               needed=len(conv_layers))
        arrays.update(_conv_arrays(net, i, convs[n], path))
    fill_dense = bool(linears)  # none at all: a feature extractor under the stack's own head
    for n, i in enumerate(dense_layers if fill_dense else []):
        if n >= len(linears):
            raise ConvvizError("state_dict_too_few_dense", i, where=where(i, net.layers[i]), path=str(path),
                               found=len(linears), needed=len(dense_layers))
        arrays.update(_dense_arrays(net, i, linears[n], path))
    left = [c.key for c in convs[len(conv_layers):]]
    left_linear = [t.key for t in linears[len(dense_layers):]]
    parts = []
    if left:
        parts.append(f"{len(left)} conv tensor{'s' * (len(left) != 1)} ({_names(left)})")
    if left_linear:
        parts.append(f"{len(left_linear)} linear tensor{'s' * (len(left_linear) != 1)} ({_names(left_linear)})")
    if others:
        parts.append(f"{len(others)} other tensor{'s' * (len(others) != 1)} ({_names(others)})")
    if not parts and (fill_dense or not dense_layers):
        return arrays, None
    loaded = f"{len(conv_layers)} conv layer{'s' * (len(conv_layers) != 1)}"
    if dense_layers and fill_dense:
        loaded += f" and {len(dense_layers)} dense layer{'s' * (len(dense_layers) != 1)}"
    note = f"{Path(path).name}: loaded {loaded}"
    if dense_layers and not fill_dense:
        note += "; the dense layers keep their weights (no 2-D linear tensors)"
    if parts:
        note += f"; not used: {' and '.join(parts)}"
    return arrays, note


def _names(keys: list[str], limit: int = 4) -> str:
    shown = ", ".join(keys[:limit])
    return shown + (f", … {len(keys) - limit} more" if len(keys) > limit else "")


def load_weights_into(net: Network, path: str | os.PathLike, *, partial: bool = False
                      ) -> tuple[Network, str | None]:
    """``net`` with the weights of an ``.npz`` or a state_dict file, and a note (also logged) on what was not
    used or not filled. Every shape is checked and NaN/Inf refused before anything changes.

    An .npz must account for itself: a key that matches no conv layer is an error naming it, and so is a conv
    layer it leaves out — unless ``partial``, when those layers keep their weights and the note says which.
    (A `run` output's ``input`` and ``stage.{i}`` arrays are not weights and are skipped.)"""
    if is_torch_file(path):
        arrays, note = state_dict_arrays(net, path)
    else:
        shapes = check_weight_headers(net)

        def check(headers) -> None:  # names and shapes, from the headers alone
            _refuse_unmatched(net, headers, path)
            shapes(headers)

        # a `run` output's input and stages are checked, never read
        arrays = load_weights_file(path, check, keep=lambda key: key.startswith(("weight.", "bias.")))
        loaded = apply_weights(net, arrays)  # shapes and values first: the most precise message
        note = _unfilled_note(net, arrays, path, partial=partial)
        if note:
            log.info(note)
        return loaded, note
    loaded = apply_weights(net, arrays)
    if note:
        log.info(note)
    return loaded, note


def _is_run_output_key(key: str) -> bool:
    head, _, idx = key.partition(".")
    return key == "input" or (head == "stage" and idx.isascii() and idx.isdigit())


def _conv_indices(net: Network) -> list[int]:
    return [i for i, s in enumerate(net.layers) if has_weights(s)]  # conv and dense layers


def _refuse_unmatched(net: Network, arrays, path) -> None:
    """A key that fills no conv layer is an error naming it (a `run` output's input and stages excepted)."""
    convs = _conv_indices(net)
    wanted = {f"weight.{i}" for i in convs} | {f"bias.{i}" for i in convs if net.layers[i].bias}
    unmatched = [k for k in arrays if k not in wanted and not _is_run_output_key(k)]
    if unmatched:
        raise ConvvizError("weights_unmatched", None, path=Path(path).name, keys=_names(sorted(unmatched)),
                           s="es" if len(unmatched) == 1 else "", layers=", ".join(map(str, convs)) or "none")


def _unfilled_note(net: Network, arrays: dict[str, np.ndarray], path, *, partial: bool) -> str | None:
    """Conv layers the file leaves out: an error unless ``partial``, then the note saying which kept their own
    weights (None when every conv layer is filled)."""
    convs = _conv_indices(net)
    layers_text = ", ".join(str(i) for i in convs) or "none"
    name = Path(path).name
    missing = [i for i in convs if f"weight.{i}" not in arrays
               or (net.layers[i].bias and f"bias.{i}" not in arrays)]
    if not missing:
        return None
    filled = [i for i in convs if f"weight.{i}" in arrays]
    if not filled:
        raise ConvvizError("weights_none", None, path=name, layers=layers_text)
    if not partial:
        raise ConvvizError("weights_missing", None, path=name, missing=_missing_text(net, arrays, missing))
    kept = [i for i in missing if f"weight.{i}" not in arrays]
    parts = [f"loaded layer{'s' * (len(filled) != 1)} {', '.join(str(i) for i in filled)}"]
    if kept:
        parts.append(f"layer{'s' * (len(kept) != 1)} {', '.join(str(i) for i in kept)} kept "
                     f"{'their' if len(kept) != 1 else 'its'} own weights")
    no_bias = [i for i in missing if f"weight.{i}" in arrays]
    if no_bias:
        parts.append(f"layer{'s' * (len(no_bias) != 1)} {', '.join(str(i) for i in no_bias)} kept "
                     f"{'their' if len(no_bias) != 1 else 'its'} own bias")
    return f"{name}: " + "; ".join(parts)


def _missing_text(net: Network, arrays: dict, missing: list[int]) -> str:
    out = []
    for i in missing[:4]:
        what = "its bias" if f"weight.{i}" in arrays else "its weights"
        out.append(f"{where(i, net.layers[i])} ({what}: bias.{i})" if what == "its bias" else
                   f"{where(i, net.layers[i])} (weight.{i})")
    return ", ".join(out) + (f", … {len(missing) - 4} more" if len(missing) > 4 else "")


def conv_layers_from_state_dict(path: str | os.PathLike, with_relu: bool = True) -> list[LayerSpec]:
    """A stack matching a state_dict's conv tensors (kernel, filters, bias; groups where the channels say so),
    a ReLU after each when ``with_relu``. Stride, padding and dilation are not in a state_dict: 1, 0, 1."""
    convs, _ = read_state_dict(path)
    layers: list[LayerSpec] = []
    prev_out: int | None = None
    for c in convs:
        f, cin, kh, kw = c.torch_shape
        groups = 1
        if prev_out is not None and prev_out != cin and prev_out % cin == 0 and f % (prev_out // cin) == 0:
            groups = prev_out // cin  # e.g. a depthwise conv: its tensors hold C_in/groups channels
        layers.append(Conv2D(filters=f, kernel_size=(kh, kw), groups=groups, bias=c.bias is not None))
        if with_relu:
            layers.append(Activation("relu"))
        prev_out = f
    return layers


def state_dict_input_channels(path: str | os.PathLike) -> int | None:
    """The input depth the state_dict's first conv reads (None without conv tensors)."""
    convs, _ = read_state_dict(path)
    return convs[0].torch_shape[1] if convs else None


# --- the engine's .npz: the whole stack or one layer -----------------------------------------------------


def export_weights(net: Network, path: str | os.PathLike) -> None:
    """Every conv layer's ``weight.{i}``/``bias.{i}`` (atomic write)."""
    save_npz(path, weights_to_arrays(net))


def export_layer_weights(net: Network, index: int, path: str | os.PathLike) -> None:
    """One conv layer's ``weight.{index}``/``bias.{index}`` (atomic write)."""
    spec = net.layers[index]
    if not isinstance(spec, Conv2D):
        raise ConvvizError("weights_unexpected", index, where=where(index, spec), key=f"weight.{index}",
                           detail="no weights")
    arrays = {k: v for k, v in weights_to_arrays(net).items() if k in (f"weight.{index}", f"bias.{index}")}
    save_npz(path, arrays)


def layer_weights_from_file(net: Network, index: int, path: str | os.PathLike) -> Network:
    """``net`` with conv layer ``index`` loaded from a file: its ``weight.{index}`` when present, else the
    file's only ``weight.{j}`` (one layer's weights moved to another position); a state_dict gives its conv
    tensor of the same rank among conv layers. Checked like any weights."""
    spec = net.layers[index]
    if not isinstance(spec, Conv2D):
        raise ConvvizError("weights_unexpected", index, where=where(index, spec), key=f"weight.{index}",
                           detail="no weights")
    if is_torch_file(path):
        arrays, _ = state_dict_arrays_for_layer(net, index, path)
        return apply_weights(net, arrays)
    data = load_weights_file(path)
    weights = sorted(k for k in data if k.startswith("weight."))
    if f"weight.{index}" in data:
        src = str(index)
    elif len(weights) == 1:
        src = weights[0].partition(".")[2]
    else:
        detail = "no weight.{i} array" if not weights else f"{len(weights)} layers; save one layer's weights"
        raise ConvvizError("bad_weights_file", index, path=str(path), detail=detail)
    arrays = {f"weight.{index}": data[f"weight.{src}"]}
    if f"bias.{src}" in data:
        arrays[f"bias.{index}"] = data[f"bias.{src}"]
    return apply_weights(net, arrays)


def state_dict_arrays_for_layer(net: Network, index: int, path) -> tuple[dict[str, np.ndarray], str | None]:
    rank = sum(1 for s in net.layers[:index] if isinstance(s, Conv2D))
    convs, _ = read_state_dict(path)
    spec = net.layers[index]
    if rank >= len(convs):
        raise ConvvizError("state_dict_too_few", index, where=where(index, spec), path=str(path),
                           found=len(convs), needed=rank + 1)
    return _conv_arrays(net, index, convs[rank], path), None
