"""convviz.levels: the colour levels of a tensor and of a stack (no Qt). The block and stack scopes end to end are in
test_render.py."""

from __future__ import annotations

import numpy as np
import pytest

from convviz.levels import stack_levels, tensor_levels
from convviz.render import DIVERGING, DisplayOptions, render_tensor

RNG = np.random.default_rng(0)


def test_levels_layer_symmetric_signed():
    a = np.zeros((4, 4, 3), np.float32)
    a[0, 0, 0], a[1, 1, 2] = -2.0, 0.5
    lv = tensor_levels(a, DisplayOptions(scope="layer", centring="symmetric"))
    assert lv.shape == (3, 2)
    assert np.allclose(lv, [[-2, 2]] * 3)


def test_levels_layer_symmetric_nonnegative_starts_at_zero():
    a = np.abs(RNG.normal(size=(5, 5, 2))).astype(np.float32) + 1.0
    lv = tensor_levels(a, DisplayOptions(scope="layer"))
    assert np.allclose(lv, [[0, a.max()]] * 2)


def test_levels_minmax_and_per_map():
    a = np.stack([np.full((3, 3), 1.0), np.linspace(-1, 3, 9).reshape(3, 3)], axis=-1).astype(np.float32)
    a[0, 0, 0] = 0.0
    lv = tensor_levels(a, DisplayOptions(scope="map", centring="minmax"))
    assert np.allclose(lv, [[0, 1], [-1, 3]])
    lv = tensor_levels(a, DisplayOptions(scope="map", centring="symmetric"))
    assert np.allclose(lv, [[-1, 1], [-3, 3]])  # signed tensor: every map centred at zero
    lv = tensor_levels(a, DisplayOptions(scope="layer", centring="minmax"))
    assert np.allclose(lv, [[-1, 3]] * 2)


@pytest.mark.parametrize("centring", ["symmetric", "minmax"])
@pytest.mark.parametrize("scope", ["map", "layer"])
@pytest.mark.parametrize("value", [0.0, 3.5, -2.0])
def test_constant_maps_give_finite_nonempty_levels(scope, centring, value):
    a = np.full((4, 4, 3), value, np.float32)
    lv = tensor_levels(a, DisplayOptions(scope=scope, centring=centring))
    assert np.isfinite(lv).all() and (lv[:, 1] > lv[:, 0]).all()
    r = render_tensor(a, DisplayOptions(scope=scope, centring=centring))
    assert np.isfinite(r.levels).all()


def test_nonfinite_values_are_ignored_by_levels_and_never_nan():
    a = RNG.normal(size=(6, 6, 2)).astype(np.float32)
    a[0, 0, 0], a[1, 1, 0], a[2, 2, 1] = np.nan, np.inf, -np.inf
    for scope in ("map", "layer"):
        lv = tensor_levels(a, DisplayOptions(scope=scope, centring="minmax"))
        assert np.isfinite(lv).all()
        r = render_tensor(a, DisplayOptions(scope=scope))
        assert np.isfinite(r.levels).all()
    allnan = np.full((2, 2, 1), np.nan, np.float32)
    assert np.isfinite(render_tensor(allnan).levels).all()


def test_stack_levels_span_every_tensor():
    a = np.full((2, 2, 1), 0.5, np.float32)
    b = np.full((3, 3, 2), -4.0, np.float32)
    assert stack_levels([a, b], DisplayOptions()) == (-4.0, 4.0)
    assert stack_levels([a, b], DisplayOptions(centring="minmax")) == (-4.0, 0.5)
    assert stack_levels([a], DisplayOptions()) == (0.0, 0.5)
    lo, hi = stack_levels([], DisplayOptions())
    assert hi > lo
    r = render_tensor(a, DisplayOptions(scope="stack"), levels=(-4.0, 4.0))
    assert r.signed and r.colormap in DIVERGING and not r.per_map
    assert np.allclose(r.levels, [[-4, 4]])


def test_degenerate_levels_from_outside_are_repaired():
    r = render_tensor(np.ones((2, 2, 2), np.float32), levels=(1.0, 1.0))
    assert np.isfinite(r.levels).all() and (r.levels[:, 1] > r.levels[:, 0]).all()
