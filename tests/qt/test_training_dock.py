"""The training dock: trains the stack on screen through the worker, plots the curves, applies the weights to the
document (one undo step per run), steps one batch, resets, and stops when the stack is edited."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from convviz.core.layers import Activation, Conv2D, Dense, Flatten, Pool2D
from convviz.core.network import build_network
from convviz.model import state_from_network


def digits_stack(win):
    layers = (Conv2D(4, (5, 5)), Activation("relu"), Pool2D("max", (4, 4)), Flatten(), Dense(10))
    x = np.zeros((28, 28, 1), np.float32)
    win.doc.apply(state_from_network(build_network((28, 28, 1), layers, seed=0), x, 0, "blank"), "digits stack")
    return layers


def dock_of(win):
    t = win.teaching.training
    t.panel.count.setValue(64)
    t.panel.batch.setValue(16)
    return t


def kernel(win):
    return win.doc.state.weights[win.doc.state.layers[0].uid].weight.copy()


@pytest.mark.parametrize("mode", ["sync", "thread"])
def test_a_run_trains_on_the_worker_and_is_one_undo_step(make_window, qtbot, mode):
    win = make_window(mode=mode)
    digits_stack(win)
    t = dock_of(win)
    before, steps = kernel(win), win.doc.undo_stack.count()
    t.start()
    assert t.running and t.panel.start.text() == "Pause"
    qtbot.waitUntil(lambda: sum(len(a) for a in t._xs) >= 6, timeout=20000)  # more than one job, an epoch
    t.pause()
    qtbot.waitUntil(lambda: not t.in_flight, timeout=20000)
    assert not np.array_equal(kernel(win), before)  # the document holds the learned weights
    assert win.doc.undo_stack.count() == steps + 1 and win.doc.undo_stack.undoText() == "Train"
    x, y = t.panel.loss_curve.getData()
    assert len(x) >= 6 and np.all(np.isfinite(y)) and list(x[:3]) == [1, 2, 3]
    assert len(t.panel.test_acc_curve.getData()[0]) >= 1  # 64 images of 16: an epoch is 4 batches
    trained = kernel(win)
    t.step_once()  # one batch: a step of its own
    qtbot.waitUntil(lambda: not t.in_flight and win.doc.undo_stack.count() == steps + 2, timeout=20000)
    assert not np.array_equal(kernel(win), trained)
    win.doc.undo_stack.undo()  # the step, then the whole run
    assert_array_equal(kernel(win), trained)
    win.doc.undo_stack.undo()
    assert_array_equal(kernel(win), before)
    assert t.session is None  # an undo is not the dock's: the next Start trains what is on screen


def test_reset_restores_the_weights_and_an_edit_stops_the_run(make_window, qtbot):
    win = make_window()
    layers = digits_stack(win)
    t = dock_of(win)
    before = kernel(win)
    t.step_once()
    qtbot.waitUntil(lambda: not t.in_flight, timeout=20000)
    assert not np.array_equal(kernel(win), before)
    t.reset()
    assert_array_equal(kernel(win), before) and win.doc.undo_stack.undoText() == "Reset training"
    assert len(t.panel.loss_curve.getData()[0] if t.panel.loss_curve.getData()[0] is not None else []) == 0
    t.start()
    qtbot.waitUntil(lambda: len(t._xs) >= 1, timeout=20000)
    state = win.doc.state
    edited = tuple(layers[:4]) + (Dense(10, bias=False, uid=state.layers[4].uid),)
    win.doc.apply(state_from_network(build_network((28, 28, 1), edited, seed=0), state.input, 0, "x"), "edit")
    assert not t.running and t.session is None and "stack changed" in t.panel.status.text()
    qtbot.waitUntil(lambda: not t.in_flight, timeout=20000)
    assert win.doc.undo_stack.undoText() == "edit"  # a late batch of the old run changes nothing


def test_a_stack_that_cannot_train_says_why(make_window):
    win = make_window()  # the lecture's 8×8×3 stack: not digits' 28×28×1
    t = dock_of(win)
    t.start()
    assert not t.running and "28×28×1" in t.panel.status.text()
    layers = (Conv2D(2, (3, 3)), Activation("relu"))
    win.doc.apply(state_from_network(build_network((28, 28, 1), layers, seed=0), np.zeros((28, 28, 1),
                                                                                          np.float32), 0, "x"), "x")
    t.step_once()
    win.teaching.training.panel.repaint()
    from PySide6.QtWidgets import QApplication

    for _ in range(5):
        QApplication.processEvents()
    assert t.session is None and "dense layer of 10 units" in t.panel.status.text()


def test_the_next_slice_waits_while_the_views_compute_and_paint(make_window, qtbot, monkeypatch):
    """Training while the window repaints makes both fight over the GIL: a slice is asked for only once the
    controller is idle (or after MAX_WAIT_S, so a stuck view can never stop the run)."""
    from convviz.qt import training_dock

    win = make_window(mode="thread")
    digits_stack(win)
    t = dock_of(win)
    busy = {"on": True}
    real_idle = win.controller.is_idle
    monkeypatch.setattr(win.controller, "is_idle", lambda: not busy["on"] and real_idle())
    monkeypatch.setattr(training_dock, "MAX_WAIT_S", 60.0)
    t.start()
    qtbot.waitUntil(lambda: len(t._xs) >= 1 and not t.in_flight, timeout=20000)  # the first slice came back
    qtbot.wait(100)
    assert len(t._xs) == 1 and not t.in_flight  # and no second one was asked for while the views are busy
    busy["on"] = False
    qtbot.waitUntil(lambda: len(t._xs) >= 2, timeout=20000)
    t.pause()
    qtbot.waitUntil(lambda: not t.in_flight, timeout=20000)


@pytest.mark.parametrize("mode", ["sync", "thread"])
def test_making_the_data_says_how_far_it_is(make_window, qtbot, mode):
    win = make_window(mode=mode)
    digits_stack(win)
    t = win.teaching.training
    t.panel.count.setValue(2400)  # 2 400 training and 600 test images: three chunks of 1 000 and one of 400
    t.panel.batch.setValue(16)
    said = []
    set_text = t.panel.status.setText
    t.panel.status.setText = lambda text: (said.append(text), set_text(text))  # a QLabel has no text signal
    t.step_once()
    qtbot.waitUntil(lambda: not t.in_flight, timeout=30000)
    making = [s for s in said if s.startswith("Making 2400 digits images…")]
    assert making[0] == "Making 2400 digits images…"  # at once, before the worker made any
    assert [s.rsplit(" ", 1)[1] for s in making[1:]] == ["33%", "66%", "80%", "100%"]
    assert said[-1].startswith("epoch 1 · batch 1")  # then the first slice
