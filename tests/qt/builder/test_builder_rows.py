"""The layer list never cuts a number: shapes and parameter counts are painted whole (names are elided), and
the list is never narrower than its widest numbers."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import QStyleOptionViewItem

from convviz.core.layers import Activation, Conv2D, Pool2D
from convviz.model import StackState
from convviz.qt.builder import LayerBuilder
from convviz.qt.document import Document


class RecordingPainter(QPainter):
    """Paints as usual and records every text with the rectangle it was given and the font it used."""

    def __init__(self, device) -> None:
        super().__init__(device)
        self.texts: list[tuple[str, QRect, int]] = []

    def drawText(self, *args):  # noqa: N802
        if len(args) == 3 and isinstance(args[0], QRect):
            rect, _flags, text = args
            self.texts.append((text, QRect(rect), QFontMetrics(self.font()).horizontalAdvance(text)))
        return super().drawText(*args)


def painted_rows(b: LayerBuilder) -> list[list[tuple[str, QRect, int]]]:
    out = []
    delegate = b.view.itemDelegate()
    for r in range(b.model.rowCount()):
        index = b.model.index(r)
        opt = QStyleOptionViewItem()
        b.view.initViewItemOption(opt)
        opt.rect = b.view.visualRect(index)
        pix = QPixmap(b.view.viewport().size())
        painter = RecordingPainter(pix)
        try:
            delegate.paint(painter, opt, index)
        finally:
            painter.end()
        out.append(painter.texts)
    return out


@pytest.fixture
def big_builder(no_leaks, qtbot):
    # a 2048 × 2048 × 3 input without its 50 MB: the rows only need its shape
    x = np.broadcast_to(np.zeros((1, 1, 1), np.float32), (2048, 2048, 3))
    layers = (Conv2D(16, (3, 3), uid="c1"), Activation("relu", uid="a1"), Pool2D("weighted", (9, 9), uid="p1"),
              Conv2D(512, (31, 31), uid="c2"))
    doc = Document(StackState(x, layers))
    b = LayerBuilder(doc)
    qtbot.addWidget(b)
    b.resize(b.minimumSizeHint().width(), 700)  # as narrow as the dock lets it be
    b.show()
    qtbot.waitExposed(b)
    yield b
    b.close()
    b.deleteLater()
    doc.deleteLater()


def test_the_2046_row_shows_every_digit(big_builder):
    b = big_builder
    rows = b.model.rows()
    assert rows[1].shape == "2046×2046×16" and rows[4].params == "7\u00a0873\u00a0024 params"
    painted = painted_rows(b)
    viewport = b.view.viewport().rect()
    for row, texts in zip(rows, painted, strict=True):
        by_text = {t: (rect, need) for t, rect, need in texts}
        for number in (row.shape, row.params):
            assert number in by_text, (number, texts)  # drawn whole, not elided
            rect, need = by_text[number]
            assert need <= rect.width() and viewport.contains(rect), (number, rect, need)
    # the names give way: a long one is elided, with the whole row in its tooltip
    assert painted[3][-1][0].startswith("weighted") and painted[3][-1][0].endswith("…")
    assert b.model.data(b.model.index(3), Qt.ItemDataRole.ToolTipRole) == rows[3].text


def test_the_list_is_never_narrower_than_its_numbers(big_builder):
    b = big_builder
    delegate = b.view.itemDelegate()
    shape_w, params_w = delegate.number_widths(b.model.rows(), b.view.font())
    assert b.view.viewport().width() >= shape_w + params_w
    assert b.view.width() >= b.view.minimumSizeHint().width() - 1
