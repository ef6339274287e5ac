"""The slides' wrong numbers are attached to the slide's own layer, recognised by its numbers, and corrected
with the engine's arithmetic."""

from __future__ import annotations

from convviz.core import Activation, Conv2D, Pool2D, build_network
from convviz.instruments.slides import slide_numbers


def notes(shape, layers):
    net = build_network(shape, layers)
    return [slide_numbers(s, i) for s, i in zip(net.layers, net.infos, strict=True)]


def test_slide_3_one_filter_on_the_8x8x3_image():
    (only,) = notes((8, 8, 3), [Conv2D(1, 3)])
    (n,) = only
    assert (n.slide, n.kind, n.slide_value, n.value) == (3, "fc_params", 6913, 6948)
    assert n.slide_value == 192 * 36 + 1 and n.value == 192 * 36 + 36


def test_slide_6_conv2():
    got = notes((8, 8, 3), [Conv2D(6, 3), Activation("relu"), Conv2D(10, 3), Activation("relu")])
    assert got[0] == [] and got[1] == [] and got[3] == []
    (n,) = got[2]
    assert (n.slide, n.kind, n.slide_value, n.value, n.formula) == (6, "neurons", 270, 160, "4·4·10")


def test_other_layers_get_no_slide_note():
    assert notes((8, 8, 3), [Conv2D(6, 3)]) == [[]]  # scene 2: six filters are not slide 3's layer
    assert notes((8, 8, 3), [Conv2D(1, 3, padding=1)]) == [[]]  # 8×8 output
    assert notes((10, 10, 3), [Conv2D(6, 3), Conv2D(10, 3), Pool2D("max", 2)]) == [[], [], []]
    assert notes((6, 6, 6), [Conv2D(10, 3, groups=2)]) == [[]]
