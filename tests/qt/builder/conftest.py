"""The builder's fixtures: the lecture's stack in a shown LayerBuilder."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QtMsgType
from PySide6.QtWidgets import QApplication

from convviz.core.layers import Activation, Conv2D
from convviz.core.network import build_network
from convviz.core.samples import sample_image
from convviz.model import StackState, state_from_network
from convviz.qt.builder import LayerBuilder
from convviz.qt.document import Document


def lecture_state() -> StackState:
    layers = (Conv2D(6, (3, 3)), Activation("relu"), Conv2D(10, (3, 3)), Activation("relu"))
    x = sample_image(8, 8, 3, "lecture")
    return state_from_network(build_network(x.shape, layers, seed=0), x, name="lecture")


@pytest.fixture
def no_leaks(qtlog):
    """No Qt warnings and no top-level widget left behind."""
    before = {id(w) for w in QApplication.topLevelWidgets()}
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    bad = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
    warnings = [r.message for r in qtlog.records if r.type in bad and "propagateSizeHints" not in r.message]
    assert warnings == []
    # no new top-level widget (earlier tests' windows may be deleted meanwhile: count only new ones)
    assert [w for w in QApplication.topLevelWidgets() if id(w) not in before] == []


@pytest.fixture
def builder(no_leaks, qtbot):
    doc = Document(lecture_state())
    b = LayerBuilder(doc)
    qtbot.addWidget(b)
    b.resize(420, 760)
    b.show()
    qtbot.waitExposed(b)
    yield b
    b.close()
    b.deleteLater()
    doc.deleteLater()


@pytest.fixture
def lecture() -> StackState:
    return lecture_state()
