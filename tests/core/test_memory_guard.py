"""A stack whose outputs cannot fit in memory is refused before any compute, with a message naming a layer."""

import json

import numpy as np
import pytest

from convviz.cli import main
from convviz.core.errors import ConvvizError
from convviz.core.layers import Activation, Conv2D, infer_shapes
from convviz.core.network import MAX_ACTIVATION_BYTES, check_activation_memory
from convviz.model import StackState

HUGE = [Conv2D(600, (3, 3), padding="same"), Activation("relu")]
SHAPE = (1024, 1024, 3)


def test_outputs_over_the_limit_are_refused_naming_the_biggest_layer():
    infos = infer_shapes(SHAPE, HUGE)
    needed = sum(4 * i.neurons for i in infos)
    assert needed == 2 * 4 * 1024 * 1024 * 600 > MAX_ACTIVATION_BYTES
    with pytest.raises(ConvvizError) as err:
        check_activation_memory(infos, HUGE)
    assert err.value.code == "too_much_memory" and err.value.layer == 0
    assert "layer 0 (conv, kernel 3×3)" in err.value.message and "4.7 GiB" in err.value.message


def test_the_lecture_stack_is_far_below_the_limit():
    layers = [Conv2D(6, (3, 3)), Activation("relu"), Conv2D(10, (3, 3)), Activation("relu")]
    check_activation_memory(infer_shapes((8, 8, 3), layers), layers)


def test_the_window_state_marks_such_a_stack_invalid_without_allocating():
    state = StackState(np.zeros(SHAPE, np.float32), tuple(HUGE))
    assert state.network is None and state.error.code == "too_much_memory"


def test_run_refuses_it_with_one_line(tmp_path, capsys):
    net = tmp_path / "huge.json"
    net.write_text(json.dumps({"input": {"height": 1024, "width": 1024, "channels": 3},
                               "layers": [{"type": "conv", "filters": 600, "kernel_size": 3, "padding": "same"},
                                          {"type": "relu"}]}))
    assert main(["run", str(net), "--out", str(tmp_path / "o.npz")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("convviz:") and "memory" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "o.npz").exists()
    assert main(["summary", str(net)]) == 0  # counting needs no memory
