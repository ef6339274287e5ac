"""The explorer window end to end: edits through widgets, the views against the engine, stale results, undo."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from convviz.core.network import build_network, forward
from convviz.core.samples import sample_image
from convviz.qt.main_window import MainWindow
from convviz.scene import LECTURE_SCENES, builtin_scene, load_scene

pytestmark = pytest.mark.usefixtures("qt_checks")

ROOT = Path(__file__).resolve().parents[2]


def worker_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "convviz-worker" and t.is_alive()]


def on_screen(win: MainWindow) -> list[np.ndarray]:
    """The raw arrays every stage view shows."""
    return [win.stages.view(i).rendered.raw for i in range(len(win.doc.state.layers))]


def expected_stages(win: MainWindow) -> list[np.ndarray]:
    state = win.doc.state
    net = build_network(state.input_shape, state.layers, state.weights, seed=state.seed)
    return forward(net, state.input)


def solid_png(folder: Path, name: str, width: int, height: int, rgb: int) -> Path:
    """A one-colour PNG written with Qt (0xRRGGBB)."""
    img = QImage(width, height, QImage.Format.Format_RGB32)
    img.fill(rgb)
    path = folder / name
    assert img.save(str(path))
    return path


def wait_finished(qtbot, win: MainWindow, timeout=5000):
    with qtbot.waitSignal(win.controller.finished, timeout=timeout):
        pass


def test_default_window_shows_every_stage_of_the_engine(make_window):
    win = make_window()
    for shown, ref in zip(on_screen(win), expected_stages(win), strict=True):
        np.testing.assert_array_equal(shown, ref)
    assert win.stages.view(3).rendered.raw.shape == (8 - 3 + 1 - 3 + 1, 8 - 3 + 1 - 3 + 1, 10)
    assert win.kernel_view.rendered is not None
    assert win.input_view.rendered.raw.shape == (8, 8, 3)


def test_editing_filters_through_the_editor_recomputes_the_views(qtbot, make_window):
    win = make_window()
    win.builder.select(0)
    with qtbot.waitSignal(win.controller.finished, timeout=5000):
        win.builder.conv_editor.filters.setValue(8)
    assert win.doc.state.layers[0].filters == 8
    shown = on_screen(win)
    assert shown[0].shape == (6, 6, 8)
    for got, ref in zip(shown, expected_stages(win), strict=True):
        np.testing.assert_array_equal(got, ref)
    # the first six filters were kept, two were added
    assert win.doc.state.network.weights[win.doc.state.layers[0].uid].weight.shape == (8, 3, 3, 3)


def test_stale_results_are_dropped_and_the_last_edit_wins(qtbot, make_window):
    win = make_window(mode="manual")
    ctl = win.controller
    sched = ctl.scheduler
    sched.run_next()  # the initial view
    first = on_screen(win)
    win.builder.select(0)
    win.builder.conv_editor.filters.setValue(7)
    ctl.request_now()
    win.builder.conv_editor.filters.setValue(9)
    ctl.request_now()
    assert len(sched.queue) >= 2
    # a slow worker delivers the older requests late, after the newest one: they must not reach the views
    newest = sched.queue.pop()
    stale = list(sched.queue)
    sched.queue[:] = [stale[0], newest, *stale[1:]]
    sched.run_next()  # an old generation (F=7), stale before the newest arrives
    assert on_screen(win)[0] is first[0], "a stale result reached the views"
    assert ctl.dropped > 0
    sched.run_next()  # the newest (F=9)
    shown = on_screen(win)
    assert shown[0].shape == (6, 6, 9)
    while sched.queue:  # the rest arrive late
        sched.run_next()
        assert all(a is b for a, b in zip(on_screen(win), shown, strict=True))
    for got, ref in zip(on_screen(win), expected_stages(win), strict=True):
        np.testing.assert_array_equal(got, ref)


def test_a_burst_of_edits_on_a_slow_stack_computes_its_first_and_last_values(qtbot, make_window, monkeypatch):
    from convviz.qt import controller

    monkeypatch.setattr(controller, "LIVE_BELOW_S", 0.0)  # every computation counts as slow: no live feedback
    # a debounce far longer than the gaps between edits: the first edit computes at once (it follows a pause),
    # the rest of the burst computes once, on its last value
    win = make_window(mode="thread", debounce_ms=400)
    qtbot.waitUntil(lambda: win.controller.is_idle(), timeout=10000)
    runs = win.controller.computations
    win.builder.select(2)
    spin = win.builder.conv_editor.filters
    for value in range(11, 31):
        spin.setValue(value)
        qtbot.wait(2)
    qtbot.waitUntil(lambda: win.controller.is_idle(), timeout=10000)
    assert on_screen(win)[2].shape == (4, 4, 30)
    for got, ref in zip(on_screen(win), expected_stages(win), strict=True):
        np.testing.assert_array_equal(got, ref)
    assert win.controller.computations == runs + 2


def test_an_impossible_edit_shows_the_message_and_keeps_the_last_views(qtbot, make_window):
    win = make_window()
    before = on_screen(win)
    win.builder.select(2)
    with qtbot.waitSignal(win.controller.failed, timeout=5000) as blocker:
        win.builder.conv_editor.kernel.spins()[0].setValue(9)
    assert blocker.args[0] is not None
    assert win.doc.state.error is not None
    message = win.builder.error_label.text()
    assert "layer 2" in message and "does not fit" in message
    assert win.builder.error_box.isVisible()
    assert all(a is b for a, b in zip(on_screen(win), before, strict=True)), "the last valid views must stay"
    with qtbot.waitSignal(win.controller.finished, timeout=5000):
        win.builder.conv_editor.kernel.spins()[0].setValue(3)
    assert not win.builder.error_box.isVisible()
    for got, ref in zip(on_screen(win), expected_stages(win), strict=True):
        np.testing.assert_array_equal(got, ref)


def test_undo_and_redo_restore_the_stack_and_the_views(qtbot, make_window):
    win = make_window()
    original_state = win.doc.state
    original = [a.copy() for a in on_screen(win)]
    win.builder.select(0)
    with qtbot.waitSignal(win.controller.finished, timeout=5000):
        win.builder.conv_editor.filters.setValue(4)
    edited_state = win.doc.state
    edited = [a.copy() for a in on_screen(win)]
    with qtbot.waitSignal(win.controller.finished, timeout=5000):
        win.undo_action.trigger()
    assert win.doc.state is original_state
    for got, ref in zip(on_screen(win), original, strict=True):
        np.testing.assert_array_equal(got, ref)
    with qtbot.waitSignal(win.controller.finished, timeout=5000):
        win.redo_action.trigger()
    assert win.doc.state is edited_state
    for got, ref in zip(on_screen(win), edited, strict=True):
        np.testing.assert_array_equal(got, ref)


def test_colour_changes_rerender_without_recomputing(qtbot, make_window):
    win = make_window()
    runs = win.controller.computations
    before = on_screen(win)
    for box, index in ((win.colormap_box, 3), (win.scope_box, 0), (win.scope_box, 3), (win.centring_box, 1)):
        with qtbot.waitSignal(win.controller.finished, timeout=5000):
            box.setCurrentIndex(index)
    assert win.controller.computations == runs
    assert all(a is b for a, b in zip(on_screen(win), before, strict=True))
    assert win.controller.options.scope == "stack" and win.controller.options.centring == "minmax"


@pytest.mark.parametrize("number", range(len(LECTURE_SCENES)))
def test_lecture_menu_opens_each_scene(qtbot, make_window, number):
    win = make_window(scene=load_scene(None))
    with qtbot.waitSignal(win.controller.finished, timeout=5000):
        win.scene_actions[number].trigger()
    spec = LECTURE_SCENES[number]
    expected = builtin_scene(spec)
    assert win.doc.state.input_shape == expected.network.input_shape
    for got, ref in zip(on_screen(win), forward(expected.network, expected.input), strict=True):
        np.testing.assert_array_equal(got, ref)


def test_lecture_scene_shapes_follow_the_formula(qtbot, make_window):
    h = 8
    k = 3
    conv = h - k + 1
    shapes = {0: [(conv, conv, 1)], 1: [(conv, conv, 6)],
              2: [(conv, conv, 6), (conv, conv, 6), (conv - k + 1, conv - k + 1, 10), (conv - k + 1,) * 2 + (10,)],
              3: [(h // 2, h // 2, 3)]}
    for number, expected in shapes.items():
        win = make_window(scene=builtin_scene(LECTURE_SCENES[number]))
        assert [a.shape for a in on_screen(win)] == expected


def test_hover_reads_the_exact_raw_value_into_the_status_bar(make_window):
    win = make_window()
    view = win.stages.view(2)
    r = view.rendered
    # the centre of tile 3, pixel (1, 2)
    ox, oy = r.tile_origin(3)
    view.hover_mosaic(ox + 2.5, oy + 1.5)
    text = win.hover_label.text()
    assert "layer 2" in text and "channel 3" in text and "(y=1, x=2)" in text
    assert f"{float(r.raw[1, 2, 3]):.7g}" in text


def test_tiny_input_is_crisp_in_the_window(make_window):
    win = make_window(scene=builtin_scene(LECTURE_SCENES[0]))
    view = win.input_view
    img = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    dpr = img.devicePixelRatio()
    r = view.rendered
    for tile in range(r.n_tiles):
        ox, oy = r.tile_origin(tile)
        for y in range(8):
            for x in range(8):
                a = view.mosaic_to_widget(ox + x + 0.25, oy + y + 0.25)
                b = view.mosaic_to_widget(ox + x + 0.75, oy + y + 0.75)
                colours = {img.pixel(int(px * dpr), int(py * dpr))
                           for px in np.linspace(a.x(), b.x(), 4) for py in np.linspace(a.y(), b.y(), 4)}
                assert len(colours) == 1, f"tile {tile} cell ({y}, {x}) is blurred: {len(colours)} colours"


def test_bad_files_give_a_message_and_lose_nothing(tmp_path, make_window):
    win = make_window()
    state = win.doc.state
    not_image = tmp_path / "notes.png"
    not_image.write_text("not an image")
    win.open_input(str(not_image))
    assert "not an image" in win.last_message and win.doc.state is state
    broken = tmp_path / "net.json"
    broken.write_text('{"layers": [ {"type": "conv", ')
    win.open_network(str(broken))
    assert "not a valid network file" in win.last_message and win.doc.state is state
    nan_weights = tmp_path / "w.npz"
    np.savez(nan_weights, **{"weight.0": np.full((6, 3, 3, 3), np.nan, np.float32)})
    win.load_weights(str(nan_weights))
    assert "NaN" in win.last_message and win.doc.state is state
    win.open_network(str(tmp_path / "missing.json"))
    assert "no such file" in win.last_message and win.doc.state is state


def test_export_writes_what_run_writes(tmp_path, make_window):
    win = make_window()
    out = tmp_path / "stages.npz"
    assert win.export_stages(str(out))
    with np.load(out) as data:
        for i, ref in enumerate(expected_stages(win)):
            np.testing.assert_array_equal(data[f"stage.{i}"], ref)
        np.testing.assert_array_equal(data["input"], win.doc.state.input)


def test_opening_an_image_fits_it_into_the_input(qtbot, tmp_path, make_window):
    win = make_window()
    path = solid_png(tmp_path, "orange.png", 32, 24, 0xFF8000)  # 24×32 (H×W) → 6×8, one zero row above, one below
    with qtbot.waitSignal(win.controller.finished, timeout=5000):
        win.open_input(str(path))
    x = win.doc.state.input
    assert x.shape == (8, 8, 3)
    np.testing.assert_allclose(x[1:7], np.broadcast_to([1.0, 0x80 / 255, 0.0], (6, 8, 3)), atol=1e-6)
    assert not x[0].any() and not x[7].any()


def test_closing_during_a_long_computation_exits_quickly(qtbot, make_window):
    from convviz.core.layers import Activation, Conv2D, Pool2D
    from convviz.scene import Scene

    layers = [Conv2D(32, (5, 5)), Activation("relu"), Pool2D("max", (2, 2)), Conv2D(64, (5, 5))]
    net = build_network((512, 512, 3), layers)
    win = make_window(scene=Scene(net, sample_image(512, 512, 3)), mode="thread")
    qtbot.wait(50)  # the worker is inside the computation now (it takes seconds uncancelled)
    win.close()
    deadline = time.monotonic() + 1.0
    while worker_threads() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not worker_threads()


def test_gui_screenshot_writes_a_png_and_exits_zero(tmp_path):
    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-m", "convviz", "gui", str(ROOT / "resources" / "scenes" / "lecture3_two_convs.json"),
         "--seed", "1", "--screenshot", str(out)],
        env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    img = QImage(str(out))
    assert not img.isNull() and img.width() > 800 and img.height() > 500


def test_gui_with_a_bad_network_file_is_one_line_and_status_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"layers": [{"type": "conv", "filters": 2, "kernel_size": 99}], '
                   '"input": {"height": 8, "width": 8, "channels": 3}}')
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-m", "convviz", "gui", str(bad), "--screenshot", str(tmp_path / "x.png")],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("convviz:") and len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "x.png").exists()


def test_editing_a_later_layer_reuses_the_earlier_stages(qtbot, make_window, monkeypatch):
    from convviz import compute

    win = make_window()
    before = on_screen(win)
    calls = []
    real = compute.run_layer
    monkeypatch.setattr(compute, "run_layer",
                        lambda spec, *a, **k: calls.append(spec) or real(spec, *a, **k))
    win.builder.select(2)
    with qtbot.waitSignal(win.controller.finished, timeout=5000):
        win.builder.conv_editor.filters.setValue(12)
    assert calls == list(win.doc.state.layers[2:])
    after = on_screen(win)
    assert after[0] is before[0] and after[1] is before[1]
    for got, ref in zip(after, expected_stages(win), strict=True):
        np.testing.assert_array_equal(got, ref)


def test_the_window_shows_the_same_numbers_as_convviz_run(tmp_path, make_window):
    from convviz.cli import main

    net = ROOT / "resources" / "scenes" / "lecture3_two_convs.json"
    out = tmp_path / "run.npz"
    assert main(["run", str(net), "--seed", "5", "--out", str(out)]) == 0
    win = make_window(scene=load_scene(str(net), seed=5))
    with np.load(out) as data:
        np.testing.assert_array_equal(win.doc.state.input, data["input"])
        for i, shown in enumerate(on_screen(win)):
            np.testing.assert_array_equal(shown, data[f"stage.{i}"])


def test_the_error_in_the_status_bar_goes_once_the_stack_is_fixed(qtbot, make_window):
    win = make_window()
    win.builder.select(2)
    with qtbot.waitSignal(win.controller.failed, timeout=5000):
        win.builder.conv_editor.kernel.spins()[0].setValue(9)
    assert "does not fit" in win.statusBar().currentMessage()
    with qtbot.waitSignal(win.controller.finished, timeout=5000):
        win.undo_action.trigger()
    assert win.statusBar().currentMessage() == ""


def test_a_stack_without_convolutions_gives_the_kernel_panel_s_room_to_the_input(qtbot, make_window):
    win = make_window(scene=builtin_scene(LECTURE_SCENES[3]))
    assert win.kernel_view.rendered is None and win.kernel_view.title == "kernels"
    assert not win.kernel_view.isVisible()
    top = win.input_view.parentWidget()
    assert win.input_view.width() >= top.width() - 10  # no half-empty top area
    win.open_builtin(LECTURE_SCENES[0])  # the sync worker computes at once
    assert win.kernel_view.isVisible() and win.kernel_view.rendered is not None


def test_the_default_scene_shows_the_first_layer_s_kernels_until_another_layer_is_selected(qtbot, make_window):
    win = make_window(scene=load_scene(None))
    convs = [i for i, s in enumerate(win.doc.state.layers) if s.type == "conv"]
    assert len(convs) >= 2
    assert win.controller.kernel_layer() == convs[0]
    w0 = win.doc.state.network.weights[win.doc.state.layers[convs[0]].uid].weight
    assert win.kernel_view.rendered.raw.shape[0] == w0.shape[0]
    win.builder.select(convs[1])
    assert win.controller.kernel_layer() == convs[1]
    win.builder.select(None)  # the input row: back to the first layer
    assert win.controller.kernel_layer() == convs[0]


def test_the_input_editor_changes_size_channels_and_sample(qtbot, make_window):
    win = make_window()
    editor = win.builder.input_editor
    win.builder.select(None)
    with qtbot.waitSignal(win.controller.finished, timeout=5000):
        editor.height_spin.setValue(12)
    assert win.doc.state.input_shape == (12, 8, 3)
    assert on_screen(win)[0].shape == (12 - 3 + 1, 8 - 3 + 1, 6)
    with qtbot.waitSignal(win.controller.finished, timeout=5000):
        editor.channels_spin.setValue(1)
    state = win.doc.state
    assert state.input_shape == (12, 8, 1)
    np.testing.assert_allclose(state.input, sample_image(12, 8, 1, "lecture"))
    assert state.network.weights[state.layers[0].uid].weight.shape == (6, 3, 3, 1)  # re-initialised for C = 1
    with qtbot.waitSignal(win.controller.finished, timeout=5000):
        editor.source.setCurrentIndex(editor.source.findData("checker"))
    np.testing.assert_array_equal(win.doc.state.input, sample_image(12, 8, 1, "checker"))
    for got, ref in zip(on_screen(win), expected_stages(win), strict=True):
        np.testing.assert_array_equal(got, ref)
    with qtbot.waitSignal(win.controller.finished, timeout=5000):
        win.undo_action.trigger()
    assert win.doc.state.input_name == "lecture"


def test_an_opened_image_is_read_again_at_a_new_size(qtbot, tmp_path, make_window):
    win = make_window()
    path = solid_png(tmp_path, "blue.png", 40, 30, 0x2080FF)
    with qtbot.waitSignal(win.controller.finished, timeout=5000):
        win.open_input(str(path))
    win.builder.select(None)
    editor = win.builder.input_editor
    assert editor.source.currentData() == "file"
    with qtbot.waitSignal(win.controller.finished, timeout=5000):
        editor.width_spin.setValue(20)
    state = win.doc.state
    assert state.input_shape == (8, 20, 3) and state.input_path == str(path)
    np.testing.assert_allclose(state.input[4, 10], [0x20 / 255, 0x80 / 255, 1.0], atol=1e-6)


def test_zooming_into_a_downsampled_map_brings_a_finer_image(qtbot, make_window):
    from convviz.core.layers import Activation, Conv2D
    from convviz.scene import Scene

    net = build_network((256, 256, 3), [Conv2D(8, (3, 3)), Activation("relu")], seed=1)
    win = make_window(scene=Scene(net, sample_image(256, 256, 3)))
    view = win.stages.view(0)
    # let the views' first re-tiling for their shape happen before zooming (a loaded machine fires it late)
    qtbot.waitUntil(lambda: not win.stages._aspect_timer.isActive() and win.controller.is_idle(), timeout=5000)
    win.stages._check_aspect()
    coarse = view.rendered
    assert coarse.downsample > 1
    levels = coarse.levels.copy()
    view.view_box.scaleBy((0.1, 0.1), center=(coarse.tile_w * 1.5, coarse.tile_h * 0.5))  # into map c1

    def centre(r):
        rect = view.view_box.viewRect()
        return r.locate(rect.center().x(), rect.center().y())

    before = centre(coarse)
    qtbot.waitUntil(lambda: view.rendered.downsample == 1, timeout=10000)
    fine = view.rendered
    assert fine.raw is coarse.raw and fine.downsample == 1
    np.testing.assert_array_equal(fine.levels, levels)  # the same scale, only sharper
    after = centre(fine)  # the view still looks at the same part of the same map
    assert before[0] == after[0] == 1
    assert abs(before[1] - after[1]) <= 2 * coarse.downsample and abs(before[2] - after[2]) <= 2 * coarse.downsample
    # a new edit brings a screen-sized image again, and the zoom follows it
    win.builder.select(0)
    with qtbot.waitSignal(win.controller.finished, timeout=5000):
        win.builder.conv_editor.filters.setValue(7)
    assert view.rendered.raw.shape == (254, 254, 7)


def test_a_drag_on_a_fast_stack_shows_results_while_it_lasts_and_ends_on_the_last_value(qtbot, make_window):
    win = make_window(mode="manual")
    ctl, sched = win.controller, win.controller.scheduler
    sched.run_next()
    win.builder.select(0)
    spin = win.builder.conv_editor.filters
    spin.setValue(7)  # the worker is idle: computes at once
    assert len(sched.queue) == 1
    for value in (8, 9, 10):  # arrive while 7 computes: nothing is cancelled, nothing queued yet
        spin.setValue(value)
    assert len(sched.queue) == 1 and not ctl.is_idle()
    sched.run_next()  # 7 is shown mid-drag …
    assert on_screen(win)[0].shape == (6, 6, 7)
    assert len(sched.queue) == 1  # … and the newest value (10) computes next, the ones between never
    sched.run_next()
    assert on_screen(win)[0].shape == (6, 6, 10)
    assert ctl.is_idle()
    for got, ref in zip(on_screen(win), expected_stages(win), strict=True):
        np.testing.assert_array_equal(got, ref)


def test_the_busy_indicator_dims_only_stages_still_to_come(make_window):
    from convviz.compute import StageReady, run_request

    win = make_window(mode="manual")
    ctl = win.controller
    req = ctl.scheduler.queue.pop(0)
    for event in run_request(req):
        ctl._on_event(event)
        if isinstance(event, StageReady) and event.index == 1:
            ctl._on_busy()  # the 200 ms timer fires while later layers still compute
            assert not win.stages.view(0).is_stale and not win.stages.view(1).is_stale
            assert win.stages.view(2).is_stale
    assert not any(v.is_stale for v in win.stages.views().values())


def test_a_large_input_is_made_off_the_gui_thread_and_the_last_request_wins(qtbot, make_window):
    from convviz.qt import input_editor

    win = make_window(mode="thread")
    qtbot.waitUntil(win.controller.is_idle, timeout=5000)
    editor = win.builder.input_editor
    win.builder.select(None)
    made_in = []
    real = input_editor.read_input

    def spy(shape, name, *rest):
        made_in.append(threading.current_thread().name)
        return real(shape, name, *rest)

    input_editor.read_input = spy
    try:
        editor.height_spin.setValue(300)  # 300 × 8: small, made at once
        assert made_in == ["MainThread"]
        editor.width_spin.setValue(400)  # 300 × 400, then 600 × 400: on a thread; only the newest may land
        editor.height_spin.setValue(600)
        qtbot.waitUntil(lambda: win.doc.state.input_shape == (600, 400, 3), timeout=10000)
        qtbot.waitUntil(lambda: win.controller.is_idle(), timeout=10000)
    finally:
        input_editor.read_input = real
    # on the window's one worker; the middle one may be replaced before it starts
    assert made_in[1:] in (["convviz-worker"], ["convviz-worker", "convviz-worker"])
    assert win.doc.state.input_shape == (600, 400, 3)
    np.testing.assert_array_equal(win.doc.state.input, sample_image(600, 400, 3, "lecture"))


def test_without_a_display_the_window_says_so_in_one_line():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run([sys.executable, "-m", "convviz"], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.startswith("convviz: no display found") and len(proc.stderr.strip().splitlines()) == 1


def test_an_impossible_stack_is_plainly_marked_as_not_the_one_on_screen(qtbot, make_window):
    from dataclasses import replace

    win = make_window()
    conv = win.doc.state.layers[0]
    win.doc.apply(win.doc.state.replace_layer(0, replace(conv, kernel_size=(11, 11))), "kernel 11")
    banner = win.stages.banner
    assert banner.isVisible() and "11×11" in banner.text() and "Layer 0" in banner.text()
    assert all(v.is_stale for v in win.stages.views().values())
    assert win.kernel_view.is_stale
    win.doc.undo_stack.undo()
    assert not banner.isVisible()
    assert not any(v.is_stale for v in win.stages.views().values()) and not win.kernel_view.is_stale


def test_every_lecture_scene_says_what_it_shows_and_a_user_network_hides_it(qtbot, make_window, tmp_path):
    win = make_window()
    for scene in LECTURE_SCENES:
        win.open_builtin(scene)
        assert win.scene_note.isVisible() and scene.title in win.scene_note.text(), scene.key
    path = tmp_path / "net.json"
    path.write_text('{"layers": [{"type": "conv", "filters": 2, "kernel_size": 3}]}')
    win.open_network(str(path))
    assert not win.scene_note.isVisible()


def test_a_blocks_three_stages_fit_beside_the_inspector_at_1200_px(make_window, qtbot):
    """Issue 7: with the inspector open, conv → detector → pool stay side by side, no horizontal scrollbar."""
    from PySide6.QtWidgets import QApplication

    win = make_window(load_scene(str(ROOT / "resources" / "scenes" / "lecture5_three_stages.json")))
    for width in (1400, 1200):
        win.resize(width, 900)
        QApplication.processEvents()
        win.inspect(0, 0, 2, 2)
        QApplication.processEvents()
        assert win.inspector_dock.isVisible()
        bar = win.stages._scroll.horizontalScrollBar()
        assert not bar.isVisible() and bar.maximum() == 0, (width, win.stages.width(), win.inspector_dock.width(),
                                                             win.builder.width(), win.width())
        views = [win.stages.view(i) for i in range(3)]
        assert len({v.y() for v in views}) == 1  # one row
        assert views[0].x() < views[1].x() < views[2].x()
        assert views[2].geometry().right() <= win.stages._scroll.viewport().width()


def test_the_hierarchy_scene_opens_per_stage_with_a_corner_inspected_from_the_menu_and_by_path(make_window, qtbot):
    from PySide6.QtWidgets import QApplication

    from convviz.scene import builtin_for_path, resource_path

    hierarchy = next(s for s in LECTURE_SCENES if s.file == "lecture7_hierarchy.json")
    win = make_window()
    assert win.controller.options.scope == "block"
    win.open_builtin(hierarchy)
    qtbot.waitUntil(lambda: win.inspector.unit is not None and win.controller.is_idle())
    assert win.controller.options.scope == "stage" and win.scope_box.currentData() == "stage"
    assert win.inspector_dock.inspection.unit_address == hierarchy.inspect
    assert any(m.style == "field" for m in win.input_view.marks)  # its receptive field outlined on the input
    QApplication.processEvents()
    # by path (`convviz gui resources/scenes/lecture7_hierarchy.json`) the window presents the same scene
    assert builtin_for_path(resource_path("scenes", hierarchy.file)) is hierarchy


def test_an_edit_while_the_worker_runs_a_re_render_is_not_lost(qtbot, make_window):
    # the worker busy with an extra job (a finer image, an inspection) delivers no Finished: the edit must not
    # wait for one
    win = make_window(mode="manual")
    ctl, sched = win.controller, win.controller.scheduler
    sched.run_next()
    ctl.scheduler.idle = lambda: False  # as if a re-render were running on the worker
    win.builder.select(0)
    win.builder.conv_editor.filters.setValue(7)
    assert len(sched.queue) == 1  # submitted at once: no request was in flight
    del ctl.scheduler.idle
    sched.run_next()
    assert on_screen(win)[0].shape == (6, 6, 7)


def test_the_draw_toolbar_takes_a_row_of_its_own_only_when_the_two_do_not_fit(qtbot, make_window):
    win = make_window()
    colours, draw = win.colours_toolbar, win.draw_tool.toolbar
    both = colours.sizeHint().width() + draw.sizeHint().width()
    win.resize(both + 200, 800)
    qtbot.waitUntil(lambda: win.width() == both + 200)
    assert not win.toolBarBreak(draw) and draw.y() == colours.y()  # side by side
    win.resize(both - 200, 800)
    qtbot.waitUntil(lambda: win.width() == both - 200)
    qtbot.waitUntil(lambda: draw.y() > colours.y())
    assert win.toolBarBreak(draw) and draw.width() >= draw.sizeHint().width()  # whole, on the next row
    win.resize(both + 200, 800)
    qtbot.waitUntil(lambda: draw.y() == colours.y())
    assert not win.toolBarBreak(draw)
