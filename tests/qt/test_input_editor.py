"""The input editor: an opened image keeps its aspect ratio (fit, crop or stretch, undoable, said in words), large
inputs are made on the worker's input lane, and `convviz gui` computes what `convviz run` computes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from convviz.core.layers import Conv2D
from convviz.core.network import build_network
from convviz.core.samples import sample_image
from convviz.scene import Scene

pytestmark = pytest.mark.usefixtures("qt_checks")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(make_window):
    """A shown window on one conv layer over a side × side × 3 sample (the shared factory closes it)."""

    def make(side=128, mode="sync"):
        net = build_network((side, side, 3), [Conv2D(2, (3, 3))], seed=0)
        return make_window(scene=Scene(net, sample_image(side, side, 3)), mode=mode)

    return make


def wide_png(tmp_path, name="wide.png"):
    """300 wide × 200 high, orange with a blue left third (to tell a crop from a fit)."""
    img = QImage(300, 200, QImage.Format.Format_RGB32)
    img.fill(QColor("#ff8000"))
    painter = QPainter(img)
    painter.fillRect(0, 0, 100, 200, QColor("#0000ff"))
    painter.end()
    path = tmp_path / name
    assert img.save(str(path))
    return path


def filled_box(x: np.ndarray) -> tuple[int, int]:
    """(rows, columns) holding anything but zeros."""
    nonzero = x.any(axis=2)
    return int(nonzero.any(axis=1).sum()), int(nonzero.any(axis=0).sum())


def test_an_opened_wide_image_keeps_its_aspect_ratio_and_says_so(qtbot, tmp_path, window):
    win = window()
    editor = win.builder.input_editor
    win.open_input(str(wide_png(tmp_path)))
    state = win.doc.state
    assert state.input_shape == (128, 128, 3) and state.input_fit == "fit"
    rows, cols = filled_box(state.input)
    assert (rows, cols) == (85, 128)  # 300 : 200 ≈ 128 : 85, not 128 : 128
    assert not state.input[:21].any() and not state.input[106:].any()  # centred, zero above and below
    assert editor.fit_combo.currentData() == "fit"
    assert editor.fit_note.isVisible()
    assert "200×300 fitted into 128×128" in editor.fit_note.text() and "zero-padded" in editor.fit_note.text()

    editor.fit_combo.setCurrentIndex(editor.fit_combo.findData("crop"))
    cropped = win.doc.state
    assert cropped.input_fit == "crop" and filled_box(cropped.input) == (128, 128)
    # the blue third is 100 of 300 columns; cropped to the centre 200 of them, 50 blue columns remain (32 of 128)
    blue = (cropped.input[64, :, 2] > 0.9) & (cropped.input[64, :, 0] < 0.1)
    assert 30 <= blue.sum() <= 34
    assert "cropped to fill" in editor.fit_note.text()

    win.builder.select(None)
    editor.height_spin.setValue(64)  # read again at a new size: still cropped
    assert win.doc.state.input_fit == "crop" and filled_box(win.doc.state.input) == (64, 128)

    win.doc.undo_stack.undo()
    win.doc.undo_stack.undo()  # back to the fitted image, and the combo says so
    assert win.doc.state.input_fit == "fit" and filled_box(win.doc.state.input) == (85, 128)
    assert editor.fit_combo.currentData() == "fit" and "fitted into" in editor.fit_note.text()


def test_the_fit_choice_made_on_a_sample_applies_to_the_next_image(tmp_path, window):
    win = window()
    editor = win.builder.input_editor
    editor.fit_combo.setCurrentIndex(editor.fit_combo.findData("stretch"))
    assert win.doc.state.input_fit == "stretch" and not editor.fit_note.isVisible()
    win.open_input(str(wide_png(tmp_path)))
    assert filled_box(win.doc.state.input) == (128, 128)
    assert "stretched to 128×128" in editor.fit_note.text()


def test_a_large_image_is_decoded_on_the_worker_lane(qtbot, tmp_path, window, monkeypatch):
    from convviz.qt import input_editor

    win = window(side=600, mode="thread")
    qtbot.waitUntil(win.controller.is_idle, timeout=10000)
    monkeypatch.setattr(input_editor, "SYNC_PIXELS", 0)  # every input counts as large
    path = wide_png(tmp_path)
    win.open_input(str(path))
    assert win.doc.state.input_path is None  # not yet: on the worker
    qtbot.waitUntil(lambda: win.doc.state.input_path == str(path), timeout=10000)
    assert filled_box(win.doc.state.input) == (400, 600)


def test_a_failed_decode_on_the_lane_changes_nothing_and_says_why(qtbot, tmp_path, window, monkeypatch):
    from convviz.qt import input_editor

    win = window(mode="thread")
    qtbot.waitUntil(win.controller.is_idle, timeout=10000)
    monkeypatch.setattr(input_editor, "SYNC_PIXELS", 0)
    state = win.doc.state
    bad = tmp_path / "not.png"
    bad.write_text("not an image")
    with qtbot.waitSignal(win.builder.input_editor.failed, timeout=10000):
        win.open_input(str(bad))
    assert win.doc.state is state and "not an image" in win.last_message


def test_a_failing_rerender_is_shown_not_dropped(qtbot, window):
    win = window(mode="thread")
    qtbot.waitUntil(win.controller.is_idle, timeout=10000)

    def broken():
        raise RuntimeError("out of colours")

    with qtbot.waitSignal(win.controller.job_failed, timeout=10000):
        win.controller.scheduler.submit_extra(broken)
    assert "out of colours" in win.statusBar().currentMessage()


GUI_EXPORTING = """
import sys
from convviz import cli
from convviz.qt import main_window

real_close = main_window.MainWindow.close


def close(self):  # run_gui closes the window once every view is finished: write what it computed
    self.export_stages(sys.argv[1])
    return real_close(self)


main_window.MainWindow.close = close
sys.exit(cli.main(sys.argv[2:]))
"""


@pytest.mark.parametrize("mode", ["fit", "crop", "stretch"])
def test_gui_and_run_compute_the_same_numbers_for_the_same_arguments(tmp_path, mode):
    """`convviz gui NET --input IMG --fit M` through the real command line (in its own process, as a user runs
    it), against `convviz run` with the same arguments."""
    from convviz import cli

    net = tmp_path / "net.json"
    net.write_text('{"input": {"height": 96, "width": 64, "channels": 3}, '
                   '"layers": [{"type": "conv", "filters": 3, "kernel_size": 3}, {"type": "relu"}]}')
    img = wide_png(tmp_path)
    args = [str(net), "--input", str(img), "--fit", mode, "--seed", "7"]
    assert cli.main(["run", *args, "--out", str(tmp_path / "run.npz")]) == 0
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", GUI_EXPORTING, str(tmp_path / "gui.npz"), "gui", *args,
                           "--screenshot", str(tmp_path / "shot.png")], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    with np.load(tmp_path / "run.npz") as ran, np.load(tmp_path / "gui.npz") as shown:
        assert sorted(ran.files) == sorted(shown.files)
        for key in ran.files:
            np.testing.assert_array_equal(ran[key], shown[key], err_msg=key)


def luminance(rgb: np.ndarray) -> np.ndarray:
    """0.299 R + 0.587 G + 0.114 B, pixel by pixel (the reference for the grey channel mode)."""
    out = np.zeros(rgb.shape[:2] + (1,), np.float64)
    for i in range(rgb.shape[0]):
        for j in range(rgb.shape[1]):
            r, g, b = (float(v) for v in rgb[i, j, :3])
            out[i, j, 0] = 0.299 * r + 0.587 * g + 0.114 * b
    return out


def test_grayscale_of_a_coloured_image_is_its_luminance_and_undo_gives_rgb_back(tmp_path, window):
    win = window(side=32)
    editor = win.builder.input_editor
    win.open_input(str(wide_png(tmp_path)))
    rgb = win.doc.state.input.copy()
    assert rgb.shape == (32, 32, 3) and editor.channels_combo.currentData() == "own"
    assert editor.channels_spin.isEnabled()

    editor.channels_combo.setCurrentIndex(editor.channels_combo.findData("gray"))
    state = win.doc.state
    assert state.input_shape == (32, 32, 1) and state.input_channels == "gray"
    np.testing.assert_allclose(state.input, luminance(rgb), atol=1e-5)
    assert 0.25 < state.input.max() < 0.75  # orange and blue are mid greys, not white or black
    assert not editor.channels_spin.isEnabled()  # grey fixes C

    win.builder.select(None)
    editor.height_spin.setValue(16)  # read again at another size: still grey
    assert win.doc.state.input_shape == (16, 32, 1) and win.doc.state.input_channels == "gray"

    win.doc.undo_stack.undo()
    win.doc.undo_stack.undo()
    state = win.doc.state
    assert state.input_shape == (32, 32, 3) and state.input_channels == "own"
    np.testing.assert_array_equal(state.input, rgb)
    assert editor.channels_combo.currentData() == "own" and editor.channels_spin.isEnabled()


def test_channel_modes_of_an_opened_array(tmp_path, window):
    win = window(side=16)
    editor = win.builder.input_editor
    arr = np.random.default_rng(1).random((8, 10, 3)).astype(np.float32)
    np.save(tmp_path / "a.npy", arr)
    win.open_input(str(tmp_path / "a.npy"))
    np.testing.assert_array_equal(win.doc.state.input, arr)  # own channels: as it is
    editor.channels_combo.setCurrentIndex(editor.channels_combo.findData("gray"))
    np.testing.assert_allclose(win.doc.state.input, luminance(arr), atol=1e-5)
    editor.channels_combo.setCurrentIndex(editor.channels_combo.findData("own"))
    np.testing.assert_array_equal(win.doc.state.input, arr)  # the array's own three again, read from the file
    editor.channels_combo.setCurrentIndex(editor.channels_combo.findData("rgb"))
    np.save(tmp_path / "b.npy", arr[..., :2])  # two channels are neither RGB nor grey: said, nothing changes
    before = win.doc.state
    win.open_input(str(tmp_path / "b.npy"))
    assert win.doc.state is before


def test_the_crop_position_moves_which_part_of_the_image_is_used(tmp_path, window):
    """A 200 high × 300 wide image cropped into 200 × 200 is not scaled: the input is a slice of its pixels."""
    win = window(side=200)
    editor = win.builder.input_editor
    pixels = np.random.default_rng(2).integers(0, 256, (200, 300, 3), dtype=np.uint8)
    img = QImage(pixels.tobytes(), 300, 200, 900, QImage.Format.Format_RGB888)
    assert img.save(str(tmp_path / "noise.png"))
    reference = pixels.astype(np.float32) / 255  # the file's own pixels, sliced below by hand
    editor.fit_combo.setCurrentIndex(editor.fit_combo.findData("crop"))
    assert not editor.crop_row.isHidden()
    win.open_input(str(tmp_path / "noise.png"))
    np.testing.assert_allclose(win.doc.state.input, reference[:, 50:250], atol=1e-6)  # the centre

    win.builder.select(None)
    editor.crop_x_spin.setValue(0)
    assert win.doc.state.input_anchor == (0.5, 0.0)
    np.testing.assert_allclose(win.doc.state.input, reference[:, 0:200], atol=1e-6)
    assert "kept from 50% down, 0% across" in editor.fit_note.text()
    editor.crop_x_spin.setValue(100)
    np.testing.assert_allclose(win.doc.state.input, reference[:, 100:300], atol=1e-6)
    editor.crop_x_spin.setValue(25)
    np.testing.assert_allclose(win.doc.state.input, reference[:, 25:225], atol=1e-6)

    while win.doc.state.input_anchor != (0.5, 0.5):
        win.doc.undo_stack.undo()
    np.testing.assert_allclose(win.doc.state.input, reference[:, 50:250], atol=1e-6)
    assert editor.crop_x_spin.value() == 50

    editor.fit_combo.setCurrentIndex(editor.fit_combo.findData("fit"))
    assert editor.crop_row.isHidden()  # only a crop has a position


def test_gui_on_a_project_opens_its_input_as_saved_and_a_gone_file_is_named_not_mislabelled(tmp_path, window,
                                                                                            make_window):
    from convviz.model import StackState
    from convviz.qt.app import opening
    from convviz.scene import load_scene

    win = window(side=200)
    editor = win.builder.input_editor
    editor.fit_combo.setCurrentIndex(editor.fit_combo.findData("crop"))
    win.open_input(str(wide_png(tmp_path)))
    editor.crop_x_spin.setValue(0)
    saved = win.doc.state
    project = tmp_path / "s.convviz"
    win.project_actions.save_to(str(project))

    start, _ = opening(str(project), load_scene(str(project)), overridden=False)  # `convviz gui s.convviz`
    assert isinstance(start, StackState)
    assert (start.input_path, start.input_fit, start.input_anchor) == (saved.input_path, "crop", (0.5, 0.0))
    np.testing.assert_array_equal(start.input, saved.input)
    again = make_window(scene=start)
    assert again.builder.input_editor.source.currentText() == "image: wide.png"
    given = load_scene(str(project), channels="rgb")  # an override: the scene that says what it replaced
    assert opening(str(project), given, overridden=True)[0] is given

    (tmp_path / "wide.png").unlink()  # the project reopened without its image: its pixels, its name, no file
    start, _ = opening(str(project), load_scene(str(project)), overridden=False)
    assert start.input_path is None and start.input_name == "wide.png"
    gone = make_window(scene=start)
    box = gone.builder.input_editor
    assert box.source.currentText() == "image: wide.png"  # never "sample: shapes"
    before = gone.doc.state
    box.height_spin.setValue(120)  # nothing to read again at another size: said, nothing lost
    assert gone.doc.state is before and "wide.png has no file to read again" in box.message.text()
    assert box.height_spin.value() == 200
