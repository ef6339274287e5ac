"""The banded, separable pooling passes against the naive float64 reference: every mode, padding, stride and
window, separable (outer-product) and general weighted windows, tiny bands, one-row and one-column outputs."""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from convviz.core import ops, pool_paths
from tests.core.reference import ref_pool2d
from tests.core.test_ops import rand, rng_for


@contextmanager
def band_budget(budget: int | None):
    saved = pool_paths.POOL_BLOCK_BYTES
    try:
        if budget is not None:
            pool_paths.POOL_BLOCK_BYTES = budget
        yield
    finally:
        pool_paths.POOL_BLOCK_BYTES = saved


@st.composite
def window_weights(draw, kh: int, kw: int):
    kind = draw(st.sampled_from(["outer", "general", "zero rows", "gaussian"]))
    seed = draw(st.integers(0, 2**31))
    rng = rng_for(seed)
    if kind == "outer":  # separable: takes the two-pass route
        return np.outer(rng.uniform(0.1, 2.0, kh), rng.uniform(0.1, 2.0, kw))
    if kind == "gaussian":
        return None
    wts = rng.uniform(0.1, 1.0, size=(kh, kw))
    if kind == "zero rows":  # whole window rows (or columns) of zeros: some taps contribute nothing
        wts[rng.integers(0, kh)] = 0.0
        if kw > 1:
            wts[:, rng.integers(0, kw)] = 0.0
        if wts.sum() == 0:
            wts[-1, -1] = 1.0
    return wts


@st.composite
def pool_problems(draw):
    kh, kw = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    sh, sw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    ph, pw = draw(st.integers(0, kh // 2)), draw(st.integers(0, kw // 2))
    min_h, min_w = max(1, kh - 2 * ph), max(1, kw - 2 * pw)
    h = draw(st.one_of(st.just(min_h), st.integers(min_h, min_h + 9)))  # often a single output row / column
    w = draw(st.one_of(st.just(min_w), st.integers(min_w, min_w + 9)))
    c = draw(st.integers(1, 4))
    n = draw(st.sampled_from([None, 2]))
    mode = draw(st.sampled_from(["max", "avg", "weighted"]))
    weights = draw(window_weights(kh, kw)) if mode == "weighted" else None
    budget = draw(st.sampled_from([None, 1, 100, 1000]))
    seed = draw(st.integers(0, 2**31))
    return n, h, w, c, (kh, kw), (sh, sw), (ph, pw), mode, weights, budget, seed


@settings(max_examples=200, deadline=None)
@given(pool_problems())
def test_banded_pooling_matches_reference(problem):
    n, h, w, c, size, stride, padding, mode, weights, budget, seed = problem
    rng = rng_for(seed)
    x = rand(rng, h, w, c) if n is None else rand(rng, n, h, w, c)
    ref_weights = ops.gaussian_pool_weights(size) if mode == "weighted" and weights is None else weights
    ref, _ = ref_pool2d(x, size, stride, mode=mode, padding=padding, weights=ref_weights)
    with band_budget(budget):
        got = ops.pool2d(x, size, stride, mode=mode, padding=padding, weights=weights)
    assert got.dtype == np.float32
    assert got.shape == ref.shape
    if mode == "max":
        assert_array_equal(got, ref.astype(np.float32))
    else:
        assert_allclose(got, ref, rtol=1e-5, atol=2e-6)


def test_separable_factors():
    g = ops.gaussian_pool_weights(5)
    col, row = pool_paths.separable_factors(g)
    assert_allclose(np.outer(col, row), g, rtol=1e-5, atol=1e-8)
    assert col.min() > 0 and row.min() > 0
    col, row = pool_paths.separable_factors(np.outer([1.0, 2.0], [3.0, -1.0, 0.5]))
    assert_allclose(np.outer(col, row), np.outer([1.0, 2.0], [3.0, -1.0, 0.5]), rtol=1e-6)
    assert pool_paths.separable_factors(np.array([[1.0, 0.0], [0.0, 1.0]])) is None
    assert pool_paths.separable_factors(np.arange(9.0).reshape(3, 3) ** 2) is None


@pytest.mark.parametrize("mode", ["max", "avg", "weighted"])
def test_pooling_never_copies_the_padded_input(mode):
    """Extra memory is a band or two, not a padded copy of the input (64 MiB here)."""
    import tracemalloc

    x = np.ones((2048, 2048, 4), np.float32)
    out_bytes = 1024 * 1024 * 4 * 4
    tracemalloc.start()
    try:
        y = ops.pool2d(x, 3, 2, mode=mode, padding=1)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert y.shape == (1024, 1024, 4)
    assert peak <= out_bytes + 4 * 2**20, f"peak {peak / 2**20:.1f} MiB"
    assert_allclose(y[1:-1, 1:-1], 1.0, rtol=1e-6)


@pytest.mark.parametrize("mode", ["max", "avg", "weighted"])
@pytest.mark.parametrize("budget", [None, 1])
def test_bands_write_every_output_value(mode, budget):
    """Into a NaN-filled result: also where every weighted tap of a window lies in the padding (the last row
    here only sees the window's bottom row, which is all the weight there is)."""
    x = rand(rng_for(15), 1, 5, 6, 2)
    wts = np.zeros((3, 3), np.float32)
    wts[2] = 1.0 / 3
    result = np.full((1, 5, 4, 2), np.nan, np.float32)
    with band_budget(budget):
        pool_paths.pool_bands(x, (3, 3), (1, 1), (1, 0), mode, wts if mode == "weighted" else None, result)
    ref, _ = ref_pool2d(x, 3, 1, mode=mode, padding=(1, 0), weights=wts if mode == "weighted" else None)
    assert_allclose(result, ref, rtol=1e-5, atol=2e-6)
    if mode == "weighted":
        assert_array_equal(result[0, -1], 0.0)
