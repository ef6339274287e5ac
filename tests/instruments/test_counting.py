"""The counting table: core.layers' numbers, each formula in the layer's own numbers, totals, copyable text."""

from __future__ import annotations

from hypothesis import given, settings

from convviz.core import Activation, Conv2D, Pool2D, build_network, forward
from convviz.instruments import counting, layer_names
from tests.instruments.stacks import networks


def test_the_lecture_stack():
    net = build_network((8, 8, 3), [Conv2D(6, 3), Activation("relu"), Conv2D(10, 3), Activation("relu"),
                                    Pool2D("max", 2)])
    t = counting(net)
    assert [r.name for r in t.rows] == ["conv1", "ReLU1", "conv2", "ReLU2", "pool1"]
    conv2 = t.rows[2]
    assert conv2.params_formula == "550 = 10·3·3·6 + 10" and conv2.neurons == 160
    assert conv2.fc_formula == "34720 = 216·160 + 160" and conv2.fc_ratio == 34720 / 550
    assert t.rows[0].params_formula == "168 = 6·3·3·3 + 6"
    assert (t.total_params, t.total_neurons, t.total_fc_params) == (718, 216 + 216 + 160 + 160 + 40, 41688 + 34720)
    text = t.to_text()
    assert "550 = 10·3·3·6 + 10" in text and "34720 = 216·160 + 160" in text
    assert text.splitlines()[0].split()[:4] == ["#", "layer", "output", "params"]
    assert any(ln.split()[:2] == ["total", "718"] for ln in text.splitlines())


def test_the_single_filter_and_a_layer_without_bias_or_with_groups():
    assert counting(build_network((8, 8, 3), [Conv2D(1, 3)])).rows[0].fc_formula == "6948 = 192·36 + 36"
    t = counting(build_network((8, 8, 4), [Conv2D(6, 3, bias=False, groups=2)]))
    assert t.rows[0].params_formula == "108 = 6·3·3·2"


def test_layer_names_count_within_each_type():
    layers = [Conv2D(2, 1), Activation("relu"), Pool2D("max", 1), Conv2D(2, 1), Activation("tanh"),
              Activation("relu"), Pool2D("avg", 1)]
    assert layer_names(layers) == ["conv1", "ReLU1", "pool1", "conv2", "tanh1", "ReLU2", "pool2"]


@settings(max_examples=30, deadline=None)
@given(networks())
def test_rows_agree_with_the_engine(case):
    net, x = case
    stages = forward(net, x)
    t = counting(net)
    for r, out, info in zip(t.rows, stages, net.infos, strict=True):
        assert r.output_shape == out.shape and r.neurons == out.size
        assert (r.params, r.macs, r.receptive_field, r.jump) == (info.params, info.macs, info.receptive_field,
                                                                 info.receptive_field_jump)
        lw = net.weights_of(r.index)
        if lw is not None:
            assert r.params == lw.weight.size + (0 if lw.bias is None else lw.bias.size)
            lhs, rhs = r.params_formula.split(" = ")
            assert int(lhs) == r.params == eval(rhs.replace("·", "*"))  # the formula adds up
    assert t.total_params == sum(r.params for r in t.rows)
