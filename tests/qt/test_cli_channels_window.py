"""`--channels` gives what the window's channel mode gives: the same input and the same maps, and `gui
--channels` opens the window with the mode set."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from convviz.cli import main
from convviz.core.netfile import save_npz, weights_to_arrays
from convviz.scene import load_scene
from tests.test_cli_channels import colour_png, write_net

pytestmark = pytest.mark.usefixtures("qt_checks")


def test_run_gray_computes_what_the_window_computes_in_grey(make_window, qtbot, capsys, tmp_path):
    png, _ = colour_png(tmp_path, 10, 14)  # scaled to fit, zero-padded: the placement matters too
    win = make_window(load_scene(write_net(tmp_path, 3, name="rgb.json")))
    editor = win.builder.input_editor
    win.open_input(png)
    editor.channels_combo.setCurrentIndex(editor.channels_combo.findData("gray"))
    state = win.doc.state
    assert state.input_shape == (10, 10, 1) and state.input_channels == "gray"
    qtbot.waitUntil(lambda: win.controller.is_idle() and win.controller.finished_state is state)
    window_map = win.controller.last_stages[0]

    save_npz(tmp_path / "w.npz", weights_to_arrays(state.network))  # the window's fresh one-channel weights
    rc = main(["run", write_net(tmp_path, 1), "--input", png, "--channels", "gray", "--weights",
               str(tmp_path / "w.npz"), "--out", str(tmp_path / "o.npz")])
    assert rc == 0, capsys.readouterr().err
    with np.load(tmp_path / "o.npz") as out:
        assert_array_equal(out["input"], state.input)
        assert_allclose(out["stage.0"], window_map, rtol=1e-6, atol=1e-6)
    assert np.ptp(window_map) > 0  # a map that shows something


def test_a_scene_loaded_with_channels_opens_with_the_mode_shown(make_window, tmp_path):
    png, _ = colour_png(tmp_path)
    win = make_window(load_scene(write_net(tmp_path, 1), input_path=png, channels="gray"))
    editor = win.builder.input_editor
    assert win.doc.state.input_channels == "gray" and win.doc.state.input_shape == (10, 10, 1)
    assert editor.channels_combo.currentData() == "gray" and not editor.channels_spin.isEnabled()
    editor.height_spin.setValue(8)  # read again at another size: still grey, as a mode set in the window
    assert win.doc.state.input_shape == (8, 10, 1) and win.doc.state.input_channels == "gray"
