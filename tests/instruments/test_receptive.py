"""Receptive fields: the arithmetic box equals core.layers' arithmetic, and the support equals the truth found by
perturbing one pixel at a time and seeing which units change."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.core import Conv2D, Pool2D, build_network, with_weights
from convviz.core.layers import iter_infos
from convviz.core.network import run_layer
from convviz.instruments import InstrumentError, receptive_field
from tests.instruments.stacks import networks


def _positive(net):
    """The same stack with |weights| and positive biases: with inputs > 0 every path is monotonic increasing, so a
    large bump of a pixel the unit depends on always moves it (a ReLU never sits at 0, the bumped value becomes its
    window's maximum). tanh and sigmoid are left out: they saturate in float32 and would hide a bump."""
    for i, spec in enumerate(net.layers):
        if isinstance(spec, Conv2D):
            lw = net.weights_of(i)
            net = with_weights(net, i, np.abs(lw.weight) + 0.05, None if lw.bias is None else np.abs(lw.bias) + 0.1)
    return net


def _run_from(net, start, x):
    """Layers start… applied to map x (the output of layer start − 1)."""
    out = [x]
    for i in range(start, len(net.layers)):
        out.append(run_layer(net.layers[i], net.weights_of(i), out[-1]))
    return out


@settings(max_examples=30, deadline=None)
@given(networks(max_layers=4, max_size=8, activations=("relu", "leaky_relu", "identity")), st.data())
def test_arithmetic_box_and_support_equal_core_arithmetic_and_perturbation_truth(case, data):
    net, x = case
    net = _positive(net)
    x = np.abs(x) + 0.1
    last = len(net.layers) - 1
    ho, wo, c = net.infos[last].output_shape
    at = (data.draw(st.integers(0, ho - 1)), data.draw(st.integers(0, wo - 1)))
    ch = data.draw(st.integers(0, c - 1))
    rf = receptive_field(net, last, at)
    assert len(rf.maps) == len(net.layers) + 1
    assert rf.size == net.infos[last].receptive_field and rf.jump == net.infos[last].receptive_field_jump
    maps = [x, *_run_from(net, 0, x)[1:]]
    base = maps[-1][at[0], at[1], ch]
    for m in range(-1, last + 1):
        box = rf.box(m)
        src = maps[m + 1]
        assert box.shape == src.shape[:2] and box.map == m
        # arithmetic: the sub-stack after this map, counted by core.layers
        if m < last:
            infos = list(iter_infos(src.shape, net.layers[m + 1 : last + 1]))
            assert box.size == infos[-1].receptive_field
        else:
            assert box.size == (1, 1) and box.rows == (at[0], at[0]) and box.cols == (at[1], at[1])
        # truth: perturb one position of this map (all channels) and see whether the unit moves
        truth = np.zeros(src.shape[:2], dtype=bool)
        for r in range(src.shape[0]):
            for q in range(src.shape[1]):
                bumped = src.copy()
                bumped[r, q, :] += 1e3  # large enough to become any window's maximum
                truth[r, q] = _run_from(net, m + 1, bumped)[-1][at[0], at[1], ch] != base
        np.testing.assert_array_equal(box.mask, truth, err_msg=f"map {m} of {net.layers}")
        # the support lies inside the arithmetic box
        if box.clipped_rows is None or box.clipped_cols is None:  # the unit reads only padding
            assert not truth.any() and box.clipped_size[0] * box.clipped_size[1] == 0
            continue
        (r0, r1), (c0, c1) = box.clipped_rows, box.clipped_cols
        assert box.rows[0] <= r0 <= r1 <= box.rows[1] and box.cols[0] <= c0 <= c1 <= box.cols[1]


def test_the_lecture_stack_grows_3_5_6_and_dilation_leaves_gaps():
    net = build_network((8, 8, 3), [Conv2D(6, 3), Conv2D(10, 3), Pool2D("max", 2)])
    assert [receptive_field(net, i, (0, 0)).size for i in range(3)] == [(3, 3), (5, 5), (6, 6)]
    rf = receptive_field(net, 2, (1, 1))
    assert rf.input.rows == (2, 7) and rf.input.clipped_rows == (2, 7) and rf.box(1).rows == (2, 3)
    assert rf.box(0).rows == (2, 5)
    dil = build_network((9, 9, 1), [Conv2D(1, 3, dilation=2, padding=1)])
    box = receptive_field(dil, 0, (0, 0)).input
    assert box.rows == (-1, 3) and box.size == (5, 5)  # into the padding
    assert box.row_mask.tolist() == [False, True, False, True] + [False] * 5  # taps −1 (padding), 1, 3
    assert box.clipped_rows == (1, 3) and box.clipped_size == (3, 3)


def test_unused_last_rows_are_cut_from_the_support():
    net = build_network((7, 7, 1), [Conv2D(1, 2, stride=2)])  # 3 outputs cover rows 0…5; row 6 is never read
    rf = receptive_field(net, 0, (2, 2))
    assert rf.input.rows == (4, 5) and not rf.input.row_mask[6]


def test_a_unit_in_the_padding_reads_nothing():
    net = build_network((3, 3, 1), [Conv2D(1, 1, padding=1)])
    box = receptive_field(net, 0, (0, 2)).input
    assert box.rows == (-1, -1) and box.clipped_rows is None and box.clipped_cols == (1, 1)
    assert box.clipped_size == (0, 1) and not box.mask.any()


def test_bad_position():
    net = build_network((4, 4, 1), [Conv2D(1, 3)])
    with pytest.raises(InstrumentError, match="y must be in 0…1"):
        receptive_field(net, 0, (2, 0))
