"""Shared checks for every widget test: no Qt warnings, no leaked top-level widgets, no leaked threads."""

from __future__ import annotations

import gc
import threading
import time

import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

#: Messages of the offscreen platform that say nothing about the code under test.
HARMLESS_QT_MESSAGES = ("propagateSizeHints",)


@pytest.fixture(autouse=True)
def qt_checks(qapp):
    """Fail a test that makes Qt print a warning or leaves a visible top-level widget behind."""
    messages: list[str] = []

    def handler(kind, context, text):
        if kind != QtMsgType.QtDebugMsg and not any(h in text for h in HARMLESS_QT_MESSAGES):
            messages.append(text)

    # no cyclic GC inside the test: collected at an arbitrary allocation it can destroy a window of an earlier test
    # in the middle of a Qt call holding the lock that window's destructor needs (a hang seen here); collect at the
    # end instead, between events
    gc.disable()
    before = set(map(id, QApplication.topLevelWidgets()))
    threads_before = {t.ident for t in threading.enumerate()}
    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qapp.processEvents()
        gc.collect()
        gc.enable()
    qapp.processEvents()
    qInstallMessageHandler(previous)
    assert not messages, messages
    leaked = [w for w in QApplication.topLevelWidgets() if id(w) not in before and w.isVisible()]
    assert not leaked, leaked
    deadline = time.monotonic() + 2.0
    while True:
        extra = [t for t in threading.enumerate() if t.ident not in threads_before and t.is_alive()]
        if not extra or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    assert not extra, f"threads left running: {extra}"


@pytest.fixture
def make_window(qtbot):
    """A factory of shown explorer windows (a synchronous worker unless ``mode`` says otherwise, no modal
    dialogs); every window it made is closed after the test."""
    from convviz.qt.main_window import MainWindow
    from convviz.scene import LECTURE_SCENES, builtin_scene

    made = []

    def make(scene=None, mode: str = "sync", debounce_ms: int = 0, quiet: bool = True):
        win = MainWindow(scene if scene is not None else builtin_scene(LECTURE_SCENES[2]), mode=mode,
                         debounce_ms=debounce_ms)
        win.quiet = quiet
        qtbot.addWidget(win)
        win.show()
        made.append(win)
        return win

    yield make
    for win in made:
        win.quiet = True  # a test may have made it ask before discarding: no modal prompt at teardown
        win.close()


@pytest.fixture
def win(make_window, qtbot):
    """The lecture's scene 3 (conv1 → ReLU → conv2 → ReLU) in a shown window."""
    w = make_window()
    qtbot.waitExposed(w)
    w.activateWindow()  # keyboard tests need the window active
    return w


def assert_views_follow(w) -> None:
    """Every stage view shows what the engine computes for the document's state."""
    from numpy.testing import assert_allclose

    from convviz.core.network import build_network, forward

    state = w.doc.state
    net = build_network(state.input_shape, state.layers, state.weights, seed=state.seed)
    for i, stage in enumerate(forward(net, state.input)):
        assert_allclose(w.stages.view(i).rendered.raw, stage, rtol=1e-5, atol=1e-5)
