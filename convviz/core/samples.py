"""Built-in sample images, generated (never downloaded): simple shapes whose edges and corners give the
lecture's filters something to find, a smooth gradient (no edges at all), text from a built-in 5 × 7 bitmap font,
a face-like figure and a natural-looking scene (sky, hills, sun, textured grass) — at any size, deterministic.

Every sample is a function of normalised coordinates, so it looks the same at every size; the scene's texture
is value noise on a fixed lattice from a fixed seed."""

from __future__ import annotations

import numpy as np

SAMPLES = ("shapes", "lecture", "stripes", "checker", "gradient", "text", "face", "scene")

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


def _gradient(yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
    """Red grows to the right, green downwards, blue towards the top-left: no edge anywhere."""
    return np.stack([xx, yy, 1.0 - 0.5 * (xx + yy)], axis=-1)


#: a 5 × 7 bitmap font for the text sample: each glyph is seven rows of five bits
_FONT = {
    "C": ("01110", "10001", "10000", "10000", "10000", "10001", "01110"),
    "N": ("10001", "11001", "10101", "10011", "10001", "10001", "10001"),
    "O": ("01110", "10001", "10001", "10001", "10001", "10001", "01110"),
    "V": ("10001", "10001", "10001", "10001", "10001", "01010", "00100"),
    "2": ("01110", "10001", "00001", "00010", "00100", "01000", "11111"),
    "D": ("11110", "10001", "10001", "10001", "10001", "10001", "11110"),
    " ": ("00000",) * 7,
}
_TEXT = ("CONV", "2D CNN")


def _glyph_bits() -> dict[str, np.ndarray]:
    return {ch: np.array([[c == "1" for c in row] for row in rows]) for ch, rows in _FONT.items()}


def _text(yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
    """Dark text on a light page, two lines; letters 5 × 7 cells with a one-cell gap."""
    glyphs = _glyph_bits()
    cols = max(len(line) for line in _TEXT) * 6 + 1  # cells across, with a margin of one on each side
    rows = len(_TEXT) * 9 + 1
    cy, cx = np.floor(yy * rows).astype(int), np.floor(xx * cols).astype(int)
    ink = np.zeros(yy.shape, dtype=bool)
    for li, line in enumerate(_TEXT):
        left = (cols - (len(line) * 6 - 1)) // 2
        top = 1 + li * 9
        for ci, ch in enumerate(line):
            bits = glyphs[ch]
            gy, gx = cy - top, cx - (left + ci * 6)
            inside = (gy >= 0) & (gy < 7) & (gx >= 0) & (gx < 5)
            ink[inside] |= bits[gy[inside], gx[inside]]
    page = np.array([0.96, 0.94, 0.88])
    colour = np.where((np.floor(yy * rows) < 9)[..., None], [0.1, 0.15, 0.45], [0.55, 0.1, 0.1])
    return np.where(ink[..., None], colour, page)


def _face(yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
    """A face-like figure: an oval head, two eyes, eyebrows, a nose and a smile on a blue background."""
    img = np.empty(yy.shape + (3,), dtype=np.float64)
    img[...] = (0.35, 0.55, 0.8)
    head = ((yy - 0.52) / 0.42) ** 2 + ((xx - 0.5) / 0.34) ** 2 < 1
    img[head] = (0.96, 0.8, 0.62)
    hair = head & (yy < 0.27)
    img[hair] = (0.35, 0.2, 0.1)
    for ex in (0.36, 0.64):
        white = ((yy - 0.45) / 0.055) ** 2 + ((xx - ex) / 0.08) ** 2 < 1
        img[white] = (1.0, 1.0, 1.0)
        img[(yy - 0.45) ** 2 + (xx - ex) ** 2 < 0.035**2] = (0.15, 0.3, 0.15)
        brow = (np.abs(yy - (0.35 + 0.6 * (xx - ex) ** 2)) < 0.015) & (np.abs(xx - ex) < 0.09)
        img[brow] = (0.3, 0.18, 0.08)
    nose = (yy > 0.47) & (yy < 0.62) & (np.abs(xx - 0.5) < (yy - 0.47) * 0.35)
    img[nose] = (0.86, 0.64, 0.5)
    r = np.sqrt((yy - 0.6) ** 2 + (xx - 0.5) ** 2)
    smile = (np.abs(r - 0.17) < 0.025) & (yy > 0.66)
    img[smile] = (0.75, 0.15, 0.2)
    return img


_NOISE_LATTICE = 48


def _value_noise(yy: np.ndarray, xx: np.ndarray, octaves: int = 3) -> np.ndarray:
    """Smooth noise in [0, 1] at normalised coordinates: a fixed random lattice (seed 9), bilinear, summed over
    octaves. The same lattice at every image size keeps the texture where it is."""
    lattice = np.random.default_rng(9).uniform(0.0, 1.0, (_NOISE_LATTICE + 1, _NOISE_LATTICE + 1))
    total = np.zeros(yy.shape)
    weight = 0.0
    for o in range(octaves):
        f = 6 * 2**o
        gy, gx = yy * f, xx * f
        y0, x0 = np.floor(gy).astype(int), np.floor(gx).astype(int)
        ty, tx = gy - y0, gx - x0
        ty, tx = ty * ty * (3 - 2 * ty), tx * tx * (3 - 2 * tx)  # smoothstep: no creases at lattice lines
        y0, x0 = y0 % _NOISE_LATTICE, x0 % _NOISE_LATTICE
        a, b = lattice[y0, x0], lattice[y0, x0 + 1]
        c, d = lattice[y0 + 1, x0], lattice[y0 + 1, x0 + 1]
        total += (0.5**o) * ((a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty)
        weight += 0.5**o
    return total / weight


def _scene(yy: np.ndarray, xx: np.ndarray) -> np.ndarray:
    """A natural-looking landscape: a sky gradient with a sun, two rolling hills, textured grass."""
    img = np.empty(yy.shape + (3,), dtype=np.float64)
    t = np.clip(yy / 0.6, 0, 1)[..., None]
    img[...] = (1 - t) * np.array([0.25, 0.45, 0.85]) + t * np.array([0.85, 0.9, 0.97])
    sun = (yy - 0.22) ** 2 + (xx - 0.75) ** 2
    glow = np.exp(-sun / 0.02)[..., None]
    img = img * (1 - 0.5 * glow) + 0.5 * glow * np.array([1.0, 0.9, 0.6])
    img[sun < 0.075**2] = (1.0, 0.92, 0.55)
    noise = _value_noise(yy, xx)
    far = yy > 0.55 + 0.08 * np.sin(2 * np.pi * (xx * 1.3 + 0.1)) - 0.05 * xx
    img[far] = np.array([0.35, 0.55, 0.4]) * (0.85 + 0.3 * noise[far])[:, None]
    near = yy > 0.7 + 0.07 * np.cos(2 * np.pi * (xx * 0.9 - 0.2))
    grass = np.array([0.3, 0.62, 0.2]) * (0.7 + 0.6 * noise[near])[:, None]
    img[near] = grass * (0.8 + 0.4 * (yy[near] - 0.7))[:, None]
    return np.clip(img, 0.0, 1.0)


def sample_image(height: int, width: int, channels: int = 3, name: str = "shapes") -> np.ndarray:
    """An ``(height, width, channels)`` float32 image in [0, 1], anti-aliased by supersampling.

    One channel is the luminance (0.299 R + 0.587 G + 0.114 B); more than three repeat R, G, B in turn.
    """
    if height < 1 or width < 1 or channels < 1:
        raise ValueError(f"sample image size must be positive, got {height}×{width}×{channels}")
    draw = {"shapes": _shapes, "lecture": _lecture, "stripes": _stripes, "checker": _checker,
            "gradient": _gradient, "text": _text, "face": _face, "scene": _scene}[name]
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
