"""The counting table: the lecture's arithmetic for the whole stack on screen, one row per layer, totals below.

It lays out :func:`convviz.instruments.counting` (core.layers' own numbers) and computes nothing: output shape,
parameters with their formula in the layer's numbers (``550 = 10·3·3·6 + 10``), neurons, multiply-accumulates,
receptive field and jump, and the fully connected layer with the same inputs and outputs. Where a slide of the
lecture gives a wrong number for a layer of this stack (:mod:`convviz.instruments.slides`), the cell is marked
and a note under the table gives the correct count and why. Copy (the button or Ctrl+C) puts the table on the
clipboard as text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..instruments import Counting, counting
from ..instruments.slides import slide_numbers
from ..model import StackState
from .slide_notes import slide_note
from .text import fmt_int, format_shape, group_digits, layer_label, tr

#: the column whose cell a slide's wrong number is about
_SLIDE_COLUMN = {"fc_params": 8, "neurons": 4}


class _Table(QTableWidget):
    """Ctrl+C copies the whole table as text (a table view would copy only the current cell)."""

    def __init__(self, copy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._copy = copy

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.matches(QKeySequence.StandardKey.Copy):
            self._copy()
            return
        super().keyPressEvent(event)


class CountingPanel(QWidget):
    """One table for the whole stack; ``set_state`` follows the document, keeping the last valid stack."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counting: Counting | None = None
        self.notes: list[str] = []
        self.table = _Table(self.copy)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.headers = [tr("#"), tr("layer"), tr("output"), tr("parameters"), tr("neurons"),
                        tr("multiply-adds"), tr("receptive field"), tr("jump"),
                        tr("fully connected layer, same inputs and outputs"), tr("FC / conv")]
        self.table.setColumnCount(len(self.headers))
        self.table.setHorizontalHeaderLabels(self.headers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.stale = QLabel()
        self.stale.setWordWrap(True)
        self.stale.hide()
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.legend = QLabel(tr("parameters = weights + biases (F·K_h·K_w·C_in/groups + F); neurons = output units "
                                "H·W·F; fully connected = inputs·outputs + one bias per output."))
        self.legend.setWordWrap(True)
        self.copy_button = QPushButton(tr("Copy as text"))
        self.copy_button.setToolTip(tr("Copy the whole table to the clipboard (Ctrl+C)"))
        self.copy_button.clicked.connect(self.copy)
        bottom = QHBoxLayout()
        bottom.addWidget(self.legend, 1)
        bottom.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.stale)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.note_label)
        lay.addLayout(bottom)

    # --- input -----------------------------------------------------------------------------------------

    def set_state(self, state: StackState) -> None:
        """Count the stack of ``state``; an impossible stack keeps the last valid table under a line saying so."""
        net = state.network
        if net is None:
            self.stale.setText(tr("The stack in the builder is impossible: this is the last valid stack."))
            self.stale.setVisible(self.counting is not None)
            self.table.setEnabled(False)
            return
        self.stale.hide()
        self.table.setEnabled(True)
        table = counting(net)
        if table == self.counting:
            return
        self.counting = table
        self.notes = []
        marks: dict[tuple[int, int], str] = {}
        for row, (spec, info) in enumerate(zip(net.layers, net.infos, strict=True), start=1):
            for n in slide_numbers(spec, info):
                note = slide_note(n, table.rows[row - 1].name)
                self.notes.append(note)
                marks[(row, _SLIDE_COLUMN[n.kind])] = note
        self._fill(table, [layer_label(s) for s in net.layers], marks)
        self.note_label.setText("\n".join(f"* {n}" for n in self.notes))
        self.note_label.setVisible(bool(self.notes))

    def _fill(self, table: Counting, labels: list[str], marks: dict[tuple[int, int], str]) -> None:
        # labels: the translated "conv 10@3×3" (the instrument's rows carry the English one, for the CLI)
        rows = [["", tr("input"), format_shape(table.input_shape), "", "", "", "", "", "", ""]]
        for r, spec_label in zip(table.rows, labels, strict=True):
            ratio = "" if r.fc_ratio is None else f"{r.fc_ratio:,.0f}×".replace(",", "\u00a0")
            rows.append([
                str(r.index), f"{r.name} · {spec_label}", format_shape(r.output_shape),
                group_digits(r.params_formula), fmt_int(r.neurons), fmt_int(r.macs), format_shape(r.receptive_field),
                format_shape(r.jump), group_digits(r.fc_formula or ""), ratio])
        rows.append(["", tr("total"), "", fmt_int(table.total_params), fmt_int(table.total_neurons),
                     fmt_int(table.total_macs), "", "", "" if table.total_fc_params is None else
                     fmt_int(table.total_fc_params), ""])
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for i, cells in enumerate(rows):
            for j, text in enumerate(cells):
                mark = marks.get((i, j))
                item = QTableWidgetItem(text + (" *" if mark else ""))
                align = Qt.AlignmentFlag.AlignLeft if j in (1, 2) else Qt.AlignmentFlag.AlignRight
                item.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
                if mark:
                    item.setToolTip(mark)
                if i == len(rows) - 1:
                    item.setFont(bold)
                self.table.setItem(i, j, item)

    def preferred_height(self) -> int:
        """Tall enough for every row of the table and the lines under it, no taller."""
        t = self.table
        rows = t.verticalHeader().length() + t.horizontalHeader().height() + 2 * t.frameWidth() + 4
        if t.horizontalScrollBar().isVisible() or t.horizontalHeader().length() > t.viewport().width():
            rows += t.horizontalScrollBar().sizeHint().height()
        lay = self.layout()
        rest = sum(w.sizeHint().height() + lay.spacing() for w in (self.stale, self.note_label) if w.isVisible())
        return rows + rest + self.copy_button.sizeHint().height() + lay.spacing() * 2 + 8

    # --- output ----------------------------------------------------------------------------------------

    def text(self) -> str:
        """What Copy puts on the clipboard: the instrument's table as text, then the slides' notes."""
        if self.counting is None:
            return ""
        out = self.counting.to_text()
        if self.notes:
            out += "\n\n" + "\n".join(f"* {n}" for n in self.notes)
        return out

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        super().keyPressEvent(event)
