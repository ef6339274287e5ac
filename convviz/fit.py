"""How an image of one size becomes an input of another: ``fit``, ``crop`` or ``stretch``. Qt-free.

* ``fit`` (the default): scale so the whole image fits, keeping its aspect ratio; centre it; zeros around it.
* ``crop``: scale so the image covers the input, keeping its aspect ratio; keep the centre.
* ``stretch``: scale each side to the input's, aspect ratio lost.

:func:`placement` says where the scaled image goes; the caller scales the image to ``placement.scaled`` (with any
resampler) and :func:`place` puts it there. The CLI and the window both go through these, so `convviz run` and
`convviz gui` compute the same input for the same arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

FIT_MODES = ("fit", "crop", "stretch")
DEFAULT_FIT = "fit"


@dataclass(frozen=True)
class Placement:
    mode: str
    source: tuple[int, int]  # (H, W) of the image
    target: tuple[int, int]  # (H, W) of the input
    scaled: tuple[int, int]  # (H, W) the image is scaled to
    offset: tuple[int, int]  # (y, x) of the scaled image's top-left corner in the input (negative: cropped)

    @property
    def padded(self) -> bool:
        return self.scaled[0] < self.target[0] or self.scaled[1] < self.target[1]

    @property
    def cropped(self) -> bool:
        return self.scaled[0] > self.target[0] or self.scaled[1] > self.target[1]


def placement(source: tuple[int, int], target: tuple[int, int], mode: str = DEFAULT_FIT) -> Placement:
    """Where an image of size ``source`` (H, W) goes in an input of size ``target`` (H, W)."""
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
    offset = ((th - scaled[0]) // 2, (tw - scaled[1]) // 2)
    return Placement(mode, (h, w), (th, tw), scaled, offset)


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
        return tr("image {src} cropped to fill {dst} (scaled to {scaled}, centre kept)").format(
            src=src, dst=dst, scaled=scaled)
    if not p.padded:
        return tr("image {src} scaled to {dst}").format(src=src, dst=dst)
    return tr("image {src} fitted into {dst} (scaled to {scaled}, zero-padded)").format(
        src=src, dst=dst, scaled=scaled)
