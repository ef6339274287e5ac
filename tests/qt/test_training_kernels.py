"""The Training dock's Kernels page: every conv layer's kernels of the weights on screen, made on the worker while
the page is seen, following training."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

from convviz.core.layers import Activation, Conv2D, Dense, Flatten, Pool2D
from convviz.core.network import build_network
from convviz.display import DisplayOptions
from convviz.model import state_from_network
from convviz.render import render_kernels


def digits_window(make_window, mode="sync"):
    win = make_window(mode=mode)
    layers = (Conv2D(4, (5, 5)), Activation("relu"), Pool2D("max", (2, 2)), Conv2D(6, (3, 3)), Activation("relu"),
              Flatten(), Dense(10))
    x = np.zeros((28, 28, 1), np.float32)
    win.doc.apply(state_from_network(build_network((28, 28, 1), layers, seed=0), x, 0, "blank"), "digits stack")
    t = win.teaching.training
    t.panel.count.setValue(64)
    t.panel.batch.setValue(16)
    t.dock.show()
    return win, t


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    h, w = image.height(), image.width()
    return np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes()).reshape(h, image.bytesPerLine())[
        :, :4 * w].reshape(h, w, 4)


def show_page(qtbot, t):
    t.panel.tabs.setCurrentIndex(t.kernels.index)
    qtbot.waitUntil(lambda: t.kernels._shown_state is t.doc.state and not t.kernels._busy, timeout=10000)


@pytest.mark.parametrize("mode", ["sync", "thread"])
def test_the_page_shows_every_conv_layer_of_the_weights_on_screen(make_window, qtbot, mode):
    win, t = digits_window(make_window, mode)
    show_page(qtbot, t)
    rows = t.kernels.page.rows
    assert [caption.split(" · ")[0] for caption, _ in rows] == ["conv1", "conv2"]
    assert "kernels 4 × 5×5 × 1" in rows[0][0] and "kernels 6 × 3×3 × 4" in rows[1][0]
    area = (max(100, t.kernels._laid_out_for - 8), 150)
    for (caption, image), layer in zip(rows, (0, 3), strict=True):
        w = win.doc.state.weights[win.doc.state.layers[layer].uid].weight
        expected = render_kernels(w, DisplayOptions(kernel_area=area))
        np.testing.assert_array_equal(pixels(image), expected.rgba)
        assert f"±{float(np.max(np.abs(expected.levels))):.3g}" in caption


def test_only_a_seen_page_is_made_and_it_follows_training(make_window, qtbot):
    win, t = digits_window(make_window)
    made = []
    original = t.scheduler.submit_extra
    t.scheduler.submit_extra = lambda job: (made.append(job), original(job))
    before = t.doc.state
    t.step_once()  # the weights change while the Curves page is on screen
    qtbot.waitUntil(lambda: not t.in_flight and t.doc.state is not before, timeout=20000)
    jobs = len(made)
    assert t.kernels._shown_state is None  # nothing made for an unseen page …
    show_page(qtbot, t)  # … until it is seen
    assert len(made) == jobs + 1
    shown = pixels(t.kernels.page.rows[0][1]).copy()
    t.step_once()
    qtbot.waitUntil(lambda: not t.in_flight and t.kernels._shown_state is t.doc.state, timeout=20000)
    assert not np.array_equal(pixels(t.kernels.page.rows[0][1]), shown)  # a step of training moved conv1
