"""The classifier head's layers: network file, shapes and counts, engine forward against plain loops, weights."""

from __future__ import annotations

import numpy as np
import pytest

from convviz.core.errors import ConvvizError
from convviz.core.layers import Dense, Flatten, GlobalAvgPool, Softmax
from convviz.core.netfile import apply_weights, network_to_dict, parse_network, weights_to_arrays
from convviz.core.network import build_network, forward

NET = {"input": {"height": 4, "width": 3, "channels": 2},
       "layers": [{"type": "conv", "filters": 3, "kernel_size": 1}, {"type": "flatten"},
                  {"type": "dense", "units": 5}, {"type": "softmax"}]}


def test_parse_and_round_trip():
    f = parse_network(NET)
    assert [type(s) for s in f.layers[1:]] == [Flatten, Dense, Softmax]
    again = parse_network(network_to_dict(f.input_shape, f.layers))
    assert [type(s) for s in again.layers] == [type(s) for s in f.layers] and again.layers[2].units == 5
    gap = parse_network({"layers": [{"type": "global_avg_pool"}, {"type": "dense", "units": 2, "bias": False,
                                                                   "init": {"scheme": "he", "seed": 3}}]})
    assert isinstance(gap.layers[0], GlobalAvgPool) and gap.layers[1].init.seed == 3


@pytest.mark.parametrize("layer, message", [
    ({"type": "dense"}, "units"), ({"type": "dense", "units": 0}, "units"), ({"type": "flatten", "x": 1}, "x"),
    ({"type": "dense", "units": 2, "init": {"preset": "sobel_x"}}, "presets")])
def test_bad_head_layers_are_named(layer, message):
    with pytest.raises(ConvvizError, match=message):
        parse_network({"layers": [layer]})


def test_shapes_counts_and_forward_against_loops():
    f = parse_network(NET)
    net = build_network(f.input_shape, f.layers, seed=0)
    assert [i.output_shape for i in net.infos] == [(4, 3, 3), (1, 1, 36), (1, 1, 5), (1, 1, 5)]
    assert net.infos[2].params == 36 * 5 + 5 and net.infos[2].macs == 180
    x = np.random.default_rng(0).random((4, 3, 2)).astype(np.float32)
    stages = forward(net, x)
    conv = stages[0]
    flat = [conv[h, w, c] for h in range(4) for w in range(3) for c in range(3)]  # h, then w, then c
    np.testing.assert_allclose(stages[1][0, 0], flat)
    lw = net.weights_of(2)
    expected = [sum(lw.weight[u, i] * flat[i] for i in range(36)) + lw.bias[u] for u in range(5)]
    np.testing.assert_allclose(stages[2][0, 0], expected, rtol=1e-5)
    e = np.exp(np.array(expected) - max(expected))
    np.testing.assert_allclose(stages[3][0, 0], e / e.sum(), rtol=1e-5)
    gap = build_network((4, 3, 2), [GlobalAvgPool()])
    np.testing.assert_allclose(forward(gap, x)[0][0, 0], x.mean(axis=(0, 1)), rtol=1e-6)


def test_dense_weights_travel_through_npz_arrays():
    f = parse_network(NET)
    net = build_network(f.input_shape, f.layers, seed=0)
    arrays = weights_to_arrays(net)
    assert arrays["weight.2"].shape == (5, 36) and arrays["bias.2"].shape == (5,)
    arrays["weight.2"] = np.ones((5, 36), np.float32)
    back = apply_weights(net, arrays)
    assert (back.weights_of(2).weight == 1).all()
    with pytest.raises(ConvvizError, match="weight.2"):
        apply_weights(net, {"weight.2": np.ones((36, 5), np.float32)})
    with pytest.raises(ConvvizError, match="no weights"):
        apply_weights(net, {"weight.1": np.ones((5, 36), np.float32)})
