"""Weight initialisation (seeded He, Xavier/Glorot, uniform) and named teaching presets.

Presets fill all F filters of a layer from a bank of 2-D kernels: filter f takes bank[f mod len(bank)] and
applies it to the mean of its input channels (so an RGB image is filtered by its grey level), except
``identity``, whose filter f passes input channel f mod C through unchanged. Preset biases are zero.
"""

from __future__ import annotations

import math

import numpy as np

from .layers import Conv2D

PRESETS = ("identity", "box_blur", "gaussian", "sharpen", "sobel_x", "sobel_y", "laplacian", "gabor", "edges")


def _binomial(n: int) -> np.ndarray:
    row = np.array([1.0])
    for _ in range(n - 1):
        row = np.convolve(row, [1.0, 1.0])
    return row


def _derivative(n: int) -> np.ndarray:
    """Smoothed central difference of length n: [-1, 0, 1] for n = 3."""
    if n == 1:
        return np.array([0.0])
    return -np.convolve(_binomial(n - 1), [1.0, -1.0])


def _gaussian(kh: int, kw: int, sigma: float | None = None) -> np.ndarray:
    s = sigma if sigma is not None else max(0.5, 0.3 * ((max(kh, kw) - 1) * 0.5 - 1) + 0.8)
    yy = np.arange(kh) - (kh - 1) / 2
    xx = np.arange(kw) - (kw - 1) / 2
    g = np.exp(-(yy[:, None] ** 2 + xx[None, :] ** 2) / (2 * s * s))
    return g / g.sum()


def _impulse(kh: int, kw: int) -> np.ndarray:
    k = np.zeros((kh, kw))
    k[(kh - 1) // 2, (kw - 1) // 2] = 1.0
    return k


def _sobel(kh: int, kw: int, axis: str) -> np.ndarray:
    k = np.outer(_binomial(kh), _derivative(kw)) if axis == "x" else np.outer(_derivative(kh), _binomial(kw))
    # binomial weights grow like 2^K: keep the 3 × 3 Sobel's scale (its positive weights sum to 4) at any size
    positive = k[k > 0].sum()
    return k * (4.0 / positive) if positive > 0 else k


def _laplacian(kh: int, kw: int) -> np.ndarray:
    if (kh, kw) == (3, 3):
        return np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], dtype=float)
    # a zero-sum Laplacian of Gaussian, negative in the middle like the 3 × 3 one
    s = max(0.5, min(kh, kw) / 6)
    yy = (np.arange(kh) - (kh - 1) / 2)[:, None]
    xx = (np.arange(kw) - (kw - 1) / 2)[None, :]
    r2 = (yy**2 + xx**2) / (2 * s * s)
    k = (r2 - 1) * np.exp(-r2)
    return k - k.mean()


def _gabor(kh: int, kw: int, theta: float) -> np.ndarray:
    sigma = max(kh, kw) / 4
    lam = max(kh, kw) / 1.5
    yy = (np.arange(kh) - (kh - 1) / 2)[:, None]
    xx = (np.arange(kw) - (kw - 1) / 2)[None, :]
    xr = xx * math.cos(theta) + yy * math.sin(theta)
    yr = -xx * math.sin(theta) + yy * math.cos(theta)
    envelope = np.exp(-(xr**2 + yr**2) / (2 * sigma**2))
    for carrier in (np.cos, np.sin):  # the even phase vanishes on some small grids (2 × 2): then the odd one
        k = envelope * carrier(2 * math.pi * xr / lam)
        k -= k.mean()  # zero response to a flat image
        total = np.abs(k).sum()
        if total > 1e-9:
            return k / total
    return np.zeros((kh, kw))  # a 1 × 1 kernel has no orientation


def preset_bank(name: str, kh: int, kw: int, filters: int) -> list[np.ndarray]:
    """The 2-D kernels a preset cycles through (float64, K_h × K_w)."""
    if name == "identity":
        return [_impulse(kh, kw)]
    if name == "box_blur":
        return [np.full((kh, kw), 1.0 / (kh * kw))]
    if name == "gaussian":
        return [_gaussian(kh, kw)]
    if name == "sharpen":
        if (kh, kw) == (3, 3):
            return [np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], dtype=float)]
        return [2 * _impulse(kh, kw) - _gaussian(kh, kw)]
    if name == "sobel_x":
        return [_sobel(kh, kw, "x")]
    if name == "sobel_y":
        return [_sobel(kh, kw, "y")]
    if name == "edges":  # light→dark and dark→light edges in both directions
        sx, sy = _sobel(kh, kw, "x"), _sobel(kh, kw, "y")
        return [sx, sy, -sx, -sy]
    if name == "laplacian":
        return [_laplacian(kh, kw)]
    if name == "gabor":  # F orientations evenly spread over 180°
        return [_gabor(kh, kw, math.pi * f / max(1, filters)) for f in range(max(1, filters))]
    raise KeyError(name)


def preset_weights(name: str, spec: Conv2D, in_channels: int) -> tuple[np.ndarray, np.ndarray | None]:
    """Weights ``(F, K_h, K_w, C_in/groups)`` and bias of a conv layer filled from a preset."""
    f = spec.filters
    kh, kw = spec.kernel_size
    cg = in_channels // spec.groups
    bank = preset_bank(name, kh, kw, f)
    w = np.zeros((f, kh, kw, cg), dtype=np.float64)
    for i in range(f):
        if name == "identity":
            w[i, :, :, i % cg] = bank[0]
        else:
            w[i] = bank[i % len(bank)][:, :, None] / cg
    b = np.zeros(f, dtype=np.float32) if spec.bias else None
    return w.astype(np.float32), b


def fans(spec: Conv2D, in_channels: int) -> tuple[int, int]:
    kh, kw = spec.kernel_size
    fan_in = kh * kw * (in_channels // spec.groups)
    fan_out = kh * kw * spec.filters // spec.groups
    return fan_in, fan_out


def init_weights(spec: Conv2D, in_channels: int, seed: int) -> tuple[np.ndarray, np.ndarray | None]:
    """Initial weights of a conv layer: its preset, or its scheme with ``spec.init.seed`` (else ``seed``).

    He: normal with std √(2 / fan_in); Xavier/Glorot: uniform ±√(6 / (fan_in + fan_out)); uniform: ±1/√fan_in
    (PyTorch's default). Biases start at zero.
    """
    if spec.init.preset is not None:
        return preset_weights(spec.init.preset, spec, in_channels)
    rng = np.random.default_rng(spec.init.seed if spec.init.seed is not None else seed)
    kh, kw = spec.kernel_size
    shape = (spec.filters, kh, kw, in_channels // spec.groups)
    fan_in, fan_out = fans(spec, in_channels)
    scheme = spec.init.scheme
    if scheme == "he":
        w = rng.standard_normal(shape) * math.sqrt(2.0 / fan_in)
    elif scheme == "xavier":
        limit = math.sqrt(6.0 / (fan_in + fan_out))
        w = rng.uniform(-limit, limit, shape)
    elif scheme == "uniform":
        limit = 1.0 / math.sqrt(fan_in)
        w = rng.uniform(-limit, limit, shape)
    else:
        raise KeyError(scheme)
    b = np.zeros(spec.filters, dtype=np.float32) if spec.bias else None
    return w.astype(np.float32), b


def derive_seed(run_seed: int, index: int) -> int:
    """The seed of a layer that has none of its own: derived from the run's seed and the layer's position."""
    return int(np.random.SeedSequence([int(run_seed) & 0xFFFFFFFF, index]).generate_state(1)[0])
