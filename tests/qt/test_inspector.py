"""The unit inspector shows the engine's own numbers for the stack on screen, follows edits and arrow keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from convviz.core.layers import Activation, Conv2D, Pool2D
from convviz.core.network import build_network, forward
from convviz.core.samples import sample_image
from convviz.instruments import ConvUnit, PoolUnit
from convviz.scene import LECTURE_SCENES, Scene, builtin_scene

pytestmark = pytest.mark.usefixtures("qt_checks")


def _scene(layers, shape=(9, 10, 4), seed=3) -> Scene:
    net = build_network(shape, layers, seed=seed)
    return Scene(net, sample_image(*shape, "shapes"), seed)


STACKS = [
    [Conv2D(4, (3, 3), stride=(2, 2), padding=(1, 1)), Activation("relu"), Pool2D("max", (2, 2))],
    [Conv2D(4, (3, 2), dilation=(2, 1), padding="same", groups=2), Activation("leaky_relu"),
     Pool2D("avg", (3, 3), stride=(1, 1), padding=(1, 1))],
    [Conv2D(2, (1, 3), bias=False), Pool2D("weighted", (2, 3), stride=(2, 1))],
]


@pytest.mark.parametrize("layers", STACKS)
def test_every_unit_of_every_stage_shows_the_engine_s_value(make_window, layers):
    win = make_window(_scene(layers))
    state = win.doc.state
    stages = forward(state.network, state.input)
    for index, stage in enumerate(stages):
        h, w, c = stage.shape
        for y in range(h):
            for x in range(w):
                ch = (y * w + x) % c
                win.inspect(index, ch, y, x)
                unit = win.inspector.unit
                assert unit is not None and unit.layer == index and unit.at == (y, x) and unit.channel == ch
                assert unit.y == float(stage[y, x, ch])  # the engine's number, not a re-added one
                if isinstance(unit, ConvUnit):
                    assert abs(unit.resummed - unit.y) <= 1e-5 * max(1.0, unit.scale)
                    c_in = stages[index - 1].shape[2] if index else state.input.shape[2]
                    assert unit.input_channels.size == c_in // state.layers[index].groups
                if isinstance(unit, PoolUnit) and unit.mode == "max":
                    assert unit.y == float(unit.inputs[~unit.padding].max())


def test_arrow_keys_move_the_unit_and_stop_at_the_edge(make_window, qtbot):
    win = make_window(builtin_scene(LECTURE_SCENES[2]))
    win.inspect(0, 1, 0, 0)
    qtbot.keyClick(win.inspector, Qt.Key.Key_Right)
    assert win.inspector.unit.at == (0, 1)
    qtbot.keyClick(win.inspector, Qt.Key.Key_Down)
    assert win.inspector.unit.at == (1, 1)
    for _ in range(10):
        qtbot.keyClick(win.inspector, Qt.Key.Key_Up)
    assert win.inspector.unit.at == (0, 1)  # clamped to the map


def test_the_inspector_follows_an_edit_of_the_stack(make_window):
    from dataclasses import replace

    win = make_window(builtin_scene(LECTURE_SCENES[2]))
    win.inspect(0, 2, 0, 0)
    assert not win.inspector.unit.padding.any()
    state = win.doc.state
    win.doc.apply(state.replace_layer(0, replace(state.layers[0], padding=(1, 1))), "pad")
    unit = win.inspector.unit
    stage = forward(win.doc.state.network, win.doc.state.input)[0]
    assert unit.y == float(stage[0, 0, 2])
    assert unit.padding[0].all() and unit.padding[:, 0].all() and not unit.padding[1:, 1:].any()


def test_closing_the_inspector_stops_following(make_window):
    win = make_window(builtin_scene(LECTURE_SCENES[2]))
    win.inspect(1, 0, 1, 1)
    assert win.inspector_dock.isVisible() and win.controller.inspection.unit_address == (1, 0, 1, 1)
    assert any(v.marks for v in win.stages.views().values())
    win.inspector_dock.close()
    assert win.controller.inspection.unit_address is None and win.inspector.unit is None
    assert not any(v.marks for v in win.stages.views().values()) and not win.input_view.marks


def test_gui_screenshot_with_the_inspector_open_and_a_bad_address_refused(tmp_path):
    import os
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = tmp_path / "inspect.png"
    proc = subprocess.run([sys.executable, "-m", "convviz", "gui", "--screenshot", str(out), "--inspect", "0,1,2,3"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert not QImage(str(out)).isNull()
    bad = subprocess.run([sys.executable, "-m", "convviz", "gui", "--screenshot", str(tmp_path / "b.png"),
                          "--inspect", "0,99,0,0"], env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "channels 0…" in bad.stderr
    assert not (tmp_path / "b.png").exists()


def test_the_window_the_unit_and_the_receptive_field_are_outlined_where_they_are(make_window):
    from convviz.marks import FIELD, FILTER, UNIT, WINDOW

    layers = [Conv2D(3, (3, 3), padding=(1, 1), dilation=(2, 2)), Activation("relu"), Pool2D("max", (2, 2)),
              Conv2D(2, (3, 3))]
    win = make_window(_scene(layers, shape=(12, 12, 2)))
    net = win.doc.state.network
    win.inspect(3, 1, 1, 2)  # conv2, filter 1
    unit = win.inspector.unit
    pool_marks = win.stages.view(2).marks  # conv2 reads pool1's output: the window is there
    window_mark = next(m for m in pool_marks if m.style == WINDOW)
    assert window_mark.rows == (int(unit.rows[0]), int(unit.rows[-1])) and window_mark.channels == {0, 1, 2}
    assert [m.style for m in win.stages.view(3).marks] == [UNIT]
    assert win.stages.view(3).marks[0].rows == (1, 1) and win.stages.view(3).marks[0].cols == (2, 2)
    field = next(m for m in win.input_view.marks if m.style == FIELD)
    rf = net.infos[3].receptive_field
    assert (field.rows[1] - field.rows[0] + 1, field.cols[1] - field.cols[0] + 1) == tuple(rf)
    assert any(m.style == FIELD for m in win.stages.view(0).marks)  # and on every map in between
    assert "Receptive field in the input: {}×{}".format(*rf) in " ".join(
        lbl.text() for lbl in win.inspector.findChildren(QLabel))
    win.builder.select(3)  # the kernel view shows conv2: its filter 1 is outlined
    win.inspect(3, 1, 1, 2)
    assert [m.channels for m in win.kernel_view.marks if m.style == FILTER] == [{1}]
    # a unit of layer 0 outlines its window on the input, dilated taps and padding included
    win.inspect(0, 2, 0, 0)
    taps = next(m for m in win.input_view.marks if m.style == WINDOW)
    assert list(taps.tap_rows) == [-1, 1, 3] and list(taps.tap_cols) == [-1, 1, 3] and -1 in taps.channels


def test_the_sliding_window_visits_every_output_once_and_fills_the_map(make_window, qtbot):
    from convviz.marks import PENDING

    layers = [Conv2D(2, (3, 3), stride=(2, 2), padding=(1, 1)), Pool2D("max", (2, 2), stride=(1, 1))]
    win = make_window(_scene(layers, shape=(7, 9, 1)))
    stage = forward(win.doc.state.network, win.doc.state.input)[0]
    h, w, _ = stage.shape
    win.animate(0, 1)
    bar = win.inspector_dock.animation
    assert bar.steps == h * w
    seen = []
    for n in range(1, h * w + 1):
        bar.forward.click()
        unit = win.inspector.unit
        seen.append(unit.at)
        assert unit.channel == 1 and unit.y == float(stage[unit.at[0], unit.at[1], 1])
        veil = next(m for m in win.stages.view(0).marks if m.style == PENDING)
        assert int((~veil.mask).sum()) == n  # the map fills in cell by cell
    assert sorted(seen) == [(y, x) for y in range(h) for x in range(w)] and len(set(seen)) == h * w
    bar.back.click()
    assert win.inspector.unit.at == seen[-2]
    win.inspect(1, 0, 0, 0)  # a click elsewhere ends the animation and its veil
    assert not any(m.style == PENDING for v in win.stages.views().values() for m in v.marks)


def test_gui_screenshot_mid_animation_and_a_layer_that_does_not_slide(tmp_path):
    import os
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = tmp_path / "anim.png"
    proc = subprocess.run([sys.executable, "-m", "convviz", "gui", "--screenshot", str(out), "--animate", "0,1",
                           "--animate-step", "5"], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert not QImage(str(out)).isNull()
    bad = subprocess.run([sys.executable, "-m", "convviz", "gui", "--screenshot", str(tmp_path / "b.png"),
                          "--animate", "1,0"], env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "no sliding window" in bad.stderr and not (tmp_path / "b.png").exists()
