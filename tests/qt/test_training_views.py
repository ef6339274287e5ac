"""The training dock's views of the test split: confusion matrix, mistakes and top images per channel computed on
the worker after an epoch or a pause, and a chosen test image made the window's input in one undo step."""

from __future__ import annotations

import re

import numpy as np
import pytest
from numpy.testing import assert_array_equal
from PySide6.QtCore import Qt

from convviz.core.layers import Activation, Conv2D, Dense, Flatten, Pool2D
from convviz.core.network import build_network, forward
from convviz.model import state_from_network
from convviz.train.trainer import evaluate_network


def digits_window(make_window, mode="sync"):
    win = make_window(mode=mode)
    layers = (Conv2D(4, (5, 5)), Activation("relu"), Pool2D("max", (4, 4)), Flatten(), Dense(10))
    x = np.zeros((28, 28, 1), np.float32)
    win.doc.apply(state_from_network(build_network((28, 28, 1), layers, seed=0), x, 0, "blank"), "digits stack")
    t = win.teaching.training
    t.panel.count.setValue(96)  # the test split: 24 images
    t.panel.batch.setValue(16)
    return win, t


def settle(qtbot, t):
    qtbot.waitUntil(lambda: not t.in_flight and not t.views._busy and t.views._incoming is None, timeout=30000)


def tiles(grid):
    return [tile for _, row in grid.rows for tile in row]


@pytest.mark.parametrize("mode", ["sync", "thread"])
def test_an_epoch_and_a_pause_fill_the_views_from_the_worker(make_window, qtbot, mode):
    win, t = digits_window(make_window, mode)
    v = t.views
    assert v.insight is None and not v.show_button.isEnabled()
    t.start()
    qtbot.waitUntil(lambda: v.insight is not None, timeout=30000)  # an epoch's (the worker may have run more)
    epoch = int(re.search(r"after epoch (\d+)", v.summary.text()).group(1))
    assert 1 <= epoch <= len(t._tests) and v.insight.accuracy == t._tests[epoch - 1][1]  # that epoch's test point
    t.pause()
    settle(qtbot, t)
    ins = v.insight
    data = ins.data
    # after the pause the views hold the weights on screen: checked by the trainer's own forward and per image
    acc, confusion = evaluate_network(win.doc.state.network, data)
    assert_array_equal(v.confusion.counts, confusion) and confusion.sum() == len(data) == 24
    net = win.doc.state.network
    pred = np.array([forward(net, img)[-1].ravel().argmax() for img in data.x])
    assert acc == pytest.approx(np.mean(pred == data.y))
    shown = tiles(v.mistakes)
    assert len(shown) == min(16, int(np.sum(pred != data.y)))
    for tile in shown:
        i = tile.index
        assert pred[i] != data.y[i] and tile.caption == f"{data.y[i]} → {pred[i]}"
    # per channel of conv1, the six test images with the highest maximum after the ReLU, best first
    relu = np.stack([forward(net, img)[1] for img in data.x])
    best = relu.max(axis=(1, 2))
    assert [text for text, _ in v.channels.rows] == ["f0", "f1", "f2", "f3"]
    for c, (_, row) in enumerate(v.channels.rows):
        got = [tile.index for tile in row]
        assert len(got) == 6
        np.testing.assert_allclose(best[got, c], np.sort(best[:, c])[::-1][:6], rtol=1e-5)
    v.reduction.setCurrentIndex(v.reduction.findData("mean"))
    mean = relu.mean(axis=(1, 2))
    for c, (_, row) in enumerate(v.channels.rows):
        np.testing.assert_allclose(mean[[tile.index for tile in row], c], np.sort(mean[:, c])[::-1][:6], rtol=1e-4)


def test_a_clicked_test_image_is_the_input_in_one_undo_step_and_training_goes_on(make_window, qtbot):
    win, t = digits_window(make_window)
    v = t.views
    t.step_once()  # a step asks for the views
    settle(qtbot, t)
    assert v.insight is not None and v.show_button.isEnabled()
    before, steps = win.doc.state.input, win.doc.undo_stack.count()
    tile, _, rect = next((tile, text, rect) for text, tile, rect in v.channels._positions())
    qtbot.mouseClick(v.channels, Qt.MouseButton.LeftButton, pos=rect.center())
    i = tile.index
    state = win.doc.state
    assert_array_equal(state.input, v.insight.data.x[i])
    assert win.doc.undo_stack.count() == steps + 1 and f"test image {i}" in win.doc.undo_stack.undoText()
    assert f"test image {i}" in win.builder.input_editor.source.currentText()  # the window says which
    assert f"The window shows test image {i}" in v.summary.text() and v.index.value() == i
    assert v.channels.marked == i
    assert t.session is not None  # another input is no edit of the stack: the run goes on
    t.step_once()
    settle(qtbot, t)
    assert t.session is not None and win.doc.state.input is state.input
    win.doc.undo_stack.undo()  # the step
    win.doc.undo_stack.undo()  # the test image
    assert_array_equal(win.doc.state.input, before) and v.shown is None
    assert "The window shows" not in v.summary.text()
    v.index.setValue(3)  # by its number
    assert_array_equal(win.doc.state.input, v.insight.data.x[3])


def test_a_confusion_cell_filters_the_mistakes(make_window, qtbot):
    win, t = digits_window(make_window)
    v = t.views
    v.evaluate.click()  # no session: the weights on screen, on the panel's test split
    settle(qtbot, t)
    ins = v.insight
    assert ins is not None and ins.confusion.sum() == 24
    off = np.argwhere(ins.confusion * (1 - np.eye(len(ins.confusion), dtype=int)) > 0)
    r, c = (int(a) for a in off[0])
    v.confusion.cell_clicked.emit(r, c)
    shown = tiles(v.mistakes)
    assert len(shown) == min(16, ins.confusion[r, c])
    assert all(ins.data.y[tile.index] == r and ins.predictions[tile.index] == c for tile in shown)
    v.confusion.cell_clicked.emit(r, c)  # again: all of them
    assert len(tiles(v.mistakes)) == min(16, len(ins.wrong))


def test_evaluate_refuses_a_stack_of_another_input(make_window, qtbot):
    win = make_window()  # the lecture's 8×8×3 stack
    v = win.teaching.training.views
    v.evaluate.click()
    assert v.insight is None and "28×28×1" in v.summary.text()


def test_a_reset_says_the_views_are_of_earlier_weights(make_window, qtbot):
    win, t = digits_window(make_window)
    v = t.views
    t.step_once()
    settle(qtbot, t)
    assert "accuracy" in v.summary.text()
    t.reset()
    assert "earlier weights" in v.summary.text()
    v.evaluate.click()  # the weights on screen again, on the same (reused) test split
    settle(qtbot, t)
    assert "weights on screen" in v.summary.text() and v.insight.confusion.sum() == 24



def test_while_training_runs_an_epochs_views_are_drawn_in_a_later_turn_and_only_the_newest(make_window, qtbot,
                                                                                             monkeypatch):
    from types import SimpleNamespace

    from convviz.train.data import generate
    from convviz.train.insight import compute_insight

    win, t = digits_window(make_window)
    v = t.views
    net = win.doc.state.network
    first, second = (compute_insight(net, generate("digits", 24, seed=s, split="test")) for s in (1, 2))
    released = []
    monkeypatch.setattr(t.scheduler, "release", lambda *objs: released.extend(objs))
    monkeypatch.setattr(t, "running", True)  # as while a run goes on (no job is in flight here)
    v._on_slice(SimpleNamespace(insight=first, epoch=1))
    assert v.insight is None  # not while the slice that brought it is being handled
    v._on_slice(SimpleNamespace(insight=second, epoch=2))  # another epoch ended before it was drawn
    assert released == [first]
    qtbot.waitUntil(lambda: v.insight is second, timeout=5000)
    assert "after epoch 2" in v.summary.text() and v._incoming is None
