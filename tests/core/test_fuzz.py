"""Hypothesis fuzzing of the user-facing boundary: any JSON a user may write either parses or raises a
ConvvizError (never another exception), and any stack that validates computes exactly the shapes it announced."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convviz.core.errors import ConvvizError
from convviz.core.netfile import parse_network
from convviz.core.network import build_network, forward

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 12), st.floats(allow_nan=True),
                         st.sampled_from(["same", "valid", "max", "avg", "weighted", "he", "sobel_x", "x", ""]))
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6)
keys = st.sampled_from(["type", "filters", "kernel_size", "stride", "padding", "dilation", "groups", "bias",
                        "init", "mode", "size", "weights", "slope", "bogus"])
layer_objects = st.one_of(
    json_values,
    st.dictionaries(keys, json_values, max_size=6),
    st.fixed_dictionaries({"type": st.sampled_from(["conv", "relu", "leaky_relu", "tanh", "sigmoid", "pool",
                                                     "dense"])},
                          optional={k: json_values for k in ("filters", "kernel_size", "stride", "padding",
                                                             "dilation", "groups", "mode", "size", "slope")}),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(json_values, st.fixed_dictionaries({"layers": st.lists(layer_objects, max_size=4)},
                                                     optional={"input": json_values, "version": json_values})))
def test_any_json_parses_or_raises_a_convviz_error(obj):
    try:
        parse_network(obj, "fuzz.json")
    except ConvvizError as err:
        placeholders = set(re.findall(r"\{(\w+)(?:![rsa])?\}", err.template))
        assert placeholders <= set(err.params) | {"where"}, (err.code, placeholders, err.params)
        assert err.message


conv = st.fixed_dictionaries({
    "type": st.just("conv"), "filters": st.integers(1, 4), "kernel_size": st.integers(1, 4),
    "stride": st.integers(1, 3), "padding": st.one_of(st.integers(0, 2), st.just("valid")),
    "dilation": st.integers(1, 2)})
act = st.fixed_dictionaries({"type": st.sampled_from(["relu", "tanh", "sigmoid", "leaky_relu"])})
pool = st.fixed_dictionaries({"type": st.just("pool"), "mode": st.sampled_from(["max", "avg", "weighted"]),
                              "size": st.integers(1, 3)})


@settings(max_examples=120, deadline=None)
@given(st.lists(st.one_of(conv, act, pool), min_size=1, max_size=5), st.integers(3, 14), st.integers(1, 3),
       st.integers(0, 2**16))
def test_a_stack_that_validates_computes_the_shapes_it_announced(layers, size, channels, seed):
    spec = parse_network({"input": {"height": size, "width": size + 1, "channels": channels}, "layers": layers})
    try:
        net = build_network(spec.input_shape, spec.layers, seed=seed)
    except ConvvizError:
        return  # an impossible stack is refused before any compute: that is the contract
    x = np.random.default_rng(seed).random(spec.input_shape, dtype=np.float32)
    stages = forward(net, x)
    assert [s.shape for s in stages] == [info.output_shape for info in net.infos]
    assert all(np.all(np.isfinite(s)) for s in stages)
