"""The layers dock keeps its width whatever is selected: selecting a layer must not resize every view."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDockWidget


def test_dock_width_is_the_same_for_input_conv_pool_and_activation(win):
    b = win.builder
    dock = win.findChild(QDockWidget, "layers-dock")
    b.select(1)
    b.add_actions["max"].trigger()  # conv, ReLU, max pool, conv, ReLU
    widths = {}
    for name, index in (("input", None), ("conv", 0), ("activation", 1), ("pool", 2), ("input again", None),
                        ("conv again", 3)):
        b.select(index)
        QApplication.processEvents()
        widths[name] = dock.width()
    b.select(3)
    b.conv_editor.kernel.h.setValue(9)  # an impossible kernel: the error box shows under the editor
    QApplication.processEvents()
    assert b.error_box.isVisible()
    widths["error"] = dock.width()
    assert len(set(widths.values())) == 1, widths


def test_no_combo_box_of_the_builder_is_narrower_than_its_text(win):
    """Nothing important is clipped: "sample: three edges", "weighted average (Gaussian window)", the presets."""
    from PySide6.QtWidgets import QComboBox

    b = win.builder
    b.select(1)
    b.add_actions["weighted"].trigger()
    for index in (None, 0, 1, 2):
        b.select(index)
        QApplication.processEvents()
        for combo in b.findChildren(QComboBox):
            if combo.isVisibleTo(b) and combo.isVisible():
                text_w = combo.fontMetrics().horizontalAdvance(combo.currentText())
                assert combo.width() >= text_w + 24, (index, combo.currentText(), combo.width(), text_w)
