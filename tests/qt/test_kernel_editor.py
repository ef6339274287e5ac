"""The kernel editor: a typed weight, the bias, paste, the operations, presets and initialisation change the
weights, the maps follow (checked against the engine) and every edit is one undo step."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from convviz import kernel_edits as ke
from convviz.core.kernels import init_weights, preset_weights
from convviz.core.layers import InitSpec
from convviz.qt.main_window import MainWindow
from convviz.scene import LECTURE_SCENES, builtin_scene
from tests.qt.conftest import assert_views_follow

pytestmark = pytest.mark.usefixtures("qt_checks")


def conv0(w: MainWindow):
    spec = w.doc.state.layers[0]
    return spec, w.doc.state.network.weights[spec.uid]


def test_a_click_on_a_kernel_opens_the_editor_on_that_filter_and_channel(win):
    r = win.kernel_view.rendered
    tile = 1 * r.raw.shape[3] + 2  # filter 1, input channel 2
    ox, oy = r.tile_origin(tile)
    win.kernel_view.click_mosaic(ox + 0.5, oy + 0.5)
    editor = win.kernel_editor
    assert editor.isVisible() and editor.filter == 1 and editor.scope.currentData() == 2
    assert len(editor.grids) == r.raw.shape[3]
    _, lw = conv0(win)
    assert float(editor.grids[2].item(0, 0).text()) == pytest.approx(lw.weight[1, 0, 0, 2], abs=1e-3)


def test_typing_a_weight_updates_the_maps_and_undoes(win):
    before = win.doc.state
    win.kernel_editor.open_kernel(0, 1, 0)
    steps = win.doc.undo_stack.count()
    win.kernel_editor.grids[0].item(1, 2).setText("2.5")  # as a typed cell commits
    _, lw = conv0(win)
    assert lw.weight[1, 1, 2, 0] == 2.5
    expected = before.network.weights[before.layers[0].uid].weight.copy()
    expected[1, 1, 2, 0] = 2.5
    assert_array_equal(lw.weight, expected)  # that one number, nothing else
    assert win.doc.undo_stack.count() == steps + 1
    assert_views_follow(win)
    win.undo_action.trigger()
    assert win.doc.state is before
    assert_views_follow(win)
    assert win.kernel_editor.grids[0].item(1, 2).text() != "2.5"  # the editor follows the undo


def test_a_cell_that_is_not_a_number_is_refused_and_changes_nothing(win):
    before = win.doc.state
    win.kernel_editor.open_kernel(0, 0, 0)
    win.kernel_editor.grids[0].item(0, 0).setText("abc")
    assert win.doc.state is before and "not a number" in win.kernel_editor.message.text()


def test_bias_copy_paste_and_operations_each_one_step(win):
    editor = win.kernel_editor
    editor.open_kernel(0, 0, None)
    spec, lw0 = conv0(win)
    steps = win.doc.undo_stack.count()
    if lw0.bias is not None:
        editor.bias_spin.setValue(0.75)
        assert conv0(win)[1].bias[0] == pytest.approx(0.75)
        steps += 1
    editor.scope.setCurrentIndex(editor.scope.findData(1))
    assert editor.run("copy")
    editor.filter_spin.setValue(2)
    editor.scope.setCurrentIndex(editor.scope.findData(0))
    assert editor.run("paste")
    w = conv0(win)[1].weight
    assert_array_equal(w[2, :, :, 0], lw0.weight[0, :, :, 1])
    assert editor.run("negate")
    assert_array_equal(conv0(win)[1].weight[2, :, :, 0], -lw0.weight[0, :, :, 1])
    editor.scope.setCurrentIndex(0)  # the whole filter
    assert editor.run("zero")
    assert not conv0(win)[1].weight[2].any()
    assert win.doc.undo_stack.count() == steps + 3
    assert_views_follow(win)
    for _ in range(3):
        win.undo_action.trigger()
    assert_array_equal(conv0(win)[1].weight[2], lw0.weight[2])


def test_presets_and_initialisation_per_filter_and_per_layer(win):
    editor = win.kernel_editor
    editor.open_kernel(0, 1)
    spec, lw0 = conv0(win)
    cin = lw0.weight.shape[3]
    editor.preset_box.setCurrentIndex(editor.preset_box.findData("sobel_x"))
    editor._on_preset()
    w = conv0(win)[1].weight
    assert_allclose(w[1], preset_weights("sobel_x", spec, cin)[0][1])
    assert_array_equal(w[0], lw0.weight[0])  # the other filters keep theirs
    editor.scheme_box.setCurrentIndex(editor.scheme_box.findData("xavier"))
    editor.seed_spin.setValue(7)
    editor._on_reinit(whole=True)
    fresh = init_weights(replace(spec, init=InitSpec("xavier", 7)), cin, 0)[0]
    assert_allclose(conv0(win)[1].weight, fresh)
    assert_views_follow(win)


def test_kernel_edits_refuse_what_cannot_apply():
    from convviz.model import state_from_scene

    state = state_from_scene(builtin_scene(LECTURE_SCENES[2]))
    uid = state.layers[0].uid
    with pytest.raises(ValueError, match="copied kernel"):
        ke.paste(state, uid, 0, 0, np.ones((5, 5)))
    with pytest.raises(ValueError, match="finite"):
        ke.set_cell(state, uid, 0, 0, 0, 0, float("nan"))
    spec_w = state.network.weights[uid].weight
    kh, kw = spec_w.shape[1:3]
    state2 = ke.paste(state, uid, 0, 0, np.arange(kh * kw, dtype=float).reshape(kh, kw) + 1)
    normalised = ke.transform(state2, uid, 0, 0, "normalise").network.weights[uid].weight[0, :, :, 0]
    assert normalised.sum() == pytest.approx(1.0)
    sobel = np.zeros((kh, kw))
    sobel[0, 0], sobel[-1, -1] = 1, -1
    zero_sum = ke.transform(ke.paste(state, uid, 0, 0, sobel), uid, 0, 0, "normalise")
    assert np.abs(zero_sum.network.weights[uid].weight[0, :, :, 0]).sum() == pytest.approx(1.0)
    assert state.network.weights[uid].weight is spec_w  # the old state is untouched
