"""Drawing on the input: strokes of a round brush, rasterised onto the input's pixels. Qt-free.

What is stored (decided for issue 9): the painted pixels are the input — ``StackState.input`` holds every
stroke's result, so a reader that ignores strokes still shows what was drawn. Beside them the state keeps the
strokes themselves (brush, value, channel, points in input pixel coordinates) and ``drawn_base``, the input as it
was before the first stroke; :func:`replay` of the strokes onto that base gives the pixels again, exactly. A
project saves both (``input_base.npy`` and ``"strokes"``). Any other change of the input (a new sample, file or
size) starts a new base with no strokes.

Tools: ``brush`` paints ``value`` (one number per painted channel), ``eraser`` paints the base's pixels back,
``clear`` fills the whole input (or one channel) with ``value``. A pixel is painted when its centre lies within
``size / 2`` of the stroke's path, or when the path passes through it (so a 1-pixel brush draws connected lines).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

TOOLS = ("brush", "eraser", "clear")
MAX_BRUSH = 256


@dataclass(frozen=True)
class Stroke:
    tool: str
    size: float
    #: the value painted, one number per painted channel (all channels, or ``channel`` alone)
    value: tuple[float, ...]
    #: the one channel painted, or None for all of them
    channel: int | None
    #: the path, ``(y, x)`` in input pixels (0.5, 0.5 is the centre of the top-left pixel)
    points: tuple[tuple[float, float], ...]

    def extended(self, point: tuple[float, float]) -> Stroke:
        return Stroke(self.tool, self.size, self.value, self.channel, (*self.points, point))

    def to_dict(self) -> dict:
        return {"tool": self.tool, "size": self.size, "value": list(self.value), "channel": self.channel,
                "points": [[round(y, 3), round(x, 3)] for y, x in self.points]}

    @staticmethod
    def from_dict(d: Mapping) -> Stroke:
        """A stroke from its JSON form; ValueError says what is wrong."""
        tool, size, value, channel, points = (d.get(k) for k in ("tool", "size", "value", "channel", "points"))
        if tool not in TOOLS:
            raise ValueError(f"tool must be one of {', '.join(TOOLS)} (got {tool!r})")
        if not isinstance(size, int | float) or isinstance(size, bool) or not 0 < size <= MAX_BRUSH:
            raise ValueError(f"size must be a number in (0, {MAX_BRUSH}] (got {size!r})")
        if not isinstance(value, list) or not all(_finite(v) for v in value):
            raise ValueError("value must be a list of finite numbers")
        if channel is not None and (not isinstance(channel, int) or isinstance(channel, bool) or channel < 0):
            raise ValueError(f"channel must be null or a channel index (got {channel!r})")
        if not isinstance(points, list) or not all(
                isinstance(p, list) and len(p) == 2 and all(_finite(v) for v in p) for p in points):
            raise ValueError("points must be a list of [y, x] pairs")
        return Stroke(tool, float(size), tuple(float(v) for v in value), channel,
                      tuple((float(y), float(x)) for y, x in points))


def _finite(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def check_stroke(stroke: Stroke, shape: tuple[int, int, int]) -> None:
    """ValueError when ``stroke`` cannot apply to an input of ``shape`` (H, W, C)."""
    c = shape[2]
    if stroke.channel is not None and stroke.channel >= c:
        raise ValueError(f"channel {stroke.channel} of an input with {c} channels")
    painted = 1 if stroke.channel is not None else c
    if stroke.tool != "eraser" and len(stroke.value) not in (1, painted):
        raise ValueError(f"{len(stroke.value)} values for {painted} channels")


def _channels(stroke: Stroke, c: int) -> slice:
    return slice(None) if stroke.channel is None else slice(stroke.channel, stroke.channel + 1)


def segment_mask(shape: tuple[int, int], size: float, p0: tuple[float, float],
                 p1: tuple[float, float]) -> tuple[tuple[slice, slice], np.ndarray] | None:
    """The pixels a brush of ``size`` covers going from ``p0`` to ``p1``: (the bounding box, its mask), or None
    when it misses the input."""
    h, w = shape
    r = size / 2
    (y0, x0), (y1, x1) = p0, p1
    top, bottom = max(0, math.floor(min(y0, y1) - r)), min(h, math.ceil(max(y0, y1) + r) + 1)
    left, right = max(0, math.floor(min(x0, x1) - r)), min(w, math.ceil(max(x0, x1) + r) + 1)
    if top >= bottom or left >= right:
        return None
    cy = np.arange(top, bottom, dtype=np.float64)[:, None] + 0.5
    cx = np.arange(left, right, dtype=np.float64)[None, :] + 0.5
    dy, dx = y1 - y0, x1 - x0
    length2 = dy * dy + dx * dx
    t = np.zeros((1, 1)) if length2 == 0 else np.clip(((cy - y0) * dy + (cx - x0) * dx) / length2, 0.0, 1.0)
    mask = (cy - (y0 + t * dy)) ** 2 + (cx - (x0 + t * dx)) ** 2 <= r * r
    # the pixels the path passes through (a thin brush must not leave gaps between its dabs)
    steps = max(1, math.ceil(2 * math.sqrt(length2)))
    s = np.linspace(0.0, 1.0, steps + 1)
    py = np.floor(y0 + s * dy).astype(np.int64) - top
    px = np.floor(x0 + s * dx).astype(np.int64) - left
    keep = (py >= 0) & (py < bottom - top) & (px >= 0) & (px < right - left)
    mask[py[keep], px[keep]] = True
    return (slice(top, bottom), slice(left, right)), mask


def paint(x: np.ndarray, base: np.ndarray, stroke: Stroke, start: int = 0) -> np.ndarray:
    """A copy of ``x`` with ``stroke`` painted from its point ``start`` on (0: the whole stroke; k > 0: only the
    segments after point k − 1, for a stroke that grows while the mouse moves). ``x`` is never modified."""
    out = np.array(x, dtype=np.float32, copy=True)
    paint_into(out, base, stroke, start)
    return out


def paint_into(out: np.ndarray, base: np.ndarray, stroke: Stroke, start: int = 0) -> None:
    h, w, c = out.shape
    ch = _channels(stroke, c)
    if stroke.tool == "clear":
        out[:, :, ch] = np.asarray(stroke.value, dtype=np.float32)
        return
    pts = stroke.points
    if not pts:
        return
    pairs = [(pts[0], pts[0])] if start == 0 else []
    pairs += [(pts[i - 1], pts[i]) for i in range(max(1, start), len(pts))]
    value = np.asarray(stroke.value, dtype=np.float32)
    for p0, p1 in pairs:
        hit = segment_mask((h, w), stroke.size, p0, p1)
        if hit is None:
            continue
        (rows, cols), mask = hit
        region = out[rows, cols, ch]
        source = base[rows, cols, ch] if stroke.tool == "eraser" else np.broadcast_to(value, region.shape)
        region[mask] = source[mask]


def replay(base: np.ndarray, strokes: Iterable[Stroke]) -> np.ndarray:
    """The input that ``strokes`` painted onto ``base`` make."""
    out = np.array(base, dtype=np.float32, copy=True)
    for stroke in strokes:
        paint_into(out, base, stroke)
    return out
