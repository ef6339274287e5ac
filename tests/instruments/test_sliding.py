"""The sliding window: every output position once per pass, each window exactly the taps the engine reads."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from convviz.core import Activation, Conv2D, Pool2D, build_network
from convviz.instruments import InstrumentError, explain, sliding_window
from tests.instruments.stacks import networks


@settings(max_examples=40, deadline=None)
@given(networks())
def test_a_pass_visits_every_output_position_once_with_the_units_window(case):
    net, x = case
    for i, spec in enumerate(net.layers):
        if not isinstance(spec, (Conv2D, Pool2D)):
            continue
        ho, wo, c = net.infos[i].output_shape
        ch = c - 1
        anim = sliding_window(net, i, ch)
        assert len(anim) == ho * wo
        seen = [step.at for step in anim]
        assert sorted(seen) == [(y, xx) for y in range(ho) for xx in range(wo)]  # each exactly once
        assert seen == sorted(seen)  # raster order
        for step in anim:
            unit = explain(net, x, i, ch, step.at)
            np.testing.assert_array_equal(step.rows, unit.rows)
            np.testing.assert_array_equal(step.cols, unit.cols)
            np.testing.assert_array_equal(step.padding, unit.padding)
            if isinstance(spec, Conv2D):
                np.testing.assert_array_equal(anim.input_channels, unit.input_channels)


def test_states_fill_the_map_cell_by_cell_and_wrap():
    net = build_network((7, 7, 2), [Conv2D(4, 3, stride=2, padding=1, dilation=1, groups=2)])
    anim = sliding_window(net, 0, 3)
    assert anim.input_channels.tolist() == [1]
    assert len(anim) == 16
    s0 = anim.state(0)
    assert s0.current is None and not s0.filled.any()
    for n in range(1, 17):
        s = anim.state(n)
        assert s.filled.sum() == n and s.filled.ravel()[:n].all()
        assert s.current.index == n - 1 and s.filled[s.current.at]
    s5 = anim.state(5)
    assert s5.current.at == (1, 0) and s5.current.rows.tolist() == [1, 2, 3] and s5.current.cols.tolist() == [-1, 0, 1]
    assert s5.current.padding[:, 0].all() and not s5.current.padding[:, 1:].any()
    assert anim.state(16 + 5).current.at == (1, 0)  # a second pass
    with pytest.raises(IndexError):
        anim.state(-1)


def test_an_activation_has_no_sliding_window():
    net = build_network((4, 4, 1), [Conv2D(1, 3), Activation("relu"), Pool2D("max", 2)])
    with pytest.raises(InstrumentError, match="no sliding window"):
        sliding_window(net, 1, 0)
    with pytest.raises(InstrumentError, match="channels 0…0"):
        sliding_window(net, 2, 1)
    assert len(sliding_window(net, 2, 0)) == 1
