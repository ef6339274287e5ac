"""How the maps are coloured and their numbers written: the display options, the colour tables and the
number formats. NumPy only, no Qt; :mod:`convviz.render` uses them on the worker, the views to label."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .blocks import SCALE_SCOPES

SCOPES = SCALE_SCOPES
#: older names of scopes, still accepted
_SCOPE_ALIASES = {"layer": "stage"}
CENTRINGS = ("symmetric", "minmax")

# Anchor colours at equal spacing, interpolated linearly into 256-entry tables (close to matplotlib's maps).
_ANCHORS: dict[str, tuple[str, ...]] = {
    "viridis": ("#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58",
                "#b5de2b", "#fde725"),
    "magma": ("#000004", "#180f3d", "#440f76", "#721f81", "#9e2f7f", "#cd4071", "#f1605d", "#fd9668",
              "#feca8d", "#fcfdbf"),
    "inferno": ("#000004", "#1b0c41", "#4a0c6b", "#781c6d", "#a52c60", "#cf4446", "#ed6925", "#fb9b06",
                "#f7d13d", "#fcffa4"),
    "gray": ("#000000", "#ffffff"),
    "coolwarm": ("#3b4cc0", "#6282ea", "#8db0fe", "#b8d0f9", "#dddddd", "#f5c4ad", "#f49a7b", "#de604d",
                 "#b40426"),
    "RdBu": ("#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0", "#92c5de",
             "#4393c3", "#2166ac", "#053061"),
    "PuOr": ("#2d004b", "#542788", "#8073ac", "#b2abd2", "#d8daeb", "#f7f7f7", "#fee0b6", "#fdb863",
             "#e08214", "#b35806", "#7f3b08"),
}
_ANCHORS["RdBu_r"] = _ANCHORS["RdBu"][::-1]

#: Every colormap name :func:`colormap_lut` knows (plus ``"auto"`` in :class:`DisplayOptions`).
COLORMAPS: tuple[str, ...] = tuple(_ANCHORS)
#: The diverging maps: meant for signed data, zero at their centre.
DIVERGING = frozenset({"coolwarm", "RdBu", "RdBu_r", "PuOr"})
AUTO_SIGNED = "coolwarm"
AUTO_UNSIGNED = "viridis"

#: Tints for the input's channels (black → the channel's colour).
CHANNEL_TINTS = ((255, 72, 72), (72, 220, 96), (80, 136, 255))

_LUT_CACHE: dict[str, np.ndarray] = {}


@dataclass(frozen=True)
class DisplayOptions:
    """How raw values become colours. Changing them never recomputes the network, only the images."""

    colormap: str = "auto"  # "auto": diverging for signed data, else sequential; or a COLORMAPS name
    scope: str = "block"  # "map" | "stage" | "block" | "stack" (one colour scale per …)
    centring: str = "symmetric"  # "symmetric" around zero | "minmax"
    #: width / height of the area a stage's mosaic is shown in: the maps are tiled to fill it
    aspect: float = 1.5
    #: the kernel view's map area in screen pixels (width, height): filters are wrapped to fill it
    kernel_area: tuple[int, int] = (600, 300)

    def __post_init__(self) -> None:
        object.__setattr__(self, "scope", _SCOPE_ALIASES.get(self.scope, self.scope))
        if len(self.kernel_area) != 2 or min(self.kernel_area) < 1:
            raise ValueError(f"kernel_area must be (width, height) in pixels, got {self.kernel_area!r}")
        if not (math.isfinite(self.aspect) and self.aspect > 0):
            raise ValueError(f"aspect must be a positive number, got {self.aspect!r}")
        if self.colormap != "auto" and self.colormap not in _ANCHORS:
            names = ", ".join(COLORMAPS)
            raise ValueError(f"unknown colormap {self.colormap!r}; choose auto or one of {names}")
        if self.scope not in SCOPES:
            raise ValueError(f"unknown scope {self.scope!r}; choose one of {', '.join(SCOPES)}")
        if self.centring not in CENTRINGS:
            raise ValueError(f"unknown centring {self.centring!r}; choose one of {', '.join(CENTRINGS)}")


def _hex_rgb(code: str) -> tuple[int, int, int]:
    return int(code[1:3], 16), int(code[3:5], 16), int(code[5:7], 16)


def _lut_from_anchors(colours: Sequence[tuple[int, int, int]]) -> np.ndarray:
    anchors = np.asarray(colours, dtype=np.float64)
    pos = np.linspace(0.0, 1.0, len(anchors))
    t = np.linspace(0.0, 1.0, 256)
    lut = np.empty((256, 4), dtype=np.uint8)
    for k in range(3):
        lut[:, k] = np.rint(np.interp(t, pos, anchors[:, k]))
    lut[:, 3] = 255
    return lut


def colormap_lut(name: str) -> np.ndarray:
    """The colormap as a read-only ``(256, 4)`` uint8 RGBA table (index 0 = low level, 255 = high level)."""
    lut = _LUT_CACHE.get(name)
    if lut is None:
        if name.startswith("tint:"):
            r, g, b = (int(v) for v in name[5:].split(","))
            lut = _lut_from_anchors([(0, 0, 0), (r, g, b)])
        elif name in _ANCHORS:
            lut = _lut_from_anchors([_hex_rgb(c) for c in _ANCHORS[name]])
        else:
            raise ValueError(f"unknown colormap {name!r}; choose one of {', '.join(COLORMAPS)}")
        lut.setflags(write=False)
        _LUT_CACHE[name] = lut
    return lut


def resolve_colormap(name: str, signed: bool) -> str:
    """The concrete colormap for ``name``: ``"auto"`` is diverging for signed data, else sequential."""
    if name == "auto":
        return AUTO_SIGNED if signed else AUTO_UNSIGNED
    return name


def format_value(v: float) -> str:
    """A short, exact-enough text for a value: ``-2``, ``0.31``, ``1.2e+03``."""
    if not math.isfinite(v):
        return str(v)
    a = abs(v)
    if a != 0 and (a >= 1e4 or a < 1e-3):
        return f"{v:.1e}"
    text = f"{v:.3g}" if a >= 10 else f"{v:.2g}" if a < 0.1 else f"{v:.2f}"
    if "." in text and "e" not in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_cell(v: float, digits: int = 3) -> str:
    """A value as printed inside a map's cell: ``digits`` significant digits, a compact exponent outside
    1e-3 … 1e4 (``0.312``, ``-1.23``, ``12.3``, ``1.23e4``, ``-3.4e-5``); fewer digits give a narrower text,
    never a wrong magnitude (12.3 with one digit is ``12``)."""
    if not math.isfinite(v):
        return "nan" if math.isnan(v) else ("∞" if v > 0 else "-∞")
    if v == 0:
        return "0"
    digits = max(1, digits)
    a = abs(v)
    if 1e-3 <= a < 1e4:
        text = f"{v:.{digits}g}"
        return text if "e" not in text else str(round(v))
    mant, exp = f"{v:.{digits - 1}e}".split("e")
    if "." in mant:
        mant = mant.rstrip("0").rstrip(".")
    return f"{mant}e{int(exp)}"
