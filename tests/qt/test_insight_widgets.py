"""The test-split widgets: the confusion matrix lays out its names and maps clicks to cells."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint

from convviz.qt.insight_widgets import ConfusionView
from convviz.qt.training_views import class_names


def test_confusion_names_wider_than_a_cell_stand_upright(qtbot):
    view = ConfusionView()
    qtbot.addWidget(view)
    view.resize(300, 260)
    view.set_counts(np.eye(5, dtype=np.int64) * 3, class_names(("circle", "square", "triangle", "cross", "star")))
    left, top, cell, upright = view._geometry()
    assert upright and top > view.fontMetrics().horizontalAdvance("triangle")
    assert view.cell_at(view.rect().topLeft()) is None
    assert view.cell_at(view.rect().topLeft() + QPoint(left + cell + 2, top + 2)) == (0, 1)
    view.set_counts(np.eye(10, dtype=np.int64), class_names(tuple("0123456789")))
    assert not view._geometry()[3]
