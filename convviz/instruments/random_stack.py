"""A random valid stack in the lecture's style, for the quiz's "new random stack": seeded, so the same seed gives
the same stack (and the same questions) on any machine.

An input H × W × C, then one to three blocks of conv (+ ReLU) (+ 2×2 pooling), with the hyperparameters the
lecture's questions are about — filters, kernel size, stride, padding — each layer drawn until it fits its input.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..core.errors import ConvvizError
from ..core.layers import Activation, Conv2D, InitSpec, LayerSpec, Pool2D, Shape, describe

#: tries per layer before the stack stops growing (a small input leaves few kernels that fit)
_TRIES = 20


@dataclass(frozen=True)
class RandomStack:
    input_shape: Shape
    layers: tuple[LayerSpec, ...]


def _conv(rng: random.Random) -> Conv2D:
    k = rng.choice((1, 2, 3, 3, 3, 5))
    padding = rng.choice((0, 0, 0, 1, "same"))
    stride = 1 if padding == "same" else rng.choice((1, 1, 2))
    return Conv2D(filters=rng.randint(2, 12), kernel_size=(k, k), stride=(stride, stride), padding=padding,
                  init=InitSpec("he", seed=rng.randint(0, 999)))


def random_stack(seed: int) -> RandomStack:
    """A valid stack with at least one conv layer."""
    rng = random.Random(seed)
    side = rng.choice((6, 7, 8, 8, 9, 10, 12, 16))
    shape: Shape = (side, side, rng.choice((1, 3, 3)))
    input_shape = shape
    layers: list[LayerSpec] = []
    blocks = rng.randint(1, 3)
    for _ in range(blocks):
        conv = None
        for _try in range(_TRIES):
            candidate = _conv(rng)
            try:
                out = describe(len(layers), candidate, shape).output_shape
            except ConvvizError:
                continue
            conv = candidate
            break
        if conv is None:
            break
        layers.append(conv)
        shape = out
        if rng.random() < 0.8:
            layers.append(Activation("relu"))
        if rng.random() < 0.5 and min(shape[:2]) >= 2:
            pool = Pool2D(rng.choice(("max", "max", "avg")), (2, 2))
            shape = describe(len(layers), pool, shape).output_shape
            layers.append(pool)
    if not layers:  # nothing fitted in _TRIES draws (unlikely: 1×1 kernels always fit); never return no conv
        layers.append(Conv2D(filters=rng.randint(2, 12), kernel_size=(1, 1)))
    return RandomStack(input_shape, tuple(layers))
