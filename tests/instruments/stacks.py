"""Random valid stacks for the instruments' tests: conv (stride, padding incl. "same", dilation, groups, bias),
activations and pooling (max, avg, weighted, with padding), each layer drawn so that it fits its input."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from convviz.core import Activation, Conv2D, InitSpec, Pool2D, build_network
from convviz.core.errors import ConvvizError
from convviz.core.layers import describe


@st.composite
def layer_for(draw, shape, index, *, activations=("relu", "leaky_relu", "tanh", "sigmoid", "identity"),
              pool_modes=("max", "avg", "weighted")):
    h, w, c = shape
    kind = draw(st.sampled_from(["conv", "conv", "act", "pool"]))
    if kind == "conv":
        groups = draw(st.sampled_from([g for g in (1, 2, 3) if c % g == 0]))
        filters = groups * draw(st.integers(1, 3))
        k = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
        d = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
        s = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
        pad = draw(st.sampled_from(["same", "valid", 0, 1, 2, (0, 1), (2, 1)]))
        if pad == "same":
            s = (1, 1)
        spec = Conv2D(filters=filters, kernel_size=k, stride=s, padding=pad, dilation=d, groups=groups,
                      bias=draw(st.booleans()), init=InitSpec("he", seed=draw(st.integers(0, 999))))
    elif kind == "act":
        spec = Activation(draw(st.sampled_from(activations)), slope=0.1)
    else:
        size = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
        stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
        padding = (draw(st.integers(0, size[0] // 2)), draw(st.integers(0, size[1] // 2)))
        mode = draw(st.sampled_from(pool_modes))
        weights = None
        if mode == "weighted" and draw(st.booleans()):
            weights = tuple(tuple(float(draw(st.integers(1, 4))) for _ in range(size[1])) for _ in range(size[0]))
        spec = Pool2D(mode=mode, size=size, stride=stride, padding=padding, weights=weights)
    try:
        describe(index, spec, shape)
    except ConvvizError:
        return None
    return spec


@st.composite
def networks(draw, max_layers=4, min_size=3, max_size=9, **kw):
    """(network, input) with at least one layer; the input is random in [−1, 1]."""
    shape = (draw(st.integers(min_size, max_size)), draw(st.integers(min_size, max_size)),
             draw(st.integers(1, 4)))
    layers = []
    cur = shape
    for i in range(draw(st.integers(1, max_layers))):
        spec = draw(layer_for(cur, i, **kw))
        if spec is None:
            break
        layers.append(spec)
        cur = describe(i, spec, cur).output_shape
    if not layers:
        layers = [Activation("relu")]
    net = build_network(shape, layers, seed=draw(st.integers(0, 99)))
    x = np.random.default_rng(draw(st.integers(0, 2**31))).uniform(-1, 1, shape).astype(np.float32)
    return net, x
