"""Ctrl+Z and Ctrl+Shift+Z undo and redo the document from anywhere in the window, also from a spin box that
would otherwise keep them for its own text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_undo_and_redo_from_a_focused_spin_box(win, qtbot):
    doc = win.doc
    s0 = doc.state
    win.builder.select(0)
    spin = win.builder.conv_editor.filters
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    s1 = doc.state
    assert s1.layers[0].filters == 7 and QApplication.focusWidget() is spin
    qtbot.keyClick(spin, Qt.Key.Key_Z, CTRL)
    assert doc.state is s0 and spin.value() == 6  # the document went back, and the spin box with it
    qtbot.keyClick(spin, Qt.Key.Key_Z, CTRL | SHIFT)
    assert doc.state is s1 and spin.value() == 7
    qtbot.keyClick(spin, Qt.Key.Key_Z, CTRL)
    assert doc.state is s0 and doc.undo_stack.index() == 0  # one undo per key press, not two


def test_undo_from_the_input_size_and_from_the_layer_list(win, qtbot):
    doc = win.doc
    s0 = doc.state
    win.builder.select(1)
    win.builder.view.setFocus()
    qtbot.keyClick(win.builder.view, Qt.Key.Key_D, CTRL)  # duplicate the ReLU
    assert len(doc.state.layers) == 5
    win.builder.select(None)
    spin = win.builder.input_editor.channels_spin
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_Z, CTRL)
    assert doc.state is s0

