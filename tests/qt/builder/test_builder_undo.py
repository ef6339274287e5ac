"""Undo steps follow gestures: one held arrow (auto-repeat) or drag is one step, two separate presses or clicks
on the same field are two."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionSpinBox


def press(spin, key=Qt.Key.Key_Up, auto_repeat=False) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(spin, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, "", auto_repeat))


def test_two_separate_presses_of_one_field_are_two_steps(builder, qtbot):
    doc = builder.doc
    s0 = doc.state
    builder.select(0)
    spin = builder.conv_editor.filters
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    qtbot.keyClick(spin, Qt.Key.Key_Up)  # later: another gesture
    assert doc.state.layers[0].filters == 8 and doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert doc.state.layers[0].filters == 7
    doc.undo_stack.undo()
    assert doc.state is s0


def test_a_held_arrow_is_one_step(builder):
    doc = builder.doc
    s0 = doc.state
    builder.select(0)
    spin = builder.conv_editor.filters
    spin.setFocus()
    press(spin)  # the first press, then what the keyboard repeats while the key is held
    for _ in range(9):
        press(spin, auto_repeat=True)
    held = doc.state.layers[0].filters
    assert held >= 16 and doc.undo_stack.count() == 1
    press(spin)  # pressed again: a new gesture
    assert doc.state.layers[0].filters == held + 1 and doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.state is s0


def test_two_clicks_on_an_arrow_are_two_steps(builder, qtbot):
    doc = builder.doc
    builder.select(0)
    spin = builder.conv_editor.groups
    opt = QStyleOptionSpinBox()
    spin.initStyleOption(opt)
    up = spin.style().subControlRect(QStyle.ComplexControl.CC_SpinBox, opt, QStyle.SubControl.SC_SpinBoxUp, spin)
    for _ in range(2):
        qtbot.mouseClick(spin, Qt.MouseButton.LeftButton, pos=up.center())
    assert doc.state.layers[0].groups == 3  # groups 1 → 2 → 3 (3 divides the input depth and 6 filters)
    assert doc.undo_stack.count() == 2


def test_a_drag_through_values_without_new_input_is_one_step(builder):
    doc = builder.doc
    builder.select(2)
    for f in (11, 12, 13):  # values set while one gesture goes on (no click, no fresh key between)
        builder.conv_editor.filters.setValue(f)
    assert doc.undo_stack.count() == 1
