"""`convviz export --torch MODEL.py`: the stack as a Python module whose ``model()`` builds the same network in
PyTorch. Writing it needs neither PyTorch nor NumPy at import time of the module written.

Module ``i`` of the ``nn.Sequential`` is layer ``i`` of the stack (a conv with uneven padding is a small
``nn.Sequential(ZeroPad2d, Conv2d)`` at that position), so ``model()[i]`` is what convviz calls layer ``i``. The
weights are float32 little-endian: embedded as base64 while small, else in ``MODEL.weights.bin`` beside the
module, found through ``__file__`` so the module works from any working directory.

The classifier head (issue 12) becomes torch's usual 2-D ``(N, features)``: flatten permutes NCHW to NHWC before
``nn.Flatten`` (convviz reads H×W×C in C order: h, then w, then c), so a dense layer is a plain ``nn.Linear``
with convviz's ``(units, inputs)`` weight; global average pooling is ``AdaptiveAvgPool2d(1)`` + ``Flatten``;
softmax is over dim 1 (the channels, 2-D or not). A spatial layer after the head unflattens to ``(N, C, 1, 1)``.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import numpy as np

from .core.layers import Activation, Conv2D, Dense, Flatten, GlobalAvgPool, Pool2D, Softmax, fmt_shape
from .core.netfile import atomic_write_bytes
from .core.network import Network
from .core.ops import gaussian_pool_weights, resolve_padding

__all__ = ["EMBED_LIMIT_BYTES", "export_torch_module", "torch_module_source"]

#: weights up to this size are embedded in the module; larger ones go to a file beside it
EMBED_LIMIT_BYTES = 1024 * 1024

_HEADER = '''"""{title}

Written by `convviz export`. Module i of the nn.Sequential is convviz's layer i.

    import torch
    from {stem} import model
    net = model()                                # float32, eval mode
    y = net(x)                                   # x: (N, {c}, {h}, {w}) float32, NCHW
    # a convviz input (H, W, C) as NCHW: torch.from_numpy(hwc).permute(2, 0, 1)[None]

The last stage of `convviz run` (H, W, C) is y[0].permute(1, 2, 0); after a classifier head (flatten, global
average pooling, dense) y is (N, features) and the 1×1×features stage is y[0].
"""

import base64
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn

INPUT_SHAPE = ({c}, {h}, {w})  # C, H, W


class WeightedPool2d(nn.Module):
    """convviz's weighted average pooling: a fixed window (normalised to sum 1) per channel, zero padding."""

    def __init__(self, window, stride, padding):
        super().__init__()
        w = torch.tensor(window, dtype=torch.float32)
        self.register_buffer("window", (w / w.sum())[None, None], persistent=False)
        self.stride, self.padding = stride, padding

    def forward(self, x):
        c = x.shape[1]
        return F.conv2d(x, self.window.expand(c, 1, -1, -1), stride=self.stride, padding=self.padding, groups=c)

    def extra_repr(self):
        return f"size={{tuple(self.window.shape[2:])}}, stride={{self.stride}}, padding={{self.padding}}"


class ToNHWC(nn.Module):
    """NCHW → NHWC, so that a following Flatten reads convviz's order (h, then w, then c)."""

    def forward(self, x):
        return x.permute(0, 2, 3, 1)


'''


def _layer_source(spec, cin: int, flat: bool) -> str:
    """The module of one layer; ``flat``: its input is torch's 2-D ``(N, cin)`` (after a head layer)."""
    if isinstance(spec, (Conv2D, Pool2D)):
        parts = [f"nn.Unflatten(1, ({cin}, 1, 1))"] if flat else []
        parts += _spatial_sources(spec, cin)
        return parts[0] if len(parts) == 1 else f"nn.Sequential({', '.join(parts)})"
    if isinstance(spec, Activation):
        return {"relu": "nn.ReLU()", "leaky_relu": f"nn.LeakyReLU({spec.slope!r})", "tanh": "nn.Tanh()",
                "sigmoid": "nn.Sigmoid()", "identity": "nn.Identity()"}[spec.kind]
    if isinstance(spec, Flatten):
        return "nn.Flatten()" if flat else "nn.Sequential(ToNHWC(), nn.Flatten())"
    if isinstance(spec, GlobalAvgPool):
        return "nn.Identity()" if flat else "nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())"
    if isinstance(spec, Dense):
        # cin is the input's whole size here (see torch_module_source)
        linear = f"nn.Linear({cin}, {spec.units}, bias={spec.bias})"
        return linear if flat else f"nn.Sequential(ToNHWC(), nn.Flatten(), {linear})"
    if isinstance(spec, Softmax):
        return "nn.Softmax(dim=1)"
    raise TypeError(f"not a layer spec: {spec!r}")


def _spatial_sources(spec: Conv2D | Pool2D, cin: int) -> list[str]:
    if isinstance(spec, Conv2D):
        (top, bottom), (left, right) = resolve_padding(spec.padding, spec.kernel_size, spec.dilation)
        even = top == bottom and left == right
        conv = (f"nn.Conv2d({cin}, {spec.filters}, kernel_size={spec.kernel_size}, stride={spec.stride}, "
                f"padding={(top, left) if even else (0, 0)}, dilation={spec.dilation}, groups={spec.groups}, "
                f"bias={spec.bias})")
        return [conv] if even else [f"nn.ZeroPad2d({(left, right, top, bottom)})", conv]
    if spec.mode == "max":
        return [f"nn.MaxPool2d({spec.size}, stride={spec.effective_stride}, padding={spec.padding})"]
    if spec.mode == "avg":
        return [f"nn.AvgPool2d({spec.size}, stride={spec.effective_stride}, padding={spec.padding}, "
                "count_include_pad=True)"]
    window = (np.asarray(spec.weights, dtype=np.float64) if spec.weights is not None
              else gaussian_pool_weights(spec.size).astype(np.float64))
    rows = [[float(v) for v in row] for row in window]
    return [f"WeightedPool2d({rows!r}, stride={spec.effective_stride}, padding={spec.padding})"]


def _weight_blobs(net: Network) -> list[tuple[int, str, tuple[int, ...], bytes]]:
    """(layer, "weight"|"bias", torch shape, float32 little-endian bytes) in layer order."""
    out = []
    for i, spec in enumerate(net.layers):
        if not isinstance(spec, (Conv2D, Dense)):
            continue
        lw = net.weights[spec.uid]
        # conv: (F, C/g, K_h, K_w); dense: (units, inputs) as in nn.Linear
        w = np.ascontiguousarray(lw.weight if isinstance(spec, Dense) else lw.weight.transpose(0, 3, 1, 2),
                                 dtype="<f4")
        out.append((i, "weight", w.shape, w.tobytes()))
        if lw.bias is not None:
            b = np.ascontiguousarray(lw.bias, dtype="<f4")
            out.append((i, "bias", b.shape, b.tobytes()))
    return out


def torch_module_source(net: Network, stem: str = "model", beside: str | None = None,
                        title: str = "A convviz network as a PyTorch model.") -> tuple[str, bytes | None]:
    """The module's source, and the bytes of the weights file when ``beside`` (its file name) is given."""
    h, w, c = net.input_shape
    lines = [_HEADER.format(title=title, stem=stem, c=c, h=h, w=w)]
    blobs = _weight_blobs(net)
    if beside is None:
        lines.append("_WEIGHTS = {  # (layer, name): (shape, base64 of float32 little-endian)")
        for i, name, shape, data in blobs:
            lines.append(f"    ({i}, {name!r}): ({shape}, {base64.b64encode(data).decode('ascii')!r}),")
        lines.append("}\n")
        lines.append("_FILE = None\n")
        payload = None
    else:
        lines.append("_WEIGHTS = {  # (layer, name): (shape, byte offset in _FILE), float32 little-endian")
        offset = 0
        for i, name, shape, data in blobs:
            lines.append(f"    ({i}, {name!r}): ({shape}, {offset}),")
            offset += len(data)
        lines.append("}\n")
        lines.append(f"_FILE = {beside!r}  # beside this module\n")
        payload = b"".join(d for *_, d in blobs)
    lines.append("\ndef _tensor(shape, where, data):")
    lines.append("    count = 1")
    lines.append("    for s in shape:")
    lines.append("        count *= s")
    lines.append("    if data is None:")
    lines.append("        raw = base64.b64decode(where)")
    lines.append("    else:")
    lines.append("        raw = data[where:where + 4 * count]")
    lines.append("    t = torch.frombuffer(bytearray(raw), dtype=torch.float32)")
    lines.append("    if sys.byteorder == 'big':  # the bytes are little-endian")
    lines.append("        t = t.view(torch.uint8).reshape(-1, 4).flip(1).reshape(-1).view(torch.float32)")
    lines.append("    return t.reshape(shape).clone()\n")
    lines.append("\ndef model():")
    lines.append('    """The network, float32, in eval mode, with its weights."""')
    lines.append("    net = nn.Sequential(")
    flat = False  # after flatten / global average pooling / dense, torch's tensor is (N, features)
    for i, (spec, info) in enumerate(zip(net.layers, net.infos, strict=True)):
        ih, iw, ic = info.input_shape
        cin = ih * iw * ic if isinstance(spec, Dense) else ic
        lines.append(f"        {_layer_source(spec, cin, flat)},  # {i}: {spec.label()} → "
                     f"{fmt_shape(info.output_shape)}")
        if isinstance(spec, (Flatten, GlobalAvgPool, Dense)):
            flat = True
        elif isinstance(spec, (Conv2D, Pool2D)):
            flat = False
    lines.append("    )")
    lines.append("    data = None")
    lines.append("    if _FILE is not None:")
    lines.append("        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), _FILE), 'rb') as fh:")
    lines.append("            data = fh.read()")
    lines.append("    with torch.no_grad():")
    lines.append("        for (index, name), (shape, where) in _WEIGHTS.items():")
    lines.append("            layer = net[index]")
    lines.append("            conv = layer[-1] if isinstance(layer, nn.Sequential) else layer")
    lines.append("            getattr(conv, name).copy_(_tensor(shape, where, data))")
    lines.append("    return net.float().eval()\n")
    return "\n".join(lines), payload


def export_torch_module(net: Network, path: str | os.PathLike, *, beside: bool | None = None,
                        title: str | None = None) -> list[Path]:
    """Write the module (and, for large weights or ``beside=True``, ``<stem>.weights.bin`` next to it), each
    atomically; the weights file first, so a module never points to a missing file. Returns the paths
    written."""
    p = Path(path)
    stem = p.stem
    size = sum(len(d) for *_, d in _weight_blobs(net))
    use_file = beside if beside is not None else size > EMBED_LIMIT_BYTES
    weights_name = f"{stem}.weights.bin" if use_file else None
    source, payload = torch_module_source(net, stem, weights_name,
                                          title or f"A convviz network as a PyTorch model ({len(net.layers)} layers).")
    written = []
    if payload is not None and weights_name is not None:
        atomic_write_bytes(p.parent / weights_name, payload)
        written.append(p.parent / weights_name)
    atomic_write_bytes(p, source.encode("utf-8"))
    written.append(p)
    return written
