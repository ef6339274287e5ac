"""Networks: seeded initialisation, forward() with every stage, batches, weight identity across edits."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from convviz.core import (
    Activation,
    Conv2D,
    ConvvizError,
    InitSpec,
    Pool2D,
    build_network,
    forward,
    iter_forward,
    ops,
    with_weights,
)
from tests.core.reference import ref_activation, ref_conv2d, ref_pool2d


def lecture_stack() -> list:
    return [Conv2D(filters=6, kernel_size=3), Activation("relu"), Conv2D(filters=10, kernel_size=3),
            Activation("relu"), Pool2D(size=2)]


def image(shape, seed=0) -> np.ndarray:
    return np.random.default_rng(seed).uniform(0, 1, shape).astype(np.float32)


# --- initialisation ------------------------------------------------------------------------------------

def test_same_seed_same_weights_other_seed_other_weights():
    layers = lecture_stack()
    a = build_network((8, 8, 3), layers, seed=5)
    b = build_network((8, 8, 3), layers, seed=5)
    c = build_network((8, 8, 3), layers, seed=6)
    for i in (0, 2):
        assert_array_equal(a.weights_of(i).weight, b.weights_of(i).weight)
        assert not np.array_equal(a.weights_of(i).weight, c.weights_of(i).weight)
        assert a.weights_of(i).weight.dtype == np.float32
        assert_array_equal(a.weights_of(i).bias, np.zeros(a.layers[i].filters))
    # two conv layers of the same shape at different positions do not share their draws
    twin = build_network((8, 8, 6), [Conv2D(filters=6, kernel_size=3, padding=1) for _ in range(2)], seed=5)
    assert not np.array_equal(twin.weights_of(0).weight, twin.weights_of(1).weight)


def test_a_layer_seed_overrides_the_run_seed():
    own = Conv2D(filters=6, kernel_size=3, init=InitSpec(scheme="he", seed=42))
    derived = Conv2D(filters=10, kernel_size=3)
    a = build_network((8, 8, 3), [own, derived], seed=1)
    b = build_network((8, 8, 3), [own, derived], seed=2)
    assert_array_equal(a.weights_of(0).weight, b.weights_of(0).weight)
    assert not np.array_equal(a.weights_of(1).weight, b.weights_of(1).weight)
    # the layer's own seed is the generator's seed: He normal with std √(2 / fan_in), fan_in = 3·3·3
    expected = np.random.default_rng(42).standard_normal((6, 3, 3, 3)) * math.sqrt(2 / (3 * 3 * 3))
    assert_allclose(a.weights_of(0).weight, expected.astype(np.float32), rtol=1e-6)


def test_non_conv_layers_hold_no_weights():
    net = build_network((8, 8, 3), lecture_stack())
    assert set(net.weights) == {net.layers[0].uid, net.layers[2].uid}
    assert net.weights_of(1) is None and net.weights_of(4) is None
    assert net.total_params == (6 * 3 * 3 * 3 + 6) + (10 * 3 * 3 * 6 + 10)
    assert net.total_macs == 6 * 6 * 6 * 27 + 4 * 4 * 10 * 54
    assert net.output_shape == (2, 2, 10)


def test_build_network_validates_before_computing():
    with pytest.raises(ConvvizError) as ei:
        build_network((4, 4, 10), [Activation("relu"), Conv2D(filters=2, kernel_size=5)])
    assert (ei.value.code, ei.value.layer) == ("kernel_too_large", 1)


# --- forward -------------------------------------------------------------------------------------------

def test_forward_keeps_every_stage_and_equals_the_ops_one_by_one():
    layers = [Conv2D(filters=4, kernel_size=3, padding=1, stride=1), Activation("leaky_relu", slope=0.1),
              Pool2D(size=2, mode="max"), Conv2D(filters=5, kernel_size=(3, 2), dilation=(1, 2), groups=1),
              Activation("sigmoid"), Pool2D(size=3, stride=1, mode="avg", padding=1)]
    net = build_network((12, 10, 3), layers, seed=3)
    x = image((12, 10, 3))
    stages = forward(net, x)
    assert len(stages) == len(layers)
    assert [s.shape for s in stages] == [info.output_shape for info in net.infos]
    w0, w3 = net.weights_of(0), net.weights_of(3)
    s0 = ops.conv2d(x, w0.weight, w0.bias, padding=1)
    s1 = ops.leaky_relu(s0, 0.1)
    s2 = ops.pool2d(s1, 2, mode="max")
    s3 = ops.conv2d(s2, w3.weight, w3.bias, dilation=(1, 2))
    s4 = ops.sigmoid(s3)
    s5 = ops.pool2d(s4, 3, 1, mode="avg", padding=1)
    for got, want in zip(stages, [s0, s1, s2, s3, s4, s5], strict=True):
        assert got.dtype == np.float32
        assert_array_equal(got, want)


def test_forward_matches_the_naive_reference():
    net = build_network((8, 8, 3), lecture_stack(), seed=0)
    x = image((8, 8, 3), seed=1)
    stages = forward(net, x)
    w0, w2 = net.weights_of(0), net.weights_of(2)
    r0 = ref_conv2d(x, w0.weight, w0.bias)
    r1 = ref_activation("relu", r0)
    r2 = ref_conv2d(r1, w2.weight, w2.bias)
    r3 = ref_activation("relu", r2)
    r4, _ = ref_pool2d(r3, 2)
    for got, want in zip(stages, [r0, r1, r2, r3, r4], strict=True):
        assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_a_batch_equals_each_image_alone():
    net = build_network((8, 8, 3), lecture_stack(), seed=4)
    batch = image((3, 8, 8, 3), seed=2)
    stages = forward(net, batch)
    assert stages[2].shape == (3, 4, 4, 10)
    for n in range(3):
        for got, alone in zip(stages, forward(net, batch[n]), strict=True):
            assert_allclose(got[n], alone, rtol=1e-6, atol=1e-6)


def test_iter_forward_yields_each_layer_in_order():
    net = build_network((8, 8, 3), lecture_stack())
    x = image((8, 8, 3))
    pairs = list(iter_forward(net, x))
    assert [i for i, _ in pairs] == list(range(5))
    for (_, a), b in zip(pairs, forward(net, x), strict=True):
        assert_array_equal(a, b)


def test_forward_refuses_a_wrong_shape_or_non_finite_input():
    net = build_network((8, 8, 3), lecture_stack())
    with pytest.raises(ConvvizError) as ei:
        forward(net, np.zeros((8, 8, 1), np.float32))
    assert ei.value.code == "input_shape_mismatch"
    assert "8×8×1" in str(ei.value) and "8×8×3" in str(ei.value)
    with pytest.raises(ConvvizError):
        forward(net, np.zeros((8, 8), np.float32))
    bad = np.zeros((8, 8, 3), np.float32)
    bad[1, 2, 0] = np.nan
    with pytest.raises(ConvvizError) as ei:
        forward(net, bad)
    assert ei.value.code == "input_not_finite"


def test_an_empty_stack_is_allowed():
    net = build_network((4, 4, 1), [])
    assert forward(net, image((4, 4, 1))) == []
    assert net.output_shape == (4, 4, 1)


# --- weights keep their identity -----------------------------------------------------------------------

def square_stack():
    """Three conv layers that keep the shape, so any order is valid."""
    return [Conv2D(filters=3, kernel_size=3, padding=1) for _ in range(3)]


def test_weights_follow_their_layer_when_reordered():
    layers = square_stack()
    net = build_network((6, 6, 3), layers, seed=0)
    before = {spec.uid: net.weights[spec.uid].weight.copy() for spec in layers}
    reordered = [layers[2], layers[0], layers[1]]
    net2 = build_network((6, 6, 3), reordered, net.weights, seed=0)
    for spec in reordered:
        assert_array_equal(net2.weights[spec.uid].weight, before[spec.uid])
    # and it is the identity that matters, not the position: a fresh build would differ
    fresh = build_network((6, 6, 3), reordered, seed=0)
    assert not np.array_equal(fresh.weights_of(0).weight, net2.weights_of(0).weight)


def test_weights_follow_their_layer_when_layers_are_inserted_or_removed():
    layers = square_stack()
    net = build_network((6, 6, 3), layers, seed=0)
    inserted = [Activation("relu"), layers[0], Pool2D(size=3, stride=1, padding=1), layers[1], layers[2]]
    net2 = build_network((6, 6, 3), inserted, net.weights, seed=0)
    for spec in layers:
        assert_array_equal(net2.weights[spec.uid].weight, net.weights[spec.uid].weight)
    removed = [layers[0], layers[2]]
    net3 = build_network((6, 6, 3), removed, net2.weights, seed=0)
    assert_array_equal(net3.weights_of(1).weight, net.weights_of(2).weight)
    assert layers[1].uid not in net3.weights


def test_changing_the_number_of_filters_keeps_the_existing_ones():
    layers = lecture_stack()
    net = build_network((8, 8, 3), layers, seed=0)
    w_trained = net.weights_of(0).weight + 1.0  # make them distinguishable from any fresh draw
    b_trained = np.arange(6, dtype=np.float32) + 1
    net = with_weights(net, 0, w_trained, b_trained)

    more = list(layers)
    more[0] = dataclasses.replace(layers[0], filters=8)
    grown = build_network((8, 8, 3), more, net.weights, seed=0)
    w, b = grown.weights_of(0).weight, grown.weights_of(0).bias
    assert w.shape == (8, 3, 3, 3)
    assert_array_equal(w[:6], w_trained)
    assert_array_equal(b[:6], b_trained)
    assert np.all(np.isfinite(w[6:])) and np.any(w[6:] != 0)
    assert not np.array_equal(w[6], w_trained[0])
    assert_array_equal(b[6:], 0)
    # the next conv layer's input depth changed, so it starts again with the new shape
    assert grown.weights_of(2).weight.shape == (10, 3, 3, 8)

    fewer = list(layers)
    fewer[0] = dataclasses.replace(layers[0], filters=4)
    shrunk = build_network((8, 8, 3), fewer, net.weights, seed=0)
    assert_array_equal(shrunk.weights_of(0).weight, w_trained[:4])  # removed ones drop from the end
    assert_array_equal(shrunk.weights_of(0).bias, b_trained[:4])


def test_changing_the_kernel_size_reinitialises():
    layers = lecture_stack()
    net = build_network((8, 8, 3), layers, seed=0)
    net = with_weights(net, 0, np.ones((6, 3, 3, 3), np.float32), np.ones(6, np.float32))
    bigger = list(layers)
    bigger[0] = dataclasses.replace(layers[0], kernel_size=(5, 5))
    bigger[2] = dataclasses.replace(layers[2], kernel_size=(1, 1))
    net2 = build_network((8, 8, 3), bigger, net.weights, seed=0)
    w = net2.weights_of(0)
    assert w.weight.shape == (6, 5, 5, 3)
    assert not np.any(w.weight == 1.0)
    assert_array_equal(w.bias, 0)
    # a re-initialised layer gets the same draw as a fresh network
    fresh = build_network((8, 8, 3), bigger, seed=0)
    assert_array_equal(w.weight, fresh.weights_of(0).weight)


def test_toggling_bias_keeps_the_filters():
    layers = lecture_stack()
    net = build_network((8, 8, 3), layers, seed=0)
    net = with_weights(net, 0, net.weights_of(0).weight, np.full(6, 0.5, np.float32))
    off = list(layers)
    off[0] = dataclasses.replace(layers[0], bias=False)
    net_off = build_network((8, 8, 3), off, net.weights, seed=0)
    assert net_off.weights_of(0).bias is None
    assert_array_equal(net_off.weights_of(0).weight, net.weights_of(0).weight)
    net_on = build_network((8, 8, 3), layers, net_off.weights, seed=0)
    assert_array_equal(net_on.weights_of(0).bias, np.zeros(6))


# --- with_weights --------------------------------------------------------------------------------------

def test_with_weights_replaces_one_layer_and_leaves_the_original():
    net = build_network((8, 8, 3), lecture_stack(), seed=0)
    old = net.weights_of(2).weight.copy()
    w = np.full((10, 3, 3, 6), 0.25, np.float64)
    net2 = with_weights(net, 2, w, np.arange(10))
    assert net2.weights_of(2).weight.dtype == np.float32
    assert_array_equal(net2.weights_of(2).weight, w)
    assert_array_equal(net2.weights_of(2).bias, np.arange(10))
    assert_array_equal(net.weights_of(2).weight, old)
    assert net2.weights_of(0) is net.weights_of(0)


@pytest.mark.parametrize(
    ("index", "weight", "bias", "code", "key"),
    [
        (2, np.zeros((10, 3, 3, 3)), np.zeros(10), "weights_shape", "weight.2"),
        (2, np.zeros((6, 3, 3, 6)), np.zeros(10), "weights_shape", "weight.2"),
        (2, np.zeros((10, 3, 3, 6)), np.zeros(6), "weights_shape", "bias.2"),
        (0, np.full((6, 3, 3, 3), np.nan), np.zeros(6), "weights_not_finite", "weight.0"),
        (0, np.zeros((6, 3, 3, 3)), np.array([0, 0, np.inf, 0, 0, 0]), "weights_not_finite", "bias.0"),
        (1, np.zeros((6, 3, 3, 3)), None, "weights_unexpected", "weight.1"),
    ],
)
def test_with_weights_checks_shapes_and_refuses_nan(index, weight, bias, code, key):
    net = build_network((8, 8, 3), lecture_stack(), seed=0)
    with pytest.raises(ConvvizError) as ei:
        with_weights(net, index, weight, bias)
    err = ei.value
    assert (err.code, err.layer, err.params["key"]) == (code, index, key)
    assert str(err).startswith(f"layer {index} (")
    assert key in str(err)


def test_with_weights_refuses_a_bias_on_a_layer_without_one():
    net = build_network((8, 8, 3), [Conv2D(filters=2, kernel_size=3, bias=False)])
    assert net.weights_of(0).bias is None
    with pytest.raises(ConvvizError) as ei:
        with_weights(net, 0, np.zeros((2, 3, 3, 3)), np.zeros(2))
    assert ei.value.code == "weights_unexpected"
