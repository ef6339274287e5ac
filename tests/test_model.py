"""StackState edits: weights belong to their layer (by uid): reorder, insert, remove, invalid edits."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from convviz.core.layers import Activation, InitSpec, Pool2D
from convviz.model import StackState, state_from_network
from convviz.scene import LECTURE_SCENES, builtin_scene


def lecture_state() -> StackState:
    """The lecture's conv1 → ReLU → conv2 → ReLU on its 8×8×3 image (the built-in scene 3)."""
    scene = builtin_scene(LECTURE_SCENES[2])
    return state_from_network(scene.network, scene.input, name="lecture")


@pytest.fixture
def state() -> StackState:
    s = lecture_state()
    assert s.error is None
    return s


def weights_of(state: StackState, index: int) -> np.ndarray:
    return state.weights[state.layers[index].uid].weight


def test_fresh_state_has_weights_for_every_conv(state):
    assert set(state.weights) == {state.layers[0].uid, state.layers[2].uid}
    assert weights_of(state, 0).shape == (6, 3, 3, 3)
    assert weights_of(state, 2).shape == (10, 3, 3, 6)
    assert [i.params for i in state.infos()] == [168, 0, 550, 0]


def test_insert_keeps_weights_by_uid(state):
    new = state.insert_layer(0, Pool2D("avg", (1, 1)))
    assert new.error is None
    assert new.layers[1] is state.layers[0]
    assert weights_of(new, 1) is weights_of(state, 0)
    assert weights_of(new, 3) is weights_of(state, 2)
    assert len(state.layers) == 4  # the old state is untouched


def test_remove_keeps_the_other_layers_weights(state):
    new = state.remove_layer(1)  # remove the first ReLU: conv2 keeps its input depth 6
    assert new.error is None
    assert weights_of(new, 1) is weights_of(state, 2)
    assert weights_of(new, 0) is weights_of(state, 0)


def test_reorder_keeps_weights(state):
    new = state.move_layer(3, 1)  # conv, relu, relu, conv
    assert [s.uid for s in new.layers] == [state.layers[i].uid for i in (0, 3, 1, 2)]
    assert weights_of(new, 0) is weights_of(state, 0)
    assert weights_of(new, 3) is weights_of(state, 2)
    back = new.move_layer(1, 3)
    assert [s.uid for s in back.layers] == [s.uid for s in state.layers]
    assert weights_of(back, 2) is weights_of(state, 2)


def test_changing_filters_keeps_existing_filters(state):
    w = weights_of(state, 0)
    more = state.replace_layer(0, replace(state.layers[0], filters=8))
    assert more.error is None
    w8 = weights_of(more, 0)
    assert w8.shape == (8, 3, 3, 3)
    np.testing.assert_array_equal(w8[:6], w)
    fewer = state.replace_layer(0, replace(state.layers[0], filters=4))
    np.testing.assert_array_equal(weights_of(fewer, 0), w[:4])
    # conv2 now sees 4 channels: its kernels change shape, so it is re-initialised
    assert weights_of(fewer, 2).shape == (10, 3, 3, 4)


def test_invalid_state_keeps_last_weights_and_fixing_restores_them(state):
    bad = state.replace_layer(2, replace(state.layers[2], kernel_size=(9, 9)))
    assert bad.error is not None and bad.error.layer == 2
    assert bad.network is None
    assert bad.infos()[:2] == state.infos()[:2] and bad.infos()[2:] == [None, None]
    assert weights_of(bad, 2) is weights_of(state, 2)
    assert weights_of(bad, 0) is weights_of(state, 0)
    # an edit of another layer while broken loses nothing either
    bad2 = bad.replace_layer(0, replace(bad.layers[0], filters=7))
    assert bad2.error is not None
    fixed = bad2.replace_layer(2, replace(bad2.layers[2], kernel_size=(3, 3))).replace_layer(
        0, replace(bad2.layers[0], filters=6))
    assert fixed.error is None
    np.testing.assert_array_equal(weights_of(fixed, 0), weights_of(state, 0))


def test_init_change_gives_fresh_weights(state):
    spec = state.layers[0]
    reseeded = state.replace_layer(0, replace(spec, init=InitSpec("he", seed=123)))
    assert not np.array_equal(weights_of(reseeded, 0), weights_of(state, 0))
    preset = state.replace_layer(0, replace(spec, init=InitSpec(preset="sobel_x")))
    w = weights_of(preset, 0)
    np.testing.assert_allclose(w[0, :, :, 0], [[-1 / 3, 0, 1 / 3], [-2 / 3, 0, 2 / 3], [-1 / 3, 0, 1 / 3]],
                               atol=1e-6)
    # a hyperparameter edit that keeps the shape keeps the weights
    same = state.replace_layer(0, replace(spec, stride=(1, 1), bias=True))
    assert weights_of(same, 0) is weights_of(state, 0)


def test_edits_return_new_states(state):
    new = state.replace_layer(1, Activation("tanh", uid=state.layers[1].uid))
    assert new is not state
    assert state.layers[1].kind == "relu"
    assert new.input is state.input  # arrays are shared, never copied
