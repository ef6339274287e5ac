"""Typing a number into an editor's spin box computes nothing until the number is complete (Enter, focus-out
or a pause): typing "11" never passes through a 1×1 kernel. Arrows stay live."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractSpinBox

from convviz.qt.builder.editors.base import TYPING_PAUSE_MS


def changes_of(doc) -> list:
    seen: list = []
    doc.changed.connect(seen.append)
    return seen


def type_into(qtbot, spin: QAbstractSpinBox, text: str) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)


def test_typing_11_changes_nothing_until_enter_then_once(builder, qtbot):
    doc = builder.doc
    s0 = doc.state
    builder.select(0)
    spin = builder.conv_editor.kernel.h
    seen = changes_of(doc)
    type_into(qtbot, spin, "11")
    assert spin.text() == "11"
    assert seen == [] and doc.state is s0  # "1" was never applied
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert len(seen) == 1 and doc.state.layers[0].kernel_size == (11, 11)
    assert doc.undo_stack.count() == 1


def test_a_typing_pause_commits(builder, qtbot):
    doc = builder.doc
    builder.select(2)
    spin = builder.conv_editor.filters
    seen = changes_of(doc)
    type_into(qtbot, spin, "12")
    pause = spin.findChild(QTimer, "typingPause")
    assert pause.isActive() and pause.interval() == TYPING_PAUSE_MS and seen == []
    pause.timeout.emit()  # the pause elapsed (no timed wait in the test)
    assert len(seen) == 1 and doc.state.layers[2].filters == 12


def test_an_incomplete_number_waits_for_more_keys(builder, qtbot):
    doc = builder.doc
    s0 = doc.state
    builder.select(0)
    spin = builder.conv_editor.filters  # 1…512: "" is not a number yet
    type_into(qtbot, spin, "7")
    qtbot.keyClick(spin, Qt.Key.Key_Backspace)
    spin.findChild(QTimer, "typingPause").timeout.emit()
    assert doc.state is s0 and spin.text() == ""


def test_focus_out_commits(builder, qtbot):
    doc = builder.doc
    builder.add_actions["max"].trigger()  # a pool after the input row's selection: layer 0
    index = builder.selected_index()
    window = builder.pool_editor.size.h
    seen = changes_of(doc)
    type_into(qtbot, window, "3")
    assert seen == []
    window.clearFocus()  # what a click elsewhere does
    assert len(seen) == 1 and doc.state.layers[index].size == (3, 3)


def test_arrows_stay_live(builder, qtbot):
    doc = builder.doc
    builder.select(1)
    builder.activation_editor.kind.setCurrentIndex(builder.activation_editor.kind.findData("leaky_relu"))
    slope = builder.activation_editor.slope
    before = doc.state.layers[1].slope
    slope.setFocus()
    qtbot.keyClick(slope, Qt.Key.Key_Up)
    assert doc.state.layers[1].slope == before + slope.singleStep()
    builder.select(0)
    qtbot.keyClick(builder.conv_editor.filters, Qt.Key.Key_Up)
    assert doc.state.layers[0].filters == 7


def test_every_editor_spin_box_waits_for_a_whole_number(builder):
    for editor in (builder.conv_editor, builder.activation_editor, builder.pool_editor):
        spins = editor.findChildren(QAbstractSpinBox)
        assert spins
        for spin in spins:
            assert not spin.keyboardTracking(), spin
            assert spin.findChild(QTimer, "typingPause") is not None
