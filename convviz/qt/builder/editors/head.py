"""The classifier head's editors (issue 12): dense has units, bias and an initialisation; flatten, global
average pooling and softmax have no hyperparameters, so their page says what the layer does."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ....core.layers import Dense, Flatten, GlobalAvgPool, InitSpec, LayerSpec, Softmax
from ...text import tr
from .base import Editor, box, explain, form, int_spin, label_tips, register, set_combo, set_spin

_AUTO_SEED = -1
#: the head's layers share one section of the Add menu
HEAD_SECTION = 10


class _ReadOnlyEditor(Editor):
    """A layer without hyperparameters: a sentence on what it computes."""

    menu_section = HEAD_SECTION

    @classmethod
    def new_spec(cls, kind: str) -> LayerSpec:
        return cls.spec_type()

    @classmethod
    def description(cls) -> str:
        raise NotImplementedError

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel(self.description())
        self.text.setObjectName("headLayerText")
        self.text.setWordWrap(True)
        self.none = QLabel(tr("No hyperparameters."))
        self.none.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addWidget(self.none)

    def controls(self) -> list[QWidget]:
        return []

    def _populate(self, spec: LayerSpec) -> None:
        pass


@register
class FlattenEditor(_ReadOnlyEditor):
    spec_type = Flatten
    menu_order = 10

    @classmethod
    def kinds(cls) -> list[tuple[str, str]]:
        return [("flatten", tr("flatten"))]

    @classmethod
    def description(cls) -> str:
        return tr("Reads the H × W × C input in C order (h, then w, then c) as one vector, stored as a "
                  "1 × 1 × (H·W·C) stage, for a dense layer after it.")


@register
class GlobalAvgPoolEditor(_ReadOnlyEditor):
    spec_type = GlobalAvgPool
    menu_order = 11

    @classmethod
    def kinds(cls) -> list[tuple[str, str]]:
        return [("global_avg_pool", tr("global avg pool"))]

    @classmethod
    def description(cls) -> str:
        return tr("The mean of every channel's map: H × W × C → 1 × 1 × C. Fewer inputs for the dense layer "
                  "than flatten, and it does not care where in the image a feature is.")


@register
class SoftmaxEditor(_ReadOnlyEditor):
    spec_type = Softmax
    menu_order = 13

    @classmethod
    def kinds(cls) -> list[tuple[str, str]]:
        return [("softmax", tr("softmax"))]

    @classmethod
    def description(cls) -> str:
        return tr("exp(x) / Σ exp(x) over the channels: the class probabilities of the logits before it. "
                  "Optional at the end; training always works on the logits.")


@register
class DenseEditor(Editor):
    spec_type = Dense
    menu_order = 12
    menu_section = HEAD_SECTION

    @classmethod
    def kinds(cls) -> list[tuple[str, str]]:
        return [("dense", tr("dense"))]

    @classmethod
    def new_spec(cls, kind: str) -> LayerSpec:
        return Dense()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.units = int_spin(1, 4096)
        explain(tr("Units: how many outputs; the last dense layer's units are the classes (logits)"), self.units)
        self.bias = QCheckBox(tr("one bias per unit"))
        self.init = QComboBox()
        for text, data in ((tr("He (normal)"), "he"), (tr("Xavier (uniform)"), "xavier"),
                           (tr("Uniform ±1/√fan-in"), "uniform")):
            self.init.addItem(text, data)
        self.seed = int_spin(_AUTO_SEED, 2**31 - 1)
        self.seed.setSpecialValueText(tr("auto"))
        self.seed.setToolTip(tr("The random seed of this layer's weights (auto: derived from the layer's "
                                "position)"))
        self.hint = QLabel(tr("Every output reads the whole input, flattened in C order (h, then w, then c): "
                              "weight units × inputs."))
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)
        layout = form()
        layout.addRow(tr("Units"), self.units)
        layout.addRow(tr("Bias"), self.bias)
        explain(tr("Bias: one number added to each output"), self.bias)
        weights_row = box(QHBoxLayout(), (self.init, 1), QLabel(tr("seed")), self.seed)
        explain(tr("Weights: the random values before training (He, Xavier or uniform)"), weights_row, self.init)
        layout.addRow(tr("Weights"), weights_row)
        layout.addRow(self.hint)
        label_tips(layout)
        self.setLayout(layout)
        self.units.valueChanged.connect(lambda v: self._emit("units", units=v))
        self.bias.toggled.connect(lambda on: self._emit("bias", bias=on))
        self.init.currentIndexChanged.connect(lambda _i: self._init_changed("init"))
        self.seed.valueChanged.connect(lambda _v: self._init_changed("seed"))

    def controls(self) -> list[QWidget]:
        return [self.units, self.bias, self.init, self.seed]

    def _populate(self, spec: Dense) -> None:  # type: ignore[override]
        set_spin(self.units, spec.units)
        if self.bias.isChecked() != spec.bias:
            self.bias.setChecked(spec.bias)
        set_combo(self.init, spec.init.scheme)
        set_spin(self.seed, _AUTO_SEED if spec.init.seed is None else spec.init.seed)

    def _init_changed(self, field: str) -> None:
        seed = None if self.seed.value() == _AUTO_SEED else self.seed.value()
        self._emit(field, init=InitSpec(scheme=str(self.init.currentData()), seed=seed))
