"""Every user-visible word and number format of the window, in one place.

English source text passes through :func:`tr` (translations load as .qm files); numbers and shapes are
formatted here so that every view writes them the same way: shapes "8 × 8 × 3", counts "6 948" (a no-break
space groups the thousands, so a wrapped line never splits a number), values to float32's ~7 digits.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from ..blocks import stage_kind
from ..core.kernels import PRESETS
from ..core.layers import Activation, Conv2D, LayerSpec, Pool2D
from ..i18n import plural

__all__ = [
    "MENU_COLORMAPS", "activation_names", "colormap_names", "field_names", "fmt_int", "fmt_value", "format_shape",
    "layer_label", "pool_names", "preset_names", "scale_note", "stage_kind", "stage_name", "tr", "tr_n",
]

CONTEXT = "convviz"
#: the colormaps the toolbar offers ("auto" is diverging for signed data, else sequential)
MENU_COLORMAPS = ("auto", "viridis", "magma", "gray", "coolwarm")


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def tr_n(forms: str, n: int) -> str:
    """``forms`` ("{n} image|{n} images") translated and the form for the count ``n`` taken (see
    :func:`convviz.i18n.plural`: the Russian translation has three forms)."""
    return plural(tr(forms), n)


def fmt_int(n: int) -> str:
    """6948 → "6 948"."""
    return f"{n:,}".replace(",", "\u00a0")


def group_digits(text: str) -> str:
    """Every number of four digits or more in ``text`` grouped as :func:`fmt_int` does: "3216 = 16·5·5·8 + 16" →
    "3 216 = 16·5·5·8 + 16", so a formula reads like the counts beside it."""
    return re.sub(r"\d{4,}", lambda m: fmt_int(int(m.group())), text)


def format_shape(shape) -> str:
    """``8 × 8 × 3``: the lecture's notation for a tensor's shape."""
    return " × ".join(str(int(s)) for s in shape)


def fmt_value(value: float) -> str:
    """An exact readout: float32 carries about 7 significant digits."""
    return f"{float(value):.7g}"


def filter_label(n: int) -> str:
    """A filter (a row of kernels, an output map): "f3"."""
    return tr("f{n}").format(n=n)


def channel_label(n: int) -> str:
    """A channel with no name of its own: "c3"."""
    return tr("c{n}").format(n=n)


def activation_names() -> dict[str, str]:
    return {
        "relu": tr("ReLU"),
        "leaky_relu": tr("leaky ReLU"),
        "tanh": tr("tanh"),
        "sigmoid": tr("sigmoid"),
        "identity": tr("identity"),
    }


def pool_names() -> dict[str, str]:
    return {"max": tr("max pool"), "avg": tr("avg pool"), "weighted": tr("weighted avg pool")}


def preset_names() -> dict[str, str]:
    names = {
        "identity": tr("Identity"),
        "box_blur": tr("Box blur"),
        "gaussian": tr("Gaussian blur"),
        "sharpen": tr("Sharpen"),
        "sobel_x": tr("Sobel x"),
        "sobel_y": tr("Sobel y"),
        "laplacian": tr("Laplacian"),
        "gabor": tr("Gabor bank"),
        "edges": tr("Edges (4 directions)"),
    }
    return {key: names.get(key, key.replace("_", " ").capitalize()) for key in PRESETS}


def field_names() -> dict[str, str]:
    return {
        "filters": tr("filters"),
        "kernel_size": tr("kernel size"),
        "stride": tr("stride"),
        "padding": tr("padding"),
        "dilation": tr("dilation"),
        "groups": tr("groups"),
        "bias": tr("bias"),
        "init": tr("initialisation"),
        "seed": tr("seed"),
        "kind": tr("function"),
        "slope": tr("slope"),
        "mode": tr("pooling mode"),
        "size": tr("window size"),
    }


def colormap_names() -> dict[str, str]:
    names = {"auto": tr("auto (diverging for signed)"), "gray": tr("grey")}
    return {key: names.get(key, key) for key in MENU_COLORMAPS}


def layer_label(spec: LayerSpec) -> str:
    """The layer as the lecture writes it, translated: "conv 6@3×3", "ReLU", "max pool 2×2"."""
    if isinstance(spec, Conv2D):
        kh, kw = spec.kernel_size
        return tr("conv {f}@{kh}×{kw}").format(f=spec.filters, kh=kh, kw=kw)
    if isinstance(spec, Pool2D):
        kh, kw = spec.size
        return tr("{pool} {kh}×{kw}").format(pool=pool_names().get(spec.mode, spec.mode), kh=kh, kw=kw)
    if not isinstance(spec, Activation):  # the classifier head: flatten, global average pooling, dense, softmax
        return head_label(spec)
    name = activation_names().get(spec.kind, spec.kind)
    return f"{name} {spec.slope:g}" if spec.kind == "leaky_relu" else name


def head_label(spec: LayerSpec) -> str:
    if spec.type == "dense":
        return tr("dense {units}").format(units=spec.units)
    return {"flatten": tr("flatten"), "global_avg_pool": tr("global avg pool"), "softmax": tr("softmax")}.get(
        spec.type, spec.type)


def stage_name(kind: str, label: str = "") -> str:
    """The lecture's name of a stage: "convolution", "detector (ReLU)", "pooling"."""
    if kind == "conv":
        return tr("convolution")
    if kind == "activation":
        return tr("detector ({label})").format(label=label) if label else tr("detector")
    if kind == "pool":
        return tr("pooling")
    if kind == "head":
        return tr("classifier ({label})").format(label=label) if label else tr("classifier")
    return label


def scale_note(scope: str, span: tuple[int, ...] = (), first_label: str = "") -> str:
    """What shares a colour scale, for a colour bar: "scale: block conv 4@3×3 (0–2)", "scale: whole stack"."""
    if scope == "block" and span:
        first, last = span[0], span[-1]
        layers = str(first) if first == last else f"{first}–{last}"
        return tr("scale: block {label} ({layers})").format(label=first_label, layers=layers).replace("  ", " ")
    if scope == "stack":
        return tr("scale: whole stack")
    if scope == "stage":
        return tr("scale: this stage")
    return ""
