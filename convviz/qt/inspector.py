"""The unit inspector: every number behind one value of a stage, as the lecture writes it, ``y = wᵀx + b``.

It draws what :func:`convviz.instruments.explain` returns (computed on the worker from the engine's own stages)
and computes nothing: for a conv unit, per input channel this filter reads, the input window (padding cells
drawn as padding), the kernel slice, their element-wise products and the channel's sum, then ``Σ + b = y`` and
the activation that follows; for a pool unit, the window with the winner or the weights and the weighted sum; for
an activation, ``x → f(x)``.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..instruments import ActivationUnit, ConvUnit, PoolUnit, ReceptiveField, Unit
from .text import activation_names, fmt_value, tr

#: at most this many input channels are drawn as grids; the rest are summed in one line each
MAX_CHANNEL_GRIDS = 16


def short(v: float) -> str:
    """A cell's number: 4 significant digits (the exact value is in the tooltip and the sums)."""
    v = float(v) + 0.0  # no "-0"
    return f"{v:.3g}" if abs(v) >= 1e-3 or v == 0 else f"{v:.1e}"


class NumberGrid(QWidget):
    """A K_h × K_w grid of numbers: padding cells hatched, one cell optionally marked, values tinted by sign."""

    def __init__(self, values: np.ndarray, *, padding: np.ndarray | None = None, mark: tuple[int, int] | None = None,
                 title: str = "", tint: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values = np.asarray(values, dtype=np.float64)
        self.padding = padding
        self.mark = mark
        self.title = title
        self.tint = tint
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
        self._font = font
        fm = QFontMetrics(font)
        widest = max((fm.horizontalAdvance(short(v)) for v in self.values.ravel()), default=20)
        self._cell = QSize(max(30, widest + 8), fm.height() + 6)
        self._title_h = fm.height() + 2 if title else 0
        self._title_w = fm.horizontalAdvance(title) if title else 0
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        peak = float(np.abs(self.values).max()) if self.values.size else 0.0
        self._peak = peak if peak > 0 else 1.0
        tips = [f"[{i}, {j}] = {fmt_value(self.values[i, j])}" for i in range(self.values.shape[0])
                for j in range(self.values.shape[1])]
        self.setToolTip("\n".join(tips) if len(tips) <= 49 else "")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        kh, kw = self.values.shape
        return QSize(max(kw * self._cell.width(), self._title_w) + 1, kh * self._cell.height() + self._title_h + 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return self.sizeHint()

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.setFont(self._font)
        pal = self.palette()
        text = pal.color(pal.ColorRole.WindowText)
        if self.title:
            p.setPen(text)
            p.drawText(QRectF(0, 0, self.width(), self._title_h), Qt.AlignmentFlag.AlignLeft, self.title)
        cw, ch = self._cell.width(), self._cell.height()
        for i in range(self.values.shape[0]):
            for j in range(self.values.shape[1]):
                r = QRectF(j * cw, self._title_h + i * ch, cw, ch)
                pad = self.padding is not None and bool(self.padding[i, j])
                if pad:
                    p.fillRect(r, QBrush(QColor("#d0d0d0"), Qt.BrushStyle.BDiagPattern))
                elif self.tint:
                    v = self.values[i, j] / self._peak
                    base = QColor(214, 96, 77) if v > 0 else QColor(67, 147, 195)
                    base.setAlphaF(min(1.0, abs(v)) * 0.45)
                    p.fillRect(r, base)
                p.setPen(QPen(QColor("#9a9a9a"), 1))
                p.drawRect(r)
                p.setPen(QColor("#8a8a8a") if pad else text)
                p.drawText(r, Qt.AlignmentFlag.AlignCenter, tr("pad") if pad else short(self.values[i, j]))
        if self.mark is not None:
            i, j = self.mark
            p.setPen(QPen(QColor("#e6a700"), 3))
            p.drawRect(QRectF(j * cw + 1.5, self._title_h + i * ch + 1.5, cw - 3, ch - 3))
        p.end()


def _label(text: str, *, bold: bool = False, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


def _op(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() + 3)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class InspectorPanel(QWidget):
    """Shows one unit's computation; ``move_requested(dy, dx)`` asks for the neighbouring unit (arrow keys)."""

    move_requested = Signal(int, int)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unit: Unit | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.heading = _label("", bold=True)
        self.where = _label("")
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._body = QWidget()
        self._scroll.setWidget(self._body)
        self._body_layout = QVBoxLayout(self._body)
        self._body_layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.where)
        layout.addWidget(self._scroll, 1)
        hint = _label(tr("Click any unit of a map to open its computation; arrow keys move to the next unit."))
        hint.setEnabled(False)
        layout.addWidget(hint)
        self.clear()

    # --- API ---------------------------------------------------------------------------------------------

    def clear(self, message: str = "") -> None:
        self.unit = None
        self.heading.setText(tr("Unit inspector"))
        self.where.setText(message or tr("No unit selected."))
        self._replace_body(QWidget())

    def set_unit(self, unit: Unit, layer_name: str, input_name: str, field: ReceptiveField | None = None) -> None:
        """Show ``unit`` of the layer called ``layer_name``, which reads ``input_name`` ("input", "pool1", …),
        with its receptive field in the input."""
        self.unit = unit
        y, x = unit.at
        if isinstance(unit, ConvUnit):
            self.heading.setText(tr("{layer} · filter f{f} · unit (y={y}, x={x})").format(
                layer=layer_name, f=unit.channel, y=y, x=x))
            self.where.setText(tr("reads {source} rows {r0}…{r1}, columns {c0}…{c1}").format(
                source=input_name, r0=int(unit.rows[0]), r1=int(unit.rows[-1]), c0=int(unit.cols[0]),
                c1=int(unit.cols[-1])))
            body = self._conv_body(unit)
        elif isinstance(unit, PoolUnit):
            self.heading.setText(tr("{layer} · channel {c} · unit (y={y}, x={x})").format(
                layer=layer_name, c=unit.channel, y=y, x=x))
            self.where.setText(tr("window on {source}, rows {r0}…{r1}, columns {c0}…{c1}").format(
                source=input_name, r0=int(unit.rows[0]), r1=int(unit.rows[-1]), c0=int(unit.cols[0]),
                c1=int(unit.cols[-1])))
            body = self._pool_body(unit)
        else:
            self.heading.setText(tr("{layer} · channel {c} · unit (y={y}, x={x})").format(
                layer=layer_name, c=unit.channel, y=y, x=x))
            self.where.setText(tr("element-wise: the same unit of {source}").format(source=input_name))
            body = self._activation_body(unit)
        if field is not None:
            box = field.input
            h, w = box.size
            text = tr("Receptive field in the input: {h}×{w} (rows {r0}…{r1}, columns {c0}…{c1}; outlined on every "
                      "map before this one)").format(h=h, w=w, r0=box.rows[0], r1=box.rows[1], c0=box.cols[0],
                                                     c1=box.cols[1])
            body.layout().addWidget(_label(text))
        self._replace_body(body)

    # --- bodies ------------------------------------------------------------------------------------------

    def content_width(self) -> int:
        """The width that shows the breakdown without scrolling sideways."""
        body = self._scroll.widget()
        margins = self.layout().contentsMargins()
        scrollbar = self._scroll.verticalScrollBar().sizeHint().width()
        return body.sizeHint().width() + margins.left() + margins.right() + scrollbar

    def _replace_body(self, body: QWidget) -> None:
        old = self._scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self._scroll.setWidget(body)

    def _conv_body(self, u: ConvUnit) -> QWidget:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        n = len(u.input_channels)
        for k in range(min(n, MAX_CHANNEL_GRIDS)):
            c = int(u.input_channels[k])
            layout.addWidget(_label(tr("input channel c{c}").format(c=c), bold=True))
            row = QHBoxLayout()
            row.setSpacing(6)
            row.addWidget(NumberGrid(u.inputs[:, :, k], padding=u.padding, title=tr("x (window)")))
            row.addWidget(_op("·"))
            row.addWidget(NumberGrid(u.kernel[:, :, k], title=tr("w (kernel f{f}, c{c})").format(f=u.channel, c=c)))
            row.addWidget(_op("="))
            row.addWidget(NumberGrid(u.products[:, :, k], padding=u.padding, title=tr("x · w")))
            row.addStretch(1)
            layout.addLayout(row)
            layout.addWidget(_label(tr("Σ of c{c}'s products = {s}").format(c=c, s=fmt_value(u.per_channel_sums[k]))))
        if n > MAX_CHANNEL_GRIDS:
            rest = ", ".join(f"c{int(c)}: {fmt_value(s)}" for c, s in
                             zip(u.input_channels[MAX_CHANNEL_GRIDS:], u.per_channel_sums[MAX_CHANNEL_GRIDS:],
                                 strict=True))
            layout.addWidget(_label(tr("other channels' sums: {rest}").format(rest=rest)))
        total = float(u.per_channel_sums.sum())
        terms = " + ".join(fmt_value(s) for s in u.per_channel_sums[:8]) + (" + …" if n > 8 else "")
        layout.addWidget(_label(tr("Σ over the {n} channels = {terms} = {total}").format(
            n=n, terms=terms, total=fmt_value(total))))
        if u.bias is None:
            eq = tr("y = wᵀx = {y}   (no bias)").format(y=fmt_value(u.y))
        else:
            eq = tr("y = wᵀx + b = {total} + {b} = {y}").format(total=fmt_value(total), b=fmt_value(u.bias),
                                                                 y=fmt_value(u.y))
        result = _label(eq, bold=True)
        result.setObjectName("equation")
        layout.addWidget(result)
        if u.activated is not None:
            name = activation_names().get(u.activation or "", u.activation or "")
            layout.addWidget(_label(tr("then {f}({y}) = {z}").format(f=name, y=fmt_value(u.y),
                                                                      z=fmt_value(u.activated)), bold=True))
        return body

    def _pool_body(self, u: PoolUnit) -> QWidget:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        row = QHBoxLayout()
        mark = None
        if u.argmax is not None:
            mark = (int(np.flatnonzero(u.rows == u.argmax[0])[0]), int(np.flatnonzero(u.cols == u.argmax[1])[0]))
        row.addWidget(NumberGrid(u.inputs, padding=u.padding, mark=mark, title=tr("window")))
        if u.weights is not None:
            row.addWidget(_op("·"))
            row.addWidget(NumberGrid(u.weights, title=tr("weights"), tint=False))
            row.addWidget(_op("="))
            row.addWidget(NumberGrid(u.inputs * u.weights, padding=u.padding, title=tr("weighted")))
        row.addStretch(1)
        layout.addLayout(row)
        if u.mode == "max":
            eq = tr("y = max(window) = {y}, at input (row {r}, column {c})").format(
                y=fmt_value(u.y), r=u.argmax[0], c=u.argmax[1])
        elif u.mode == "avg":
            eq = tr("y = mean(window) = Σ weights · window = {y}").format(y=fmt_value(u.y))
        else:
            eq = tr("y = Σ weights · window = {y}  (weighted average; the weights sum to 1)").format(
                y=fmt_value(u.y))
        layout.addWidget(_label(eq, bold=True))
        return body

    def _activation_body(self, u: ActivationUnit) -> QWidget:
        body = QWidget()
        layout = QGridLayout(body)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        name = activation_names().get(u.type, u.type)
        layout.addWidget(_label(tr("x = {x}").format(x=fmt_value(u.x))), 0, 0)
        layout.addWidget(_label(tr("y = {f}(x) = {y}").format(f=name, y=fmt_value(u.y)), bold=True), 1, 0)
        return body

    # --- keys --------------------------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt API)
        moves = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0),
                 Qt.Key.Key_Down: (1, 0)}
        move = moves.get(Qt.Key(event.key()))
        if move is not None and self.unit is not None:
            self.move_requested.emit(*move)
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.closed.emit()
            event.accept()
            return
        super().keyPressEvent(event)
