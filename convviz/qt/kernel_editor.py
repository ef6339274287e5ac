"""The kernel editor: one filter's kernels as grids of numbers, one per input channel, and its bias — typed in
by hand, copied and pasted between filters and channels, scaled, negated, normalised, zeroed, set from a preset
or initialised afresh. Opened by a click on a kernel in the kernel view. Every change is one undoable step of the
document (convviz.kernel_edits computes it); the maps follow through the controller as for any edit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import kernel_edits as ke
from ..core.kernels import PRESETS
from ..core.layers import Conv2D, lecture_name
from .text import fmt_value, preset_names, tr

if TYPE_CHECKING:
    from .main_window import MainWindow

#: at most this many input channels get a grid (the operations still apply to all)
MAX_GRIDS = 16


def _num(v: float) -> str:
    return f"{float(v) + 0.0:.4g}"


class KernelEditor(QDockWidget):
    """A dock on the right; ``open_kernel(layer, f, c)`` shows filter ``f`` of conv layer ``layer``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(tr("Kernel editor"), window)
        self.setObjectName("kernel-editor-dock")
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.w = window
        self.doc = window.doc
        self.uid: str | None = None
        self.filter = 0
        self.copied: np.ndarray | None = None
        self.grids: list[QTableWidget] = []

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.filter_spin = QSpinBox()
        self.filter_spin.setPrefix("f")
        self.filter_spin.valueChanged.connect(self._on_filter)
        self.scope = QComboBox()
        self.scope.setToolTip(tr("What Copy, Paste and the operations act on"))
        self.bias_spin = QDoubleSpinBox()
        self.bias_spin.setRange(-1e6, 1e6)
        self.bias_spin.setDecimals(4)
        self.bias_spin.setKeyboardTracking(False)  # typing "-0.5" must not pass through "-0"
        self.bias_spin.valueChanged.connect(self._on_bias)
        self.factor_spin = QDoubleSpinBox()
        self.factor_spin.setRange(-1000, 1000)
        self.factor_spin.setDecimals(3)
        self.factor_spin.setValue(2.0)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()

        top = QGridLayout()
        top.addWidget(QLabel(tr("Filter")), 0, 0)
        top.addWidget(self.filter_spin, 0, 1)
        top.addWidget(QLabel(tr("Bias b")), 0, 2)
        top.addWidget(self.bias_spin, 0, 3)
        top.addWidget(QLabel(tr("Acts on")), 1, 0)
        top.addWidget(self.scope, 1, 1, 1, 3)

        ops = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, tip in (("copy", tr("Copy"), tr("Copy the kernel (or the whole filter)")),
                               ("paste", tr("Paste"), tr("Paste the copied kernel here")),
                               ("scale", tr("Scale ×"), tr("Multiply by the factor")),
                               ("negate", tr("Negate"), tr("Multiply by −1")),
                               ("normalise", tr("Normalise"), tr("Divide by the sum, so the weights sum to 1 (a "
                                                                 "kernel summing to 0: by the sum of magnitudes)")),
                               ("zero", tr("Zero"), tr("Set every weight to 0"))):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, k=key: self.run(k))
            self.buttons[key] = button
            ops.addWidget(button)
            if key == "scale":
                ops.addWidget(self.factor_spin)

        self.preset_box = QComboBox()
        names = preset_names()  # translated, as in the builder
        for name in PRESETS:
            self.preset_box.addItem(names.get(name, name.replace("_", " ")), name)
        preset_button = QPushButton(tr("Set this filter"))
        preset_button.clicked.connect(self._on_preset)
        self.scheme_box = QComboBox()
        for key, text in (("he", tr("He")), ("xavier", tr("Xavier")), ("uniform", tr("uniform"))):
            self.scheme_box.addItem(text, key)
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setPrefix(tr("seed "))
        init_filter = QPushButton(tr("This filter"))
        init_filter.clicked.connect(lambda: self._on_reinit(whole=False))
        init_layer = QPushButton(tr("Whole layer"))
        init_layer.clicked.connect(lambda: self._on_reinit(whole=True))
        presets = QHBoxLayout()
        presets.addWidget(QLabel(tr("Preset")))
        presets.addWidget(self.preset_box, 1)
        presets.addWidget(preset_button)
        inits = QHBoxLayout()
        inits.addWidget(QLabel(tr("Initialise")))
        inits.addWidget(self.scheme_box)
        inits.addWidget(self.seed_spin)
        inits.addWidget(init_filter)
        inits.addWidget(init_layer)

        self._grid_holder = QWidget()
        self._grid_layout = QGridLayout(self._grid_holder)
        self._grid_layout.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._grid_holder)

        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.heading)
        column.addLayout(top)
        column.addWidget(scroll, 1)
        column.addLayout(ops)
        column.addLayout(presets)
        column.addLayout(inits)
        column.addWidget(self.message)
        hint = QLabel(tr("Type a number in a cell and press Enter; every change is one step of Edit → Undo."))
        hint.setWordWrap(True)
        hint.setEnabled(False)
        column.addWidget(hint)
        self.setWidget(body)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self)
        self.hide()
        self.doc.changed.connect(self._on_doc_changed)

    # --- opening and showing ------------------------------------------------------------------------------

    def open_kernel(self, layer: int, f: int, channel: int | None = None) -> None:
        state = self.doc.state
        if not 0 <= layer < len(state.layers) or not isinstance(state.layers[layer], Conv2D):
            return
        self.uid = state.layers[layer].uid
        self.filter = f
        self.show()
        self.raise_()
        self.refresh(scope_channel=channel)

    def _located(self):
        """(layer index, spec, weights) of the edited layer in the document, or None."""
        state = self.doc.state
        net = state.network
        if net is None or self.uid is None:
            return None
        for i, spec in enumerate(state.layers):
            if spec.uid == self.uid and isinstance(spec, Conv2D):
                return i, spec, net.weights[spec.uid]
        return None

    def refresh(self, scope_channel: int | None | bool = False) -> None:
        """Show the document's numbers; ``scope_channel`` (not False) also selects what the operations act on."""
        found = self._located()
        self.setEnabled(found is not None)
        if found is None:
            self.heading.setText(tr("No conv layer to edit: click a kernel in the kernel view."))
            return
        index, spec, lw = found
        n_f, kh, kw, cin = lw.weight.shape
        self.filter = min(self.filter, n_f - 1)
        self.heading.setText(tr("{layer} · filter f{f} · {kh}×{kw} × {cin} input channels").format(
            layer=lecture_name(self.doc.state.layers, index), f=self.filter, kh=kh, kw=kw, cin=cin))
        with QSignalBlocker(self.filter_spin):
            self.filter_spin.setRange(0, n_f - 1)
            self.filter_spin.setValue(self.filter)
        with QSignalBlocker(self.scope):
            current = self.scope.currentData() if scope_channel is False else scope_channel
            self.scope.clear()
            self.scope.addItem(tr("the whole filter (all channels)"), None)
            for c in range(cin):
                self.scope.addItem(tr("channel c{c}").format(c=c), c)
            self.scope.setCurrentIndex(max(0, self.scope.findData(current)))
        with QSignalBlocker(self.bias_spin):
            self.bias_spin.setEnabled(lw.bias is not None)
            self.bias_spin.setValue(float(lw.bias[self.filter]) if lw.bias is not None else 0.0)
        self._show_grids(lw.weight[self.filter])

    def _show_grids(self, kernels: np.ndarray) -> None:
        kh, kw, cin = kernels.shape
        if len(self.grids) != min(cin, MAX_GRIDS) or (self.grids and self.grids[0].rowCount() != kh) or \
                (self.grids and self.grids[0].columnCount() != kw):
            self._build_grids(kh, kw, min(cin, MAX_GRIDS))
        for c, table in enumerate(self.grids):
            with QSignalBlocker(table):
                for i in range(kh):
                    for j in range(kw):
                        v = float(kernels[i, j, c])
                        item = table.item(i, j)
                        item.setText(_num(v))
                        item.setToolTip(f"w[f{self.filter}, {i}, {j}, c{c}] = {fmt_value(v)}")
                        item.setBackground(Qt.GlobalColor.transparent)

    def _build_grids(self, kh: int, kw: int, n: int) -> None:
        for table in self.grids:
            table.deleteLater()
        while self._grid_layout.count():
            item = self._grid_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.grids = []
        cols = max(1, min(3, 540 // (64 * kw + 10)))  # side by side while they fit a dock of ~560 px
        for c in range(n):
            label = QLabel(tr("c{c}").format(c=c))
            table = QTableWidget(kh, kw)
            table.setObjectName(f"kernel-grid-c{c}")
            table.horizontalHeader().setVisible(False)
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            table.horizontalHeader().setDefaultSectionSize(64)
            table.verticalHeader().setDefaultSectionSize(26)
            table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
            table.setFixedSize(64 * kw + 4, 26 * kh + 4)
            table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            for i in range(kh):
                for j in range(kw):
                    item = QTableWidgetItem()
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    table.setItem(i, j, item)
            table.itemChanged.connect(lambda item, ch=c: self._on_cell(ch, item))
            cell = QWidget()  # the name right above its grid, however tall the dock
            stack = QVBoxLayout(cell)
            stack.setContentsMargins(0, 0, 6, 6)
            stack.setSpacing(2)
            stack.addWidget(label)
            stack.addWidget(table)
            row, col = divmod(c, cols)
            self._grid_layout.addWidget(cell, row, col, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.grids.append(table)
        self._grid_layout.setRowStretch(self._grid_layout.rowCount(), 1)
        self._grid_layout.setColumnStretch(cols, 1)

    def _on_doc_changed(self, _state) -> None:
        if self.isVisible() and self.uid is not None:
            self.refresh()

    # --- edits ------------------------------------------------------------------------------------------

    def _apply(self, make, text: str) -> bool:
        found = self._located()
        if found is None:
            return False
        try:
            new = make(self.doc.state, found[1].uid)
        except ValueError as exc:
            self.message.setText(str(exc))
            self.message.show()
            self.refresh()
            return False
        self.message.hide()
        self.doc.end_gesture()
        self.doc.apply(new, text.format(layer=lecture_name(self.doc.state.layers, found[0]), f=self.filter))
        return True

    def set_cell(self, channel: int, row: int, col: int, value: float) -> bool:
        f = self.filter
        return self._apply(lambda s, uid: ke.set_cell(s, uid, f, channel, row, col, value),
                           tr("Edit a weight of {layer} f{f}"))

    def _on_cell(self, channel: int, item: QTableWidgetItem) -> None:
        try:
            value = float(item.text().replace(",", ".").replace("−", "-"))
        except ValueError:
            self.message.setText(tr("“{text}” is not a number").format(text=item.text()))
            self.message.show()
            self.refresh()
            return
        self.set_cell(channel, item.row(), item.column(), value)

    def _on_bias(self, value: float) -> None:
        f = self.filter
        self._apply(lambda s, uid: ke.set_bias(s, uid, f, value), tr("Edit the bias of {layer} f{f}"))

    def _on_filter(self, f: int) -> None:
        self.filter = f
        self.refresh()

    def run(self, key: str) -> bool:
        """A button: copy, paste, scale, negate, normalise or zero, on what "Acts on" says."""
        f, channel = self.filter, self.scope.currentData()
        found = self._located()
        if found is None:
            return False
        if key == "copy":
            w = found[2].weight[f]
            self.copied = np.array(w if channel is None else w[:, :, channel])
            flat = self.copied if self.copied.ndim == 2 else self.copied[:, :, 0]
            QGuiApplication.clipboard().setText("\n".join("\t".join(_num(v) for v in row) for row in flat))
            return True
        if key == "paste":
            if self.copied is None:
                self.message.setText(tr("Copy a kernel first."))
                self.message.show()
                return False
            copied = self.copied
            return self._apply(lambda s, uid: ke.paste(s, uid, f, channel, copied),
                               tr("Paste a kernel into {layer} f{f}"))
        factor = float(self.factor_spin.value())
        texts = {"scale": tr("Scale {layer} f{f}"), "negate": tr("Negate {layer} f{f}"),
                 "normalise": tr("Normalise {layer} f{f}"), "zero": tr("Zero {layer} f{f}")}
        return self._apply(lambda s, uid: ke.transform(s, uid, f, channel, key, factor), texts[key])

    def _on_preset(self) -> None:
        f, name = self.filter, self.preset_box.currentData()
        self._apply(lambda s, uid: ke.preset_filter(s, uid, f, name), tr("Preset for {layer} f{f}"))

    def _on_reinit(self, whole: bool) -> None:
        f = None if whole else self.filter
        scheme, seed = self.scheme_box.currentData(), int(self.seed_spin.value())
        self._apply(lambda s, uid: ke.reinitialise(s, uid, scheme, seed, f),
                    tr("Initialise {layer}") if whole else tr("Initialise {layer} f{f}"))

    def shutdown(self) -> None:
        self.doc.changed.disconnect(self._on_doc_changed)
