"""convviz.core.ops against the naive float64 references in ``reference.py`` (and PyTorch, when importable)."""

from __future__ import annotations

import tracemalloc
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from convviz.core import ops
from tests.core.reference import ref_activation, ref_conv2d, ref_out_size, ref_padding, ref_pool2d


def rng_for(*key: int) -> np.random.Generator:
    return np.random.default_rng(list(key) or [0])


def rand(rng: np.random.Generator, *shape: int) -> np.ndarray:
    return rng.uniform(-1.0, 1.0, size=shape).astype(np.float32)


def assert_conv_close(actual: np.ndarray, expected: np.ndarray, depth: int) -> None:
    """float32 against float64 with inputs in [−1, 1]: the error grows with the number of summed products."""
    assert actual.dtype == np.float32
    assert actual.shape == expected.shape
    assert_allclose(actual, expected, rtol=1e-4, atol=2e-6 * depth + 1e-6)


# --- conv2d against the reference ------------------------------------------------------------------------

CONV_CASES = [
    # (H, W, C, F, K_h, K_w, kwargs)
    (8, 8, 3, 6, 3, 3, {}),  # the lecture
    (8, 8, 3, 6, 3, 3, {"padding": 1}),
    (9, 7, 2, 4, 3, 3, {"stride": 2}),
    (9, 7, 2, 4, 3, 3, {"stride": (2, 3), "padding": (1, 2)}),
    (10, 10, 3, 2, 5, 5, {"padding": "same"}),
    (10, 9, 3, 2, 4, 4, {"padding": "same"}),  # even kernel: the extra row/column goes bottom/right
    (10, 9, 3, 2, 2, 3, {"padding": "same"}),
    (7, 8, 2, 3, 1, 1, {"padding": "same"}),
    (11, 12, 2, 3, 3, 3, {"dilation": 2}),
    (11, 12, 2, 3, 2, 3, {"dilation": (2, 3), "padding": "same"}),
    (11, 12, 2, 3, 3, 2, {"dilation": (3, 1), "stride": (1, 2), "padding": (2, 0)}),
    (6, 9, 3, 4, 1, 5, {}),  # non-square kernels
    (9, 6, 3, 4, 5, 1, {"padding": (2, 0)}),
    (6, 6, 4, 6, 3, 3, {"groups": 2, "padding": 1}),
    (6, 6, 6, 6, 3, 3, {"groups": 3, "stride": 2}),
    (5, 5, 1, 1, 5, 5, {"padding": "valid"}),  # the kernel exactly covers the input
    (4, 4, 2, 3, 3, 3, {"padding": 2, "dilation": 2}),
]


@pytest.mark.parametrize(("h", "w", "c", "f", "kh", "kw", "kwargs"), CONV_CASES)
def test_conv2d_matches_reference(h, w, c, f, kh, kw, kwargs):
    rng = rng_for(h, w, c, f, kh, kw)
    groups = kwargs.get("groups", 1)
    x = rand(rng, h, w, c)
    wt = rand(rng, f, kh, kw, c // groups)
    b = rand(rng, f)
    got = ops.conv2d(x, wt, b, **kwargs)
    assert_conv_close(got, ref_conv2d(x, wt, b, **kwargs), kh * kw * c // groups)
    got_nobias = ops.conv2d(x, wt, **kwargs)
    assert_conv_close(got_nobias, ref_conv2d(x, wt, **kwargs), kh * kw * c // groups)


def test_lecture_case_shape_and_values():
    rng = rng_for(8)
    x = rand(rng, 8, 8, 3)
    wt = rand(rng, 6, 3, 3, 3)
    got = ops.conv2d(x, wt)
    assert got.shape == (6, 6, 6)
    # one output value written out by hand: the top-left window of filter 0
    assert got[0, 0, 0] == pytest.approx(float(np.sum(x[:3, :3, :].astype(np.float64) * wt[0])), rel=1e-5)


def test_same_padding_keeps_size_and_is_asymmetric_for_even_kernels():
    assert ops.resolve_padding("same", (4, 2)) == ((1, 2), (0, 1))
    assert ops.resolve_padding("same", (3, 3), (2, 2)) == ((2, 2), (2, 2))
    assert ops.resolve_padding("valid", (3, 3)) == ((0, 0), (0, 0))
    assert ops.resolve_padding((1, 2), (3, 3)) == ((1, 1), (2, 2))
    # a 2×2 kernel of ones at the bottom-right corner sees the pixel and zeros: the padding went bottom/right
    x = np.arange(12, dtype=np.float32).reshape(3, 4, 1)
    got = ops.conv2d(x, np.ones((1, 2, 2, 1), np.float32), padding="same")
    assert got.shape == (3, 4, 1)
    assert got[-1, -1, 0] == x[-1, -1, 0]
    assert got[0, 0, 0] == x[0, 0, 0] + x[0, 1, 0] + x[1, 0, 0] + x[1, 1, 0]


def test_conv_output_size_formula():
    for size, k, s, p, d in [(8, 3, 1, 0, 1), (9, 3, 2, 2, 1), (10, 3, 3, 1, 2), (5, 5, 1, 0, 1), (4, 3, 2, 0, 2)]:
        assert ops.conv_output_size(size, k, s, p, d) == ref_out_size(size, k, s, p, d)
    assert ops.conv_output_size(4, 5) <= 0


def test_conv2d_batch_equals_per_image():
    rng = rng_for(1)
    xs = rand(rng, 3, 7, 9, 4)
    wt = rand(rng, 6, 3, 2, 2)
    b = rand(rng, 6)
    kwargs = {"stride": (2, 1), "padding": "valid", "groups": 2}
    got = ops.conv2d(xs, wt, b, **kwargs)
    assert got.shape == (3, 3, 8, 6)
    for i in range(3):
        assert_array_equal(got[i], ops.conv2d(xs[i], wt, b, **kwargs))
    assert_conv_close(got, ref_conv2d(xs, wt, b, **kwargs), 3 * 2 * 2)


def test_conv2d_out_buffer_is_reused():
    rng = rng_for(2)
    wt = rand(rng, 5, 3, 3, 2)
    b = rand(rng, 5)
    buf = np.full((6, 7, 5), np.nan, dtype=np.float32)
    for seed in range(3):
        x = rand(rng_for(seed), 8, 9, 2)
        ret = ops.conv2d(x, wt, b, out=buf)
        assert np.shares_memory(ret, buf)
        assert_conv_close(buf, ref_conv2d(x, wt, b), 18)
    batch_buf = np.empty((2, 8, 9, 5), dtype=np.float32)
    xs = rand(rng, 2, 8, 9, 2)
    ret = ops.conv2d(xs, wt, b, padding=1, out=batch_buf)
    assert np.shares_memory(ret, batch_buf)
    assert_conv_close(batch_buf, ref_conv2d(xs, wt, b, padding=1), 18)


@pytest.mark.parametrize(
    "bad",
    [
        np.empty((6, 7, 4), np.float32),  # wrong shape
        np.empty((6, 7, 5), np.float64),  # wrong dtype
        np.empty((7, 6, 5), np.float32).transpose(1, 0, 2),  # not C-contiguous
        np.empty((1, 6, 7, 5), np.float32),  # batched buffer for a single image
    ],
)
def test_conv2d_rejects_bad_out_buffers(bad):
    with pytest.raises(ValueError, match="out"):
        ops.conv2d(np.zeros((8, 9, 2), np.float32), np.zeros((5, 3, 3, 2), np.float32), out=bad)


def test_conv2d_rejects_out_overlapping_the_input():
    x = np.zeros((6, 6, 2), np.float32)
    with pytest.raises(ValueError, match="overlap"):
        ops.conv2d(x, np.zeros((2, 1, 1, 2), np.float32), out=x)


@pytest.mark.parametrize("multiplier", [1, 2])
def test_depthwise_conv(multiplier):
    rng = rng_for(3, multiplier)
    c = 5
    x = rand(rng, 9, 8, c)
    wt = rand(rng, c * multiplier, 3, 3, 1)
    got = ops.conv2d(x, wt, groups=c, padding="same")
    assert_conv_close(got, ref_conv2d(x, wt, groups=c, padding="same"), 9)
    # depthwise with multiplier 1: every output map depends on its own input channel only
    if multiplier == 1:
        for ch in range(c):
            single = ops.conv2d(x[..., ch : ch + 1], wt[ch : ch + 1], padding="same")
            assert_allclose(got[..., ch], single[..., 0], rtol=1e-5, atol=1e-6)


def test_conv2d_casts_inputs_to_float32():
    rng = rng_for(4)
    x = rng.integers(-3, 4, size=(6, 6, 2))
    wt = rng.uniform(-1, 1, size=(3, 3, 3, 2))  # float64
    got = ops.conv2d(x, wt, [0.5, 0.0, -1.0])
    assert got.dtype == np.float32
    assert_conv_close(got, ref_conv2d(x.astype(np.float32), wt.astype(np.float32), np.array([0.5, 0, -1])), 18 * 3)


def test_conv2d_accepts_non_contiguous_input():
    rng = rng_for(5)
    x = rand(rng, 10, 12, 3)[::2, ::-1, :]
    wt = rand(rng, 2, 3, 3, 3)
    assert_conv_close(ops.conv2d(x, wt, padding=1), ref_conv2d(x, wt, padding=1), 27)


@pytest.mark.parametrize(
    ("x_shape", "w_shape", "kwargs", "match"),
    [
        ((4, 4, 1), (1, 5, 5, 1), {}, "does not fit"),
        ((4, 4, 1), (1, 3, 3, 1), {"dilation": 2}, "does not fit"),
        ((4, 4, 1), (1, 5, 5, 1), {"stride": 2}, "does not fit"),
        ((4, 6, 3), (2, 3, 3, 1), {"groups": 2}, "groups"),  # 2 does not divide C = 3
        ((4, 6, 4), (3, 3, 3, 2), {"groups": 2}, "groups"),  # 2 does not divide F = 3
        ((4, 6, 4), (2, 3, 3, 4), {"groups": 2}, "channels per group"),
        ((4, 6, 4), (2, 3, 3, 2), {"groups": 0}, "groups"),
        ((6, 6, 1), (1, 3, 3, 1), {"stride": 2, "padding": "same"}, "same"),
        ((6, 6, 1), (1, 3, 3, 1), {"stride": 0}, "stride"),
        ((6, 6, 1), (1, 3, 3, 1), {"dilation": 0}, "dilation"),
        ((6, 6, 1), (1, 3, 3, 1), {"padding": -1}, "padding"),
        ((6, 6, 1), (1, 3, 3, 1), {"padding": "full"}, "padding"),
        ((6, 6), (1, 3, 3, 1), {}, "shape"),
        ((6, 6, 1), (3, 3, 1), {}, "weights"),
    ],
)
def test_conv2d_errors(x_shape, w_shape, kwargs, match):
    with pytest.raises(ValueError, match=match):
        ops.conv2d(np.zeros(x_shape, np.float32), np.zeros(w_shape, np.float32), **kwargs)


def test_conv2d_rejects_bad_bias_and_bool_stride():
    x, wt = np.zeros((5, 5, 1), np.float32), np.zeros((2, 3, 3, 1), np.float32)
    with pytest.raises(ValueError, match="bias"):
        ops.conv2d(x, wt, np.zeros(3, np.float32))
    with pytest.raises(TypeError):
        ops.conv2d(x, wt, stride=True)
    with pytest.raises(TypeError):
        ops.conv2d(x, wt, stride=(1, 2, 3))


# --- activations -----------------------------------------------------------------------------------------


ACT_INPUT = np.array(
    [-1e30, -3e38, -1e4, -100.0, -20.0, -3.0, -0.5, -1e-8, 0.0, 1e-8, 0.5, 3.0, 20.0, 100.0, 1e4, 3e38],
    dtype=np.float32,
)


@pytest.mark.parametrize("kind", ["relu", "leaky_relu", "tanh", "sigmoid", "identity"])
def test_activations_match_reference_without_warnings(kind):
    x = np.concatenate([ACT_INPUT, rand(rng_for(6), 200) * 8]).reshape(4, 6, 9)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            got = ops.apply_activation(kind, x)
    assert got.dtype == np.float32
    assert got.shape == x.shape
    assert np.all(np.isfinite(got))
    assert_allclose(got, ref_activation(kind, x), rtol=2e-6, atol=1e-7)


def test_activation_extremes():
    assert_array_equal(ops.sigmoid(np.float32([-1e30, 1e30, 0])), [0.0, 1.0, 0.5])
    assert_array_equal(ops.tanh(np.float32([-1e30, 1e30])), [-1.0, 1.0])
    assert ops.sigmoid(np.float32([-np.inf]))[0] == 0.0
    assert ops.sigmoid(np.float32([np.inf]))[0] == 1.0
    assert ops.relu(np.float32([-np.inf, np.inf])).tolist() == [0.0, np.inf]


@pytest.mark.parametrize("slope", [0.0, 0.01, 0.2, 1.0])
def test_leaky_relu_slope(slope):
    x = np.float32([-4.0, -1.0, -0.25, 0.0, 0.25, 2.0])
    got = ops.apply_activation("leaky_relu", x, slope=slope)
    assert_allclose(got, ref_activation("leaky_relu", x, slope=slope), rtol=1e-6)
    assert_allclose(ops.leaky_relu(x, slope), got)


def test_activations_keep_input_and_cast():
    x = np.array([[-1, 2], [3, -4]])  # int64
    for kind in ops.ACTIVATIONS:
        before = x.copy()
        got = ops.apply_activation(kind, x)
        assert got.dtype == np.float32
        assert_array_equal(x, before)
    ident = ops.identity(np.float32([1.0, 2.0]))
    assert ident.dtype == np.float32
    with pytest.raises(ValueError, match="unknown activation"):
        ops.apply_activation("softmax", x)


# --- pooling ---------------------------------------------------------------------------------------------

POOL_CASES = [
    # (H, W, C, size, stride, padding)
    (8, 8, 3, 2, None, 0),
    (7, 9, 2, 2, None, 0),  # floor drops the last row/column
    (7, 9, 2, 3, 2, 1),
    (6, 6, 1, 3, 1, 1),
    (9, 8, 2, (3, 2), (2, 1), (1, 0)),
    (5, 5, 2, 5, 1, 2),
    (6, 7, 3, (1, 3), (1, 2), (0, 1)),
    (4, 4, 1, 4, None, 0),
]


@pytest.mark.parametrize(("h", "w", "c", "size", "stride", "padding"), POOL_CASES)
def test_max_pool_and_argmax_match_reference(h, w, c, size, stride, padding):
    x = rand(rng_for(h, w, c), h, w, c)
    res = ops.pool2d(x, size, stride, mode="max", padding=padding, return_argmax=True)
    ref, ref_arg = ref_pool2d(x, size, stride, mode="max", padding=padding)
    assert isinstance(res, ops.PoolResult)
    assert res.output.dtype == np.float32
    assert_array_equal(res.output, ref.astype(np.float32))
    assert_array_equal(res.argmax, ref_arg)
    # the argmax points at the value it reports
    ys, xs = res.argmax[..., 0], res.argmax[..., 1]
    chans = np.broadcast_to(np.arange(c), ys.shape)
    assert_array_equal(x[ys, xs, chans], res.output)
    plain = ops.pool2d(x, size, stride, mode="max", padding=padding)
    assert isinstance(plain, np.ndarray)
    assert_array_equal(plain, res.output)


@pytest.mark.parametrize(("h", "w", "c", "size", "stride", "padding"), POOL_CASES)
@pytest.mark.parametrize("mode", ["avg", "weighted"])
def test_avg_and_weighted_pool_match_reference(h, w, c, size, stride, padding, mode):
    x = rand(rng_for(h, w, c, 1), h, w, c)
    kh, kw = ops.pair(size)
    weights = None
    if mode == "weighted":
        weights = rng_for(kh, kw).uniform(0.1, 2.0, size=(kh, kw))
    got = ops.pool2d(x, size, stride, mode=mode, padding=padding, weights=weights)
    ref, _ = ref_pool2d(x, size, stride, mode=mode, padding=padding, weights=weights)
    assert got.dtype == np.float32
    assert_allclose(got, ref, rtol=1e-5, atol=1e-6)


def test_weighted_pool_default_is_gaussian():
    x = rand(rng_for(7), 9, 9, 2)
    got = ops.pool2d(x, 3, mode="weighted")
    g = ops.gaussian_pool_weights(3)
    assert g.dtype == np.float32
    assert g.sum() == pytest.approx(1.0, abs=1e-6)
    assert_allclose(g, g[::-1, ::-1])
    assert g[1, 1] > g[0, 1] > g[0, 0]
    ref, _ = ref_pool2d(x, 3, mode="weighted", weights=g)
    assert_allclose(got, ref, rtol=1e-5, atol=1e-6)


def test_weighted_pool_default_even_window_is_not_the_average():
    """At 2×2 a Gaussian centred between the cells would be uniform: the student could not tell it from avg."""
    g = ops.gaussian_pool_weights(2).astype(np.float64)
    ref = np.exp(-np.array([[0.0, 1.0], [1.0, 2.0]]) / (2 * 0.5**2))  # centred on cell (0, 0), σ = 0.5
    assert_allclose(g, ref / ref.sum(), rtol=1e-6)
    assert g.sum() == pytest.approx(1.0, abs=1e-6)
    x = rand(rng_for(8), 8, 8, 3)
    assert not np.allclose(ops.pool2d(x, 2, mode="weighted"), ops.pool2d(x, 2, mode="avg"), atol=1e-3)
    g4 = ops.gaussian_pool_weights((4, 2))
    assert np.unravel_index(np.argmax(g4), g4.shape) == (1, 0)


def test_avg_pool_counts_zero_padding():
    x = np.ones((2, 2, 1), np.float32)
    got = ops.pool2d(x, 3, 1, mode="avg", padding=1)
    assert_allclose(got[..., 0], np.full((2, 2), 4 / 9), rtol=1e-6)


def test_max_pool_ties_take_first_in_row_major_order():
    x = np.zeros((4, 4, 1), np.float32)
    res = ops.pool2d(x, 2, return_argmax=True)
    assert_array_equal(res.argmax[..., 0, :], [[[0, 0], [0, 2]], [[2, 0], [2, 2]]])
    x[0, 1, 0] = x[1, 0, 0] = 5.0  # two maxima in the first window: (0, 1) comes first in row-major order
    res = ops.pool2d(x, 2, return_argmax=True)
    assert res.argmax[0, 0, 0].tolist() == [0, 1]


def test_max_pool_padding_never_wins():
    x = -np.ones((3, 3, 1), np.float32) * 7
    res = ops.pool2d(x, 3, 1, padding=1, return_argmax=True)
    assert_array_equal(res.output, x)
    assert res.argmax.min() >= 0 and res.argmax.max() <= 2


def test_pool_batch_equals_per_image():
    xs = rand(rng_for(8), 3, 7, 6, 2)
    res = ops.pool2d(xs, 3, 2, padding=1, return_argmax=True)
    for mode in ("avg", "weighted"):
        batch = ops.pool2d(xs, 3, 2, mode=mode, padding=1)
        for i in range(3):
            assert_array_equal(batch[i], ops.pool2d(xs[i], 3, 2, mode=mode, padding=1))
    for i in range(3):
        single = ops.pool2d(xs[i], 3, 2, padding=1, return_argmax=True)
        assert_array_equal(res.output[i], single.output)
        assert_array_equal(res.argmax[i], single.argmax)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"size": 5}, "does not fit"),
        ({"size": 2, "padding": 2}, "half the window"),
        ({"size": 3, "padding": (0, 2)}, "half the window"),
        ({"size": 2, "mode": "median"}, "mode"),
        ({"size": 0}, "≥ 1"),
        ({"size": 2, "stride": 0}, "≥ 1"),
        ({"size": 2, "padding": -1}, "padding"),
        ({"size": 2, "mode": "weighted", "weights": np.ones((3, 3))}, "shape"),
        ({"size": 2, "mode": "weighted", "weights": np.float32([[1, -1], [1, -1]])}, "sum to zero"),
        ({"size": 2, "mode": "weighted", "weights": np.float32([[1, np.nan], [1, 1]])}, "finite"),
    ],
)
def test_pool_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ops.pool2d(np.zeros((4, 4, 2), np.float32), **kwargs)


# --- properties over random shapes ------------------------------------------------------------------------


@st.composite
def conv_problems(draw):
    groups = draw(st.sampled_from([1, 1, 2, 3]))
    c = groups * draw(st.integers(1, 2))
    f = groups * draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    dh, dw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    same = draw(st.booleans())
    if same:
        stride, padding = (1, 1), "same"
    else:
        stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
        padding = (draw(st.integers(0, 3)), draw(st.integers(0, 3)))
    top, bottom, left, right = ref_padding(padding, (kh, kw), (dh, dw))
    min_h = max(1, dh * (kh - 1) + 1 - top - bottom)
    min_w = max(1, dw * (kw - 1) + 1 - left - right)
    h = draw(st.integers(min_h, min_h + 7))
    w = draw(st.integers(min_w, min_w + 7))
    n = draw(st.sampled_from([None, 1, 2]))
    seed = draw(st.integers(0, 2**31))
    return n, h, w, c, f, kh, kw, {"stride": stride, "padding": padding, "dilation": (dh, dw), "groups": groups}, seed


@settings(max_examples=60, deadline=None)
@given(conv_problems(), st.booleans())
def test_conv2d_property(problem, with_bias):
    n, h, w, c, f, kh, kw, kwargs, seed = problem
    rng = rng_for(seed)
    x = rand(rng, h, w, c) if n is None else rand(rng, n, h, w, c)
    wt = rand(rng, f, kh, kw, c // kwargs["groups"])
    b = rand(rng, f) if with_bias else None
    got = ops.conv2d(x, wt, b, **kwargs)
    assert_conv_close(got, ref_conv2d(x, wt, b, **kwargs), kh * kw * c)


@st.composite
def pool_problems(draw):
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    sh, sw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    ph, pw = draw(st.integers(0, kh // 2)), draw(st.integers(0, kw // 2))
    h = draw(st.integers(max(1, kh - 2 * ph), kh + 6))
    w = draw(st.integers(max(1, kw - 2 * pw), kw + 6))
    c = draw(st.integers(1, 3))
    n = draw(st.sampled_from([None, 2]))
    mode = draw(st.sampled_from(["max", "avg", "weighted"]))
    seed = draw(st.integers(0, 2**31))
    return n, h, w, c, (kh, kw), (sh, sw), (ph, pw), mode, seed


@settings(max_examples=60, deadline=None)
@given(pool_problems())
def test_pool2d_property(problem):
    n, h, w, c, size, stride, padding, mode, seed = problem
    rng = rng_for(seed)
    x = rand(rng, h, w, c) if n is None else rand(rng, n, h, w, c)
    weights = rng.uniform(0.1, 1.0, size=size) if mode == "weighted" else None
    ref, ref_arg = ref_pool2d(x, size, stride, mode=mode, padding=padding, weights=weights)
    if mode == "max":
        res = ops.pool2d(x, size, stride, mode=mode, padding=padding, return_argmax=True)
        assert_array_equal(res.output, ref.astype(np.float32))
        assert_array_equal(res.argmax, ref_arg)
    else:
        got = ops.pool2d(x, size, stride, mode=mode, padding=padding, weights=weights)
        assert_allclose(got, ref, rtol=1e-5, atol=1e-6)


# --- PyTorch as a second oracle (only when it happens to be installed) -----------------------------------


def _torch_conv(torch, x, wt, b, stride, padding, dilation, groups):
    tx = torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1)))[None]  # HWC → 1CHW
    tw = torch.from_numpy(np.ascontiguousarray(wt.transpose(0, 3, 1, 2)))  # F,Kh,Kw,C → F,C,Kh,Kw
    tb = None if b is None else torch.from_numpy(b)
    y = torch.nn.functional.conv2d(tx, tw, tb, stride=stride, padding=padding, dilation=dilation, groups=groups)
    return y[0].numpy().transpose(1, 2, 0)


@pytest.mark.parametrize(
    ("c", "f", "k", "kwargs"),
    [
        (3, 6, (3, 3), {}),
        (4, 8, (3, 3), {"stride": (2, 1), "padding": (1, 2), "dilation": (1, 2), "groups": 2}),
        (3, 4, (4, 2), {"padding": "same"}),
        (3, 4, (3, 5), {"padding": "same", "dilation": (2, 1)}),
        (6, 6, (3, 3), {"padding": 1, "groups": 6}),
        (3, 5, (5, 5), {"stride": 3, "padding": "valid"}),
    ],
)
def test_conv2d_matches_torch(c, f, k, kwargs):
    torch = pytest.importorskip("torch")
    rng = rng_for(9, c, f)
    x = rand(rng, 23, 19, c)
    groups = kwargs.get("groups", 1)
    wt = rand(rng, f, *k, c // groups)
    b = rand(rng, f)
    stride, dilation = kwargs.get("stride", 1), kwargs.get("dilation", 1)
    padding = kwargs.get("padding", 0)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # torch's note that even "same" kernels copy the input
        expected = _torch_conv(torch, x, wt, b, stride, padding, dilation, groups)
    got = ops.conv2d(x, wt, b, **kwargs)
    assert got.shape == expected.shape
    assert_allclose(got, expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize(("size", "stride", "padding"), [(2, None, 0), (3, 2, 1), ((3, 2), (1, 2), (1, 1)), (3, 3, 0)])
def test_pool2d_matches_torch(size, stride, padding):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    x = rand(rng_for(10), 13, 11, 3)
    tx = torch.from_numpy(np.ascontiguousarray(x.transpose(2, 0, 1)))[None]
    kstride = stride if stride is not None else size
    with torch.no_grad():
        tmax, tidx = F.max_pool2d(tx, size, kstride, padding, return_indices=True)
        tavg = F.avg_pool2d(tx, size, kstride, padding, count_include_pad=True)
    res = ops.pool2d(x, size, stride, padding=padding, return_argmax=True)
    assert_array_equal(res.output, tmax[0].numpy().transpose(1, 2, 0))
    flat = res.argmax[..., 0] * x.shape[1] + res.argmax[..., 1]  # torch's flat index into the H×W plane
    assert_array_equal(flat, tidx[0].numpy().transpose(1, 2, 0))
    got_avg = ops.pool2d(x, size, stride, mode="avg", padding=padding)
    assert_allclose(got_avg, tavg[0].numpy().transpose(1, 2, 0), rtol=1e-5, atol=1e-6)


# --- memory -----------------------------------------------------------------------------------------------


def test_large_conv_memory_is_bounded():
    """2048 × 2048 × 3 with 4 filters: the im2col works in blocks, so the peak stays near the output size."""
    rng = rng_for(11)
    x = rng.standard_normal((2048, 2048, 3), dtype=np.float32)
    wt = rand(rng, 4, 3, 3, 3)
    b = rand(rng, 4)
    out_bytes = 2048 * 2048 * 4 * 4
    tracemalloc.start()
    try:
        y = ops.conv2d(x, wt, b, padding="same")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert y.shape == (2048, 2048, 4)
    assert peak <= out_bytes + 48 * 2**20, f"peak {peak / 2**20:.1f} MiB"
    # spot-check a few positions against the reference on a crop
    crop = x[1000:1006, 1500:1506]
    assert_conv_close(y[1001:1005, 1501:1505], ref_conv2d(crop, wt, b), 27)


def test_conv2d_cancel_stops_between_blocks_and_never_when_not_asked():
    from convviz.core.ops import Cancelled, conv2d

    rng = np.random.default_rng(5)
    x = rng.standard_normal((300, 300, 3)).astype(np.float32)
    w = rng.standard_normal((4, 3, 3, 3)).astype(np.float32)
    asked = []

    def cancel():
        asked.append(1)
        return len(asked) >= 2

    with pytest.raises(Cancelled):
        conv2d(x, w, cancel=cancel)
    assert len(asked) == 2
    np.testing.assert_array_equal(conv2d(x, w, cancel=lambda: False), conv2d(x, w))


@pytest.mark.parametrize("kind", ["relu", "leaky_relu", "tanh", "sigmoid", "identity"])
def test_activation_into_a_given_buffer_equals_a_new_array(kind):
    x = np.random.default_rng(5).normal(size=(7, 9, 4)).astype(np.float32)
    x[0, 0, 0], x[1, 1, 1] = np.nan, -np.inf
    buf = np.full(x.shape, 123.0, dtype=np.float32)  # stale contents must not leak through
    got = ops.apply_activation(kind, x, 0.2, out=buf)
    assert got is buf
    np.testing.assert_array_equal(buf, ops.apply_activation(kind, x, 0.2))


@pytest.mark.parametrize("mode", ["max", "avg", "weighted"])
def test_pool_into_a_given_buffer_equals_a_new_array(mode):
    x = np.random.default_rng(6).normal(size=(9, 8, 3)).astype(np.float32)
    buf = np.full((5, 4, 3), 123.0, dtype=np.float32)  # (9 + 2 − 3) // 2 + 1 = 5, (8 + 2 − 3) // 2 + 1 = 4
    ops.pool2d(x, 3, 2, mode=mode, padding=1, out=buf)
    np.testing.assert_array_equal(buf, ops.pool2d(x, 3, 2, mode=mode, padding=1))
    with pytest.raises(ValueError, match="shape"):
        ops.pool2d(x, 3, 2, mode=mode, padding=1, out=np.empty((4, 4, 2), np.float32))
