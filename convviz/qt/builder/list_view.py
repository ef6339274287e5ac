"""The layer list's view: rows painted as columns (index · label · output shape · parameters), and the keys
that edit the stack while the list has the focus."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetrics, QIcon, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from .icons import ERROR_RED
from .list_model import BROKEN, ROW_ROLE, UNREACHED, Row

# the row's margins, the index column and the gap between columns, in pixels
_LEFT, _RIGHT, _INDEX_W, _GAP = 6, 8, 26, 8


class RowDelegate(QStyledItemDelegate):
    """Paints a row as columns: index · label · output shape · parameters (numbers in a monospace font)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), option.fontMetrics.height()) + 10)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row: Row | None = index.data(ROW_ROLE)
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
        if row.status == BROKEN and not selected:
            ink = muted = ERROR_RED
        elif (row.status == UNREACHED or row.uid is None) and not selected:
            ink = muted
        painter.save()
        try:
            self._paint_columns(painter, opt, index, row, ink, muted)
        finally:
            painter.restore()

    def _fonts(self, font: QFont) -> tuple[QFont, QFontMetrics, QFontMetrics]:
        mono = QFont(self.mono)
        mono.setPointSizeF(font.pointSizeF() * 0.95)
        return mono, QFontMetrics(mono), QFontMetrics(font)

    def number_widths(self, rows: list[Row], font: QFont) -> tuple[int, int]:
        """The widths of the shape and parameter columns: the widest of all rows, so columns line up and no
        number is ever cut (names are elided instead)."""
        _mono, mfm, _fm = self._fonts(font)
        shape_w = max((mfm.horizontalAdvance(r.shape) for r in rows), default=0) + 2
        params_w = max((mfm.horizontalAdvance(r.params) for r in rows), default=0) + 2
        return shape_w, params_w

    def minimum_width(self, rows: list[Row], font: QFont) -> int:
        """The narrowest row that shows every number whole and a few letters of each name."""
        shape_w, params_w = self.number_widths(rows, font)
        _mono, _mfm, fm = self._fonts(font)
        return _LEFT + _INDEX_W + 20 + fm.horizontalAdvance("conv 00@") + _GAP * 2 + shape_w + params_w + _RIGHT

    def _paint_columns(self, painter: QPainter, opt: QStyleOptionViewItem, index: QModelIndex, row: Row,
                       ink: QColor, muted: QColor) -> None:
        r = opt.rect.adjusted(_LEFT, 0, -_RIGHT, 0)
        mono, _mfm, fm = self._fonts(opt.font)
        model = index.model()
        rows = model.rows() if hasattr(model, "rows") else [row]
        shape_w, params_w = self.number_widths(rows, opt.font)
        number = "" if row.uid is None else str(index.row() - 1)
        painter.setFont(mono)
        painter.setPen(muted)
        painter.drawText(QRect(r.left(), r.top(), _INDEX_W - 8, r.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, number)
        left = r.left() + _INDEX_W
        if row.status == BROKEN:
            icon = index.data(Qt.ItemDataRole.DecorationRole)
            if isinstance(icon, QIcon):
                icon.paint(painter, left, r.center().y() - 8, 16, 16)
            left += 20
        right = r.right()
        painter.setPen(muted)
        painter.drawText(QRect(right - params_w, r.top(), params_w, r.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, row.params)
        painter.setPen(ink)
        shape_left = right - params_w - _GAP - shape_w
        painter.drawText(QRect(shape_left, r.top(), shape_w, r.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, row.shape)
        painter.setFont(opt.font)
        label_w = max(0, shape_left - _GAP - left)
        text = fm.elidedText(row.label, Qt.TextElideMode.ElideRight, label_w)
        painter.drawText(QRect(left, r.top(), label_w, r.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)


class LayerListView(QListView):
    """A list view that turns Delete, Ctrl+D and Alt+Up/Down into stack edits while it has the focus."""

    key_command = Signal(str)

    _KEYS = {
        (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier): "remove",
        (Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier): "remove",
        (Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier): "duplicate",
        (Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier): "up",
        (Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier): "down",
    }

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        # wide enough for every number of every row: a long shape widens the list, it is never cut
        size = super().minimumSizeHint()
        delegate, model = self.itemDelegate(), self.model()
        if isinstance(delegate, RowDelegate) and model is not None and hasattr(model, "rows"):
            frame = 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()
            size.setWidth(max(size.width(), delegate.minimum_width(model.rows(), self.font()) + frame))
        return size

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
