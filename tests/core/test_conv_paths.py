"""Each of conv2d's three paths (planar, run-copy, depthwise) against the naive float64 reference.

The dispatch threshold and the block budgets are forced per example, so every path meets every stride,
dilation and padding (also padding beyond the kernel's reach), outputs of one row or one column, blocks that
split the image into many bands, and rows split into runs of positions.
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from convviz.core import conv_paths, ops
from tests.core.reference import ref_conv2d, ref_out_size, ref_padding
from tests.core.test_ops import assert_conv_close, rand, rng_for

BUDGETS = ("PLANAR_BLOCK_BYTES", "RUNS_BLOCK_BYTES", "DEPTHWISE_BAND_BYTES")


@contextmanager
def forced(path: str, budget: int | None):
    """Make conv2d take ``path`` ("planar", "runs" or "depthwise": the caller picks groups for the latter) and,
    when ``budget`` is given, shrink every block budget to it (many small blocks, runs of one row)."""
    saved = {name: getattr(conv_paths, name) for name in BUDGETS}
    saved_min = ops.RUNS_MIN_CHANNELS
    try:
        ops.RUNS_MIN_CHANNELS = 1 if path == "runs" else (10**9 if path == "planar" else saved_min)
        if budget is not None:
            for name in BUDGETS:
                setattr(conv_paths, name, budget)
        yield
    finally:
        ops.RUNS_MIN_CHANNELS = saved_min
        for name, value in saved.items():
            setattr(conv_paths, name, value)


def spy_path(monkeypatch) -> list[str]:
    taken: list[str] = []
    for name in ("conv_planar", "conv_runs", "conv_depthwise"):
        real = getattr(ops, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            taken.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(ops, name, spy)
    return taken


@st.composite
def path_problems(draw):
    path = draw(st.sampled_from(["planar", "runs", "depthwise"]))
    if path == "depthwise":
        c = draw(st.integers(1, 5))
        groups, f = c, c * draw(st.sampled_from([1, 1, 2]))
    else:
        groups = 1 if path == "runs" else draw(st.sampled_from([1, 2]))
        c = groups * draw(st.integers(1, 5))
        f = groups * draw(st.integers(1, 4))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    dh, dw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    if draw(st.integers(0, 4)) == 0:
        stride, padding = (1, 1), "same"
    else:
        stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
        # up to 3 beyond the kernel's reach: whole output rows/columns that see only padding
        padding = (draw(st.integers(0, dh * (kh - 1) + 3)), draw(st.integers(0, dw * (kw - 1) + 3)))
    top, bottom, left, right = ref_padding(padding, (kh, kw), (dh, dw))
    min_h = max(1, dh * (kh - 1) + 1 - top - bottom)
    min_w = max(1, dw * (kw - 1) + 1 - left - right)
    # often the smallest input that fits: outputs of a single row or column
    h = draw(st.one_of(st.just(min_h), st.integers(min_h, min_h + 9)))
    w = draw(st.one_of(st.just(min_w), st.integers(min_w, min_w + 9)))
    n = draw(st.sampled_from([None, 1, 2]))
    budget = draw(st.sampled_from([None, 1, 64, 300, 2048]))
    seed = draw(st.integers(0, 2**31))
    kwargs = {"stride": stride, "padding": padding, "dilation": (dh, dw), "groups": groups}
    return path, n, h, w, c, f, kh, kw, kwargs, budget, seed


@settings(max_examples=150, deadline=None)
@given(path_problems(), st.booleans(), st.sampled_from(["float32", "float64", "strided"]))
def test_every_path_matches_reference(problem, with_bias, layout):
    path, n, h, w, c, f, kh, kw, kwargs, budget, seed = problem
    rng = rng_for(seed)
    shape = (h, w, c) if n is None else (n, h, w, c)
    x = rand(rng, *shape)
    if layout == "float64":
        x = x.astype(np.float64)
    elif layout == "strided":  # a non-contiguous view of a bigger array
        big = rand(rng, *shape[:-3], h, 2 * w, c)
        x = big[..., ::2, :]
    wt = rand(rng, f, kh, kw, c // kwargs["groups"])
    b = rand(rng, f) if with_bias else None
    with forced(path, budget):
        got = ops.conv2d(x, wt, b, **kwargs)
    expected = ref_conv2d(x, wt, b, **kwargs)
    assert_conv_close(got, expected, kh * kw * c)
    top, bottom, left, right = ref_padding(kwargs["padding"], (kh, kw), kwargs["dilation"])
    assert got.shape[-3:-1] == (
        ref_out_size(h, kh, kwargs["stride"][0], top + bottom, kwargs["dilation"][0]),
        ref_out_size(w, kw, kwargs["stride"][1], left + right, kwargs["dilation"][1]),
    )


@pytest.mark.parametrize(
    ("c", "groups", "expected"),
    [(3, 1, "conv_planar"), (8, 1, "conv_runs"), (64, 1, "conv_runs"), (8, 2, "conv_planar"), (8, 8, "conv_depthwise"),
     (1, 1, "conv_planar")],
)
def test_dispatch(monkeypatch, c, groups, expected):
    taken = spy_path(monkeypatch)
    ops.conv2d(np.zeros((6, 6, c), np.float32), np.zeros((groups * 2, 3, 3, c // groups), np.float32), groups=groups)
    assert taken == [expected]


@pytest.mark.parametrize("path", ["planar", "runs", "depthwise"])
@pytest.mark.parametrize("budget", [None, 1])
def test_out_buffer_and_cancel_on_every_path(path, budget):
    rng = rng_for(12)
    c = 4
    groups = c if path == "depthwise" else 1
    x = rand(rng, 2, 13, 11, c)
    wt = rand(rng, 8, 3, 3, c // groups)
    b = rand(rng, 8)
    kwargs = {"stride": (2, 1), "padding": 2, "dilation": (1, 2), "groups": groups}
    expected = ref_conv2d(x, wt, b, **kwargs)
    buf = np.full(expected.shape, np.nan, dtype=np.float32)
    asked = []

    def never() -> bool:
        asked.append(1)
        return False

    with forced(path, budget):
        ret = ops.conv2d(x, wt, b, out=buf, cancel=never, **kwargs)
        assert np.shares_memory(ret, buf)
        assert_conv_close(buf, expected, 9 * c)
        blocks = len(asked)
        assert blocks >= 2  # asked at least once per image
        if budget is not None:
            assert blocks >= 2 * expected.shape[1]  # a tiny budget: at least one block per output row
        for stop_at in (1, blocks):
            calls = []

            def cancel(calls=calls, stop_at=stop_at) -> bool:
                calls.append(1)
                return len(calls) >= stop_at

            with pytest.raises(ops.Cancelled):
                ops.conv2d(x, wt, b, cancel=cancel, **kwargs)
            assert len(calls) == stop_at  # stops at the first True, between blocks


def test_depthwise_wide_rows_skip_the_tiled_weights():
    """A row too wide for the tiled weight table takes the per-channel einsum; same numbers either way."""
    rng = rng_for(13)
    x = rand(rng, 5, 40, 6)
    wt = rand(rng, 6, 3, 3, 1)
    b = rand(rng, 6)
    full = ops.conv2d(x, wt, b, padding=1, groups=6)
    with forced("depthwise", 2048):  # 4·9·40·6 bytes of tiled weights > 2048
        narrow = ops.conv2d(x, wt, b, padding=1, groups=6)
    assert_conv_close(full, ref_conv2d(x, wt, b, padding=1, groups=6), 9)
    assert_conv_close(narrow, ref_conv2d(x, wt, b, padding=1, groups=6), 9)


def test_paths_agree_on_a_larger_problem():
    """Planar and run-copy on the same 64-channel problem (many blocks each): the same result to float32
    rounding, and both the reference's on a crop."""
    rng = rng_for(14)
    x = rand(rng, 40, 37, 16)
    wt = rand(rng, 5, 3, 3, 16)
    b = rand(rng, 5)
    with forced("planar", None):
        planar = ops.conv2d(x, wt, b, stride=2, padding=1)
    with forced("runs", None):
        runs = ops.conv2d(x, wt, b, stride=2, padding=1)
    np.testing.assert_allclose(runs, planar, rtol=1e-5, atol=1e-5)
    assert_conv_close(runs[:4, :4], ref_conv2d(x[:8, :8], wt, b, stride=2, padding=1)[:4, :4], 144)
    assert_array_equal(runs, ops.conv2d(x, wt, b, stride=2, padding=1))
