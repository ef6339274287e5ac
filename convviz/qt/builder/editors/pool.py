"""The pooling layer's editor: mode, window, stride and, for weighted average pooling, the weights."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ....core.layers import LayerSpec, Pool2D
from ....core.ops import gaussian_pool_weights
from ...text import pool_names, tr
from ..signals import signals_blocked
from .base import Editor, PairEditor, box, commit_typed_numbers, explain, form, label_tips, register, set_combo

#: windows up to this side get a grid of their weights (a larger one keeps its weights, edited in the file)
WEIGHTS_GRID_MAX = 7


def pool_weights(spec: Pool2D) -> np.ndarray:
    """The weights a weighted pool uses, normalised to sum 1: its own, else the default Gaussian."""
    if spec.weights is None:
        return gaussian_pool_weights(spec.size).astype(np.float64)
    w = np.asarray(spec.weights, dtype=np.float64)
    return w / w.sum()


def normalised(grid: np.ndarray) -> tuple[tuple[float, ...], ...] | None:
    """The grid scaled to sum 1 as the spec's rows, or None when it cannot be (all zero, negative, not finite)."""
    total = float(grid.sum())
    if not np.isfinite(grid).all() or (grid < 0).any() or total <= 0:
        return None
    return tuple(tuple(round(float(v) / total, 6) for v in row) for row in grid)


class WeightsGrid(QWidget):
    """K_h × K_w spin boxes of a weighted pool's weights. ``changed`` carries the whole grid as typed; the editor
    normalises it to sum 1, so the cells show what the engine multiplies by."""

    changed = Signal(object)
    reset = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cells: list[list[QDoubleSpinBox]] = []
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(2)
        cells = QWidget()
        cells.setLayout(self._grid)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.gaussian = QPushButton(tr("Gaussian"))
        self.gaussian.setToolTip(tr("Back to the default: a Gaussian centred on the window's centre cell"))
        self.gaussian.clicked.connect(self.reset)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(cells, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(box(QVBoxLayout(), self.note, spacing=0))
        layout.addWidget(self.gaussian, 0, Qt.AlignmentFlag.AlignLeft)

    def cells(self) -> list[QDoubleSpinBox]:
        return [c for row in self._cells for c in row]

    def cell(self, i: int, j: int) -> QDoubleSpinBox:
        return self._cells[i][j]

    def values(self) -> np.ndarray:
        return np.array([[c.value() for c in row] for row in self._cells], dtype=np.float64)

    def set_weights(self, w: np.ndarray, custom: bool) -> None:
        kh, kw = w.shape
        if (len(self._cells), len(self._cells[0]) if self._cells else 0) != (kh, kw):
            self._rebuild(kh, kw)
        for i in range(kh):
            for j in range(kw):
                cell = self._cells[i][j]
                with signals_blocked(cell):
                    cell.setValue(float(w[i, j]))
        self.note.setText(tr("normalised to sum 1; {what}").format(
            what=tr("your weights") if custom else tr("default: Gaussian centred on cell ({y}, {x})").format(
                y=(kh - 1) // 2, x=(kw - 1) // 2)))
        self.gaussian.setEnabled(custom)

    def _rebuild(self, kh: int, kw: int) -> None:
        for cell in self.cells():
            self._grid.removeWidget(cell)
            cell.deleteLater()
        self._cells = []
        for i in range(kh):
            row = []
            for j in range(kw):
                cell = QDoubleSpinBox()
                cell.setRange(0.0, 1.0)
                cell.setDecimals(3)
                cell.setSingleStep(0.05)
                cell.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons)  # a grid of numbers, not of arrows
                cell.setAlignment(Qt.AlignmentFlag.AlignRight)
                cell.setFixedWidth(52)
                cell.setToolTip(tr("weight of window cell ({i}, {j})").format(i=i, j=j))
                commit_typed_numbers(cell)
                cell.valueChanged.connect(lambda _v: self.changed.emit(self.values()))
                self._grid.addWidget(cell, i, j)
                row.append(cell)
            self._cells.append(row)


@register
class PoolEditor(Editor):
    spec_type = Pool2D
    menu_order = 2

    @classmethod
    def kinds(cls) -> list[tuple[str, str]]:
        return list(pool_names().items())

    @classmethod
    def new_spec(cls, kind: str) -> LayerSpec:
        return Pool2D(mode=kind)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox()
        for text, data in ((tr("max"), "max"), (tr("average"), "avg"),
                           (tr("weighted average (Gaussian window)"), "weighted")):
            self.mode.addItem(text, data)
        self.size = PairEditor(1, 16, tr("square"), tr("Keep the window square"))
        self.stride = PairEditor(1, 16, tr("h = w"), tr("The same stride in both directions"))
        self.stride_is_size = QCheckBox(tr("same as the window (no overlap)"))
        stride_box = box(QVBoxLayout(), self.stride_is_size, self.stride, spacing=4)
        self.weights = WeightsGrid()
        self.weights_too_large = QLabel(tr("a window larger than 7×7 keeps its weights (set them in the network "
                                           "file)"))
        self.weights_too_large.setWordWrap(True)
        weights_box = box(QVBoxLayout(), self.weights, self.weights_too_large, spacing=0)
        explain(tr("Pooling mode: max keeps the strongest response of each window; average smooths it; the "
                   "weighted average counts the centre most"), self.mode)
        explain(tr("Window: the K_h × K_w patch of each map that one output summarises; 2×2 with stride 2 halves "
                   "the map's height and width"), self.size)
        explain(tr("Stride: how far the window moves between outputs; equal to the window, the windows tile the "
                   "map without overlapping"), stride_box, self.stride, self.stride_is_size)
        explain(tr("Weights: how much each cell of the window counts in the weighted average (normalised to sum "
                   "1)"), weights_box, self.weights)
        layout = form()
        layout.addRow(tr("Mode"), self.mode)
        layout.addRow(tr("Window"), self.size)
        layout.addRow(tr("Stride"), stride_box)
        layout.addRow(tr("Weights"), weights_box)
        label_tips(layout)
        self._weights_row = weights_box
        self.setLayout(layout)
        self.mode.currentIndexChanged.connect(lambda _i: self._mode_changed())
        self.size.changed.connect(self._size_changed)
        self.stride.changed.connect(self._stride_changed)
        self.stride_is_size.toggled.connect(lambda _on: self._stride_changed())
        self.weights.changed.connect(self._weights_changed)
        self.weights.reset.connect(lambda: self._emit("weights", weights=None))

    def controls(self) -> list[QWidget]:
        return [self.mode, *self.size.spins(), self.size.lock, *self.stride.spins(), self.stride.lock,
                self.stride_is_size, self.weights, *self.weights.cells()]

    def _populate(self, spec: Pool2D) -> None:  # type: ignore[override]
        set_combo(self.mode, spec.mode)
        self.size.set_value(spec.size, self.fresh)
        self.stride.set_value(spec.effective_stride, self.fresh)
        if self.stride_is_size.isChecked() != (spec.stride is None):
            self.stride_is_size.setChecked(spec.stride is None)
        self.stride.setEnabled(spec.stride is not None)
        weighted = spec.mode == "weighted"
        small = max(spec.size) <= WEIGHTS_GRID_MAX
        layout = self.layout()
        layout.setRowVisible(self._weights_row, weighted)
        self.weights.setVisible(weighted and small)
        self.weights_too_large.setVisible(weighted and not small)
        if weighted and small:  # (set_weights blocks the cells' signals, also of cells it makes now)
            self.weights.set_weights(pool_weights(spec), spec.weights is not None)

    def _mode_changed(self) -> None:
        mode = self.mode.currentData()
        self._emit("mode", mode=mode, weights=None)  # weights belong to the weighted mode only

    def _size_changed(self) -> None:
        size = self.size.value()
        spec = self.spec
        keep = isinstance(spec, Pool2D) and spec.weights is not None and np.shape(spec.weights) == size
        self._emit("size", size=size, weights=spec.weights if keep else None)

    def _weights_changed(self, grid: np.ndarray) -> None:
        weights = normalised(grid)
        if weights is None:  # all zero: nothing to average; show the weights in force again
            if isinstance(self.spec, Pool2D):
                self.show_spec(self.spec)
            return
        self._emit("weights", weights=weights)

    def _stride_changed(self) -> None:
        follow = self.stride_is_size.isChecked()
        self.stride.setEnabled(not follow)
        self._emit("stride", stride=None if follow else self.stride.value())
