"""The pooling layer's editor: mode, window and stride."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QVBoxLayout, QWidget

from ....core.layers import LayerSpec, Pool2D
from ...text import pool_names, tr
from .base import Editor, PairEditor, box, form, register, set_combo


@register
class PoolEditor(Editor):
    spec_type = Pool2D
    menu_order = 2

    @classmethod
    def kinds(cls) -> list[tuple[str, str]]:
        return list(pool_names().items())

    @classmethod
    def new_spec(cls, kind: str) -> LayerSpec:
        return Pool2D(mode=kind)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox()
        for text, data in ((tr("max"), "max"), (tr("average"), "avg"),
                           (tr("weighted average (Gaussian window)"), "weighted")):
            self.mode.addItem(text, data)
        self.size = PairEditor(1, 16, tr("square"), tr("Keep the window square"))
        self.stride = PairEditor(1, 16, tr("h = w"), tr("The same stride in both directions"))
        self.stride_is_size = QCheckBox(tr("same as the window (no overlap)"))
        stride_box = box(QVBoxLayout(), self.stride_is_size, self.stride, spacing=4)
        layout = form()
        layout.addRow(tr("Mode"), self.mode)
        layout.addRow(tr("Window"), self.size)
        layout.addRow(tr("Stride"), stride_box)
        self.setLayout(layout)
        self.mode.currentIndexChanged.connect(lambda _i: self._emit("mode", mode=self.mode.currentData()))
        self.size.changed.connect(lambda: self._emit("size", size=self.size.value()))
        self.stride.changed.connect(self._stride_changed)
        self.stride_is_size.toggled.connect(lambda _on: self._stride_changed())

    def controls(self) -> list[QWidget]:
        return [self.mode, *self.size.spins(), self.size.lock, *self.stride.spins(), self.stride.lock,
                self.stride_is_size]

    def _populate(self, spec: Pool2D) -> None:  # type: ignore[override]
        set_combo(self.mode, spec.mode)
        self.size.set_value(spec.size, self.fresh)
        self.stride.set_value(spec.effective_stride, self.fresh)
        if self.stride_is_size.isChecked() != (spec.stride is None):
            self.stride_is_size.setChecked(spec.stride is None)
        self.stride.setEnabled(spec.stride is not None)

    def _stride_changed(self) -> None:
        follow = self.stride_is_size.isChecked()
        self.stride.setEnabled(not follow)
        self._emit("stride", stride=None if follow else self.stride.value())
