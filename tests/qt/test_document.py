"""Document: the one command path; undo/redo restore the exact states, and a dragged control is one step."""

from __future__ import annotations

from dataclasses import replace

import pytest

from convviz.model import StackState, state_from_network
from convviz.qt.document import Document
from convviz.scene import LECTURE_SCENES, builtin_scene


def lecture_state() -> StackState:
    """The lecture's conv1 → ReLU → conv2 → ReLU on its 8×8×3 image (the built-in scene 3)."""
    scene = builtin_scene(LECTURE_SCENES[2])
    return state_from_network(scene.network, scene.input, name="lecture")


@pytest.fixture
def doc(qtbot):
    d = Document(lecture_state())
    yield d
    d.deleteLater()


def with_filters(state: StackState, f: int) -> StackState:
    return state.replace_layer(0, replace(state.layers[0], filters=f))


def test_apply_undo_redo_restore_the_same_objects(doc, qtbot):
    s0 = doc.state
    s1 = with_filters(s0, 7)
    s2 = s1.remove_layer(3)
    seen = []
    doc.changed.connect(seen.append)
    doc.apply(s1, "Change filters")
    doc.apply(s2, "Remove layer 3")
    assert doc.state is s2 and seen == [s1, s2]
    assert doc.undo_stack.count() == 2 and doc.undo_stack.undoText() == "Remove layer 3"
    doc.undo_stack.undo()
    assert doc.state is s1
    doc.undo_stack.undo()
    assert doc.state is s0
    assert not doc.undo_stack.canUndo()
    doc.undo_stack.redo()
    doc.undo_stack.redo()
    assert doc.state is s2
    assert seen == [s1, s2, s1, s0, s1, s2]


def test_applying_the_current_state_is_no_step(doc):
    doc.apply(doc.state, "nothing")
    assert doc.undo_stack.count() == 0


def test_same_merge_key_merges_consecutive_edits(doc):
    s0 = doc.state
    uid = s0.layers[0].uid
    states = [s0]
    for f in (7, 8, 9):
        states.append(with_filters(states[-1], f))
        doc.apply(states[-1], "Change filters", merge_key=f"{uid}:filters")
    assert doc.undo_stack.count() == 1
    assert doc.state is states[-1]
    doc.undo_stack.undo()
    assert doc.state is s0
    doc.undo_stack.redo()
    assert doc.state is states[-1]


def test_different_keys_or_no_key_do_not_merge(doc):
    s0 = doc.state
    uid = s0.layers[0].uid
    s1 = with_filters(s0, 7)
    s2 = s1.replace_layer(0, replace(s1.layers[0], stride=(2, 2)))
    s3 = with_filters(s2, 8)
    s4 = with_filters(s3, 9)
    doc.apply(s1, "filters", merge_key=f"{uid}:filters")
    doc.apply(s2, "stride", merge_key=f"{uid}:stride")
    doc.apply(s3, "filters", merge_key=f"{uid}:filters")
    doc.apply(s4, "filters")  # no key: never merges
    assert doc.undo_stack.count() == 4
    for expected in (s3, s2, s1, s0):
        doc.undo_stack.undo()
        assert doc.state is expected


def test_an_edit_after_undo_drops_the_redo_branch(doc):
    s0 = doc.state
    s1 = with_filters(s0, 7)
    doc.apply(s1, "a")
    doc.undo_stack.undo()
    s2 = with_filters(s0, 5)
    doc.apply(s2, "b")
    assert doc.undo_stack.count() == 1 and not doc.undo_stack.canRedo()
    doc.undo_stack.undo()
    assert doc.state is s0


def test_no_merge_across_an_undo(doc):
    """Edit F, edit the stride, undo the stride, edit F again: the second F edit is its own step."""
    s0 = doc.state
    uid = s0.layers[0].uid
    s1 = with_filters(s0, 7)
    s2 = s1.replace_layer(0, replace(s1.layers[0], stride=(2, 2)))
    doc.apply(s1, "filters", merge_key=f"{uid}:filters")
    doc.apply(s2, "stride", merge_key=f"{uid}:stride")
    doc.undo_stack.undo()
    s3 = with_filters(s1, 8)
    doc.apply(s3, "filters", merge_key=f"{uid}:filters")
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert doc.state is s1
    doc.undo_stack.undo()
    assert doc.state is s0
    doc.undo_stack.redo()
    s4 = with_filters(s1, 9)  # after a redo too
    doc.apply(s4, "filters", merge_key=f"{uid}:filters")
    assert doc.undo_stack.count() == 2


def test_random_edit_sequences_undo_and_redo_to_the_very_same_states(qtbot):
    """Any sequence of edits (insert, remove, move, change) is undone and redone exactly, and a layer that no
    edit touched keeps the very same weight arrays throughout."""
    import random

    from convviz.core.layers import Activation, Conv2D, Pool2D

    rng = random.Random(1234)
    for _trial in range(15):
        d = Document(lecture_state())
        states = [d.state]
        for step in range(12):
            st = d.state
            n = len(st.layers)
            op = rng.choice(["insert", "remove", "move", "filters", "kernel"] if n else ["insert"])
            if op == "insert":
                spec = rng.choice([Conv2D(rng.randint(1, 5), (rng.randint(1, 3),) * 2), Activation("relu"),
                                   Pool2D("max", (2, 2))])
                new = st.insert_layer(rng.randint(0, n), spec)
            elif op == "remove":
                new = st.remove_layer(rng.randrange(n))
            elif op == "move":
                new = st.move_layer(rng.randrange(n), rng.randrange(n))
            else:
                convs = [i for i, s in enumerate(st.layers) if isinstance(s, Conv2D)]
                if not convs:
                    continue
                i = rng.choice(convs)
                change = {"filters": rng.randint(1, 8)} if op == "filters" else {
                    "kernel_size": (rng.randint(1, 4),) * 2}
                new = st.replace_layer(i, replace(st.layers[i], **change))
            d.apply(new, f"step {step}")
            states.append(d.state)
        for before, after in zip(states, states[1:], strict=False):
            a, b = before.network, after.network
            if a is None or b is None:
                continue
            in_a = {s.uid: (s, info.input_shape[2]) for s, info in zip(a.layers, a.infos, strict=True)}
            for spec, info in zip(b.layers, b.infos, strict=True):
                old = in_a.get(spec.uid)
                if isinstance(spec, Conv2D) and old is not None and old[0] is spec and old[1] == info.input_shape[2]:
                    assert b.weights[spec.uid].weight is a.weights[spec.uid].weight
        for expected in reversed(states[:-1]):
            d.undo_stack.undo()
            assert d.state is expected
        for expected in states[1:]:
            d.undo_stack.redo()
            assert d.state is expected
        d.deleteLater()


def test_a_new_gesture_is_a_new_step_even_for_the_same_key(doc):
    """Two edits of the same field seconds apart are two steps: only one gesture merges."""
    s0 = doc.state
    key = f"{s0.layers[0].uid}:filters"
    s1, s2, s3 = with_filters(s0, 7), with_filters(s0, 8), with_filters(s0, 9)
    doc.apply(s1, "filters", merge_key=key)
    doc.apply(s2, "filters", merge_key=key)  # the same drag
    doc.end_gesture()
    doc.apply(s3, "filters", merge_key=key)  # a later click
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert doc.state is s2
    doc.undo_stack.undo()
    assert doc.state is s0
