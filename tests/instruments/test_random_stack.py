"""Random stacks for the quiz: valid, seeded, with a conv layer, and varied."""

from __future__ import annotations

from convviz.core import Conv2D, build_network
from convviz.instruments.random_stack import random_stack


def signature(stack):
    return stack.input_shape, [(type(s).__name__, {k: v for k, v in s.__dict__.items() if k != "uid"})
                               for s in stack.layers]


def test_valid_seeded_with_a_conv_and_varied():
    seen = set()
    for seed in range(300):
        stack = random_stack(seed)
        net = build_network(stack.input_shape, stack.layers, seed=seed)  # raises if any layer does not fit
        assert len(net.layers) == len(stack.layers) >= 1
        assert isinstance(stack.layers[0], Conv2D)
        assert signature(random_stack(seed)) == signature(stack)  # same seed, same stack
        seen.add(repr(signature(stack)))
    assert len(seen) > 250  # not a handful of stacks over and over
    depths = {len(random_stack(s).layers) for s in range(300)}
    assert min(depths) == 1 and max(depths) >= 7
