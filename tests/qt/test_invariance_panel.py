"""The invariance panel plots instruments.invariance for the stack on screen, measured on the worker, and follows
the stack, the axis and N."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import convviz.qt.controller as controller_module
from convviz.core import Activation, Conv2D, Pool2D, build_network
from convviz.core.samples import sample_image
from convviz.instruments import invariance
from convviz.qt.main_window import MainWindow
from convviz.qt.teaching_docks import INVARIANCE_SCENES
from convviz.scene import LECTURE_SCENES, Scene, builtin_scene

pytestmark = pytest.mark.usefixtures("qt_checks")


def small_scene() -> Scene:
    shape = (20, 24, 3)
    net = build_network(shape, [Conv2D(3, (3, 3), padding="same"), Activation("relu"), Pool2D("max", (2, 2)),
                                Conv2D(2, (3, 3), stride=(2, 1)), Pool2D("avg", (2, 2))], seed=4)
    return Scene(net, sample_image(*shape, "shapes"), 4)


def plotted(win: MainWindow) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """What the two plots draw, read back from their curves."""
    out = {}
    for i, (rel_curve, frac_curve) in win.teaching.invariance.curves.items():
        d, rel = rel_curve.getData()
        d2, frac = frac_curve.getData()
        np.testing.assert_array_equal(d, d2)
        out[i] = (d, rel, frac)
    return out


def assert_plots_the_instrument(win: MainWindow, shift_max: int, axis: str) -> None:
    state = win.doc.state
    expected = invariance(state.network, state.input, shift_max, axis)
    got = plotted(win)
    assert sorted(got) == list(range(len(state.layers)))
    for i, (d, rel, frac) in got.items():
        np.testing.assert_array_equal(d, np.arange(shift_max + 1))
        want_rel = [np.nan if r.stages[i].relative_change is None else r.stages[i].relative_change for r in expected]
        np.testing.assert_allclose(rel, want_rel, rtol=1e-12, equal_nan=True)
        np.testing.assert_allclose(frac, [r.stages[i].changed_fraction for r in expected], rtol=1e-12)


def test_plots_equal_the_instrument_for_every_axis_and_follow_an_edit(make_window):
    win = make_window(small_scene())
    panel = win.teaching.invariance
    win.teaching.show_invariance()
    assert win.teaching.invariance_dock.isVisible()
    assert_plots_the_instrument(win, 3, "x")
    for axis, n in (("y", 2), ("xy", 5)):
        panel.axis.setCurrentIndex(panel.axis.findData(axis))
        panel.shift.setValue(n)
        assert_plots_the_instrument(win, n, axis)
    win.doc.apply(win.doc.state.replace_layer(2, Pool2D("avg", (3, 3))), "edit")
    assert_plots_the_instrument(win, 5, "xy")
    legend = panel.legend.text()
    assert legend.index("conv1 · convolution") < legend.index("ReLU1 · detector (ReLU)") \
        < legend.index("pool1 · pooling") < legend.index("conv2 · convolution") < legend.index("pool2 · pooling")


def test_a_colour_change_does_not_measure_again_and_a_hidden_panel_measures_nothing(make_window, monkeypatch):
    calls = []
    real = controller_module.invariance
    monkeypatch.setattr(controller_module, "invariance", lambda *a, **k: calls.append(1) or real(*a, **k))
    win = make_window(small_scene())
    win.doc.apply(win.doc.state.replace_layer(1, Activation("tanh")), "edit")
    assert calls == []  # the panel is closed
    win.teaching.show_invariance()
    assert calls == [1]
    win.colormap_box.setCurrentIndex(win.colormap_box.findData("gray"))
    assert calls == [1]
    win.doc.apply(win.doc.state.replace_layer(1, Activation("relu")), "edit")
    assert calls == [1, 1]


def test_measured_on_the_worker_thread(make_window, qtbot, monkeypatch):
    threads = []
    real = controller_module.invariance
    monkeypatch.setattr(controller_module, "invariance",
                        lambda *a, **k: threads.append(threading.current_thread().name) or real(*a, **k))
    win = make_window(small_scene(), mode="thread")
    qtbot.waitUntil(lambda: win.controller.is_idle() and win.controller.finished_state is not None)
    with qtbot.waitSignal(win.controller.invariance_ready):
        win.teaching.show_invariance()
    assert threads == ["convviz-worker"]
    assert_plots_the_instrument(win, 3, "x")


def test_the_invariance_scene_opens_the_panel(make_window):
    scenes = [s for s in LECTURE_SCENES if s.file in INVARIANCE_SCENES]
    if not scenes:
        pytest.skip("the invariance lecture scene has not landed yet")
    win = make_window(builtin_scene(LECTURE_SCENES[0]))
    win.open_builtin(scenes[0])
    assert win.teaching.invariance_dock.isVisible()
    assert_plots_the_instrument(win, 3, "x")
    # the lecture's point, measured: pooling changes less than the detector under a 1-pixel shift
    rel = {i: s[1][1] for i, s in plotted(win).items()}
    kinds = [spec.type for spec in win.doc.state.layers]
    assert rel[kinds.index("pool")] < rel[kinds.index("relu")]
