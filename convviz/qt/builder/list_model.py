"""The layer list as an item model: row 0 is the input, row ``i + 1`` is layer ``i``, each row a :class:`Row`
built from the document's state. Drops ask for a move and never edit rows: the rows follow the document."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from ...core.layers import fmt_shape
from ...model import StackState
from ..errors_text import error_text
from ..text import fmt_int, layer_label, tr, tr_n
from .icons import ERROR_RED, dot_icon

MIME_TYPE = "application/x-convviz-layer-row"
UID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 3

OK, BROKEN, UNREACHED = "ok", "broken", "unreached"
MUTED_GREY = QColor("#757575")


@dataclass(frozen=True)
class Row:
    uid: str | None  # None for the input row
    text: str  # the whole row as one line: "conv 6@3×3 → 6×6×6 · 168 params"
    label: str  # its parts, for the delegate's columns
    shape: str
    params: str = ""
    status: str = OK
    tooltip: str = ""


def rows_of(state: StackState) -> list[Row]:
    in_shape = fmt_shape(state.input_shape)
    rows = [Row(None, tr("input {shape}").format(shape=in_shape), tr("input"), in_shape,
                tooltip=tr("The input image: height × width × channels"))]
    err = state.error
    message = error_text(err, state.layers) if err is not None else ""
    for i, (spec, info) in enumerate(zip(state.layers, state.infos(), strict=True)):
        label = layer_label(spec)
        no_shape = tr("{label} → —").format(label=label)
        if info is not None:
            shape = fmt_shape(info.output_shape)
            if info.params:
                params = tr_n("{params} param|{params} params", info.params).format(params=fmt_int(info.params))
                text = tr("{label} → {shape} · {params}").format(label=label, shape=shape, params=params)
            else:
                params = ""
                text = tr("{label} → {shape}").format(label=label, shape=shape)
            rows.append(Row(spec.uid, text, label, shape, params))
        elif err is not None and err.layer == i:
            rows.append(Row(spec.uid, no_shape, label, "—", status=BROKEN, tooltip=message))
        else:
            rows.append(Row(spec.uid, no_shape, label, "—", status=UNREACHED,
                            tooltip=tr("No shape: an earlier layer does not fit")))
    return rows


class LayerListModel(QAbstractListModel):
    """The rows of :func:`rows_of`. A drop emits ``move_requested(source layer index, final index)``."""

    move_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._broken_icon = dot_icon(ERROR_RED)

    def set_rows(self, rows: list[Row]) -> None:
        if [r.uid for r in rows] == [r.uid for r in self._rows]:
            self._rows = rows  # same layers in the same order: repaint, keep selection and scroll position
            if rows:
                self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
        else:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_of(self, uid: str | None) -> int | None:
        for i, r in enumerate(self._rows):
            if r.uid == uid:
                return i
        return None

    # --- read ---
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole row, for a name the delegate had to elide
            return row.tooltip or row.text
        if role == Qt.ItemDataRole.DecorationRole and row.status == BROKEN:
            return self._broken_icon
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status == BROKEN:
                return ERROR_RED
            if row.status == UNREACHED or row.uid is None:
                return MUTED_GREY
        if role == UID_ROLE:
            return row.uid
        if role == ROW_ROLE:
            return row
        if role == STATUS_ROLE:
            return row.status
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops go between rows, never onto one
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base if index.row() == 0 else base | Qt.ItemFlag.ItemIsDragEnabled

    # --- drag and drop ---
    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME_TYPE]

    def mimeData(self, indexes) -> QMimeData:  # noqa: N802
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid() and i.row() > 0})
        if rows:
            data.setData(MIME_TYPE, QByteArray(str(rows[0]).encode()))
        return data

    def _drop_target(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> int:
        if row < 0:  # dropped onto an item or the empty viewport: after that item, or at the end
            row = parent.row() + 1 if parent.isValid() else len(self._rows)
        return max(1, min(row, len(self._rows)))  # nothing goes above the input

    def canDropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        return data is not None and data.hasFormat(MIME_TYPE) and action == Qt.DropAction.MoveAction

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            source = int(bytes(data.data(MIME_TYPE).data()).decode())
        except ValueError:
            return False
        return self._request_move(source, self._drop_target(row, parent))

    def moveRows(self, source_parent, source_row: int, count: int, dest_parent, dest_child: int) -> bool:  # noqa: N802
        # QListView's internal move (Qt 6) lands here: move one layer to before row ``dest_child``
        if source_parent.isValid() or dest_parent.isValid() or count != 1:
            return False
        return self._request_move(source_row, self._drop_target(dest_child, QModelIndex()))

    def _request_move(self, source_row: int, before_row: int) -> bool:
        if not 1 <= source_row < len(self._rows):
            return False
        src, before = source_row - 1, before_row - 1
        dst = before - 1 if before > src else before
        if dst == src:
            return False
        self.move_requested.emit(src, dst)
        return True
