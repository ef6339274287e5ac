"""The counting table shows core's arithmetic for the stack on screen, follows edits, copies as text, opens with
the lecture's scenes, and corrects a slide's number only on that slide's layer."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from convviz.core import Conv2D, forward
from convviz.instruments import counting
from convviz.model import state_from_network
from convviz.qt.counting_panel import CountingPanel
from convviz.scene import LECTURE_SCENES, builtin_scene
from tests.instruments.stacks import networks

pytestmark = pytest.mark.usefixtures("qt_checks")


def cell(panel: CountingPanel, row: int, col: int) -> str:
    return panel.table.item(row, col).text().removesuffix(" *").replace("\u00a0", " ")


def number(text: str) -> int:
    return int(text.split("=")[0].replace(" ", ""))


def shape(text: str) -> tuple[int, ...]:
    return tuple(int(v) for v in text.split("×"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=networks(max_layers=5))
def test_every_cell_is_core_s_arithmetic_for_random_stacks(qtbot, case):
    net, x = case
    panel = CountingPanel()
    qtbot.addWidget(panel)
    panel.set_state(state_from_network(net, x))
    stages = forward(net, x)
    assert panel.table.rowCount() == len(net.layers) + 2
    assert shape(cell(panel, 0, 2)) == x.shape
    for i, (spec, info, out) in enumerate(zip(net.layers, net.infos, stages, strict=True)):
        r = i + 1
        assert shape(cell(panel, r, 2)) == out.shape  # the engine's own output
        lw = net.weights.get(spec.uid)
        params = 0 if lw is None else lw.weight.size + (0 if lw.bias is None else lw.bias.size)
        assert number(cell(panel, r, 3)) == params == info.params
        assert number(cell(panel, r, 4)) == out.size
        assert number(cell(panel, r, 5)) == info.macs
        assert shape(cell(panel, r, 6)) == info.receptive_field and shape(cell(panel, r, 7)) == \
            info.receptive_field_jump
        if isinstance(spec, Conv2D):
            src = x if i == 0 else stages[i - 1]
            assert number(cell(panel, r, 8)) == src.size * out.size + out.size
            kh, kw = spec.kernel_size
            assert cell(panel, r, 3).startswith(f"{params} = {spec.filters}·{kh}·{kw}·"
                                                f"{src.shape[2] // spec.groups}")
        else:
            assert cell(panel, r, 8) == ""
    total = len(net.layers) + 1
    assert number(cell(panel, total, 3)) == sum(info.params for info in net.infos)
    assert number(cell(panel, total, 4)) == sum(s.size for s in stages)
    assert number(cell(panel, total, 5)) == sum(info.macs for info in net.infos)
    assert panel.text().startswith(counting(net).to_text())
    panel.close()


def test_the_lecture_scene_opens_with_the_table_and_it_follows_an_edit(make_window):
    win = make_window(builtin_scene(LECTURE_SCENES[0]))
    dock, panel = win.teaching.counting_dock, win.teaching.counting
    win.open_builtin(LECTURE_SCENES[2])
    assert dock.isVisible()
    assert cell(panel, 3, 3) == "550 = 10·3·3·6 + 10" and cell(panel, 3, 4) == "160"
    state = win.doc.state
    win.doc.apply(state.replace_layer(2, Conv2D(12, (3, 3))), "edit")
    assert cell(panel, 3, 3) == "660 = 12·3·3·6 + 12" and cell(panel, 3, 2) == "4 × 4 × 12"
    assert "270" not in panel.text()  # conv2 with 12 filters is no longer the slide's layer
    win.doc.undo_stack.undo()
    assert cell(panel, 3, 3) == "550 = 10·3·3·6 + 10"
    win.doc.apply(state.replace_layer(2, Conv2D(10, (9, 9))), "impossible")  # 9×9 does not fit 6×6
    assert panel.stale.isVisibleTo(panel) and not panel.table.isEnabled()
    assert cell(panel, 3, 3) == "550 = 10·3·3·6 + 10"  # the last valid stack stays
    win.doc.undo_stack.undo()
    assert panel.table.isEnabled() and not panel.stale.isVisibleTo(panel)


def test_slide_notes_only_on_the_slide_s_layer(make_window):
    win = make_window(builtin_scene(LECTURE_SCENES[0]))
    panel = win.teaching.counting
    win.open_builtin(LECTURE_SCENES[0])
    assert panel.table.item(1, 8).text().endswith(" *")
    assert "6 913 = 192 × 36 + 1" in panel.text().replace("\u00a0", " ")
    assert "192·36 + 36 = 6 948" in panel.text().replace("\u00a0", " ")
    win.open_builtin(LECTURE_SCENES[1])  # six filters: 192 → 216, not the slide's layer
    assert "913" not in panel.text() and not panel.note_label.isVisibleTo(panel)
    win.open_builtin(LECTURE_SCENES[2])
    assert panel.table.item(3, 4).text().endswith(" *") and not panel.table.item(1, 4).text().endswith("*")
    assert "270" in panel.note_label.text() and "913" not in panel.note_label.text()


def test_copy_button_and_ctrl_c_copy_the_table_as_text(make_window, qtbot):
    win = make_window(builtin_scene(LECTURE_SCENES[2]))
    win.open_builtin(LECTURE_SCENES[2])
    panel = win.teaching.counting
    expected = counting(win.doc.state.network).to_text()
    clip = QGuiApplication.clipboard()
    clip.setText("")
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    assert clip.text() == panel.text() and clip.text().startswith(expected)
    assert "550 = 10·3·3·6 + 10" in clip.text()
    clip.setText("")
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clip.text() == panel.text()


def test_menu_entry_toggles_the_table(make_window):
    win = make_window(builtin_scene(LECTURE_SCENES[3]))
    dock = win.teaching.counting_dock
    assert not dock.isVisible()
    act = dock.toggleViewAction()
    lecture = next(a.menu() for a in win.menuBar().actions() if a.text() == "&Lecture")
    assert act in lecture.actions()
    act.trigger()
    assert dock.isVisible()
    np.testing.assert_equal(win.teaching.counting.counting.total_params, 0)  # pooling only: nothing to learn



def test_formulas_group_their_digits_like_the_counts_beside_them(qtbot):
    from convviz.qt.text import group_digits

    assert group_digits("3617280 = 784·4608 + 4608") == "3\u00a0617\u00a0280 = 784·4\u00a0608 + 4\u00a0608"
    assert group_digits("550 = 10·3·3·6 + 10") == "550 = 10·3·3·6 + 10"
    panel = CountingPanel()
    qtbot.addWidget(panel)
    scene = builtin_scene(next(s for s in LECTURE_SCENES if s.key == "lecture-8"))
    panel.set_state(state_from_network(scene.network, scene.input))
    formulas = [cell(panel, i, j) for i in range(1, panel.table.rowCount() - 1) for j in (3, 8)]
    assert "3 216 = 16·5·5·8 + 16" in formulas and "3 617 280 = 784·4 608 + 4 608" in formulas
