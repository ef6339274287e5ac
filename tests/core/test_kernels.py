"""Weight initialisation (He, Xavier, uniform) and the teaching presets."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from convviz.core import PRESETS, Conv2D, InitSpec, init_weights, ops, preset_weights
from convviz.core.kernels import derive_seed, preset_bank
from tests.core.reference import ref_conv2d

# --- seeded schemes ------------------------------------------------------------------------------------

BIG = Conv2D(filters=128, kernel_size=(5, 5))  # 128 · 5·5·32 = 102 400 draws
BIG_C = 32
FAN_IN = 5 * 5 * 32
FAN_OUT = 5 * 5 * 128


def test_he_std_is_sqrt_2_over_fan_in():
    w, b = init_weights(BIG, BIG_C, seed=0)
    assert w.shape == (128, 5, 5, 32) and w.dtype == np.float32
    # the standard error of a std estimate from n normal draws is std/√(2n) ≈ 0.2 % here
    assert w.std() == pytest.approx(math.sqrt(2 / FAN_IN), rel=0.02)
    assert abs(w.mean()) < 4 * math.sqrt(2 / FAN_IN) / math.sqrt(w.size)
    assert_array_equal(b, np.zeros(128))


def test_he_on_a_grouped_layer_uses_the_group_fan_in():
    spec = Conv2D(filters=64, kernel_size=(3, 3), groups=4)
    w, _ = init_weights(spec, 64, seed=1)
    assert w.shape == (64, 3, 3, 16)
    assert w.std() == pytest.approx(math.sqrt(2 / (3 * 3 * 16)), rel=0.03)


def test_xavier_is_uniform_within_its_bound():
    w, b = init_weights(Conv2D(filters=128, kernel_size=(5, 5), init=InitSpec(scheme="xavier")), BIG_C, 0)
    limit = math.sqrt(6 / (FAN_IN + FAN_OUT))
    assert np.abs(w).max() <= limit
    assert np.abs(w).max() > 0.99 * limit
    assert w.std() == pytest.approx(limit / math.sqrt(3), rel=0.02)  # the std of U(−a, a) is a/√3
    assert_array_equal(b, 0)


def test_uniform_is_bounded_by_one_over_sqrt_fan_in():
    w, b = init_weights(Conv2D(filters=128, kernel_size=(5, 5), init=InitSpec(scheme="uniform")), BIG_C, 0)
    limit = 1 / math.sqrt(FAN_IN)
    assert np.abs(w).max() <= limit
    assert np.abs(w).max() > 0.99 * limit
    assert w.std() == pytest.approx(limit / math.sqrt(3), rel=0.02)
    assert_array_equal(b, 0)


@pytest.mark.parametrize("scheme", ["he", "xavier", "uniform"])
def test_schemes_are_seeded(scheme):
    spec = Conv2D(filters=6, kernel_size=(3, 3), init=InitSpec(scheme=scheme))
    a, _ = init_weights(spec, 3, seed=7)
    b, _ = init_weights(spec, 3, seed=7)
    c, _ = init_weights(spec, 3, seed=8)
    assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_the_layer_seed_wins_over_the_given_seed():
    spec = Conv2D(filters=6, kernel_size=(3, 3), init=InitSpec(scheme="he", seed=11))
    a, _ = init_weights(spec, 3, seed=1)
    b, _ = init_weights(spec, 3, seed=2)
    assert_array_equal(a, b)


def test_no_bias_when_the_layer_has_none():
    _, b = init_weights(Conv2D(filters=6, kernel_size=(3, 3), bias=False), 3, 0)
    assert b is None
    _, b = preset_weights("sobel_x", Conv2D(filters=6, kernel_size=(3, 3), bias=False), 3)
    assert b is None


def test_derive_seed_depends_on_run_seed_and_position():
    assert derive_seed(0, 0) == derive_seed(0, 0)
    assert len({derive_seed(s, i) for s in range(4) for i in range(4)}) == 16
    assert derive_seed(-1, 0) == derive_seed(-1, 0)  # negative run seeds are fine


# --- presets -------------------------------------------------------------------------------------------

def preset(name: str, filters: int, k=(3, 3), channels: int = 3, groups: int = 1) -> np.ndarray:
    spec = Conv2D(filters=filters, kernel_size=k, groups=groups, init=InitSpec(preset=name))
    w, b = init_weights(spec, channels, seed=123)
    assert w.shape == (filters, k[0], k[1], channels // groups) and w.dtype == np.float32
    assert_array_equal(b, np.zeros(filters))
    return w


def grey_image(values: np.ndarray, channels: int = 3) -> np.ndarray:
    return np.repeat(values[..., None], channels, axis=-1).astype(np.float32)


@pytest.mark.parametrize("k", [(1, 1), (3, 3), (5, 5), (4, 4), (3, 5)])
def test_identity_preset_passes_each_channel_through(k):
    x = np.random.default_rng(0).uniform(0, 1, (9, 8, 3)).astype(np.float32)
    w = preset("identity", 3, k)
    y = ops.conv2d(x, w, np.zeros(3, np.float32), padding="same")
    assert_allclose(y, x, atol=1e-7)
    assert_allclose(ref_conv2d(x, w, padding="same"), x, atol=1e-7)


def test_identity_preset_cycles_channels_and_works_depthwise():
    x = np.random.default_rng(1).uniform(0, 1, (6, 6, 3)).astype(np.float32)
    y = ops.conv2d(x, preset("identity", 5), padding=1)
    assert_allclose(y, x[..., [0, 1, 2, 0, 1]], atol=1e-7)  # filter f passes channel f mod C
    y = ops.conv2d(x, preset("identity", 3, groups=3), padding=1, groups=3)
    assert_allclose(y, x, atol=1e-7)


@pytest.mark.parametrize("k", [(3, 3), (5, 5), (2, 4)])
def test_box_blur_sums_to_one_per_filter(k):
    w = preset("box_blur", 4, k).astype(np.float64)
    assert_allclose(w.sum(axis=(1, 2, 3)), 1.0, rtol=1e-6)
    assert np.all(w > 0)
    assert np.ptp(w) < 1e-7  # every tap equal


def test_gaussian_and_sharpen_keep_a_flat_image():
    flat = np.full((7, 7, 3), 0.4, np.float32)
    for name in ("gaussian", "sharpen", "box_blur"):
        for k in ((3, 3), (5, 5)):
            y = ops.conv2d(flat, preset(name, 2, k))
            assert_allclose(y, 0.4, rtol=1e-5, err_msg=name)


def test_sobel_x_responds_positive_to_a_dark_to_bright_edge_and_zero_on_flat():
    cols = np.array([0, 0, 0, 0, 1, 1, 1, 1], dtype=np.float32)  # dark → bright, left to right
    x = grey_image(np.tile(cols, (6, 1)))
    y = ops.conv2d(x, preset("sobel_x", 1))[..., 0]  # output column j sees input columns j..j+2
    assert np.all(y[:, 2:4] > 0)  # the windows that straddle the edge
    assert_allclose(y[:, [0, 1, 4, 5]], 0, atol=1e-6)  # flat windows
    # bright → dark gives the opposite sign; Sobel y does not see a vertical edge
    assert np.all(ops.conv2d(1 - x, preset("sobel_x", 1))[:, 2:4, 0] < 0)
    assert_allclose(ops.conv2d(x, preset("sobel_y", 1)), 0, atol=1e-6)


def test_sobel_y_responds_positive_to_a_dark_to_bright_edge_top_to_bottom():
    rows = np.array([0, 0, 0, 1, 1, 1], dtype=np.float32)
    x = grey_image(np.tile(rows[:, None], (1, 5)))
    y = ops.conv2d(x, preset("sobel_y", 1, k=(5, 5)))[..., 0]
    assert np.all(y > 0)  # every 5-row window of 6 rows straddles the edge


@pytest.mark.parametrize("name", ["laplacian", "gabor", "sobel_x", "sobel_y", "edges"])
@pytest.mark.parametrize("k", [(3, 3), (5, 5), (7, 7), (4, 6)])
def test_derivative_presets_sum_to_zero(name, k):
    w = preset(name, 6, k).astype(np.float64)
    assert_allclose(w.sum(axis=(1, 2, 3)), 0, atol=1e-6)
    assert np.all(np.abs(w).sum(axis=(1, 2, 3)) > 0)  # and are not all zero


def test_laplacian_3x3_is_the_textbook_kernel():
    assert_array_equal(preset_bank("laplacian", 3, 3, 1)[0], [[0, 1, 0], [1, -4, 1], [0, 1, 0]])


@pytest.mark.parametrize("f", [4, 6, 8])
def test_gabor_bank_has_f_distinct_orientations(f):
    bank = preset_bank("gabor", 5, 5, f)
    assert len(bank) == f
    for i in range(f):
        for j in range(i + 1, f):
            assert np.abs(bank[i] - bank[j]).max() > 1e-3, (i, j)
    w = preset("gabor", f, (5, 5))
    assert len({w[i].tobytes() for i in range(f)}) == f


def test_gabor_orientations_are_spread_over_180_degrees():
    bank = preset_bank("gabor", 7, 7, 4)  # 0°, 45°, 90°, 135°
    assert_allclose(bank[2], bank[0].T, atol=1e-12)  # 90° is 0° turned a quarter
    assert_allclose(bank[3], bank[1][:, ::-1], atol=1e-12)  # 135° mirrors 45°


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_is_finite_at_every_kernel_size(name):
    for kh in range(1, 8):
        for kw in range(1, 8):
            w = preset(name, 6, (kh, kw))
            assert np.all(np.isfinite(w)), (name, kh, kw)


def test_gabor_on_a_2x2_kernel_still_has_an_orientation():
    w = preset("gabor", 2, (2, 2))
    assert np.abs(w).sum() > 0
    assert_allclose(w.sum(axis=(1, 2, 3)), 0, atol=1e-7)


def test_edges_preset_cycles_four_directions():
    w = preset("edges", 8, channels=1)[..., 0]
    sx, sy = preset("sobel_x", 1, channels=1)[0, ..., 0], preset("sobel_y", 1, channels=1)[0, ..., 0]
    for f, want in enumerate([sx, sy, -sx, -sy] * 2):
        assert_allclose(w[f], want)


def test_presets_apply_to_the_mean_of_the_input_channels():
    w = preset("box_blur", 1, channels=4)
    assert_allclose(w[0], 1 / (9 * 4))


@pytest.mark.parametrize("name", ["sobel_x", "sobel_y", "edges"])
@pytest.mark.parametrize("k", [3, 5, 9, 21, 31, 41])
def test_edge_presets_keep_the_3x3_sobel_scale_at_every_size(name, k):
    for kernel in preset_bank(name, k, k, 4):
        assert np.isfinite(kernel).all() and np.abs(kernel).max() <= 2.0 + 1e-12
        assert abs(kernel[kernel > 0].sum() - 4.0) < 1e-9  # like [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
