"""The layer builder: every edit (editors, buttons, keys, drag and drop) is one undoable doc.apply, rows show
shapes and parameters, and an impossible value marks its layer with the engine's message."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QModelIndex, Qt, QTranslator
from PySide6.QtTest import QTest

from convviz.core.errors import ConvvizError
from convviz.core.layers import Conv2D
from convviz.model import StackState
from convviz.qt.builder import LayerBuilder
from convviz.qt.builder.list_model import STATUS_ROLE
from convviz.qt.errors_text import error_text
from convviz.qt.text import fmt_int

NBSP = "\u00a0"


def rows(b: LayerBuilder) -> list[str]:
    return [b.model.data(b.model.index(r)) for r in range(b.model.rowCount())]


def statuses(b: LayerBuilder) -> list[str]:
    return [b.model.data(b.model.index(r), STATUS_ROLE) for r in range(b.model.rowCount())]


def uids(state: StackState) -> list[str]:
    return [s.uid for s in state.layers]


def test_rows_show_shapes_and_parameters(builder):
    assert rows(builder) == ["input 8×8×3", "conv 6@3×3 → 6×6×6 · 168 params", "ReLU → 6×6×6",
                             "conv 10@3×3 → 4×4×10 · 550 params", "ReLU → 4×4×10"]
    assert builder.selected_index() is None
    assert builder.totals_label.text() == "Total: 718 parameters · output 4×4×10"


def test_filters_spin_edits_the_state_as_one_undo_step(builder, qtbot):
    doc = builder.doc
    s0 = doc.state
    builder.select(0)
    spin = builder.conv_editor.filters
    assert spin.value() == 6
    for f in (7, 8, 9):  # a drag through three values
        spin.setValue(f)
    assert doc.state.layers[0].filters == 9 and doc.state.layers[0].uid == s0.layers[0].uid
    assert rows(builder)[1] == "conv 9@3×3 → 6×6×9 · 252 params"
    uid = s0.layers[0].uid
    np.testing.assert_array_equal(doc.state.weights[uid].weight[:6], s0.weights[uid].weight)
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Change filters of layer 0"
    QTest.keyClick(spin, Qt.Key.Key_Up)  # the same control, but a new gesture: a new step
    assert doc.state.layers[0].filters == 10 and doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert doc.state.layers[0].filters == 9
    doc.undo_stack.undo()
    assert doc.state is s0
    assert spin.value() == 6 and rows(builder)[1] == "conv 6@3×3 → 6×6×6 · 168 params"
    assert builder.selected_index() == 0
    builder.conv_editor.stride.h.setValue(2)  # another control: another step
    assert doc.state.layers[0].stride == (2, 2)  # the lock keeps it square
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == "Change stride of layer 0"


def test_add_after_selection_and_undo(builder):
    doc = builder.doc
    s0 = doc.state
    builder.select(1)
    builder.add_actions["max"].trigger()
    kinds = [type(s).__name__ for s in doc.state.layers]
    assert kinds == ["Conv2D", "Activation", "Pool2D", "Conv2D", "Activation"]
    assert builder.selected_index() == 2
    assert rows(builder)[3] == "max pool 2×2 → 3×3×6"
    assert builder.editors.currentWidget() is builder.pool_editor
    assert doc.undo_stack.undoText() == "Add max pool"
    # conv2 now sees 3×3×6: its 3×3 kernel still fits
    assert rows(builder)[4] == "conv 10@3×3 → 1×1×10 · 550 params"
    doc.undo_stack.undo()
    assert doc.state is s0
    assert builder.selected_index() is not None
    builder.select(None)
    builder.add_actions["conv"].trigger()  # with the input selected: first layer
    assert isinstance(doc.state.layers[0], Conv2D) and builder.selected_index() == 0
    assert doc.state.layers[0].uid not in s0.weights and doc.state.layers[0].uid in doc.state.weights


def test_remove_by_button_and_delete_key(builder, qtbot):
    doc = builder.doc
    s0 = doc.state
    builder.select(3)
    qtbot.mouseClick(builder.remove_button, Qt.MouseButton.LeftButton)
    assert uids(doc.state) == uids(s0)[:3]
    assert doc.undo_stack.undoText() == "Remove layer 3"
    assert builder.selected_index() == 2  # the previous layer takes the selection
    builder.view.setFocus()
    QTest.keyClick(builder.view, Qt.Key.Key_Delete)
    assert uids(doc.state) == uids(s0)[:2]
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.state is s0
    builder.select(None)
    QTest.keyClick(builder.view, Qt.Key.Key_Delete)  # the input cannot be removed
    assert doc.state is s0 and not builder.remove_button.isEnabled()


def test_duplicate_with_ctrl_d_gives_a_new_uid(builder):
    doc = builder.doc
    s0 = doc.state
    builder.select(0)
    QTest.keyClick(builder.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    layers = doc.state.layers
    assert len(layers) == 5 and builder.selected_index() == 1
    assert layers[1].uid != layers[0].uid and layers[1].filters == 6 and layers[1].kernel_size == (3, 3)
    assert doc.undo_stack.undoText() == "Duplicate layer 0"
    assert doc.state.error is None
    doc.undo_stack.undo()
    assert doc.state is s0


def test_duplicate_copies_weights_where_they_fit(builder):
    doc = builder.doc
    builder.select(1)
    builder.act_duplicate.trigger()  # ReLU: no weights
    assert len(doc.state.layers) == 5
    # a 6-filter conv after a 6-channel tensor: the copy keeps the same kernels
    state = doc.state
    builder.select(2)
    builder.add_actions["conv"].trigger()
    builder.act_duplicate.trigger()
    state = doc.state
    a, b = state.layers[3], state.layers[4]
    np.testing.assert_array_equal(state.weights[a.uid].weight, state.weights[b.uid].weight)


def test_move_with_alt_arrows_and_buttons(builder, qtbot):
    doc = builder.doc
    s0 = doc.state
    ids = uids(s0)
    builder.select(3)
    QTest.keyClick(builder.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert uids(doc.state) == [ids[0], ids[1], ids[3], ids[2]]
    assert builder.selected_index() == 2
    assert doc.undo_stack.undoText() == "Move layer"
    QTest.keyClick(builder.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert uids(doc.state) == ids and builder.selected_index() == 3
    assert not builder.down_button.isEnabled()
    qtbot.mouseClick(builder.up_button, Qt.MouseButton.LeftButton)
    assert uids(doc.state) == [ids[0], ids[1], ids[3], ids[2]]
    assert doc.state.weights[ids[2]].weight is s0.weights[ids[2]].weight  # weights follow their layer
    for _ in range(3):
        doc.undo_stack.undo()
    assert doc.state is s0
    builder.select(0)
    QTest.keyClick(builder.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # nothing above layer 0
    assert doc.state is s0


def test_drag_and_drop_moves_through_the_model(builder):
    doc = builder.doc
    s0 = doc.state
    ids = uids(s0)
    model = builder.model
    # QListView's internal move: row 4 (layer 3) dropped before row 2 (layer 1)
    assert model.moveRows(QModelIndex(), 4, 1, QModelIndex(), 2)
    assert uids(doc.state) == [ids[0], ids[3], ids[1], ids[2]]
    assert builder.selected_index() == 1
    doc.undo_stack.undo()
    assert doc.state is s0
    # a drop of encoded rows (another view, or the generic path): layer 0 to the end
    data = model.mimeData([model.index(1)])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    assert uids(doc.state) == [ids[1], ids[2], ids[3], ids[0]]
    doc.undo_stack.undo()
    assert doc.state is s0
    # dropping above the input lands right after it; dropping a row on its own place does nothing
    assert model.dropMimeData(model.mimeData([model.index(3)]), Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert uids(doc.state) == [ids[2], ids[0], ids[1], ids[3]]
    assert not model.moveRows(QModelIndex(), 2, 1, QModelIndex(), 3)
    assert doc.undo_stack.count() == 1
    # the input row is neither draggable nor movable
    assert not model.flags(model.index(0)) & Qt.ItemFlag.ItemIsDragEnabled
    assert not model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)


def test_impossible_kernel_marks_the_layer_and_fixing_clears_it(builder):
    doc = builder.doc
    s0 = doc.state
    builder.select(2)
    kernel = builder.conv_editor.kernel
    kernel.h.setValue(9)  # square: 9×9 on the 6×6 input
    state = doc.state
    assert state.layers[2].kernel_size == (9, 9)
    assert isinstance(state.error, ConvvizError) and state.error.layer == 2
    assert state.weights[s0.layers[2].uid].weight is s0.weights[s0.layers[2].uid].weight  # last weights stay
    assert builder.error_box.isVisible()
    text = builder.error_label.text()
    assert "layer 2" in text and "does not fit" in text and "6×6×6" in text
    assert statuses(builder) == ["ok", "ok", "ok", "broken", "unreached"]
    assert rows(builder)[3:] == ["conv 10@9×9 → —", "ReLU → —"]
    assert builder.model.data(builder.model.index(3), Qt.ItemDataRole.ToolTipRole) == text
    assert builder.totals_label.text().startswith("Total: —")
    kernel.h.setValue(3)
    assert doc.state.error is None and not builder.error_box.isVisible()
    assert statuses(builder) == ["ok"] * 5
    assert rows(builder)[3] == "conv 10@3×3 → 4×4×10 · 550 params"
    assert doc.state.weights[s0.layers[2].uid].weight is s0.weights[s0.layers[2].uid].weight
    doc.undo_stack.undo()
    assert doc.state is s0


def test_error_of_another_layer_shows_under_any_editor(builder):
    builder.select(0)
    builder.conv_editor.kernel.h.setValue(6)  # conv1 6×6 → 3×3×6: conv2's 3×3 still fits, 1×1×10
    assert builder.doc.state.error is None
    builder.conv_editor.kernel.h.setValue(7)  # 2×2×6: now conv2 does not fit
    assert builder.doc.state.error.layer == 2
    assert builder.error_box.isVisible() and "layer 2" in builder.error_label.text()
    assert statuses(builder)[1:] == ["ok", "ok", "broken", "unreached"]


def test_selection_signal_and_api(builder, qtbot):
    seen = []
    builder.selection_changed.connect(seen.append)
    builder.select(2)
    builder.select(None)
    qtbot.mouseClick(builder.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=builder.view.visualRect(builder.model.index(2)).center())
    assert seen == [2, None, 1]
    assert builder.selected_index() == 1
    assert builder.editors.currentWidget() is builder.activation_editor
    with pytest.raises(IndexError):
        builder.select(9)


def test_conv_editor_fields(builder):
    doc = builder.doc
    builder.select(0)
    ed = builder.conv_editor
    ed.padding_mode.setCurrentIndex(ed.padding_mode.findData("same"))
    assert doc.state.layers[0].padding == "same" and rows(builder)[1] == "conv 6@3×3 → 8×8×6 · 168 params"
    assert not ed.padding.isEnabled()
    ed.padding_mode.setCurrentIndex(ed.padding_mode.findData("number"))
    ed.padding.h.setValue(1)
    assert doc.state.layers[0].padding == (1, 1)
    ed.kernel.lock.setChecked(False)
    ed.kernel.w.setValue(5)
    assert doc.state.layers[0].kernel_size == (3, 5)
    ed.bias.setChecked(False)
    assert doc.state.layers[0].bias is False and doc.state.infos()[0].params == 6 * 3 * 5 * 3
    ed.groups.setValue(3)
    assert doc.state.layers[0].groups == 3
    before = doc.state.weights[doc.state.layers[0].uid].weight
    ed.init.setCurrentIndex(ed.init.findData("preset:sobel_x"))
    assert doc.state.layers[0].init.preset == "sobel_x" and not ed.seed.isEnabled()
    assert doc.state.weights[doc.state.layers[0].uid].weight is not before
    ed.init.setCurrentIndex(ed.init.findData("xavier"))
    ed.seed.setValue(5)
    assert doc.state.layers[0].init.scheme == "xavier" and doc.state.layers[0].init.seed == 5
    ed.dilation.h.setValue(2)
    assert doc.state.layers[0].dilation == (2, 2)
    texts = [doc.undo_stack.text(i) for i in range(doc.undo_stack.count())]
    assert "Change initialisation of layer 0" in texts and "Change seed of layer 0" in texts
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert ed.padding_mode.currentData() == "number" and ed.kernel.value() == (3, 3) and ed.bias.isChecked()


def test_activation_and_pool_editors(builder):
    doc = builder.doc
    builder.select(1)
    ed = builder.activation_editor
    assert not ed.slope.isVisibleTo(builder)
    ed.kind.setCurrentIndex(ed.kind.findData("leaky_relu"))
    assert doc.state.layers[1].kind == "leaky_relu" and ed.slope.isVisibleTo(builder)
    ed.slope.setValue(0.2)
    assert doc.state.layers[1].slope == pytest.approx(0.2)
    assert rows(builder)[2] == "leaky ReLU 0.2 → 6×6×6"
    builder.add_actions["avg"].trigger()
    pool = builder.pool_editor
    assert builder.editors.currentWidget() is pool and pool.stride_is_size.isChecked()
    pool.mode.setCurrentIndex(pool.mode.findData("weighted"))
    pool.size.h.setValue(3)
    assert doc.state.layers[2].mode == "weighted" and doc.state.layers[2].size == (3, 3)
    pool.stride_is_size.setChecked(False)
    pool.stride.h.setValue(1)
    assert doc.state.layers[2].stride == (1, 1)
    assert rows(builder)[3] == "weighted avg pool 3×3 → 4×4×6"


def test_conv_arithmetic_is_computed(builder):
    builder.select(2)
    assert builder.details.isVisible()
    assert builder.details.params_label.text() == "weights 10·3·3·6 = 540 + biases 10 = 550"
    assert builder.details.neurons_label.text() == "4·4·10 = 160"
    builder.select(0)
    builder.conv_editor.filters.setValue(1)  # the lecture's single filter: 8×8×3 → 6×6×1
    assert builder.details.fc_label.text() == (f"a fully connected layer from 192 inputs to 36 outputs would need "
                                       f"192·36 + 36 = 6{NBSP}948 parameters")
    assert f"6{NBSP}913" in builder.details.fc_info.toolTip()
    builder.select(1)
    assert not builder.details.isVisible()
    assert fmt_int(1234567) == f"1{NBSP}234{NBSP}567"


class _Shouting(QTranslator):
    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D401
        if context == "errors" and source.startswith("{where} does not fit"):
            return "NE PASSE PAS: {where} / {in_shape}"
        if context == "errors" and source.startswith("layer {index} (conv"):
            return "couche {index} (conv {kh}×{kw})"
        return None


def test_error_text_goes_through_the_translator(qapp, lecture):
    state = lecture
    bad = state.replace_layer(2, Conv2D(10, (9, 9), uid=state.layers[2].uid))
    assert error_text(bad.error) == bad.error.message  # no translator: the engine's English message
    tr = _Shouting()
    qapp.installTranslator(tr)
    try:
        assert error_text(bad.error, bad.layers) == "NE PASSE PAS: couche 2 (conv 9×9) / 6×6×6"
    finally:
        qapp.removeTranslator(tr)


def test_screenshot(builder, qtbot, tmp_path):
    builder.select(2)
    builder.conv_editor.kernel.h.setValue(9)
    qtbot.wait(10)
    pix = builder.grab()
    assert not pix.isNull() and pix.width() == builder.width()
    assert pix.save(str(tmp_path / "builder.png"))
    builder.select(3)
    builder.view.setFocus()
    assert builder.grab().save(str(tmp_path / "builder_error_row.png"))


def test_every_layer_type_has_one_editor_and_its_add_entries(builder):
    from typing import get_args

    from convviz.core.layers import LayerSpec
    from convviz.qt.builder.editors import EDITORS, editor_classes

    assert set(EDITORS) == set(get_args(LayerSpec))  # the head's layers too
    kinds = [kind for cls in editor_classes() for kind, _name in cls.kinds()]
    assert list(builder.add_actions) == kinds and kinds[0] == "conv"
    for cls in editor_classes():
        assert builder.editor_for(cls.spec_type).spec_type is cls.spec_type
        for kind, _name in cls.kinds():
            assert isinstance(cls.new_spec(kind), cls.spec_type)


def test_weighted_pool_weights_are_shown_editable_undoable_and_reach_the_engine(builder):
    """Issue 7: a weighted 2×2 pool's weights are not the average's, and a student can change them."""
    from convviz.core import ops
    from convviz.core.network import build_network, forward

    doc = builder.doc
    builder.select(3)
    builder.add_actions["weighted"].trigger()
    pool = builder.pool_editor
    index = len(doc.state.layers) - 1
    spec = doc.state.layers[index]
    assert spec.mode == "weighted" and spec.size == (2, 2) and spec.weights is None
    assert pool.weights.isVisibleTo(builder) and len(pool.weights.cells()) == 4
    shown = pool.weights.values()
    np.testing.assert_allclose(shown, ops.gaussian_pool_weights(2), atol=1e-3)
    assert abs(shown[0, 0] - 0.25) > 0.3  # not the average
    steps = doc.undo_stack.count()

    pool.weights.cell(1, 1).setValue(1.0)  # [[.776, .105], [.105, 1]] → normalised to sum 1
    weights = np.asarray(doc.state.layers[index].weights)
    assert weights.sum() == pytest.approx(1.0, abs=1e-5)
    assert weights[1, 1] == pytest.approx(1.0 / (shown.sum() - shown[1, 1] + 1.0), rel=1e-3)
    np.testing.assert_allclose(pool.weights.values(), weights, atol=1e-3)  # the cells show what is used
    assert doc.undo_stack.count() == steps + 1

    state = doc.state
    net = build_network(state.input_shape, state.layers, state.weights, seed=state.seed)
    stages = forward(net, state.input)
    expected = ops.pool2d(stages[index - 1], 2, mode="weighted", weights=weights)
    np.testing.assert_allclose(stages[index], expected, rtol=1e-5, atol=1e-6)
    avg = ops.pool2d(stages[index - 1], 2, mode="avg")
    assert not np.allclose(stages[index], avg, atol=1e-4)

    for cell in pool.weights.cells():  # all zero: refused, the weights in force stay
        cell.setValue(0.0)
    assert np.asarray(doc.state.layers[index].weights).sum() == pytest.approx(1.0, abs=1e-5)

    doc.undo_stack.undo()
    while doc.state.layers[index].weights is not None:
        doc.undo_stack.undo()
    np.testing.assert_allclose(pool.weights.values(), ops.gaussian_pool_weights(2), atol=1e-3)

    pool.weights.cell(0, 1).setValue(0.9)
    pool.size.h.setValue(3)  # another window: the Gaussian of that window again
    assert doc.state.layers[index].size == (3, 3) and doc.state.layers[index].weights is None
    assert len(pool.weights.cells()) == 9
    pool.weights.cell(0, 0).setValue(0.5)
    pool.mode.setCurrentIndex(pool.mode.findData("max"))  # weights belong to the weighted mode only
    assert doc.state.layers[index].weights is None and not pool.weights.isVisibleTo(builder)
