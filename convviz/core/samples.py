"""Built-in sample images, generated (never downloaded): simple shapes whose edges and corners give the
lecture's filters something to find, at any size."""

from __future__ import annotations

import numpy as np

SAMPLES = ("shapes", "lecture", "stripes", "checker")

#: Sub-samples drawn at once (about 100 MiB of temporaries).
_BAND_SAMPLES = 1 << 20


def _shapes(yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
    """RGB in [0, 1] at normalised coordinates (0 = top/left, 1 = bottom/right)."""
    img = np.empty(yy.shape + (3,), dtype=np.float64)
    # a soft sky gradient
    img[..., 0] = 0.55 + 0.25 * yy
    img[..., 1] = 0.70 + 0.15 * yy
    img[..., 2] = 0.95 - 0.25 * yy
    # a yellow sun (disc)
    sun = (yy - 0.27) ** 2 + (xx - 0.72) ** 2 < 0.16**2
    img[sun] = (1.0, 0.85, 0.15)
    # a red square
    square = (np.abs(yy - 0.62) < 0.2) & (np.abs(xx - 0.3) < 0.2)
    img[square] = (0.85, 0.15, 0.15)
    # a green triangle (apex up)
    tri = (yy > 0.52) & (yy < 0.92) & (np.abs(xx - 0.74) < (yy - 0.52) * 0.55)
    img[tri] = (0.15, 0.65, 0.25)
    # a dark diagonal bar
    bar = (np.abs((xx - yy) - (-0.05)) < 0.035) & (yy < 0.45) & (xx < 0.45)
    img[bar] = (0.1, 0.1, 0.2)
    return img


def _lecture(yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
    """For the 8 × 8 × 3 scenes: a red vertical edge, a green horizontal one and a blue diagonal."""
    img = np.zeros(yy.shape + (3,), dtype=np.float64)
    img[..., 0] = (xx > 0.5) * 0.9 + 0.05
    img[..., 1] = (yy > 0.5) * 0.8 + 0.1
    img[..., 2] = (np.abs(xx - yy) < 0.2) * 0.9 + 0.05
    return img


def _stripes(yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
    v = 0.5 + 0.5 * np.sign(np.sin(2 * np.pi * 6 * (xx + 0.5 * yy)))
    return np.repeat(v[..., None], 3, axis=-1)


def _checker(yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
    v = ((np.floor(yy * 8) + np.floor(xx * 8)) % 2).astype(np.float64)
    return np.repeat(v[..., None], 3, axis=-1)


def sample_image(height: int, width: int, channels: int = 3, name: str = "shapes") -> np.ndarray:
    """An ``(height, width, channels)`` float32 image in [0, 1], anti-aliased by supersampling.

    One channel is the luminance (0.299 R + 0.587 G + 0.114 B); more than three repeat R, G, B in turn.
    """
    if height < 1 or width < 1 or channels < 1:
        raise ValueError(f"sample image size must be positive, got {height}×{width}×{channels}")
    draw = {"shapes": _shapes, "lecture": _lecture, "stripes": _stripes, "checker": _checker}[name]
    # 4 × 4 sub-samples smooth the edges of small images; large ones need fewer (and start faster)
    ss = 4 if max(height, width) <= 128 else 2 if max(height, width) <= 256 else 1
    ys = (np.arange(height * ss) + 0.5) / (height * ss)
    xs = (np.arange(width * ss) + 0.5) / (width * ss)
    rgb = np.empty((height, width, 3), dtype=np.float64)
    # a band of rows at a time: the 16 sub-samples per pixel of a whole 2048 × 2048 image would take gigabytes
    band = max(1, _BAND_SAMPLES // (width * ss * ss))
    for r0 in range(0, height, band):
        r1 = min(height, r0 + band)
        sub = draw(*np.meshgrid(ys[r0 * ss : r1 * ss], xs, indexing="ij"))
        rgb[r0:r1] = sub.reshape(r1 - r0, ss, width, ss, 3).mean(axis=(1, 3))
    if channels == 1:
        out = (rgb @ np.array([0.299, 0.587, 0.114]))[..., None]
    else:
        out = rgb[..., [i % 3 for i in range(channels)]]
    return np.clip(out, 0.0, 1.0).astype(np.float32)
