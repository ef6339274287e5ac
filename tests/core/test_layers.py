"""Layer specs and their arithmetic: shapes, parameters, neurons, MACs, receptive fields, structured errors.

Expected values are written as the formulas the lecture uses (``10 * 3 * 3 * 6 + 10``), never read back from
the engine.
"""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from convviz.core import Activation, Conv2D, ConvvizError, InitSpec, Pool2D, describe, infer_shapes
from convviz.core.errors import TEMPLATES


def out_size(n: int, k: int, s: int = 1, p_total: int = 0, d: int = 1) -> int:
    """The issue's formula floor((H + 2P − D·(K − 1) − 1) / S) + 1, written out here independently."""
    return (n + p_total - d * (k - 1) - 1) // s + 1


# --- the lecture's numbers -------------------------------------------------------------------------------

LECTURE = (8, 8, 3)


def test_lecture_one_filter_map_and_28_parameters():
    info = describe(0, Conv2D(filters=1, kernel_size=(3, 3)), LECTURE)
    assert info.output_shape == (8 - 3 + 1, 8 - 3 + 1, 1) == (6, 6, 1)
    assert info.weights == 3 * 3 * 3
    assert info.biases == 1
    assert info.params == 3 * 3 * 3 + 1 == 28


def test_lecture_fully_connected_comparison_counts_one_bias_per_output():
    info = describe(0, Conv2D(filters=1, kernel_size=(3, 3)), LECTURE)
    inputs, outputs = 8 * 8 * 3, 6 * 6 * 1
    assert (inputs, outputs) == (192, 36)
    assert info.fc_params == inputs * outputs + outputs == 6948
    assert info.fc_params != inputs * outputs + 1  # the slide's 6913 counts a single bias


def test_lecture_six_filters_give_6x6x6():
    info = describe(0, Conv2D(filters=6, kernel_size=(3, 3)), LECTURE)
    assert info.output_shape == (6, 6, 6)
    assert info.params == 6 * (3 * 3 * 3 + 1)


def test_lecture_conv2_shape_params_and_neurons():
    stack = [Conv2D(filters=6, kernel_size=(3, 3)), Activation("relu"),
             Conv2D(filters=10, kernel_size=(3, 3)), Activation("relu")]
    infos = infer_shapes(LECTURE, stack)
    conv2 = infos[2]
    assert infos[0].output_shape == (6, 6, 6)
    assert infos[1].output_shape == (6, 6, 6)
    assert conv2.input_shape == (6, 6, 6)
    assert conv2.output_shape == (4, 4, 10)
    assert conv2.weights == 10 * 3 * 3 * 6  # F_OUT × H_K × W_K × F_IN
    assert conv2.biases == 10
    assert conv2.params == 10 * 3 * 3 * 6 + 10 == 550
    assert conv2.neurons == 4 * 4 * 10 == 160
    assert conv2.neurons != 270  # the slide's answer
    assert conv2.macs == 4 * 4 * 10 * (3 * 3 * 6)
    assert infos[3].output_shape == (4, 4, 10)


def test_lecture_pooling_halves_each_map():
    info = describe(0, Pool2D(mode="max", size=(2, 2), stride=(2, 2)), LECTURE)
    assert info.output_shape == (8 // 2, 8 // 2, 3) == (4, 4, 3)
    assert (info.params, info.macs, info.fc_params) == (0, 0, None)
    assert info.neurons == 4 * 4 * 3


# --- conv hyperparameters ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("in_shape", "kwargs", "expected_hw"),
    [
        ((8, 8, 3), {"kernel_size": 3, "stride": 2}, (out_size(8, 3, 2), out_size(8, 3, 2))),
        ((9, 7, 3), {"kernel_size": (3, 3), "stride": (2, 3)}, (out_size(9, 3, 2), out_size(7, 3, 3))),
        ((8, 8, 3), {"kernel_size": 3, "padding": 1}, (8, 8)),
        ((8, 8, 3), {"kernel_size": 3, "padding": (1, 2)}, (out_size(8, 3, 1, 2), out_size(8, 3, 1, 4))),
        ((8, 8, 3), {"kernel_size": [3, 3], "padding": [0, 1]}, (6, 8)),
        ((8, 8, 3), {"kernel_size": 3, "padding": "valid"}, (6, 6)),
        ((10, 9, 3), {"kernel_size": 3, "padding": "same"}, (10, 9)),
        ((10, 9, 3), {"kernel_size": 4, "padding": "same"}, (10, 9)),  # even kernel: extra row bottom/right
        ((10, 9, 3), {"kernel_size": (2, 5), "padding": "same", "dilation": 2}, (10, 9)),
        ((11, 12, 3), {"kernel_size": 3, "dilation": 2}, (11 - 2 * 2, 12 - 2 * 2)),
        ((11, 12, 3), {"kernel_size": 3, "dilation": (3, 1), "stride": (1, 2), "padding": (2, 0)},
         (out_size(11, 3, 1, 4, 3), out_size(12, 3, 2, 0, 1))),
        ((6, 9, 3), {"kernel_size": (1, 5)}, (6, 5)),
        ((5, 5, 1), {"kernel_size": 5}, (1, 1)),  # the kernel exactly covers the input
    ],
)
def test_conv_output_shape(in_shape, kwargs, expected_hw):
    info = describe(0, Conv2D(filters=4, **kwargs), in_shape)
    assert info.output_shape == (*expected_hw, 4)
    kh, kw = (kwargs["kernel_size"],) * 2 if isinstance(kwargs["kernel_size"], int) else kwargs["kernel_size"]
    assert info.weights == 4 * kh * kw * in_shape[2]
    assert info.biases == 4
    assert info.macs == expected_hw[0] * expected_hw[1] * 4 * kh * kw * in_shape[2]
    n_in = in_shape[0] * in_shape[1] * in_shape[2]
    n_out = expected_hw[0] * expected_hw[1] * 4
    assert info.fc_params == n_in * n_out + n_out


def test_conv_int_and_pair_specs_are_the_same_layer():
    a = Conv2D(filters=2, kernel_size=3, stride=1, padding=1, dilation=1)
    b = Conv2D(filters=2, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), dilation=(1, 1))
    for key in ("kernel_size", "stride", "padding", "dilation"):
        assert getattr(a, key) == getattr(b, key) == (getattr(b, key)[0],) * 2
    assert describe(0, a, (5, 5, 1)) == describe(0, b, (5, 5, 1))


def test_same_padding_with_int_stride_1_is_accepted():
    spec = Conv2D(filters=2, kernel_size=3, stride=1, padding="same")
    assert describe(0, spec, (5, 5, 1)).output_shape == (5, 5, 2)


def test_groups_divide_weights_and_macs():
    info = describe(0, Conv2D(filters=6, kernel_size=3, groups=2, padding=1), (8, 8, 4))
    assert info.output_shape == (8, 8, 6)
    assert info.weights == 6 * 3 * 3 * (4 // 2)
    assert info.macs == 8 * 8 * 6 * 3 * 3 * (4 // 2)


def test_depthwise_groups_equal_channels():
    info = describe(0, Conv2D(filters=3, kernel_size=3, groups=3), (8, 8, 3))
    assert info.weights == 3 * 3 * 3 * 1
    assert info.params == 3 * 3 * 3 + 3


def test_conv_without_bias():
    info = describe(0, Conv2D(filters=6, kernel_size=3, bias=False), LECTURE)
    assert (info.weights, info.biases, info.params) == (6 * 27, 0, 6 * 27)
    assert info.fc_params == 192 * 6 * 6 * 6 + 6 * 6 * 6  # the FC comparison keeps its biases


# --- activations and pools -----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["relu", "leaky_relu", "tanh", "sigmoid", "identity"])
def test_activation_keeps_shape_and_counts_nothing(kind):
    info = describe(3, Activation(kind), (5, 4, 7), rf_in=(5, 5), jump_in=(2, 2))
    assert info.type == kind
    assert info.output_shape == (5, 4, 7)
    assert (info.weights, info.biases, info.macs, info.fc_params) == (0, 0, 0, None)
    assert info.neurons == 5 * 4 * 7
    assert (info.receptive_field, info.receptive_field_jump) == ((5, 5), (2, 2))


@pytest.mark.parametrize(
    ("in_hw", "kwargs", "expected_hw"),
    [
        ((8, 8), {"size": 2}, (4, 4)),
        ((7, 9), {"size": 2}, (7 // 2, 9 // 2)),  # floor
        ((8, 8), {"size": 3, "stride": 2}, (out_size(8, 3, 2), out_size(8, 3, 2))),
        ((8, 8), {"size": 3, "stride": 2, "padding": 1}, (out_size(8, 3, 2, 2), out_size(8, 3, 2, 2))),
        ((8, 6), {"size": (2, 3)}, (4, 2)),
        ((8, 8), {"size": 3, "mode": "avg", "stride": 1}, (6, 6)),
        ((8, 8), {"size": 3, "mode": "weighted", "stride": 1, "weights": ((1, 2, 1), (2, 4, 2), (1, 2, 1))},
         (6, 6)),
    ],
)
def test_pool_output_shape(in_hw, kwargs, expected_hw):
    info = describe(1, Pool2D(**kwargs), (*in_hw, 5))
    assert info.type == "pool"
    assert info.output_shape == (*expected_hw, 5)
    assert (info.params, info.macs, info.fc_params) == (0, 0, None)


# --- receptive field and jump --------------------------------------------------------------------------

def test_receptive_field_and_jump_of_a_known_stack():
    stack = [
        Conv2D(filters=4, kernel_size=3),                   # rf 1 + 2·1 = 3,        jump 1
        Activation("relu"),                                 # unchanged
        Pool2D(size=2),                                     # rf 3 + 1·1 = 4,        jump 1·2 = 2
        Conv2D(filters=4, kernel_size=3),                   # rf 4 + 2·2 = 8,        jump 2
        Conv2D(filters=4, kernel_size=3, dilation=2),       # extent 5: rf 8 + 4·2 = 16, jump 2
        Conv2D(filters=4, kernel_size=(3, 1), stride=2),    # rf (16 + 2·2, 16 + 0) = (20, 16), jump 4
    ]
    infos = infer_shapes((64, 64, 3), stack)
    assert [i.receptive_field for i in infos] == [(3, 3), (3, 3), (4, 4), (8, 8), (16, 16), (20, 16)]
    assert [i.receptive_field_jump for i in infos] == [(1, 1), (1, 1), (2, 2), (2, 2), (2, 2), (4, 4)]


def test_lecture_conv2_sees_5x5_pixels():
    infos = infer_shapes(LECTURE, [Conv2D(filters=6, kernel_size=3), Conv2D(filters=10, kernel_size=3)])
    assert infos[1].receptive_field == (3 + (3 - 1), 3 + (3 - 1))


# --- the shape chain -----------------------------------------------------------------------------------

def test_infer_shapes_chains_each_output_into_the_next_input():
    stack = [Conv2D(filters=4, kernel_size=3, padding=1), Activation("relu"), Pool2D(size=2),
             Conv2D(filters=8, kernel_size=3), Pool2D(size=2, mode="avg")]
    infos = infer_shapes((16, 16, 3), stack)
    assert [i.index for i in infos] == [0, 1, 2, 3, 4]
    for prev, nxt in zip(infos, infos[1:], strict=False):
        assert nxt.input_shape == prev.output_shape
    assert [i.output_shape for i in infos] == [(16, 16, 4), (16, 16, 4), (8, 8, 4), (6, 6, 8), (3, 3, 8)]


def test_to_dict_has_the_issue_keys():
    d = describe(2, Conv2D(filters=10, kernel_size=3), (6, 6, 6)).to_dict()
    assert list(d) == ["index", "type", "output_shape", "params", "weights", "biases", "neurons", "macs",
                       "receptive_field", "receptive_field_jump", "fc_params"]
    assert d["output_shape"] == [4, 4, 10]
    assert d["params"] == d["weights"] + d["biases"] == 550


def test_replace_keeps_the_uid():
    spec = Conv2D(filters=6, kernel_size=3)
    edited = dataclasses.replace(spec, filters=10, kernel_size=5)
    assert edited.uid == spec.uid
    assert edited.kernel_size == (5, 5)
    assert Conv2D().uid != Conv2D().uid


# --- structured errors ---------------------------------------------------------------------------------

def test_kernel_too_large_names_the_layer_its_input_and_the_fix():
    stack = [Conv2D(filters=6, kernel_size=3), Activation("relu"), Conv2D(filters=10, kernel_size=3),
             Activation("relu"), Conv2D(filters=4, kernel_size=5)]
    with pytest.raises(ConvvizError) as ei:
        infer_shapes(LECTURE, stack)
    err = ei.value
    assert err.code == "kernel_too_large"
    assert err.layer == 4
    msg = str(err)
    assert msg == err.message
    assert msg.startswith("layer 4 (conv, kernel 5×5) does not fit its 4×4×10 input")
    assert "padding ≥ 1" in msg
    # and the advice is right: padding 1 makes it fit
    stack[4] = dataclasses.replace(stack[4], padding=1)
    assert infer_shapes(LECTURE, stack)[4].output_shape == (4 + 2 - 5 + 1, 4 + 2 - 5 + 1, 4)


def test_kernel_too_large_with_dilation_reports_its_extent():
    with pytest.raises(ConvvizError) as ei:
        describe(0, Conv2D(filters=1, kernel_size=3, dilation=3), (6, 6, 1))
    assert ei.value.code == "kernel_too_large"
    assert "7×7" in str(ei.value)  # 3·(3 − 1) + 1
    assert "padding ≥ 1" in str(ei.value)


def test_same_padding_with_stride_2_is_an_error():
    with pytest.raises(ConvvizError) as ei:
        describe(2, Conv2D(filters=4, kernel_size=3, stride=2, padding="same"), LECTURE)
    assert ei.value.code == "same_needs_stride_1"
    assert ei.value.layer == 2
    assert "layer 2" in str(ei.value) and "stride" in str(ei.value)


@pytest.mark.parametrize(("channels", "filters", "groups"), [(3, 6, 2), (4, 6, 4), (4, 5, 2)])
def test_groups_mismatch(channels, filters, groups):
    with pytest.raises(ConvvizError) as ei:
        describe(1, Conv2D(filters=filters, kernel_size=3, groups=groups), (8, 8, channels))
    err = ei.value
    assert err.code == "groups_mismatch"
    assert err.layer == 1
    assert err.params["groups"] == groups and err.params["channels"] == channels
    assert "layer 1 (conv, kernel 3×3)" in str(err)


@pytest.mark.parametrize(
    ("spec", "key"),
    [
        (Conv2D(filters=0, kernel_size=3), "filters"),
        (Conv2D(filters=2, kernel_size=(3, 0)), "kernel_size"),
        (Conv2D(filters=2, kernel_size=3, stride=0), "stride"),
        (Conv2D(filters=2, kernel_size=3, dilation=0), "dilation"),
        (Conv2D(filters=2, kernel_size=3, groups=0), "groups"),
        (Conv2D(filters=2, kernel_size=3, padding=-1), "padding"),
        (Conv2D(filters=2, kernel_size=3, padding="full"), "padding"),
        (Pool2D(size=0), "size"),
        (Pool2D(size=2, stride=0), "stride"),
        (Pool2D(mode="median", size=2), "mode"),
        (Pool2D(mode="weighted", size=2, weights=((1.0, 1.0),)), "weights"),
        (Pool2D(mode="weighted", size=2, weights=((1.0, -1.0), (-1.0, 1.0))), "weights"),
        (Activation("leaky_relu", slope=float("nan")), "slope"),
    ],
)
def test_impossible_values_name_the_layer_and_the_key(spec, key):
    with pytest.raises(ConvvizError) as ei:
        describe(3, spec, (8, 8, 2))
    err = ei.value
    assert err.code == "bad_value"
    assert err.layer == 3
    assert err.params["key"] == key
    assert str(err).startswith("layer 3 (")
    assert key in str(err)


def test_pool_window_too_large_and_padding_too_large():
    with pytest.raises(ConvvizError) as ei:
        describe(5, Pool2D(size=3), (2, 2, 4))
    assert (ei.value.code, ei.value.layer) == ("pool_too_large", 5)
    assert "layer 5 (max pool, window 3×3)" in str(ei.value)
    with pytest.raises(ConvvizError) as ei:
        describe(0, Pool2D(size=2, padding=2), (8, 8, 1))
    assert ei.value.code == "pool_padding_too_large"


def test_unknown_activation_kind():
    with pytest.raises(ConvvizError) as ei:
        describe(1, Activation("swish"), (4, 4, 1))
    assert (ei.value.code, ei.value.layer) == ("unknown_type", 1)
    assert "swish" in str(ei.value) and "relu" in str(ei.value)


def test_the_first_impossible_layer_raises():
    stack = [Conv2D(filters=2, kernel_size=3), Pool2D(size=4), Conv2D(filters=2, kernel_size=9)]
    with pytest.raises(ConvvizError) as ei:
        infer_shapes((7, 7, 1), stack)
    assert ei.value.layer == 2  # 7 → 5 → 1: the pool fits, the 9×9 conv does not


def test_empty_input_is_refused():
    with pytest.raises(ConvvizError) as ei:
        infer_shapes((0, 8, 3), [])
    assert ei.value.code == "empty_input" and ei.value.layer is None


def test_errors_keep_their_structure_when_pickled():
    with pytest.raises(ConvvizError) as ei:
        describe(4, Conv2D(filters=1, kernel_size=5), (4, 4, 10))
    copy = pickle.loads(pickle.dumps(ei.value))
    assert (copy.code, copy.layer, copy.params, str(copy)) == (
        ei.value.code, ei.value.layer, ei.value.params, str(ei.value))


def test_every_error_code_has_a_template_and_missing_params_do_not_raise():
    assert ConvvizError("weights_shape", 1).message.startswith("the network: {key}")
    assert "nonexistent code" not in TEMPLATES
    assert ConvvizError("nonexistent code", 2, where="layer 2").message == "layer 2: nonexistent code"


def test_init_spec_round_trips_to_dict():
    assert InitSpec(preset="sobel_x").to_dict() == {"preset": "sobel_x"}
    assert InitSpec(scheme="xavier", seed=3).to_dict() == {"scheme": "xavier", "seed": 3}
    assert InitSpec().to_dict() == {"scheme": "he"}
