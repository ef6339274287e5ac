"""The stack editor: the layers as a list (input → conv → ReLU → pool → …), an editor for the selected layer,
and the arithmetic the lecture counts.

Every edit — add, remove, duplicate, move (buttons, context menu, keys, drag and drop) and every change in
an editor — is one :meth:`Document.apply` with a new :class:`~convviz.model.StackState`, so it is undoable.
The widget keeps no state of its own beyond the selection: whenever ``doc.changed`` fires, the rows and the
editor are rebuilt from ``doc.state`` with the widgets' signals blocked, so nothing echoes back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QCoreApplication,
    QEvent,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontDatabase,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import ConvvizError
from ..core.layers import Activation, Conv2D, InitSpec, LayerInfo, LayerSpec, Pool2D, fmt_shape, new_uid
from ..model import StackState
from .document import Document
from .errors_text import error_text
from .input_editor import InputEditor
from .text import activation_names, field_names, fmt_int, layer_label, pool_names, preset_names

translate = QCoreApplication.translate

MIME_TYPE = "application/x-convviz-layer-row"
UID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 3

_OK, _BROKEN, _UNREACHED = "ok", "broken", "unreached"
_ERROR_RED = QColor("#c62828")


# --- icons (drawn, so they look the same on every platform and theme) ------------------------------------


def _drawn_icon(draw: Callable[[QPainter], None], size: int = 16) -> QIcon:
    icon = QIcon()
    for scale in (1, 2):
        pix = QPixmap(size * scale, size * scale)
        pix.setDevicePixelRatio(scale)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            draw(p)
        finally:
            p.end()
        icon.addPixmap(pix)
    return icon


def _round_pen(color: QColor, width: float) -> QPen:
    pen = QPen(color, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def _plus_icon(color: QColor) -> QIcon:
    def draw(p: QPainter) -> None:
        p.setPen(_round_pen(color, 2.0))
        p.drawLine(8, 3, 8, 13)
        p.drawLine(3, 8, 13, 8)
    return _drawn_icon(draw)


def _duplicate_icon(color: QColor) -> QIcon:
    def draw(p: QPainter) -> None:
        p.setPen(QPen(color, 1.4))
        p.drawRoundedRect(2.5, 2.5, 8, 8, 1.5, 1.5)
        p.setBrush(color.lighter(185))
        p.drawRoundedRect(5.5, 5.5, 8, 8, 1.5, 1.5)
    return _drawn_icon(draw)


def _info_icon(color: QColor) -> QIcon:
    """ⓘ, drawn (many fonts lack the glyph)."""
    def draw(p: QPainter) -> None:
        p.setPen(QPen(color, 1.3))
        p.drawEllipse(QRectF(2.5, 2.5, 11, 11))
        p.setPen(_round_pen(color, 1.6))
        p.drawLine(QPointF(8, 7.2), QPointF(8, 11))
        p.drawPoint(QPointF(8, 5))
    return _drawn_icon(draw)


def _dot_icon(color: QColor) -> QIcon:
    def draw(p: QPainter) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        p.drawEllipse(3, 3, 10, 10)
        p.setPen(_round_pen(QColor("white"), 1.8))
        p.drawLine(8, 5, 8, 9)
        p.drawPoint(8, 11)
    return _drawn_icon(draw)


@contextmanager
def signals_blocked(*widgets: QWidget) -> Iterator[None]:
    """Set widgets from code without them emitting (and so without echoing an edit back)."""
    previous = [w.blockSignals(True) for w in widgets]
    try:
        yield
    finally:
        for w, was in zip(widgets, previous, strict=True):
            w.blockSignals(was)


# --- the list model --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    uid: str | None  # None for the input row
    text: str  # the whole row as one line: "conv 6@3×3 → 6×6×6 · 168 params"
    label: str  # its parts, for the delegate's columns
    shape: str
    params: str = ""
    status: str = _OK
    tooltip: str = ""


def _rows_of(state: StackState) -> list[_Row]:
    in_shape = fmt_shape(state.input_shape)
    rows = [_Row(None, translate("convviz", "input {shape}").format(shape=in_shape),
                 translate("convviz", "input"), in_shape,
                 tooltip=translate("convviz", "The input image: height × width × channels"))]
    err = state.error
    message = error_text(err, state.layers) if err is not None else ""
    for i, (spec, info) in enumerate(zip(state.layers, state.infos(), strict=True)):
        label = layer_label(spec)
        no_shape = translate("convviz", "{label} → —").format(label=label)
        if info is not None:
            shape = fmt_shape(info.output_shape)
            if info.params:
                params = translate("convviz", "{params} params").format(params=fmt_int(info.params))
                text = translate("convviz", "{label} → {shape} · {params}").format(
                    label=label, shape=shape, params=params)
            else:
                params = ""
                text = translate("convviz", "{label} → {shape}").format(label=label, shape=shape)
            rows.append(_Row(spec.uid, text, label, shape, params))
        elif err is not None and err.layer == i:
            rows.append(_Row(spec.uid, no_shape, label, "—", status=_BROKEN, tooltip=message))
        else:
            rows.append(_Row(spec.uid, no_shape, label, "—", status=_UNREACHED,
                             tooltip=translate("convviz", "No shape: an earlier layer does not fit")))
    return rows


class LayerListModel(QAbstractListModel):
    """Row 0 is the input, row ``i + 1`` is layer ``i``. A drop asks for a move through ``move_requested``
    (source layer index, final index) and never edits rows itself: the rows follow the document."""

    move_requested = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._broken_icon = _dot_icon(_ERROR_RED)

    def set_rows(self, rows: list[_Row]) -> None:
        if [r.uid for r in rows] == [r.uid for r in self._rows]:
            self._rows = rows  # same layers in the same order: repaint, keep selection and scroll position
            if rows:
                self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
        else:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()

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
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.tooltip or None
        if role == Qt.ItemDataRole.DecorationRole and row.status == _BROKEN:
            return self._broken_icon
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status == _BROKEN:
                return _ERROR_RED
            if row.status == _UNREACHED or row.uid is None:
                return QColor("#757575")
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


class _RowDelegate(QStyledItemDelegate):
    """Paints a row as columns: index · label · output shape · parameters (numbers in a monospace font)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height()) + 10)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row: _Row | None = index.data(ROW_ROLE)
        if row is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = QIcon()
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        pal = opt.palette
        ink = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = QColor(ink)
        muted.setAlphaF(0.6)
        if row.status == _BROKEN and not selected:
            ink = muted = _ERROR_RED
        elif (row.status == _UNREACHED or row.uid is None) and not selected:
            ink = muted
        painter.save()
        try:
            self._paint_columns(painter, opt, index, row, ink, muted)
        finally:
            painter.restore()

    def _paint_columns(self, painter: QPainter, opt: QStyleOptionViewItem, index: QModelIndex, row: _Row,
                       ink: QColor, muted: QColor) -> None:
        r = opt.rect.adjusted(6, 0, -8, 0)
        mono = QFont(self.mono)
        mono.setPointSizeF(opt.font.pointSizeF() * 0.95)
        number = "" if row.uid is None else str(index.row() - 1)
        painter.setFont(mono)
        painter.setPen(muted)
        painter.drawText(QRect(r.left(), r.top(), 18, r.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, number)
        left = r.left() + 26
        if row.status == _BROKEN:
            icon = index.data(Qt.ItemDataRole.DecorationRole)
            if isinstance(icon, QIcon):
                icon.paint(painter, left, r.center().y() - 8, 16, 16)
            left += 20
        params_w = 96
        shape_w = 78
        right = r.right()
        painter.setPen(muted)
        painter.drawText(QRect(right - params_w, r.top(), params_w, r.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, row.params)
        painter.setPen(ink)
        painter.drawText(QRect(right - params_w - shape_w - 8, r.top(), shape_w, r.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, row.shape)
        painter.setFont(opt.font)
        label_w = right - params_w - shape_w - 16 - left
        text = opt.fontMetrics.elidedText(row.label, Qt.TextElideMode.ElideRight, max(0, label_w))
        painter.drawText(QRect(left, r.top(), label_w, r.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)


class _LayerListView(QListView):
    """A list view that turns Delete, Ctrl+D and Alt+Up/Down into stack edits while it has the focus."""

    key_command = Signal(str)

    _KEYS = {
        (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier): "remove",
        (Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier): "remove",
        (Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier): "duplicate",
        (Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier): "up",
        (Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier): "down",
    }

    def _command(self, event: QKeyEvent) -> str | None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        return self._KEYS.get((Qt.Key(event.key()), mods))

    def event(self, event: QEvent) -> bool:
        # claim our keys before any window-wide shortcut can take them
        if event.type() == QEvent.Type.ShortcutOverride and self._command(event) is not None:  # type: ignore[arg-type]
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        command = self._command(event)
        if command is None:
            super().keyPressEvent(event)
            return
        event.accept()
        self.key_command.emit(command)


class _UndoKeysToDocument(QObject):
    """Event filter: Ctrl+Z / Ctrl+Shift+Z in a spin box undo the document, not the spin box's text."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride and (
            event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
        ):
            event.ignore()
            return True
        return False


# --- editors ---------------------------------------------------------------------------------------------


class _PairEditor(QWidget):
    """Two spin boxes ``h × w`` with a lock that keeps them equal ("square")."""

    changed = Signal()

    def __init__(self, minimum: int, maximum: int, lock_text: str, lock_tip: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.h, self.w = QSpinBox(), QSpinBox()
        for spin in (self.h, self.w):
            spin.setRange(minimum, maximum)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight)
            spin.setMinimumWidth(56)
        self.lock = QCheckBox(lock_text)
        self.lock.setChecked(True)
        self.lock.setToolTip(lock_tip)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        times = QLabel("×")
        times.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.h)
        lay.addWidget(times)
        lay.addWidget(self.w)
        lay.addSpacing(6)
        lay.addWidget(self.lock)
        lay.addStretch(1)
        self.h.valueChanged.connect(self._h_changed)
        self.w.valueChanged.connect(self._w_changed)
        self.lock.toggled.connect(self._lock_toggled)

    def spins(self) -> tuple[QSpinBox, QSpinBox]:
        return self.h, self.w

    def value(self) -> tuple[int, int]:
        return self.h.value(), self.w.value()

    def set_value(self, value: tuple[int, int], fresh: bool = False) -> None:
        with signals_blocked(self.h, self.w, self.lock):
            for spin, v in zip((self.h, self.w), value, strict=True):
                if spin.value() != v:
                    spin.setValue(v)
            if value[0] != value[1]:
                self.lock.setChecked(False)
            elif fresh:  # a newly shown layer: lock what is square
                self.lock.setChecked(True)

    def _h_changed(self, v: int) -> None:
        if self.lock.isChecked() and self.w.value() != v:
            with signals_blocked(self.w):
                self.w.setValue(v)
        self.changed.emit()

    def _w_changed(self, v: int) -> None:
        if self.lock.isChecked() and self.h.value() != v:
            with signals_blocked(self.h):
                self.h.setValue(v)
        self.changed.emit()

    def _lock_toggled(self, on: bool) -> None:
        if on and self.w.value() != self.h.value():
            self._h_changed(self.h.value())


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setContentsMargins(0, 0, 0, 0)
    form.setHorizontalSpacing(10)
    form.setVerticalSpacing(6)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    return form


def _box(layout: QBoxLayout, *items: QWidget | tuple[QWidget, int], spacing: int = 8) -> QWidget:
    """A margin-less row or column of widgets (a ``(widget, stretch)`` pair stretches)."""
    box = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    for item in items:
        widget, stretch = item if isinstance(item, tuple) else (item, 0)
        layout.addWidget(widget, stretch)
    box.setLayout(layout)
    return box


def _spin(minimum: int, maximum: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(minimum, maximum)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    spin.setMinimumWidth(72)
    return spin


def _set_spin(spin: QSpinBox | QDoubleSpinBox, value) -> None:
    if spin.value() != value:  # leave a spin box that is being typed into alone
        spin.setValue(value)


def _set_combo(combo: QComboBox, data) -> None:
    i = combo.findData(data)
    if i >= 0 and combo.currentIndex() != i:
        combo.setCurrentIndex(i)


class _Editor(QWidget):
    """One page of the editor stack: shows a spec, and reports ``edited(new_spec, field)``."""

    edited = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec: LayerSpec | None = None
        self.fresh = True  # showing another layer than before

    def controls(self) -> list[QWidget]:
        raise NotImplementedError

    def show_spec(self, spec: LayerSpec) -> None:
        self.fresh = self.spec is None or self.spec.uid != spec.uid
        self.spec = spec
        with signals_blocked(*self.controls()):
            self._populate(spec)

    def _populate(self, spec: LayerSpec) -> None:
        raise NotImplementedError

    def _emit(self, field: str, **changes) -> None:
        if self.spec is None:
            return
        new = replace(self.spec, **changes)  # the uid is kept: the layer keeps its weights
        if new != self.spec:
            self.edited.emit(new, field)


_AUTO_SEED = -1


class ConvEditor(_Editor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = translate
        self.filters = _spin(1, 512)
        self.filters.setToolTip(tr("convviz", "F: how many filters, and so how many output channels"))
        self.kernel = _PairEditor(1, 31, tr("convviz", "square"), tr("convviz", "Keep the kernel square"))
        self.stride = _PairEditor(1, 16, tr("convviz", "h = w"),
                                  tr("convviz", "The same stride in both directions"))
        self.padding_mode = QComboBox()
        for text, data in ((tr("convviz", "number"), "number"), (tr("convviz", "same"), "same"),
                           (tr("convviz", "valid"), "valid")):
            self.padding_mode.addItem(text, data)
        self.padding_mode.setToolTip(tr("convviz", "same: the output keeps the input's size (stride 1); "
                                                   "valid: no padding"))
        self.padding = _PairEditor(0, 16, tr("convviz", "h = w"),
                                   tr("convviz", "The same padding on all sides"))
        self.dilation = _PairEditor(1, 8, tr("convviz", "h = w"), tr("convviz", "The same dilation in both "
                                                                              "directions"))
        self.groups = _spin(1, 512)
        self.groups.setToolTip(tr("convviz", "Groups must divide the input depth and the number of filters"))
        self.bias = QCheckBox(tr("convviz", "one bias per filter"))
        self.init = QComboBox()
        for text, data in ((tr("convviz", "He (normal)"), "he"),
                           (tr("convviz", "Xavier (uniform)"), "xavier"),
                           (tr("convviz", "Uniform ±1/√fan-in"), "uniform")):
            self.init.addItem(text, data)
        self.init.insertSeparator(self.init.count())
        for key, name in preset_names().items():
            self.init.addItem(translate("convviz", "Preset: {name}").format(name=name), "preset:" + key)
        self.seed = _spin(_AUTO_SEED, 2**31 - 1)
        self.seed.setSpecialValueText(tr("convviz", "auto"))
        self.seed.setToolTip(tr("convviz", "The random seed of this layer's weights (auto: derived from the "
                                           "layer's position)"))

        self.seed_label = QLabel(tr("convviz", "seed"))
        padding_row = _box(QHBoxLayout(), self.padding_mode, self.padding)
        init_row = _box(QHBoxLayout(), (self.init, 1), self.seed_label, self.seed)

        form = _form()
        form.addRow(tr("convviz", "Filters F"), self.filters)
        form.addRow(tr("convviz", "Kernel"), self.kernel)
        form.addRow(tr("convviz", "Stride"), self.stride)
        form.addRow(tr("convviz", "Padding"), padding_row)
        form.addRow(tr("convviz", "Dilation"), self.dilation)
        form.addRow(tr("convviz", "Groups"), self.groups)
        form.addRow(tr("convviz", "Bias"), self.bias)
        form.addRow(tr("convviz", "Weights"), init_row)
        self.setLayout(form)

        self.filters.valueChanged.connect(lambda v: self._emit("filters", filters=v))
        self.kernel.changed.connect(lambda: self._emit("kernel_size", kernel_size=self.kernel.value()))
        self.stride.changed.connect(lambda: self._emit("stride", stride=self.stride.value()))
        self.padding_mode.currentIndexChanged.connect(lambda _i: self._padding_changed())
        self.padding.changed.connect(self._padding_changed)
        self.dilation.changed.connect(lambda: self._emit("dilation", dilation=self.dilation.value()))
        self.groups.valueChanged.connect(lambda v: self._emit("groups", groups=v))
        self.bias.toggled.connect(lambda on: self._emit("bias", bias=on))
        self.init.currentIndexChanged.connect(lambda _i: self._init_changed("init"))
        self.seed.valueChanged.connect(lambda _v: self._init_changed("seed"))

    def controls(self) -> list[QWidget]:
        return [self.filters, *self.kernel.spins(), self.kernel.lock, *self.stride.spins(), self.stride.lock,
                self.padding_mode, *self.padding.spins(), self.padding.lock, *self.dilation.spins(),
                self.dilation.lock, self.groups, self.bias, self.init, self.seed]

    def _populate(self, spec: Conv2D) -> None:  # type: ignore[override]
        _set_spin(self.filters, spec.filters)
        self.kernel.set_value(spec.kernel_size, self.fresh)
        self.stride.set_value(spec.stride, self.fresh)
        if isinstance(spec.padding, str):
            _set_combo(self.padding_mode, spec.padding)
        else:
            _set_combo(self.padding_mode, "number")
            self.padding.set_value(spec.padding, self.fresh)
        self.padding.setEnabled(not isinstance(spec.padding, str))
        self.dilation.set_value(spec.dilation, self.fresh)
        _set_spin(self.groups, spec.groups)
        if self.bias.isChecked() != spec.bias:
            self.bias.setChecked(spec.bias)
        preset = spec.init.preset
        _set_combo(self.init, "preset:" + preset if preset is not None else spec.init.scheme)
        _set_spin(self.seed, _AUTO_SEED if spec.init.seed is None else spec.init.seed)
        self.seed.setEnabled(preset is None)
        self.seed_label.setEnabled(preset is None)

    def _padding_changed(self) -> None:
        mode = self.padding_mode.currentData()
        self.padding.setEnabled(mode == "number")
        self._emit("padding", padding=self.padding.value() if mode == "number" else mode)

    def _init_changed(self, field: str) -> None:
        data = str(self.init.currentData())
        seed = None if self.seed.value() == _AUTO_SEED else self.seed.value()
        if data.startswith("preset:"):
            init = InitSpec(preset=data.removeprefix("preset:"))
        else:
            init = InitSpec(scheme=data, seed=seed)
        self.seed.setEnabled(init.preset is None)
        self.seed_label.setEnabled(init.preset is None)
        self._emit(field, init=init)


class ActivationEditor(_Editor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        for key, name in activation_names().items():
            self.kind.addItem(name, key)
        self.slope = QDoubleSpinBox()
        self.slope.setRange(0.0, 1.0)
        self.slope.setDecimals(3)
        self.slope.setSingleStep(0.01)
        self.slope.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.slope.setMinimumWidth(72)
        self.slope.setToolTip(translate("convviz", "leaky ReLU: f(x) = x for x > 0, slope · x otherwise"))
        form = _form()
        form.addRow(translate("convviz", "Function"), self.kind)
        self.slope_label = QLabel(translate("convviz", "Slope"))
        form.addRow(self.slope_label, self.slope)
        self.setLayout(form)
        self.kind.currentIndexChanged.connect(lambda _i: self._emit("kind", kind=self.kind.currentData()))
        self.slope.valueChanged.connect(lambda v: self._emit("slope", slope=float(v)))

    def controls(self) -> list[QWidget]:
        return [self.kind, self.slope]

    def _populate(self, spec: Activation) -> None:  # type: ignore[override]
        _set_combo(self.kind, spec.kind)
        _set_spin(self.slope, spec.slope)
        leaky = spec.kind == "leaky_relu"
        self.slope.setVisible(leaky)
        self.slope_label.setVisible(leaky)


class PoolEditor(_Editor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = translate
        self.mode = QComboBox()
        for text, data in ((tr("convviz", "max"), "max"), (tr("convviz", "average"), "avg"),
                           (tr("convviz", "weighted average (Gaussian window)"), "weighted")):
            self.mode.addItem(text, data)
        self.size = _PairEditor(1, 16, tr("convviz", "square"), tr("convviz", "Keep the window square"))
        self.stride = _PairEditor(1, 16, tr("convviz", "h = w"), tr("convviz", "The same stride in both "
                                                                            "directions"))
        self.stride_is_size = QCheckBox(tr("convviz", "same as the window (no overlap)"))
        stride_box = _box(QVBoxLayout(), self.stride_is_size, self.stride, spacing=4)
        form = _form()
        form.addRow(tr("convviz", "Mode"), self.mode)
        form.addRow(tr("convviz", "Window"), self.size)
        form.addRow(tr("convviz", "Stride"), stride_box)
        self.setLayout(form)
        self.mode.currentIndexChanged.connect(lambda _i: self._emit("mode", mode=self.mode.currentData()))
        self.size.changed.connect(lambda: self._emit("size", size=self.size.value()))
        self.stride.changed.connect(self._stride_changed)
        self.stride_is_size.toggled.connect(lambda _on: self._stride_changed())

    def controls(self) -> list[QWidget]:
        return [self.mode, *self.size.spins(), self.size.lock, *self.stride.spins(), self.stride.lock,
                self.stride_is_size]

    def _populate(self, spec: Pool2D) -> None:  # type: ignore[override]
        _set_combo(self.mode, spec.mode)
        self.size.set_value(spec.size, self.fresh)
        self.stride.set_value(spec.effective_stride, self.fresh)
        if self.stride_is_size.isChecked() != (spec.stride is None):
            self.stride_is_size.setChecked(spec.stride is None)
        self.stride.setEnabled(spec.stride is not None)

    def _stride_changed(self) -> None:
        follow = self.stride_is_size.isChecked()
        self.stride.setEnabled(not follow)
        self._emit("stride", stride=None if follow else self.stride.value())


# --- the builder -----------------------------------------------------------------------------------------


def _new_layer(kind: str) -> LayerSpec:
    if kind == "conv":
        return Conv2D()
    if kind in ("max", "avg", "weighted"):
        return Pool2D(mode=kind)
    return Activation(kind=kind)


def _add_choices() -> list[tuple[str, str]]:
    act = activation_names()
    pool = pool_names()
    return [("conv", translate("convviz", "conv")), ("relu", act["relu"]), ("leaky_relu", act["leaky_relu"]),
            ("tanh", act["tanh"]), ("sigmoid", act["sigmoid"]), ("max", pool["max"]), ("avg", pool["avg"]),
            ("weighted", pool["weighted"])]


def _muted(label: QLabel) -> QLabel:
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.WindowText, pal.color(QPalette.ColorGroup.Disabled,
                                                          QPalette.ColorRole.WindowText))
    label.setPalette(pal)
    return label


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _rule() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


class LayerBuilder(QWidget):
    """The layer stack and the selected layer's editor; every edit goes through ``doc.apply``.

    ``selection_changed(index)`` reports the selected layer's index, or None when the input row is selected.
    """

    selection_changed = Signal(object)

    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._selected_uid: str | None = None
        self._pending_uid: str | None = None  # the layer an edit asks to select once its state arrives
        self._syncing = False
        self._last_index: int | None = None
        tr = translate

        # list and its actions
        self.model = LayerListModel(self)
        self.view = _LayerListView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(_RowDelegate(self.view))
        self.view.setObjectName("layerList")
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDragDropOverwriteMode(False)
        self.view.setDropIndicatorShown(True)
        self.view.setUniformItemSizes(True)
        self.view.setSpacing(1)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setIconSize(QSize(16, 16))
        self.view.setMinimumHeight(140)
        row_font = self.view.font()
        row_font.setPointSizeF(row_font.pointSizeF() * 1.05)
        self.view.setFont(row_font)

        style = self.style()
        ink = self.palette().color(QPalette.ColorRole.ButtonText)
        self.add_menu = QMenu(self)
        self.add_actions: dict[str, QAction] = {}
        for kind, name in _add_choices():
            act = self.add_menu.addAction(name)
            act.triggered.connect(lambda _checked=False, k=kind: self.add_layer(k))
            self.add_actions[kind] = act
            if kind in ("relu", "sigmoid"):
                self.add_menu.addSeparator()
        self.act_duplicate = QAction(_duplicate_icon(ink), tr("convviz", "Duplicate") + "\tCtrl+D", self)
        self.act_remove = QAction(style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon),
                                  tr("convviz", "Remove") + "\tDel", self)
        self.act_up = QAction(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp),
                              tr("convviz", "Move up") + "\tAlt+↑", self)
        self.act_down = QAction(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
                                tr("convviz", "Move down") + "\tAlt+↓", self)
        self.act_duplicate.triggered.connect(self.duplicate_selected)
        self.act_remove.triggered.connect(self.remove_selected)
        self.act_up.triggered.connect(lambda: self.move_selected(-1))
        self.act_down.triggered.connect(lambda: self.move_selected(+1))

        self.add_button = QToolButton()
        self.add_button.setObjectName("addLayerButton")
        self.add_button.setText(tr("convviz", "Add"))
        self.add_button.setIcon(_plus_icon(ink))
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setMenu(self.add_menu)
        self.add_button.setToolTip(tr("convviz", "Add a layer after the selected one"))
        self.duplicate_button = self._tool_button(self.act_duplicate,
                                                  tr("convviz", "Duplicate the layer (Ctrl+D)"))
        self.remove_button = self._tool_button(self.act_remove, tr("convviz", "Remove the layer (Delete)"))
        self.up_button = self._tool_button(self.act_up, tr("convviz", "Move the layer up (Alt+Up)"))
        self.down_button = self._tool_button(self.act_down, tr("convviz", "Move the layer down (Alt+Down)"))

        header = QHBoxLayout()
        header.setSpacing(2)
        header.addWidget(_heading(tr("convviz", "Layers")))
        header.addStretch(1)
        self._buttons = ((self.duplicate_button, self.act_duplicate), (self.remove_button, self.act_remove),
                         (self.up_button, self.act_up), (self.down_button, self.act_down))
        header.addWidget(self.add_button)
        for button, _act in self._buttons:
            header.addWidget(button)

        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.totals_label = QLabel()
        self.totals_label.setObjectName("totals")

        # editor
        self.editor_title = _heading("")
        self.editors = QStackedWidget()
        self.input_page = QWidget()
        self.input_editor = InputEditor(doc)
        self.input_hint = QLabel()
        self.input_hint.setWordWrap(True)
        self.input_hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        _muted(self.input_hint)
        input_layout = QVBoxLayout(self.input_page)
        input_layout.setContentsMargins(0, 0, 0, 0)
        input_layout.addWidget(self.input_editor)
        input_layout.addWidget(self.input_hint)
        input_layout.addStretch(1)
        self.conv_editor = ConvEditor()
        self.activation_editor = ActivationEditor()
        self.pool_editor = PoolEditor()
        for page in (self.input_page, self.conv_editor, self.activation_editor, self.pool_editor):
            self.editors.addWidget(page)
        for editor in (self.conv_editor, self.activation_editor, self.pool_editor):
            editor.edited.connect(self._on_edited)
        self._undo_keys = _UndoKeysToDocument(self)
        for spin in self.findChildren(QSpinBox) + self.findChildren(QDoubleSpinBox):
            spin.installEventFilter(self._undo_keys)

        # error, right under the editor
        self.error_icon = QLabel()
        self.error_icon.setPixmap(_dot_icon(_ERROR_RED).pixmap(16, 16))
        self.error_icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        pal = self.error_label.palette()
        pal.setColor(QPalette.ColorRole.WindowText, _ERROR_RED)
        self.error_label.setPalette(pal)
        self.error_box = QFrame()
        self.error_box.setObjectName("errorBox")
        self.error_box.setStyleSheet("#errorBox { background: #fdecea; border: 1px solid #f5c2c0;"
                                     " border-radius: 4px; }")
        eb = QHBoxLayout(self.error_box)
        eb.setContentsMargins(8, 6, 8, 6)
        eb.setSpacing(6)
        eb.addWidget(self.error_icon)
        eb.addWidget(self.error_label, 1)
        self.error_box.hide()

        # the arithmetic of the selected conv layer, computed from LayerInfo
        self.params_label, self.neurons_label, self.fc_label = QLabel(), QLabel(), QLabel()
        for label in (self.params_label, self.neurons_label, self.fc_label):
            label.setFont(mono)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fc_label.setWordWrap(True)
        self.fc_info = QLabel()
        self.fc_info.setObjectName("fcInfo")
        self.fc_info.setPixmap(_info_icon(QColor("#1e6fb8")).pixmap(16, 16))
        self.fc_info.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.fc_info.setCursor(Qt.CursorShape.WhatsThisCursor)
        fc_row = _box(QHBoxLayout(), (self.fc_label, 1), self.fc_info, spacing=6)
        self.details = QWidget()
        details_form = _form()
        details_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        details_form.addRow(_muted(QLabel(tr("convviz", "Parameters"))), self.params_label)
        details_form.addRow(_muted(QLabel(tr("convviz", "Neurons"))), self.neurons_label)
        details_form.addRow(_muted(QLabel(tr("convviz", "Compare"))), fc_row)
        self.details.setLayout(details_form)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.setSpacing(6)
        lay.addLayout(header)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.totals_label)
        lay.addSpacing(4)
        lay.addWidget(_rule())
        lay.addWidget(self.editor_title)
        lay.addWidget(self.editors)
        lay.addWidget(self.error_box)
        lay.addWidget(self.details)
        lay.addStretch(0)

        # connect in one place
        self.model.move_requested.connect(self._on_move_requested)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.view.customContextMenuRequested.connect(self._show_context_menu)
        self.view.key_command.connect(self._on_key_command)
        doc.changed.connect(self._on_state_changed)

        self._sync(doc.state)

    def _tool_button(self, action: QAction, tip: str) -> QToolButton:
        button = QToolButton()
        button.setAutoRaise(True)
        # the button shows the action's icon and enabled state; its own tooltip names the key
        button.setIcon(action.icon())
        button.setToolTip(tip)
        button.clicked.connect(action.trigger)
        return button

    # --- public API ---
    @property
    def doc(self) -> Document:
        return self._doc

    def selected_index(self) -> int | None:
        """The selected layer's index, or None when the input row is selected."""
        uid = self._selected_uid
        if uid is None:
            return None
        for i, spec in enumerate(self._doc.state.layers):
            if spec.uid == uid:
                return i
        return None

    def select(self, index: int | None) -> None:
        """Select layer ``index`` (None: the input row)."""
        row = 0 if index is None else index + 1
        if not 0 <= row < self.model.rowCount():
            raise IndexError(index)
        self.view.setCurrentIndex(self.model.index(row))

    # --- stack edits: each is one doc.apply ---
    def _insert_at(self) -> int:
        i = self.selected_index()
        return 0 if i is None else i + 1

    def add_layer(self, kind: str) -> None:
        """Insert a layer of ``kind`` ("conv", "relu", …, "max", "avg", "weighted") after the selection."""
        spec = _new_layer(kind)
        name = dict(_add_choices())[kind]
        self._apply(self._doc.state.insert_layer(self._insert_at(), spec),
                    translate("convviz", "Add {layer}").format(layer=name), select_uid=spec.uid)

    def duplicate_selected(self) -> None:
        i = self.selected_index()
        if i is None:
            return
        state = self._doc.state
        spec = replace(state.layers[i], uid=new_uid())
        held = state.weights.get(state.layers[i].uid)
        if held is not None:  # the copy starts from the same weights where they fit
            state = state.with_weights(spec.uid, held)
        self._apply(state.insert_layer(i + 1, spec),
                    translate("convviz", "Duplicate layer {index}").format(index=i), select_uid=spec.uid)

    def remove_selected(self) -> None:
        i = self.selected_index()
        if i is None:
            return
        state = self._doc.state
        neighbours = [s.uid for s in state.layers[i + 1:i + 2] + state.layers[max(0, i - 1):i]]
        after = neighbours[0] if neighbours else None  # the next layer takes the selection, else the previous
        self._apply(state.remove_layer(i), translate("convviz", "Remove layer {index}").format(index=i),
                    select_uid=after)

    def move_selected(self, step: int) -> None:
        i = self.selected_index()
        if i is None:
            return
        self.move_layer(i, i + step)

    def move_layer(self, src: int, dst: int) -> None:
        layers = self._doc.state.layers
        if not (0 <= src < len(layers) and 0 <= dst < len(layers)) or src == dst:
            return
        self._apply(self._doc.state.move_layer(src, dst), translate("convviz", "Move layer"),
                    select_uid=layers[src].uid)

    def _apply(self, state: StackState, text: str, merge_key: str | None = None,
               select_uid: str | None | object = ...) -> None:
        if select_uid is not ...:
            self._pending_uid = select_uid  # type: ignore[assignment]
            self._selected_uid = select_uid  # type: ignore[assignment]
        self._doc.apply(state, text, merge_key)

    def _on_edited(self, spec: LayerSpec, field: str) -> None:
        state = self._doc.state
        index = next((i for i, s in enumerate(state.layers) if s.uid == spec.uid), None)
        if index is None:
            return
        what = field_names().get(field, field)
        self._apply(state.replace_layer(index, spec),
                    translate("convviz", "Change {field} of layer {index}").format(field=what, index=index),
                    merge_key=f"{spec.uid}:{field}")

    def _on_move_requested(self, src: int, dst: int) -> None:
        self.move_layer(src, dst)

    def _on_key_command(self, command: str) -> None:
        {"remove": self.remove_selected, "duplicate": self.duplicate_selected,
         "up": lambda: self.move_selected(-1), "down": lambda: self.move_selected(+1)}[command]()

    def _show_context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        add = menu.addMenu(_plus_icon(self.palette().color(QPalette.ColorRole.ButtonText)),
                           translate("convviz", "Add after"))
        for act in self.add_menu.actions():
            add.addAction(act)
        menu.addSeparator()
        for act in (self.act_duplicate, self.act_remove):
            menu.addAction(act)
        menu.addSeparator()
        for act in (self.act_up, self.act_down):
            menu.addAction(act)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # --- document → widgets ---
    def _on_state_changed(self, state: StackState) -> None:
        self._sync(state)

    def _sync(self, state: StackState) -> None:
        self._syncing = True
        try:
            old_row = self.view.currentIndex().row()
            self.model.set_rows(_rows_of(state))
            uid = self._pending_uid if self._pending_uid is not None else self._selected_uid
            self._pending_uid = None
            row = self.model.row_of(uid)
            if row is None:  # the selected layer went away (undo of an add): stay at the same place
                row = max(0, min(old_row, self.model.rowCount() - 1))
            index = self.model.index(row)
            if self.view.currentIndex() != index or not self.view.selectionModel().isSelected(index):
                self.view.selectionModel().setCurrentIndex(
                    index, self.view.selectionModel().SelectionFlag.ClearAndSelect)
            self._selected_uid = self.model.data(index, UID_ROLE)
        finally:
            self._syncing = False
        self._show_selected(state)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        self._selected_uid = self.model.data(current, UID_ROLE) if current.isValid() else None
        self._show_selected(self._doc.state)

    def _show_selected(self, state: StackState) -> None:
        index = self.selected_index()
        infos = state.infos()
        self._show_totals(state, infos)
        self._update_actions(index, len(state.layers))
        if index is None:
            self.editor_title.setText(translate("convviz", "Input"))
            self.input_editor.show_state(state)
            self.input_hint.setText(translate(
                "convviz", "The input tensor H × W × C = {shape}. Select a layer to edit it; drag layers to "
                           "reorder them.").format(shape=fmt_shape(state.input_shape)))
            self._show_page(self.input_page)
        else:
            spec = state.layers[index]
            editor = {Conv2D: self.conv_editor, Activation: self.activation_editor,
                      Pool2D: self.pool_editor}[type(spec)]
            editor.show_spec(spec)
            self._show_page(editor)
            self.editor_title.setText(translate("convviz", "Layer {index} · {label}").format(
                index=index, label=layer_label(spec)))
        self._show_error(state.error, state)
        info = infos[index] if index is not None else None
        spec = state.layers[index] if index is not None else None
        self._show_details(spec, info)
        if index != self._last_index:
            self._last_index = index
            self.selection_changed.emit(index)

    def _show_page(self, page: QWidget) -> None:
        # the stack takes the height of the page on show, not of its tallest page
        for i in range(self.editors.count()):
            w = self.editors.widget(i)
            policy = QSizePolicy.Policy.Preferred if w is page else QSizePolicy.Policy.Ignored
            w.setSizePolicy(policy, policy)
        self.editors.setCurrentWidget(page)
        self.editors.adjustSize()

    def _show_totals(self, state: StackState, infos: list[LayerInfo | None]) -> None:
        if state.error is None:
            total = sum(i.params for i in infos if i is not None)
            out = infos[-1].output_shape if infos and infos[-1] is not None else state.input_shape
            text = translate("convviz", "Total: {params} parameters · output {shape}")
            self.totals_label.setText(text.format(params=fmt_int(total), shape=fmt_shape(out)))
        else:
            self.totals_label.setText(translate("convviz", "Total: — (a layer does not fit)"))

    def _show_error(self, err: ConvvizError | None, state: StackState) -> None:
        if err is None:
            self.error_box.hide()
            self.error_label.clear()
            return
        self.error_label.setText(error_text(err, state.layers))
        self.error_box.show()

    def _show_details(self, spec: LayerSpec | None, info: LayerInfo | None) -> None:
        if not isinstance(spec, Conv2D) or info is None:
            self.details.hide()
            return
        f = spec.filters
        kh, kw = spec.kernel_size
        cin = info.input_shape[2] // spec.groups
        weights = translate("convviz", "weights {f}·{kh}·{kw}·{c} = {n}").format(
            f=f, kh=kh, kw=kw, c=cin, n=fmt_int(info.weights))
        if info.biases:
            text = translate("convviz", "{weights} + biases {b} = {total}").format(
                weights=weights, b=fmt_int(info.biases), total=fmt_int(info.params))
        else:
            text = translate("convviz", "{weights} (no biases)").format(weights=weights)
        self.params_label.setText(text)
        ho, wo, fo = info.output_shape
        self.neurons_label.setText(f"{ho}·{wo}·{fo} = {fmt_int(info.neurons)}")
        n_in = info.input_shape[0] * info.input_shape[1] * info.input_shape[2]
        n_out = info.neurons
        self.fc_label.setText(translate(
            "convviz", "a fully connected layer from {n_in} inputs to {n_out} outputs would need "
                       "{n_in}·{n_out} + {n_out} = {total} parameters").format(
            n_in=fmt_int(n_in), n_out=fmt_int(n_out), total=fmt_int(info.fc_params or 0)))
        self.fc_info.setToolTip(translate(
            "convviz", "Every output of a fully connected layer has its own bias: {n_in}·{n_out} weights + "
                       "{n_out} biases. Counting a single bias gives {n_in}·{n_out} + 1 = {one} — the "
                       "number on the lecture's slide (6 913 for 192 inputs and 36 outputs).\n"
                       "Neurons are the output units H·W·F: here {ho}·{wo}·{fo} = {neurons} (the slide's 270 "
                       "for conv2 should read 4·4·10 = 160).").format(
            n_in=fmt_int(n_in), n_out=fmt_int(n_out), one=fmt_int(n_in * n_out + 1), ho=ho, wo=wo, fo=fo,
            neurons=fmt_int(info.neurons)))
        self.details.show()

    def _update_actions(self, index: int | None, count: int) -> None:
        on_layer = index is not None
        self.act_duplicate.setEnabled(on_layer)
        self.act_remove.setEnabled(on_layer)
        self.act_up.setEnabled(on_layer and index > 0)  # type: ignore[operator]
        self.act_down.setEnabled(on_layer and index < count - 1)  # type: ignore[operator]
        for button, act in self._buttons:
            button.setEnabled(act.isEnabled())
