"""The classifier head in the builder: the Add menu offers flatten, global avg pool, dense and softmax in one
section; dense has a units editor (one undo step, the weights follow the new shape); the others show a
read-only page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from convviz.core.layers import Dense, Flatten, Softmax
from convviz.qt.builder.editors import DenseEditor, FlattenEditor, GlobalAvgPoolEditor, SoftmaxEditor


def rows(b):
    return [b.model.data(b.model.index(r)) for r in range(b.model.rowCount())]


def test_add_menu_offers_the_head_in_one_section(builder):
    texts = [a.text() for a in builder.add_menu.actions()]
    seps = [i for i, a in enumerate(builder.add_menu.actions()) if a.isSeparator()]
    head = texts[seps[-1] + 1:]
    assert head == ["flatten", "global avg pool", "dense", "softmax"]
    assert len(seps) == 3  # conv | activations | pooling | head


def test_build_a_classifier_head_and_edit_units(builder):
    doc = builder.doc
    builder.select(3)
    for kind in ("flatten", "dense", "softmax"):
        builder.add_actions[kind].trigger()
    assert [type(s) for s in doc.state.layers[4:]] == [Flatten, Dense, Softmax]
    assert rows(builder)[5:] == ["flatten → 1×1×160", "dense 10 → 1×1×10 · 1\u00a0610 params", "softmax → 1×1×10"]
    assert doc.state.error is None
    builder.select(5)
    editor = builder.editors.currentWidget()
    assert isinstance(editor, DenseEditor) and editor.units.value() == 10
    n = doc.undo_stack.count()
    editor.units.setValue(4)
    assert doc.state.layers[5].units == 4 and doc.undo_stack.count() == n + 1
    assert doc.state.weights[doc.state.layers[5].uid].weight.shape == (4, 160)
    assert rows(builder)[6:] == ["dense 4 → 1×1×4 · 644 params", "softmax → 1×1×4"]
    QTest.keyClick(editor.bias, Qt.Key.Key_Space)  # bias off: another step
    assert doc.state.layers[5].bias is False and doc.undo_stack.count() == n + 2
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.state.layers[5].units == 10 and editor.units.value() == 10 and editor.bias.isChecked()


def test_head_layers_without_hyperparameters_show_what_they_do(builder):
    builder.select(3)
    builder.add_actions["global_avg_pool"].trigger()
    builder.add_actions["softmax"].trigger()
    builder.select(4)
    page = builder.editors.currentWidget()
    assert isinstance(page, GlobalAvgPoolEditor) and page.controls() == []
    assert "1 × 1 × C" in page.text.text()
    builder.select(5)
    assert isinstance(builder.editors.currentWidget(), SoftmaxEditor)
    assert builder.editor_for(Flatten).__class__ is FlattenEditor
    assert "h, then w, then c" in builder.editor_for(Flatten).text.text()
    assert rows(builder)[5:] == ["global avg pool → 1×1×10", "softmax → 1×1×10"]
