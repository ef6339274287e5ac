"""How an image of one size becomes an input of another: ``fit``, ``crop`` or ``stretch``. Qt-free.

* ``fit`` (the default): scale so the whole image fits, keeping its aspect ratio; centre it; zeros around it.
* ``crop``: scale so the image covers the input, keeping its aspect ratio; keep the centre.
* ``stretch``: scale each side to the input's, aspect ratio lost.

:func:`placement` says where the scaled image goes; the caller scales the image to ``placement.scaled`` (with any
resampler) and :func:`place` puts it there. The CLI and the window both go through these, so `convviz run` and
`convviz gui` compute the same input for the same arguments.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

FIT_MODES = ("fit", "crop", "stretch")
DEFAULT_FIT = "fit"
#: which part of a cropped image is kept: (y, x) fractions of the cut-off margin taken from the top and the left
CENTRE = (0.5, 0.5)
#: the input's channels: ``own`` as read (an image gets the input's C, an array keeps its own), ``rgb`` three,
#: ``gray`` one (luminance)
CHANNEL_MODES = ("own", "rgb", "gray")
DEFAULT_CHANNELS = "own"
LUMA = (0.299, 0.587, 0.114)


@dataclass(frozen=True)
class Placement:
    mode: str
    source: tuple[int, int]  # (H, W) of the image
    target: tuple[int, int]  # (H, W) of the input
    scaled: tuple[int, int]  # (H, W) the image is scaled to
    offset: tuple[int, int]  # (y, x) of the scaled image's top-left corner in the input (negative: cropped)
    anchor: tuple[float, float] = CENTRE  # which part a crop keeps (see placement)

    @property
    def padded(self) -> bool:
        return self.scaled[0] < self.target[0] or self.scaled[1] < self.target[1]

    @property
    def cropped(self) -> bool:
        return self.scaled[0] > self.target[0] or self.scaled[1] > self.target[1]


def placement(source: tuple[int, int], target: tuple[int, int], mode: str = DEFAULT_FIT,
              anchor: tuple[float, float] = CENTRE) -> Placement:
    """Where an image of size ``source`` (H, W) goes in an input of size ``target`` (H, W); ``anchor`` (crop only)
    says which part is kept: (0, 0) the top-left, (0.5, 0.5) the centre, (1, 1) the bottom-right."""
    if mode not in FIT_MODES:
        raise ValueError(f"unknown fit mode {mode!r} (expected one of {', '.join(FIT_MODES)})")
    (h, w), (th, tw) = source, target
    if mode == "stretch" or (h, w) == (th, tw):
        scaled = (th, tw)
    else:
        scale = min(th / h, tw / w) if mode == "fit" else max(th / h, tw / w)
        # the side that decides the scale gets exactly the target's size; the other is rounded, at least 1
        sh = th if th / h == scale else max(1, round(h * scale))
        sw = tw if tw / w == scale else max(1, round(w * scale))
        scaled = (min(sh, th), min(sw, tw)) if mode == "fit" else (max(sh, th), max(sw, tw))
    ay, ax = (min(max(float(a), 0.0), 1.0) for a in anchor) if mode == "crop" else CENTRE
    # floor, so the centre is exactly the (th - sh) // 2 it always was
    offset = (math.floor((th - scaled[0]) * ay), math.floor((tw - scaled[1]) * ax))
    return Placement(mode, (h, w), (th, tw), scaled, offset, (ay, ax))


def place(scaled: np.ndarray, p: Placement) -> np.ndarray:
    """The input: ``scaled`` (``p.scaled`` × C) centred in zeros (fit) or cut to its centre (crop)."""
    if scaled.shape[:2] != p.scaled:
        raise ValueError(f"expected an image of {p.scaled}, got {scaled.shape[:2]}")
    if p.scaled == p.target:
        return np.ascontiguousarray(scaled, dtype=np.float32)
    th, tw = p.target
    out = np.zeros((th, tw, scaled.shape[2]), dtype=np.float32)
    oy, ox = p.offset
    # the overlap of the scaled image and the input, in each one's coordinates
    y0, x0 = max(oy, 0), max(ox, 0)
    y1, x1 = min(oy + p.scaled[0], th), min(ox + p.scaled[1], tw)
    out[y0:y1, x0:x1] = scaled[y0 - oy:y1 - oy, x0 - ox:x1 - ox]
    return out


def channel_count(mode: str, channels: int) -> int:
    """The input's channel count under ``mode`` when the size asks for ``channels``."""
    return {"rgb": 3, "gray": 1}.get(mode, channels)


def convert_channels(x: np.ndarray, mode: str) -> np.ndarray:
    """``x`` (H, W, C) with the channels ``mode`` asks for: ``own`` unchanged; ``gray`` the luminance of R, G, B
    (one channel kept as it is); ``rgb`` R, G, B (one channel repeated). Anything else raises ValueError."""
    if mode not in CHANNEL_MODES:
        raise ValueError(f"unknown channel mode {mode!r} (expected one of {', '.join(CHANNEL_MODES)})")
    c = x.shape[2]
    if mode == "own" or c == channel_count(mode, c):
        return x
    if mode == "gray" and c in (3, 4):  # a fourth channel is alpha: dropped, like an image's
        return np.ascontiguousarray(x[..., :3] @ np.array(LUMA, dtype=np.float32), dtype=np.float32)[..., None]
    if mode == "rgb" and c == 1:
        return np.ascontiguousarray(np.repeat(x, 3, axis=2), dtype=np.float32)
    raise ValueError(f"{c} channels cannot be made {'grayscale' if mode == 'gray' else 'RGB'}")


def describe(p: Placement, tr: Callable[[str], str] = lambda s: s) -> str:
    """What was done, in words: "image 200×300 fitted into 128×128 (scaled to 85×128, zero-padded)"."""
    size = lambda hw: f"{hw[0]}×{hw[1]}"  # noqa: E731
    src, dst, scaled = size(p.source), size(p.target), size(p.scaled)
    if p.source == p.target:
        return tr("image {src} used as it is").format(src=src)
    if p.mode == "stretch":
        if p.source[0] * p.target[1] == p.source[1] * p.target[0]:
            return tr("image {src} scaled to {dst}").format(src=src, dst=dst)
        return tr("image {src} stretched to {dst} (aspect ratio not kept)").format(src=src, dst=dst)
    if p.mode == "crop":
        if not p.cropped:
            return tr("image {src} scaled to {dst}").format(src=src, dst=dst)
        if p.anchor == CENTRE:
            return tr("image {src} cropped to fill {dst} (scaled to {scaled}, centre kept)").format(
                src=src, dst=dst, scaled=scaled)
        return tr("image {src} cropped to fill {dst} (scaled to {scaled}, kept from {y}% down, {x}% across)").format(
            src=src, dst=dst, scaled=scaled, y=round(100 * p.anchor[0]), x=round(100 * p.anchor[1]))
    if not p.padded:
        return tr("image {src} scaled to {dst}").format(src=src, dst=dst)
    return tr("image {src} fitted into {dst} (scaled to {scaled}, zero-padded)").format(
        src=src, dst=dst, scaled=scaled)
