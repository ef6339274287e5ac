"""Generated datasets, seeded and reproducible, with no download: `digits` (28×28×1, MNIST-like) and `shapes`
(32×32×3); plus a folder of images (one sub-folder per class) and a dataset saved as .npz.

Everything is vectorized over a chunk of images: a sampling grid per image (an affine map), bilinear gathers (2×2
supersampling for the shapes' edges). The same (kind, count, seed, split) gives the same arrays on every machine:
the digits warp glyph bitmaps of nine DejaVu faces shipped in resources/datasets (packaging/make_digit_glyphs.py
makes them), not a font rasteriser.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..core.errors import ConvvizError

GENERATED = ("digits", "shapes")
SHAPE_CLASSES = ("circle", "square", "triangle", "cross", "star")
DIGIT_CLASSES = tuple(str(d) for d in range(10))
#: an epoch of the generated sets, as the lecture's MNIST stand-in: 20 000 training images, 5 000 test images
DEFAULT_COUNT = {"train": 20_000, "test": 5_000}
_SPLIT_ID = {"train": 0, "test": 1}
_CHUNK = 1000

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Dataset:
    """``x``: N × H × W × C float32 in [0, 1]; ``y``: N int64 class indices; ``classes``: their names."""

    x: np.ndarray
    y: np.ndarray
    classes: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.y)


def _rng(kind: str, seed: int, split: str, chunk: int) -> np.random.Generator:
    # one stream per chunk of 1000 images, so a chunk can be generated (or skipped) on its own
    return np.random.default_rng([seed, _SPLIT_ID[split], GENERATED.index(kind), chunk])


def generate(kind: str, count: int | None = None, seed: int = 0, split: str = "train",
             progress: Progress | None = None) -> Dataset:
    """``count`` images of a generated set (default: 20 000 for train, 5 000 for test)."""
    if kind not in GENERATED:
        raise ValueError(f"unknown dataset {kind!r}")
    if split not in _SPLIT_ID:
        raise ValueError(f"split must be train or test, not {split!r}")
    n = DEFAULT_COUNT[split] if count is None else int(count)
    make = _digits_chunk if kind == "digits" else _shapes_chunk
    xs, ys = [], []
    for k, start in enumerate(range(0, n, _CHUNK)):
        x, y = make(_rng(kind, seed, split, k), min(_CHUNK, n - start))
        xs.append(x)
        ys.append(y)
        if progress is not None:
            progress(start + len(y), n)
    classes = DIGIT_CLASSES if kind == "digits" else SHAPE_CLASSES
    side, ch = (28, 1) if kind == "digits" else (32, 3)
    x = np.concatenate(xs) if xs else np.zeros((0, side, side, ch), np.float32)
    y = np.concatenate(ys) if ys else np.zeros(0, np.int64)
    return Dataset(x, y, classes)


# --- sampling helpers ------------------------------------------------------------------------------------


def _pixel_grid(n_images: int, side: int, sub: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Supersampled pixel centres relative to the image centre, shape (1, side·sub, side·sub)."""
    c = ((np.arange(side * sub) + 0.5) / sub - side / 2).astype(np.float32)
    yy, xx = np.meshgrid(c, c, indexing="ij")
    return yy[None], xx[None]


def _downsample(a: np.ndarray) -> np.ndarray:
    """The mean of every 2 × 2 block: four strided views added in the order a mean over the block's axes adds
    them, so the same numbers bit for bit, 6× faster than that mean (a reduction over two short strided axes)."""
    return (a[:, 0::2, 0::2] + a[:, 0::2, 1::2] + a[:, 1::2, 0::2] + a[:, 1::2, 1::2]) * np.float32(0.25)


def _bilinear(img: np.ndarray, which: np.ndarray, gy: np.ndarray, gx: np.ndarray) -> np.ndarray:
    """Sample ``img[which[i]]`` (K × S × S bitmaps whose border is zero) at (gy, gx) per image."""
    s = img.shape[1]
    gy = np.clip(gy, 0, s - 1.001).astype(np.float32)
    gx = np.clip(gx, 0, s - 1.001).astype(np.float32)
    y0, x0 = gy.astype(np.int64), gx.astype(np.int64)  # floor: coordinates are ≥ 0
    fy, fx = gy - y0, gx - x0
    idx = which[:, None, None] * (s * s) + y0 * s + x0
    flat = img.reshape(-1)
    top = flat[idx] * (1 - fx) + flat[idx + 1] * fx
    bottom = flat[idx + s] * (1 - fx) + flat[idx + s + 1] * fx
    return top * (1 - fy) + bottom * fy


# --- digits ----------------------------------------------------------------------------------------------

_GLYPHS: np.ndarray | None = None


def glyph_bitmaps() -> np.ndarray:
    """faces × 10 × 24 × 24 float32 glyph coverage (the digit 18 px high, centred)."""
    global _GLYPHS
    if _GLYPHS is None:
        from ..resource_files import resource_path

        with np.load(resource_path("datasets", "digit_glyphs.npz"), allow_pickle=False) as f:
            g = f["glyphs"].astype(np.float32) / 255.0
        # half resolution (the digit 18 px high): the 14–24 px glyphs are then sampled at 0.75–1.3 source pixels
        # per pixel, where bilinear sampling needs no supersampling to avoid aliasing
        _GLYPHS = g.reshape(*g.shape[:2], g.shape[2] // 2, 2, g.shape[3] // 2, 2).mean(axis=(3, 5))
    return _GLYPHS


def _digits_chunk(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    glyphs = glyph_bitmaps()
    faces, _, cell, _ = glyphs.shape
    y = rng.integers(0, 10, n)
    face = rng.integers(0, faces, n)

    def draw(lo: float, hi: float) -> np.ndarray:
        return rng.uniform(lo, hi, n).astype(np.float32)[:, None, None]

    height = draw(14, 24)  # glyph height in pixels
    aspect, angle, shear = draw(0.85, 1.15), np.deg2rad(draw(-15, 15)), draw(-0.2, 0.2)
    # keep the glyph inside the frame: its half-extent is about 0.55·height (digits are narrower than tall)
    room = np.maximum(0.0, 13 - 0.55 * height)
    ty, tx = draw(-1, 1) * room, draw(-1, 1) * room
    lo3 = draw(0.05, 0.5)  # coverage threshold: low thickens the stroke, high thins it
    noise = draw(0, 0.08)
    gy, gx = _pixel_grid(n, 28, sub=1)
    py, px = gy - ty, gx - tx
    c, s = np.cos(angle), np.sin(angle)
    ry, rx = c * py - s * px, s * py + c * px  # rotate back
    rx = rx - shear * ry
    k = 18 / height
    sy, sx = ry * k + cell / 2 - 0.5, rx * k / aspect + cell / 2 - 0.5
    cov = _bilinear(glyphs.reshape(faces * 10, cell, cell), face * 10 + y, sy, sx)
    img = np.clip((cov - lo3) / 0.4, 0, 1)
    img = img + rng.standard_normal(img.shape, dtype=np.float32) * noise
    return np.clip(img, 0, 1).astype(np.float32)[..., None], y.astype(np.int64)


# --- shapes ----------------------------------------------------------------------------------------------


def _shape_mask(k: int, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """Whether local coordinates (unit circumradius, y up) are inside shape ``k``."""
    if k == 0:
        return px**2 + py**2 <= 0.85**2
    if k == 1:
        return np.maximum(np.abs(px), np.abs(py)) <= 0.68
    if k == 2:
        tri = np.ones(px.shape, bool)
        for a in (270, 30, 150):  # edge normals of an equilateral triangle, vertex up; inradius 0.5
            t = np.deg2rad(a)
            tri &= px * np.cos(t) + py * np.sin(t) <= 0.5
        return tri
    if k == 3:
        return ((np.abs(px) <= 0.28) & (np.abs(py) <= 0.9)) | ((np.abs(py) <= 0.28) & (np.abs(px) <= 0.9))
    rho = np.hypot(px, py)
    phi = np.mod(np.arctan2(py, px) - np.pi / 2, 2 * np.pi / 5)
    d = np.minimum(phi, 2 * np.pi / 5 - phi)  # angle from the nearest point of the star
    inner = 0.42
    p2 = (inner * np.cos(np.pi / 5), inner * np.sin(np.pi / 5))
    qx, qy = rho * np.cos(d), rho * np.sin(d)
    return (p2[0] - 1) * qy - p2[1] * (qx - 1) >= 0


#: images rendered at a time within a chunk: the supersampled 64×64×3 arrays of a whole chunk (49 MB each) left the
#: caches on every operation; blocks of this many give the same numbers (every operation is per image), and with
#: the strided downsampling 20 000 shapes take 6.1 s instead of 9.4 (2 cores, one thread)
_SHAPES_BLOCK = 50


def _shapes_chunk(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    side = 32
    y = rng.integers(0, len(SHAPE_CLASSES), n)

    def draw(lo: float, hi: float, *shape: int) -> np.ndarray:
        v = rng.uniform(lo, hi, (n, *shape)).astype(np.float32)
        return v.reshape(n, 1, 1, *shape) if shape else v[:, None, None]

    # every random number first, in the order the images once drew them, so that a seed gives the same images
    p = {"c1": draw(0, 1, 3), "c2": draw(0, 1, 3), "freq": draw(0.15, 0.6), "theta": draw(0, np.pi),
         "phase": draw(0, 6.3), "f1": draw(0.1, 0.3), "f2": draw(0.1, 0.3), "phase_x": draw(0, 6.3),
         "phase_y": draw(0, 6.3), "striped": draw(0, 1), "strength": draw(0.2, 0.6)}
    p["fg"] = rng.uniform(0, 1, (n, 3)).astype(np.float32)
    p["dark"] = rng.uniform(0, 0.2, (n, 3)).astype(np.float32)
    p["radius"] = draw(7, 13)
    p["ty"], p["tx"], p["angle"] = draw(-1, 1), draw(-1, 1), draw(0, 2 * np.pi)
    p["noise"] = rng.standard_normal((n, side, side, 3), dtype=np.float32)
    p["sigma"] = draw(0, 0.05)
    out = np.empty((n, side, side, 3), np.float32)
    for i in range(0, n, _SHAPES_BLOCK):
        block = slice(i, i + _SHAPES_BLOCK)
        out[block] = _shapes_block(y[block], {k: v[block] for k, v in p.items()}, side)
    return out, y.astype(np.int64)


def _shapes_block(y: np.ndarray, p: dict[str, np.ndarray], side: int) -> np.ndarray:
    """The images of ``y`` from their random numbers ``p`` (see _shapes_chunk)."""
    gy, gx = _pixel_grid(len(y), side)
    # background: two colours mixed by stripes or smooth blobs
    stripes = 0.5 + 0.5 * np.sin(p["freq"] * (gx * np.cos(p["theta"]) + gy * np.sin(p["theta"])) + p["phase"])
    blob = 0.5 + 0.25 * (np.sin(p["f1"] * gx + p["phase_x"]) + np.sin(p["f2"] * gy + p["phase_y"]))
    mix = np.where(p["striped"] < 0.5, stripes, blob)[..., None] * p["strength"][..., None]
    bg = p["c1"] * (1 - mix) + p["c2"] * mix
    # the shape: a colour far enough from the background's mean colour to be seen
    fg = p["fg"].copy()
    mean_bg = bg.mean(axis=(1, 2))
    near = np.linalg.norm(fg - mean_bg, axis=1) < 0.5
    fg[near] = np.where(mean_bg[near] > 0.5, p["dark"][near], 1 - p["dark"][near])
    radius = p["radius"]
    room = np.maximum(0.0, side / 2 - radius - 1)
    ty, tx = p["ty"] * room, p["tx"] * room
    py, px = (gy - ty) / radius, (gx - tx) / radius
    c, s = np.cos(p["angle"]), np.sin(p["angle"])
    lx, ly = c * px + s * py, s * px - c * py  # rotate back; image rows grow downwards, local y up
    alpha = np.zeros(lx.shape, np.float32)
    for k in range(len(SHAPE_CLASSES)):  # each image only tests its own shape
        sel = np.flatnonzero(y == k)
        alpha[sel] = _shape_mask(k, lx[sel], ly[sel])
    img = _downsample(bg + alpha[..., None] * (fg[:, None, None] - bg))
    img = img + p["noise"] * p["sigma"][..., None]
    return np.clip(img, 0, 1)


# --- files -----------------------------------------------------------------------------------------------


def save_dataset(path: str | Path, data: Dataset) -> None:
    from ..core.netfile import save_npz

    save_npz(path, {"x": data.x, "y": data.y, "classes": np.array(data.classes)})


def load_npz_dataset(path: str | Path) -> Dataset:
    """A dataset .npz (``x`` N×H×W×C, ``y`` N ints; ``classes`` optional)."""
    from ..core.npyfile import load_npz

    p = str(path)
    # through the one reader of user files: headers checked before reading; class names may be strings
    arrays = load_npz(p, lambda d: ConvvizError("bad_array", None, path=p, detail=d), what="dataset",
                      kinds="fiubU")
    if "x" not in arrays or "y" not in arrays:
        raise ConvvizError("bad_array", None, path=p, detail="an .npz dataset needs arrays x and y")
    x, y = arrays["x"], arrays["y"]
    if x.ndim != 4 or y.ndim != 1 or len(x) != len(y) or x.dtype.kind not in "fiu" or y.dtype.kind not in "iu":
        raise ConvvizError("bad_array", None, path=p,
                           detail=f"x must be N×H×W×C numbers and y N integers (got {x.shape} and {y.shape})")
    if len(y) and (y.min() < 0):
        raise ConvvizError("bad_array", None, path=p, detail="class indices must be ≥ 0")
    x = x.astype(np.float32)
    if not np.all(np.isfinite(x)):
        raise ConvvizError("bad_array", None, path=p, detail="x holds NaN or infinite values")
    n_classes = int(y.max()) + 1 if len(y) else 0
    names = arrays.get("classes")
    classes = tuple(str(c) for c in names) if names is not None and len(names) >= n_classes else \
        tuple(str(i) for i in range(n_classes))
    return Dataset(x, y.astype(np.int64), classes)


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff", ".npy")


def load_folder(path: str | Path, size: tuple[int, int], channels: int) -> Dataset:
    """One sub-folder per class (sorted names are the classes), every image fitted to ``size`` × ``channels``."""
    from ..imageio import load_input

    root = Path(path)
    classes = sorted(d.name for d in root.iterdir() if d.is_dir() and not d.name.startswith("."))
    xs, ys = [], []
    for label, name in enumerate(classes):
        for f in sorted((root / name).iterdir()):
            if f.suffix.lower() not in IMAGE_SUFFIXES:
                continue
            xs.append(load_input(f, (size[0], size[1], channels)))
            ys.append(label)
    if not xs:
        raise ConvvizError("bad_array", None, path=str(root),
                           detail="expected one sub-folder of images per class")
    return Dataset(np.stack(xs).astype(np.float32), np.array(ys, np.int64), tuple(classes))
