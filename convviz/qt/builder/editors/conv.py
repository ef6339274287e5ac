"""The conv layer's editor: filters, kernel, stride, padding, dilation, groups, bias and weights."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from ....core.layers import Conv2D, InitSpec, LayerSpec
from ...text import preset_names, tr
from .base import Editor, PairEditor, box, explain, form, int_spin, label_tips, register, set_combo, set_spin

_AUTO_SEED = -1


@register
class ConvEditor(Editor):
    spec_type = Conv2D
    menu_order = 0

    @classmethod
    def kinds(cls) -> list[tuple[str, str]]:
        return [("conv", tr("conv"))]

    @classmethod
    def new_spec(cls, kind: str) -> LayerSpec:
        return Conv2D()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filters = int_spin(1, 512)
        self.kernel = PairEditor(1, 31, tr("square"), tr("Keep the kernel square"))
        self.stride = PairEditor(1, 16, tr("h = w"), tr("The same stride in both directions"))
        self.padding_mode = QComboBox()
        for text, data in ((tr("number"), "number"), (tr("same"), "same"), (tr("valid"), "valid")):
            self.padding_mode.addItem(text, data)
        self.padding = PairEditor(0, 16, tr("h = w"), tr("The same padding on all sides"))
        self.dilation = PairEditor(1, 8, tr("h = w"), tr("The same dilation in both directions"))
        self.groups = int_spin(1, 512)
        self.bias = QCheckBox(tr("one bias per filter"))
        self.init = QComboBox()
        for text, data in ((tr("He (normal)"), "he"), (tr("Xavier (uniform)"), "xavier"),
                           (tr("Uniform ±1/√fan-in"), "uniform")):
            self.init.addItem(text, data)
        self.init.insertSeparator(self.init.count())
        for key, name in preset_names().items():
            self.init.addItem(tr("Preset: {name}").format(name=name), "preset:" + key)
        self.seed = int_spin(_AUTO_SEED, 2**31 - 1)
        self.seed.setSpecialValueText(tr("auto"))
        self.seed.setToolTip(tr("The random seed of this layer's weights (auto: derived from the layer's "
                                "position)"))

        self.seed_label = QLabel(tr("seed"))
        padding_row = box(QHBoxLayout(), self.padding_mode, self.padding)
        init_row = box(QHBoxLayout(), (self.init, 1), self.seed_label, self.seed)
        explain(tr("Filters F: how many kernels this layer has; each makes one feature map, so F is the output's "
                   "depth"), self.filters)
        explain(tr("Kernel: the K_h × K_w window of weights that slides over the input; a larger kernel sees a "
                   "wider patch"), self.kernel)
        explain(tr("Stride: how far the kernel moves between outputs; stride 2 halves the output's height and "
                   "width"), self.stride)
        explain(tr("Padding: rings of zeros around the input, so the kernel can also centre on the border pixels. "
                   "same: the output keeps the input's size (stride 1); valid: no padding"),
                padding_row, self.padding_mode, self.padding)
        explain(tr("Dilation: gaps between the kernel's taps; dilation 2 spreads a 3×3 kernel over 5×5 pixels "
                   "with no more weights"), self.dilation)
        explain(tr("Groups: the input channels and the filters split into G groups, each filter seeing only its "
                   "group's channels; G must divide the input depth and the number of filters"), self.groups)
        explain(tr("Bias: one number added to every output of a filter; it shifts where the detector (ReLU) "
                   "switches on"), self.bias)
        explain(tr("Weights: where the kernels' numbers come from — random, as before training (He, Xavier, "
                   "uniform), or a hand-designed preset (edges, blur)"), init_row, self.init)

        layout = form()
        layout.addRow(tr("Filters F"), self.filters)
        layout.addRow(tr("Kernel"), self.kernel)
        layout.addRow(tr("Stride"), self.stride)
        layout.addRow(tr("Padding"), padding_row)
        layout.addRow(tr("Dilation"), self.dilation)
        layout.addRow(tr("Groups"), self.groups)
        layout.addRow(tr("Bias"), self.bias)
        layout.addRow(tr("Weights"), init_row)
        label_tips(layout)
        self.setLayout(layout)

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
        set_spin(self.filters, spec.filters)
        self.kernel.set_value(spec.kernel_size, self.fresh)
        self.stride.set_value(spec.stride, self.fresh)
        if isinstance(spec.padding, str):
            set_combo(self.padding_mode, spec.padding)
        else:
            set_combo(self.padding_mode, "number")
            self.padding.set_value(spec.padding, self.fresh)
        self.padding.setEnabled(not isinstance(spec.padding, str))
        self.dilation.set_value(spec.dilation, self.fresh)
        set_spin(self.groups, spec.groups)
        if self.bias.isChecked() != spec.bias:
            self.bias.setChecked(spec.bias)
        preset = spec.init.preset
        set_combo(self.init, "preset:" + preset if preset is not None else spec.init.scheme)
        set_spin(self.seed, _AUTO_SEED if spec.init.seed is None else spec.init.seed)
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
