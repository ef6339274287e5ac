"""The builder's stack edits as plain functions: new state, undo text, merge key and selection, without Qt."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from convviz import edits
from convviz.core.layers import Activation, Conv2D, Pool2D
from convviz.core.network import build_network
from convviz.core.samples import sample_image
from convviz.model import StackState, state_from_network


def lecture_state() -> StackState:
    layers = (Conv2D(6, (3, 3)), Activation("relu"), Conv2D(10, (3, 3)), Activation("relu"))
    x = sample_image(8, 8, 3, "lecture")
    return state_from_network(build_network(x.shape, layers, seed=0), x, name="lecture")


def uids(state: StackState) -> list[str]:
    return [s.uid for s in state.layers]


def test_add_inserts_at_the_index_and_selects_the_new_layer():
    s0 = lecture_state()
    spec = Pool2D("max")
    edit = edits.add_layer(s0, 2, spec, "max pool")
    assert uids(edit.state) == uids(s0)[:2] + [spec.uid] + uids(s0)[2:]
    assert edit.describe() == "Add max pool" and edit.select == spec.uid and edit.merge_key is None
    assert edit.describe(lambda t: t.replace("Add", "Ajouter")) == "Ajouter max pool"  # the template is translated
    assert edits.add_layer(s0, 99, Activation("tanh"), "tanh").state.layers[-1].kind == "tanh"


def test_duplicate_gives_a_new_uid_and_the_same_weights():
    s0 = lecture_state()
    edit = edits.duplicate_layer(s0, 0)
    a, b = edit.state.layers[0], edit.state.layers[1]
    assert b.uid != a.uid and replace(b, uid=a.uid) == a
    assert edit.select == b.uid and edit.describe() == "Duplicate layer 0"
    # conv1 copied after conv1 sees 6 channels, not 3: it cannot keep the weights and gets fresh ones
    assert edit.state.error is None and edit.state.weights[b.uid].weight.shape == (6, 3, 3, 6)
    relu = edits.duplicate_layer(s0, 1)  # conv 6 → ReLU → ReLU copy: fits as is
    assert len(relu.state.layers) == 5 and relu.state.error is None
    assert edits.duplicate_layer(s0, 4) is None and edits.duplicate_layer(s0, -1) is None


def test_duplicate_keeps_weights_where_they_fit():
    x = sample_image(8, 8, 6, "shapes")
    s0 = state_from_network(build_network(x.shape, (Conv2D(6, (3, 3), padding="same"),), seed=0), x)
    edit = edits.duplicate_layer(s0, 0)
    a, b = edit.state.layers
    np.testing.assert_array_equal(edit.state.weights[b.uid].weight, s0.weights[a.uid].weight)


def test_remove_selects_the_next_then_the_previous_then_the_input():
    s0 = lecture_state()
    ids = uids(s0)
    edit = edits.remove_layer(s0, 1)
    assert uids(edit.state) == [ids[0], ids[2], ids[3]] and edit.select == ids[2]
    assert edit.describe() == "Remove layer 1"
    assert edits.remove_layer(s0, 3).select == ids[2]
    one = edits.remove_layer(edits.remove_layer(edits.remove_layer(s0, 3).state, 2).state, 1).state
    assert edits.remove_layer(one, 0).select is None and edits.remove_layer(one, 0).state.layers == ()
    assert edits.remove_layer(s0, 4) is None


def test_move_keeps_the_moved_layer_selected_and_its_weights():
    s0 = lecture_state()
    ids = uids(s0)
    edit = edits.move_layer(s0, 3, 2)
    assert uids(edit.state) == [ids[0], ids[1], ids[3], ids[2]] and edit.select == ids[3]
    assert edit.state.weights[ids[2]].weight is s0.weights[ids[2]].weight
    assert edit.describe() == "Move layer"
    assert edits.move_layer(s0, 0, 0) is None and edits.move_layer(s0, 0, 4) is None
    assert edits.move_layer(s0, -1, 0) is None


def test_change_names_the_field_and_merges_by_layer_field_and_gesture():
    s0 = lecture_state()
    spec = replace(s0.layers[2], filters=12)
    edit = edits.change_layer(s0, spec, "filters", "filters")
    assert edit.state.layers[2] is spec and edit.select == spec.uid
    assert edit.describe() == "Change filters of layer 2"
    assert edit.merge_key == f"{spec.uid}:filters"
    one = edits.change_layer(s0, spec, "filters", "filters", gesture=1)
    other = edits.change_layer(s0, spec, "filters", "filters", gesture=2)
    assert one.merge_key != other.merge_key and spec.uid in one.merge_key
    assert edits.change_layer(s0, s0.layers[2], "filters", "filters") is None  # nothing changed
    assert edits.change_layer(s0, Conv2D(3), "filters", "filters") is None  # no such layer
