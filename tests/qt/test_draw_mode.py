"""Draw mode: strokes painted with the mouse on the input view change the input, the maps follow (checked against
the engine), each stroke is one undo step, and a project keeps the strokes."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QApplication

from convviz.core.network import build_network, forward
from convviz.draw import replay
from convviz.project import load_project
from convviz.qt.main_window import MainWindow
from convviz.scene import LECTURE_SCENES, builtin_scene

pytestmark = pytest.mark.usefixtures("qt_checks")


@pytest.fixture
def win(qtbot):
    w = MainWindow(builtin_scene(LECTURE_SCENES[2]), mode="sync", debounce_ms=0)
    w.quiet = True
    w.resize(1400, 900)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def assert_views_follow(w: MainWindow) -> None:
    state = w.doc.state
    net = build_network(state.input_shape, state.layers, state.weights, seed=state.seed)
    for i, stage in enumerate(forward(net, state.input)):
        assert_allclose(w.stages.view(i).rendered.raw, stage, rtol=1e-5, atol=1e-5)
    assert w.input_view.rendered.raw is state.input


def mouse(w: MainWindow, kind: QEvent.Type, tile: int, y: float, x: float) -> None:
    """A real mouse event on the input view's viewport over input pixel (y, x) of map ``tile``."""
    view = w.input_view
    r = view.rendered
    ox, oy = r.tile_origin(tile)
    gv = view._gv
    scene = view.image_item.mapToScene(QPointF(ox + x / r.downsample, oy + y / r.downsample))
    pos = QPointF(gv.mapFromScene(scene))
    left = Qt.MouseButton.LeftButton
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else left
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else left
    event = QMouseEvent(kind, pos, gv.viewport().mapToGlobal(pos), button, held, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(gv.viewport(), event)


def stroke(w: MainWindow, tile: int, points) -> None:
    (y, x), *rest = points
    mouse(w, QEvent.Type.MouseButtonPress, tile, y, x)
    for y, x in rest:
        mouse(w, QEvent.Type.MouseMove, tile, y, x)
    mouse(w, QEvent.Type.MouseButtonRelease, tile, *points[-1])


def test_a_stroke_paints_the_input_the_maps_follow_and_one_undo_removes_it(win):
    before, steps = win.doc.state, win.doc.undo_stack.count()
    h, w, c = before.input_shape
    win.draw_tool.set_active(True)
    win.draw_tool.set_colour(QColor(255, 0, 0))
    win.draw_tool.size_spin.setValue(1)
    generation = win.controller.finished_generation
    row = h // 2
    stroke(win, 0, [(row + 0.5, 0.5), (row + 0.5, w / 3), (row + 0.5, w - 0.5)])  # tile 0: the colour image
    state = win.doc.state
    assert_array_equal(state.input[row, :, :], np.tile([1.0, 0.0, 0.0], (w, 1)))  # a red line across
    assert_array_equal(state.input[:row], before.input[:row])  # nothing else
    assert win.controller.finished_generation > generation + 1  # computed while the stroke went on
    assert_views_follow(win)
    assert win.doc.undo_stack.count() == steps + 1  # the whole stroke is one step
    assert len(state.strokes) == 1 and state.drawn_base is before.input
    assert_array_equal(replay(state.drawn_base, state.strokes), state.input)
    win.undo_action.trigger()
    assert win.doc.state is before
    assert_views_follow(win)
    win.redo_action.trigger()
    assert win.doc.state is state


def test_two_strokes_are_two_steps_a_channel_map_paints_its_channel_and_the_eraser_restores(win):
    before = win.doc.state
    h, w, c = before.input_shape
    tool = win.draw_tool
    tool.set_active(True)
    tool.size_spin.setValue(3)
    tool.value_spin.setValue(-1.0)
    steps = win.doc.undo_stack.count()
    stroke(win, 2, [(2.5, 2.5), (2.5, 5.5)])  # tile 2: channel 1 alone
    painted = win.doc.state.input
    assert painted[2, 3, 1] == -1.0 and painted[2, 3, 0] == before.input[2, 3, 0]
    tool.tool_box.setCurrentIndex(tool.tool_box.findData("eraser"))
    stroke(win, 0, [(2.5, 2.5), (2.5, 5.5)])
    assert_array_equal(win.doc.state.input, before.input)
    assert win.doc.undo_stack.count() == steps + 2
    assert_views_follow(win)
    win.undo_action.trigger()
    assert_array_equal(win.doc.state.input, painted)


def test_clear_then_draw_and_the_project_keeps_the_strokes(win, tmp_path):
    tool = win.draw_tool
    tool.set_active(True)
    tool.value_spin.setValue(0.0)
    tool.clear()
    assert not win.doc.state.input.any()
    tool.set_colour(QColor(0, 255, 0))
    stroke(win, 0, [(1.5, 1.5), (6.5, 6.5)])
    state = win.doc.state
    assert win.project_actions.save_to(str(tmp_path / "drawn.convviz"))
    project = load_project(tmp_path / "drawn.convviz")
    assert_array_equal(project.state.input, state.input)
    assert project.state.strokes == state.strokes and len(state.strokes) == 2
    assert_array_equal(project.state.drawn_base, state.drawn_base)


def test_off_draw_mode_a_click_on_the_input_draws_nothing(win):
    before = win.doc.state
    stroke(win, 0, [(1.5, 1.5), (3.5, 3.5)])
    assert win.doc.state is before
