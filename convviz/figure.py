"""Figures for slides: any view as a small display list (images, rectangles, lines, text), written as SVG here
and painted to PNG by Qt (convviz.qt.figure_paint). NumPy only, no Qt.

A figure is built from what the views show — :class:`convviz.render.RenderedTensor` mosaics with their tile
geometry, levels and colour table — so a figure has the window's colours. In SVG, labels and numbers are
``<text>``, tile outlines, grid lines and colour bars are shapes (a bar is a rectangle filled with a linear
gradient of the colour table), and map pixels are one embedded PNG per mosaic, drawn without smoothing.
"""

from __future__ import annotations

import base64
import math
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import numpy as np

from .render import RenderedTensor, format_value

__all__ = ["Figure", "Image", "Line", "Rect", "Text", "encode_png", "mosaic_figure", "stack_figure", "to_svg"]

FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
INK = "#202020"
GRID = "#808080"


@dataclass(frozen=True)
class Image:
    x: float
    y: float
    w: float
    h: float
    rgba: np.ndarray  # (H, W, 4) uint8, drawn without smoothing


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 1.0
    #: a vertical colour bar: the colour table from bottom (low) to top (high), as "#rrggbb" stops
    gradient: tuple[str, ...] = ()


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = GRID
    width: float = 1.0


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    size: float = 12.0
    anchor: str = "start"  # "start" | "middle" | "end"
    fill: str = INK
    bold: bool = False


@dataclass
class Figure:
    width: float
    height: float
    items: list = field(default_factory=list)

    def add(self, item) -> None:
        self.items.append(item)

    def place(self, other: Figure, dx: float, dy: float) -> None:
        """Copy ``other``'s items shifted by (dx, dy)."""
        for it in other.items:
            if isinstance(it, Line):
                self.items.append(Line(it.x1 + dx, it.y1 + dy, it.x2 + dx, it.y2 + dy, it.stroke, it.width))
            else:
                self.items.append(type(it)(**{**it.__dict__, "x": it.x + dx, "y": it.y + dy}))


# --- building ------------------------------------------------------------------------------------------


def _hex(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(int(v) for v in rgb[:3]))


def _tile_names(r: RenderedTensor) -> list[str]:
    if r.kind == "kernels":
        cin = r.raw.shape[3]
        names = r.in_names or tuple(f"c{i}" for i in range(cin))
        return [f"f{f}·{names[c]}" for f, c in (divmod(t, cin) for t in range(r.n_tiles))]
    if r.labels:
        return list(r.labels)
    return [f"c{t}" for t in range(r.n_tiles)]


def mosaic_figure(r: RenderedTensor, title: str = "", *, labels: bool = True, colorbar: bool = True,
                  cell: float | None = None, values: bool | None = None) -> Figure:
    """One view: the mosaic's tiles on a grid, a name above each tile, an outline around it, the title, and a
    colour bar with its range. ``cell``: figure units per mosaic pixel (by default tiles are about 72 units).
    ``values``: write each value in its cell (by default for kernels of at most 7×7)."""
    if values is None:
        values = r.kind == "kernels" and max(r.tile_h, r.tile_w) <= 7 and r.downsample == 1 and labels
    if cell is None:
        cell = max(1.0, min(24.0, 72.0 / max(r.tile_h, r.tile_w)))
        if values:
            cell = 34.0  # room for "-0.055" in a cell
    gap = 14.0 if labels else 6.0  # room between tiles (for a name above each)
    label_h = 12.0 if labels else 0.0
    title_h = 20.0 if title and labels else 0.0
    bar_w = 56.0 if colorbar and r.kind != "input" and not r.per_map else 0.0
    tw, th = r.tile_w * cell, r.tile_h * cell
    width = r.columns * (tw + gap) - gap + bar_w + 8
    height = title_h + r.rows * (th + gap + label_h) - gap + 8
    fig = Figure(width + 8, height + 8)
    ox, oy = 8.0, 8.0 + title_h
    if title_h:
        fig.add(Text(ox, 8 + 13, title, 14, bold=True))
    names = _tile_names(r)
    for t in range(r.n_tiles):
        mx, my = r.tile_origin(t)
        row, col = divmod(t, r.columns)  # not from mx: kernel blocks side by side have wider gaps
        x = ox + col * (tw + gap)
        y = oy + row * (th + gap + label_h) + label_h
        fig.add(Image(x, y, tw, th, r.rgba[my:my + r.tile_h, mx:mx + r.tile_w]))
        if r.kind == "kernels" and max(r.tile_h, r.tile_w) <= 16:  # the kernel's cells
            for i in range(1, r.tile_h):
                fig.add(Line(x, y + i * cell, x + tw, y + i * cell, GRID, 0.5))
            for j in range(1, r.tile_w):
                fig.add(Line(x + j * cell, y, x + j * cell, y + th, GRID, 0.5))
        fig.add(Rect(x, y, tw, th, stroke=GRID, stroke_width=0.75))
        if labels:
            fig.add(Text(x + tw / 2, y - 3, names[t] if t < len(names) else "", 9, "middle"))
        if values:
            f, c = r.tile_key(t)
            size = min(10.0, cell * 0.28)
            for i in range(r.tile_h):
                for j in range(r.tile_w):
                    v = float(r.raw[f, i, j, c])
                    lo, hi = r.tile_levels(t)
                    dark = abs(v) > 0.55 * max(abs(lo), abs(hi))
                    fig.add(Text(x + (j + 0.5) * cell, y + (i + 0.5) * cell + size * 0.35, format_value(v), size,
                                 "middle", "#ffffff" if dark else INK))
    if bar_w:
        _colour_bar(fig, r, ox + r.columns * (tw + gap) - gap + 12, oy + label_h,
                    max(60.0, min(height - title_h - label_h - 8, 240.0)))
    return fig


def _colour_bar(fig: Figure, r: RenderedTensor, x: float, y: float, h: float) -> None:
    lo, hi = r.scale_levels
    stops = tuple(_hex(r.lut[int(round(i * 255 / 15))]) for i in range(16))
    fig.add(Rect(x, y, 12, h, stroke=INK, stroke_width=0.75, gradient=stops))
    ticks = [(hi, y), (lo, y + h)]
    if lo < 0 < hi:
        ticks.append((0.0, y + h * hi / (hi - lo)))
    for v, ty in ticks:
        fig.add(Line(x + 12, ty, x + 16, ty, INK, 0.75))
        fig.add(Text(x + 18, ty + 3.5, format_value(v), 9))


def stack_figure(parts: Sequence[tuple[str, RenderedTensor]], *, labels: bool = True, colorbar: bool = True,
                 cell: float | None = None) -> Figure:
    """Several views one under the other (the whole stack: the input, then every stage), each with its title.
    One cell size for all, so maps keep their relative sizes."""
    if cell is None:
        biggest = max(max(r.tile_h, r.tile_w) for _, r in parts)
        cell = max(1.0, min(12.0, 96.0 / biggest))
    figs = [mosaic_figure(r, title, labels=labels, colorbar=colorbar, cell=cell) for title, r in parts]
    out = Figure(max(f.width for f in figs), sum(f.height for f in figs))
    y = 0.0
    for f in figs:
        out.place(f, 0, y)
        y += f.height
    return out


# --- SVG and PNG ----------------------------------------------------------------------------------------


def encode_png(rgba: np.ndarray) -> bytes:
    """An (H, W, 4) uint8 image as PNG bytes (zlib only)."""
    rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
    h, w = rgba.shape[:2]
    raw = np.zeros((h, w * 4 + 1), dtype=np.uint8)  # filter byte 0 per row
    raw[:, 1:] = rgba.reshape(h, w * 4)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw.tobytes(), 6)) + chunk(b"IEND", b""))


def _n(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".") if math.isfinite(v) else "0"


def to_svg(fig: Figure, scale: float = 1.0) -> str:
    """The figure as an SVG document, ``scale`` × its size (the drawing scales, nothing is resampled)."""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
           f'width="{_n(fig.width * scale)}" height="{_n(fig.height * scale)}" '
           f'viewBox="0 0 {_n(fig.width)} {_n(fig.height)}" font-family="{FONT}">',
           f'<rect width="{_n(fig.width)}" height="{_n(fig.height)}" fill="#ffffff"/>']
    defs, n_grad = [], 0
    for it in fig.items:
        if isinstance(it, Image):
            # Viewers that smooth images anyway (some ignore image-rendering) blur only within the block a
            # pixel became: enlarge by an integer factor, nearest-neighbour, up to ~1024 pixels a side.
            h, w = it.rgba.shape[:2]
            k = int(max(1, min(it.w * scale / max(w, 1), 1024 / max(h, w, 1))))
            big = np.repeat(np.repeat(it.rgba, k, axis=0), k, axis=1) if k > 1 else it.rgba
            data = base64.b64encode(encode_png(big)).decode("ascii")
            out.append(f'<image x="{_n(it.x)}" y="{_n(it.y)}" width="{_n(it.w)}" height="{_n(it.h)}" '
                       f'preserveAspectRatio="none" image-rendering="optimizeSpeed" '
                       f'style="image-rendering:pixelated" xlink:href="data:image/png;base64,{data}"/>')
        elif isinstance(it, Rect):
            fill = it.fill or "none"
            if it.gradient:
                gid = f"bar{n_grad}"
                n_grad += 1
                stops = "".join(f'<stop offset="{_n(i / (len(it.gradient) - 1))}" stop-color="{c}"/>'
                                for i, c in enumerate(it.gradient))
                defs.append(f'<linearGradient id="{gid}" x1="0" y1="1" x2="0" y2="0">{stops}</linearGradient>')
                fill = f"url(#{gid})"
            stroke = f' stroke="{it.stroke}" stroke-width="{_n(it.stroke_width)}"' if it.stroke else ""
            out.append(f'<rect x="{_n(it.x)}" y="{_n(it.y)}" width="{_n(it.w)}" height="{_n(it.h)}" '
                       f'fill="{fill}"{stroke}/>')
        elif isinstance(it, Line):
            out.append(f'<line x1="{_n(it.x1)}" y1="{_n(it.y1)}" x2="{_n(it.x2)}" y2="{_n(it.y2)}" '
                       f'stroke="{it.stroke}" stroke-width="{_n(it.width)}"/>')
        elif isinstance(it, Text):
            weight = ' font-weight="bold"' if it.bold else ""
            out.append(f'<text x="{_n(it.x)}" y="{_n(it.y)}" font-size="{_n(it.size)}" text-anchor="{it.anchor}" '
                       f'fill="{it.fill}"{weight}>{escape(it.text)}</text>')
    if defs:
        out.insert(2, "<defs>" + "".join(defs) + "</defs>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --- figures of a network on an input, as the window shows them (the CLI's `render`) --------------------

VIEWS = ("input", "kernels", "maps", "stack")


def scene_figure(net, x: np.ndarray, view: str, layer: int | None = None, options=None, *, labels: bool = True,
                 colorbar: bool = True) -> Figure:
    """The figure of one view, rendered by the worker's own code (same colours and shared scales as the
    window). ``layer``: the conv layer for "kernels" (default: the first), the stage for "maps" (default: the
    last); ignored by "input" and "stack". Raises ConvvizError for a layer that does not exist or has no
    kernels."""
    from .compute import InputReady, KernelsReady, Request, StageReady, run_request
    from .core.errors import ConvvizError
    from .core.layers import Conv2D, lecture_name
    from .render import DisplayOptions

    options = options or DisplayOptions()
    n = len(net.layers)
    if view in ("kernels", "maps") and layer is not None and not 0 <= layer < n:
        raise ConvvizError("bad_value", None, where="--layer", key="layer", expected=f"0 … {n - 1}", value=layer)
    convs = [i for i, s in enumerate(net.layers) if isinstance(s, Conv2D)]
    if view == "kernels":
        if layer is None:
            if not convs:
                raise ConvvizError("bad_value", None, where="--view kernels", key="layer",
                                   expected="a stack with a conv layer", value="none")
            layer = convs[0]
        if layer not in convs:
            raise ConvvizError("bad_value", None, where="--view kernels", key="--layer",
                               expected="a conv layer (" + ", ".join(map(str, convs)) + ")", value=layer)
    events = list(run_request(Request(0, net, x, options, max_side=8192)))
    rendered_input = next(e.rendered for e in events if isinstance(e, InputReady))
    kernels = {e.index: e.rendered for e in events if isinstance(e, KernelsReady)}
    stages = {e.index: e.rendered for e in events if isinstance(e, StageReady)}
    failed = [e for e in events if type(e).__name__ == "Failed"]
    if failed and failed[0].error is not None:
        raise failed[0].error
    h, w, c = x.shape

    def stage_title(i: int) -> str:
        s = stages[i].raw.shape
        return f"{lecture_name(net.layers, i)} · {net.layers[i].label()} · {s[0]}×{s[1]}×{s[2]}"

    if view == "input":
        return mosaic_figure(rendered_input, f"input · {h}×{w}×{c}", labels=labels, colorbar=False)
    if view == "kernels":
        f, kh, kw, cin = net.weights[net.layers[layer].uid].weight.shape
        return mosaic_figure(kernels[layer], f"{lecture_name(net.layers, layer)} · kernels {f} × {kh}×{kw} × {cin}",
                             labels=labels, colorbar=colorbar)
    if view == "maps":
        i = n - 1 if layer is None else layer
        return mosaic_figure(stages[i], stage_title(i), labels=labels, colorbar=colorbar)
    if view == "stack":
        parts = [(f"input · {h}×{w}×{c}", rendered_input)] + [(stage_title(i), stages[i]) for i in range(n)]
        return stack_figure(parts, labels=labels, colorbar=colorbar)
    raise ValueError(f"unknown view {view!r}; use one of {', '.join(VIEWS)}")
