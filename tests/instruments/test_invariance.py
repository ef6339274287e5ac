"""invariance() against an independent computation written here: the shift by index loops, the norms by sums."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.core import Activation, Conv2D, InitSpec, Pool2D, build_network, forward, sample_image
from convviz.instruments import InstrumentError, invariance, shift_input
from tests.instruments.stacks import networks


def naive_shift(img, dy, dx):
    h, w, c = img.shape
    out = np.zeros((h, w, c), dtype=np.float32)
    for y in range(h):
        for x in range(w):
            sy, sx = y - dy, x - dx
            if 0 <= sy < h and 0 <= sx < w:
                out[y, x] = img[sy, sx]
    return out


def naive_measure(a, b):
    a = [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]
    b = [float(v) for v in np.asarray(b, dtype=np.float64).ravel()]
    norm = sum(abs(v) for v in a)
    top = max(abs(v) for v in a)
    diff = [abs(p - q) for p, q in zip(a, b, strict=True)]
    rel = sum(diff) / norm if norm else None
    return rel, sum(1 for d in diff if d > 1e-6 * top) / len(a)


@pytest.mark.parametrize(("dy", "dx"), [(0, 0), (1, 0), (0, 2), (3, 3), (-1, 2), (9, 0), (2, -9)])
def test_shift_moves_the_content_down_and_right(dy, dx):
    img = np.random.default_rng(0).uniform(size=(5, 6, 2)).astype(np.float32)
    np.testing.assert_array_equal(shift_input(img, dy, dx), naive_shift(img, dy, dx))


@settings(max_examples=25, deadline=None)
@given(networks(max_size=10), st.integers(0, 3), st.sampled_from(["x", "y", "xy"]))
def test_every_shift_and_stage_matches_the_naive_measure(case, n, axis):
    net, x = case
    got = invariance(net, x, n, axis)
    assert [r.shift for r in got] == [{"x": (0, d), "y": (d, 0), "xy": (d, d)}[axis] for d in range(n + 1)]
    base = forward(net, x)
    for r in got:
        moved = forward(net, naive_shift(x, *r.shift))
        assert [s.layer for s in r.stages] == list(range(len(net.layers)))
        assert [s.type for s in r.stages] == [i.type for i in net.infos]
        for s, b, m in zip(r.stages, base, moved, strict=True):
            rel, frac = naive_measure(b, m)
            if rel is None:
                assert s.relative_change is None
            else:
                assert s.relative_change == pytest.approx(rel, rel=1e-9, abs=1e-12)
            assert s.changed_fraction == pytest.approx(frac)
    zero = got[0].stages
    assert all(s.changed_fraction == 0 and s.relative_change in (0.0, None) for s in zero)


def test_a_zero_stage_has_no_relative_change():
    net = build_network((6, 6, 1), [Conv2D(1, 3, bias=False, init=InitSpec(preset="box_blur")), Activation("relu")])
    x = -np.ones((6, 6, 1), dtype=np.float32)  # a negative image: ReLU gives all zeros
    r = invariance(net, x, 1)[1]
    assert r.stages[1].relative_change is None and r.stages[1].changed_fraction == 0.0
    assert r.to_dict() == {"shift": [1, 1], "stages": [s.to_dict() for s in r.stages]}


def test_pooling_reduces_the_relative_change_on_the_lecture_example():
    # the measurement: 64² image, edge kernels, ReLU, max pooling, a 1-pixel shift
    net = build_network((64, 64, 3), [Conv2D(4, 3, padding=1, init=InitSpec(preset="edges")), Activation("relu"),
                                      Pool2D("max", 2)])
    r = invariance(net, sample_image(64, 64, 3), 1, "x")[1]
    conv, relu, pool = (s.relative_change for s in r.stages)
    assert pool < relu


def test_cancel_stops_between_shifts_and_bad_arguments_are_clear():
    net = build_network((6, 6, 1), [Conv2D(1, 3)])
    x = np.ones((6, 6, 1), np.float32)
    calls = []
    assert len(invariance(net, x, 5, cancel=lambda: len(calls.append(1) or calls) > 2)) == 2
    with pytest.raises(InstrumentError, match="x, y or xy"):
        invariance(net, x, 2, "z")
    with pytest.raises(InstrumentError, match="≥ 0"):
        invariance(net, x, -1)
