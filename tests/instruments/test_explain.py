"""explain(): every number of a unit's breakdown against the engine and naive loops, at every position."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from convviz.core import Activation, Conv2D, InitSpec, Pool2D, build_network, forward
from convviz.core.ops import pool2d
from convviz.instruments import ActivationUnit, ConvUnit, InstrumentError, PoolUnit, explain
from tests.core.reference import ref_activation, ref_conv2d, ref_padding, ref_pool2d
from tests.instruments.stacks import networks


def _layer_input(x, stages, i):
    return x if i == 0 else stages[i - 1]


def check_every_unit(net, x):
    stages = forward(net, x)
    for i, spec in enumerate(net.layers):
        src = np.asarray(_layer_input(x, stages, i), dtype=np.float64)
        h, w, _ = src.shape
        out = stages[i]
        if isinstance(spec, Conv2D):
            lw = net.weights_of(i)
            ref = ref_conv2d(src, lw.weight, lw.bias, stride=spec.stride, padding=spec.padding,
                             dilation=spec.dilation, groups=spec.groups)
            top, _, left, _ = ref_padding(spec.padding, spec.kernel_size, spec.dilation)
        elif isinstance(spec, Pool2D):
            weights = None if spec.weights is None else np.asarray(spec.weights)
            if spec.mode == "weighted" and weights is None:
                from convviz.core.ops import gaussian_pool_weights
                weights = gaussian_pool_weights(spec.size)
            ref, ref_arg = ref_pool2d(src, spec.size, spec.effective_stride, mode=spec.mode, weights=weights,
                                      padding=spec.padding)
            top, left = spec.padding
        else:
            ref = ref_activation(spec.kind, src, spec.slope)
        for f in range(out.shape[2]):
            for yy in range(out.shape[0]):
                for xx in range(out.shape[1]):
                    u = explain(net, x, i, f, (yy, xx), stages=stages)
                    assert u.y == out[yy, xx, f]  # the engine's own value, bit for bit
                    if isinstance(spec, Conv2D):
                        check_conv_unit(u, spec, net, i, src, ref, top, left, stages)
                    elif isinstance(spec, Pool2D):
                        check_pool_unit(u, spec, src, ref, ref_arg, top, left)
                    else:
                        assert isinstance(u, ActivationUnit) and u.type == spec.kind
                        assert u.x == src[yy, xx, f]
                        assert u.y == pytest.approx(ref[yy, xx, f], rel=1e-5, abs=1e-6)


def check_conv_unit(u, spec, net, i, src, ref, top, left, stages):
    assert isinstance(u, ConvUnit)
    kh, kw = spec.kernel_size
    (yy, xx), f = u.at, u.channel
    h, w, c = src.shape
    n = c // spec.groups
    assert u.rows.tolist() == [yy * spec.stride[0] - top + a * spec.dilation[0] for a in range(kh)]
    assert u.cols.tolist() == [xx * spec.stride[1] - left + b * spec.dilation[1] for b in range(kw)]
    g = f // (spec.filters // spec.groups)
    assert u.input_channels.tolist() == list(range(g * n, (g + 1) * n))
    assert u.inputs.shape == u.kernel.shape == u.products.shape == (kh, kw, n)
    for a, r in enumerate(u.rows):
        for b, col in enumerate(u.cols):
            inside = 0 <= r < h and 0 <= col < w
            assert u.padding[a, b] == (not inside)
            for k, ch in enumerate(u.input_channels):
                assert u.inputs[a, b, k] == (src[r, col, ch] if inside else 0.0)
    lw = net.weights_of(i)
    np.testing.assert_array_equal(u.kernel, lw.weight[f])
    np.testing.assert_allclose(u.per_channel_sums, (u.inputs.astype(np.float64) * u.kernel).sum(axis=(0, 1)),
                               rtol=1e-6, atol=1e-7)
    assert u.bias == (None if lw.bias is None else float(lw.bias[f]))
    # the re-added sum equals the engine's y and the naive float64 loop within float32 rounding
    tol = 1e-5 * u.scale + 1e-7
    assert abs(u.resummed - u.y) <= tol
    assert abs(u.resummed - ref[yy, xx, f]) <= tol
    nxt = net.layers[i + 1] if i + 1 < len(net.layers) else None
    if isinstance(nxt, Activation):
        assert u.activated == stages[i + 1][yy, xx, f] and u.activation == nxt.kind
    else:
        assert u.activated is None and u.activation is None


def check_pool_unit(u, spec, src, ref, ref_arg, top, left):
    assert isinstance(u, PoolUnit) and u.mode == spec.mode
    kh, kw = spec.size
    (yy, xx), c = u.at, u.channel
    sh, sw = spec.effective_stride
    assert u.rows.tolist() == [yy * sh - top + a for a in range(kh)]
    assert u.cols.tolist() == [xx * sw - left + b for b in range(kw)]
    h, w, _ = src.shape
    for a, r in enumerate(u.rows):
        for b, col in enumerate(u.cols):
            inside = 0 <= r < h and 0 <= col < w
            assert u.padding[a, b] == (not inside)
            if inside:
                assert u.inputs[a, b] == src[r, col, c]
    assert u.y == pytest.approx(ref[yy, xx, c], rel=1e-5, abs=1e-6)
    if spec.mode == "max":
        assert u.weights is None
        assert list(u.argmax) == ref_arg[yy, xx, c].tolist()
        assert u.y == src[u.argmax[0], u.argmax[1], c]
    else:
        assert u.argmax is None
        assert u.weights.sum() == pytest.approx(1.0, rel=1e-6)
        total = float((u.weights.astype(np.float64) * np.where(u.padding, 0.0, u.inputs)).sum())
        assert total == pytest.approx(u.y, rel=1e-5, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(networks())
def test_every_unit_of_random_stacks_matches_the_engine_and_naive_loops(case):
    net, x = case
    check_every_unit(net, x)


def test_lecture_stack_every_unit():
    layers = [Conv2D(6, 3), Activation("relu"), Conv2D(10, 3, padding="same", dilation=2),
              Activation("leaky_relu", 0.1), Pool2D("max", 2), Conv2D(4, 2, stride=2, padding=1, groups=2),
              Pool2D("weighted", 3, stride=1, padding=1), Pool2D("avg", (2, 1), padding=(1, 0))]
    net = build_network((9, 8, 3), layers, seed=3)
    check_every_unit(net, np.random.default_rng(0).uniform(0, 1, (9, 8, 3)).astype(np.float32))


def test_even_same_kernel_pads_bottom_right_like_the_engine():
    net = build_network((5, 5, 1), [Conv2D(1, 4, padding="same", init=InitSpec(preset="box_blur"))])
    x = np.arange(25, dtype=np.float32).reshape(5, 5, 1)
    u = explain(net, x, 0, 0, (0, 0))
    assert u.rows.tolist() == [-1, 0, 1, 2]  # pad_top 1, pad_bottom 2
    u = explain(net, x, 0, 0, (4, 4))
    assert u.rows.tolist() == [3, 4, 5, 6] and u.padding[:, 2:].all() and not u.padding[:2, :2].any()


def test_max_pool_ties_pick_the_first_in_row_major_order():
    net = build_network((4, 4, 1), [Pool2D("max", 2)])
    x = np.ones((4, 4, 1), dtype=np.float32)
    u = explain(net, x, 0, 0, (1, 1))
    assert u.argmax == (2, 2)
    assert pool2d(x, 2, return_argmax=True).argmax[1, 1, 0].tolist() == [2, 2]


def test_to_dict_has_the_issue_keys():
    net = build_network((6, 6, 2), [Conv2D(2, 3, padding=1, bias=False), Activation("relu"), Pool2D("max", 2,
                                    padding=1)])
    x = np.random.default_rng(1).uniform(-1, 1, (6, 6, 2)).astype(np.float32)
    d = explain(net, x, 0, 1, (0, 0)).to_dict()
    assert list(d) == ["layer", "type", "channel", "at", "rows", "cols", "input_channels", "inputs", "kernel",
                       "products", "padding", "per_channel_sums", "bias", "y", "activated"]
    assert d["bias"] is None and d["activated"] == max(d["y"], 0.0)
    assert np.asarray(d["inputs"]).shape == (3, 3, 2) and d["padding"][0] == [True, True, True]
    p = explain(net, x, 2, 0, (0, 0)).to_dict()
    assert list(p) == ["layer", "type", "channel", "at", "rows", "cols", "inputs", "padding", "weights", "argmax", "y"]
    assert p["inputs"][0] == [None, None] and p["inputs"][1][0] is None and p["weights"] is None
    a = explain(net, x, 1, 0, (2, 3)).to_dict()
    assert a == {"layer": 1, "type": "relu", "channel": 0, "at": [2, 3], "x": a["x"], "y": max(a["x"], 0.0)}


@pytest.mark.parametrize(("layer", "channel", "at", "words"), [
    (3, 0, (0, 0), "layers 0…2"), (-1, 0, (0, 0), "layers 0…2"), (0, 2, (0, 0), "channels 0…1"),
    (0, 0, (6, 0), "y must be in 0…5 and x in 0…5"), (2, 0, (0, -1), "0…2"),
])
def test_bad_addresses_name_the_valid_range(layer, channel, at, words):
    net = build_network((6, 6, 2), [Conv2D(2, 3, padding=1), Activation("relu"), Pool2D("max", 2)])
    with pytest.raises(InstrumentError) as info:
        explain(net, np.zeros((6, 6, 2), np.float32), layer, channel, at)
    assert words in info.value.message and "\n" not in info.value.message
