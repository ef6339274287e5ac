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
from convviz.qt.main_window import MainWindow
from convviz.scene import Scene

pytestmark = pytest.mark.usefixtures("qt_checks")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot):
    made = []

    def make(side=128, mode="sync"):
        net = build_network((side, side, 3), [Conv2D(2, (3, 3))], seed=0)
        win = MainWindow(Scene(net, sample_image(side, side, 3)), mode=mode, debounce_ms=0)
        win.quiet = True
        qtbot.addWidget(win)
        win.show()
        made.append(win)
        return win

    yield make
    for win in made:
        win.close()


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
