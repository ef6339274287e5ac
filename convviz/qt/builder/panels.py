"""The two panels under the editor: the error box (why the stack is impossible) and the conv layer's
arithmetic (parameters, neurons, and what a fully connected layer would cost)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QPalette
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QWidget

from ...core.layers import Conv2D, LayerInfo, LayerSpec
from ...instruments.slides import slide_numbers
from ..slide_notes import slide_note
from ..text import fmt_int, tr
from .editors.base import box, form
from .icons import ERROR_RED, dot_icon, info_icon


def muted(label: QLabel) -> QLabel:
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.WindowText, pal.color(QPalette.ColorGroup.Disabled,
                                                          QPalette.ColorRole.WindowText))
    label.setPalette(pal)
    return label


class ErrorBox(QFrame):
    """A red box with the engine's message (translated); hidden while the stack is valid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBox")
        self.setStyleSheet("#errorBox { background: #fdecea; border: 1px solid #f5c2c0; border-radius: 4px; }")
        self.icon = QLabel()
        self.icon.setPixmap(dot_icon(ERROR_RED).pixmap(16, 16))
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel()
        self.label.setObjectName("errorText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        pal = self.label.palette()
        pal.setColor(QPalette.ColorRole.WindowText, ERROR_RED)
        self.label.setPalette(pal)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(6)
        lay.addWidget(self.icon)
        lay.addWidget(self.label, 1)
        self.hide()

    def show_message(self, text: str | None) -> None:
        """Show ``text``, or hide the box for None."""
        if text is None:
            self.hide()
            self.label.clear()
            return
        self.label.setText(text)
        self.show()


class ArithmeticPanel(QWidget):
    """The arithmetic the lecture counts for the selected conv layer, from its :class:`LayerInfo`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.params_label, self.neurons_label, self.fc_label = QLabel(), QLabel(), QLabel()
        for label in (self.params_label, self.neurons_label, self.fc_label):
            label.setFont(mono)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.params_label.setWordWrap(True)  # a long sum wraps rather than widen the dock
        self.fc_label.setWordWrap(True)
        self.fc_info = QLabel()
        self.fc_info.setObjectName("fcInfo")
        self.fc_info.setPixmap(info_icon(QColor("#1e6fb8")).pixmap(16, 16))
        self.fc_info.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.fc_info.setCursor(Qt.CursorShape.WhatsThisCursor)
        fc_row = box(QHBoxLayout(), (self.fc_label, 1), self.fc_info, spacing=6)
        layout = form()
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addRow(muted(QLabel(tr("Parameters"))), self.params_label)
        layout.addRow(muted(QLabel(tr("Neurons"))), self.neurons_label)
        layout.addRow(muted(QLabel(tr("Compare"))), fc_row)
        self.setLayout(layout)

    def show_layer(self, spec: LayerSpec | None, info: LayerInfo | None, name: str = "") -> None:
        """Show the arithmetic of a conv layer that fits (``name``: the lecture's, "conv2"); hide otherwise."""
        if not isinstance(spec, Conv2D) or info is None:
            self.hide()
            return
        f = spec.filters
        kh, kw = spec.kernel_size
        cin = info.input_shape[2] // spec.groups
        weights = tr("weights {f}·{kh}·{kw}·{c} = {n}").format(f=f, kh=kh, kw=kw, c=cin, n=fmt_int(info.weights))
        if info.biases:
            text = tr("{weights} + biases {b} = {total}").format(
                weights=weights, b=fmt_int(info.biases), total=fmt_int(info.params))
        else:
            text = tr("{weights} (no biases)").format(weights=weights)
        self.params_label.setText(text)
        ho, wo, fo = info.output_shape
        self.neurons_label.setText(f"{ho}·{wo}·{fo} = {fmt_int(info.neurons)}")
        n_in = info.input_shape[0] * info.input_shape[1] * info.input_shape[2]
        n_out = info.neurons
        self.fc_label.setText(tr(
            "a fully connected layer from {n_in} inputs to {n_out} outputs would need "
            "{n_in}·{n_out} + {n_out} = {total} parameters").format(
            n_in=fmt_int(n_in), n_out=fmt_int(n_out), total=fmt_int(info.fc_params or 0)))
        # about this layer only: a slide's number is mentioned where this layer is the slide's layer
        notes = [tr("Every output of a fully connected layer has its own bias: {n_in}·{n_out} weights + {n_out} "
                    "biases.").format(n_in=fmt_int(n_in), n_out=fmt_int(n_out)),
                 tr("Neurons are the output units H·W·F: here {ho}·{wo}·{fo} = {neurons}.").format(
                     ho=ho, wo=wo, fo=fo, neurons=fmt_int(info.neurons))]
        notes += [slide_note(n, name or tr("this layer")) for n in slide_numbers(spec, info)]
        self.fc_info.setToolTip("\n".join(notes))
        self.show()
