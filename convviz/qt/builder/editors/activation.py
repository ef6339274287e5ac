"""The activation layer's editor: the function, and leaky ReLU's slope."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from ....core.layers import Activation, LayerSpec
from ...text import activation_names, tr
from .base import Editor, explain, float_spin, form, label_tips, register, set_combo, set_spin


@register
class ActivationEditor(Editor):
    spec_type = Activation
    menu_order = 1

    @classmethod
    def kinds(cls) -> list[tuple[str, str]]:
        names = activation_names()
        return [(kind, names[kind]) for kind in ("relu", "leaky_relu", "tanh", "sigmoid")]

    @classmethod
    def new_spec(cls, kind: str) -> LayerSpec:
        return Activation(kind=kind)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        for key, name in activation_names().items():
            self.kind.addItem(name, key)
        self.slope = float_spin(0.0, 1.0, decimals=3, step=0.01)
        explain(tr("Function: the detector stage, applied to every value on its own; ReLU keeps the positives "
                   "and zeroes the negatives, tanh and sigmoid squash smoothly"), self.kind)
        explain(tr("Slope: leaky ReLU's f(x) = x for x > 0, slope · x otherwise, so negatives leak through a "
                   "little"), self.slope)
        layout = form()
        layout.addRow(tr("Function"), self.kind)
        self.slope_label = QLabel(tr("Slope"))
        layout.addRow(self.slope_label, self.slope)
        label_tips(layout)
        self.setLayout(layout)
        self.kind.currentIndexChanged.connect(lambda _i: self._emit("kind", kind=self.kind.currentData()))
        self.slope.valueChanged.connect(lambda v: self._emit("slope", slope=float(v)))

    def controls(self) -> list[QWidget]:
        return [self.kind, self.slope]

    def _populate(self, spec: Activation) -> None:  # type: ignore[override]
        set_combo(self.kind, spec.kind)
        set_spin(self.slope, spec.slope)
        leaky = spec.kind == "leaky_relu"
        self.slope.setVisible(leaky)
        self.slope_label.setVisible(leaky)
