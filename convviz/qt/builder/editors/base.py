"""What every layer editor shares: the :class:`Editor` page, the type → editor registry, the ``h × w`` pair
editor and the form helpers."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from ....core.layers import LayerSpec
from ..signals import signals_blocked

#: a typed number is committed after this long without a keystroke (or on Enter, or when the focus leaves)
TYPING_PAUSE_MS = 600

#: layer type → the editor of its hyperparameters
EDITORS: dict[type[LayerSpec], type[Editor]] = {}


def register(cls: type[Editor]) -> type[Editor]:
    """Class decorator: make ``cls`` the editor of ``cls.spec_type`` layers (and offer them in the Add menu)."""
    EDITORS[cls.spec_type] = cls
    return cls


def menu_section(cls: type[Editor]) -> int:
    return cls.menu_section if cls.menu_section is not None else cls.menu_order


def editor_classes() -> list[type[Editor]]:
    """The registered editors in the Add menu's order."""
    return sorted(EDITORS.values(), key=lambda cls: cls.menu_order)


class Editor(QWidget):
    """One page of the editor stack: shows a spec, and reports ``edited(new_spec, field)``.

    A subclass names its ``spec_type``, the layers it lets the user add (:meth:`kinds`, :meth:`new_spec`),
    its ``controls`` (blocked while a spec is shown) and fills them in ``_populate``.
    """

    edited = Signal(object, str)
    spec_type: ClassVar[type[LayerSpec]]
    #: where the type's layers come in the Add menu (the lecture's order: conv, detector, pooling)
    menu_order: ClassVar[int] = 100
    #: types with the same section share a part of the Add menu (None: a part of its own)
    menu_section: ClassVar[int | None] = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec: LayerSpec | None = None
        self.fresh = True  # showing another layer than before

    @classmethod
    def kinds(cls) -> list[tuple[str, str]]:
        """(kind, display name) of the layers the Add menu offers for this type."""
        raise NotImplementedError

    @classmethod
    def new_spec(cls, kind: str) -> LayerSpec:
        """A new layer of ``kind`` with default hyperparameters."""
        raise NotImplementedError

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


def commit_typed_numbers(spin: QAbstractSpinBox) -> QAbstractSpinBox:
    """Let ``spin`` report a typed number once, when it is complete, never its prefixes.

    Typing "11" would otherwise pass through 1 and compute a 1×1 kernel on the way. Keyboard tracking off
    commits on Enter and focus-out; a single-shot timer commits after a typing pause. Arrows, Page Up/Down and
    the wheel still change the value at once.
    """
    spin.setKeyboardTracking(False)
    pause = QTimer(spin)
    pause.setObjectName("typingPause")
    pause.setSingleShot(True)
    pause.setInterval(TYPING_PAUSE_MS)

    def commit() -> None:
        if spin.hasAcceptableInput():  # "" or "0" below the minimum waits for more keys (or focus-out)
            spin.interpretText()

    pause.timeout.connect(commit)
    spin.lineEdit().textEdited.connect(lambda _text: pause.start())
    spin.editingFinished.connect(pause.stop)
    return spin


class PairEditor(QWidget):
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
            commit_typed_numbers(spin)
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


def explain(text: str, *widgets: QWidget) -> None:
    """A concept tooltip ("Stride: how far the kernel moves between outputs") on controls, and on both spin boxes
    of a :class:`PairEditor` (a hovered spin box shows its own tooltip, not its parent's)."""
    for widget in widgets:
        widget.setToolTip(text)
        if isinstance(widget, PairEditor):
            for spin in widget.spins():
                spin.setToolTip(text)


def label_tips(layout: QFormLayout) -> None:
    """Each row's label explains what its field does: hovering the word "Stride" tells what a stride is."""
    for row in range(layout.rowCount()):
        label = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label and field and label.widget() is not None and field.widget() is not None \
                and not label.widget().toolTip():
            label.widget().setToolTip(field.widget().toolTip())


def form() -> QFormLayout:
    layout = QFormLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setHorizontalSpacing(10)
    layout.setVerticalSpacing(6)
    layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    return layout


def box(layout: QBoxLayout, *items: QWidget | tuple[QWidget, int], spacing: int = 8) -> QWidget:
    """A margin-less row or column of widgets (a ``(widget, stretch)`` pair stretches)."""
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    for item in items:
        child, stretch = item if isinstance(item, tuple) else (item, 0)
        layout.addWidget(child, stretch)
    widget.setLayout(layout)
    return widget


def int_spin(minimum: int, maximum: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(minimum, maximum)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    spin.setMinimumWidth(72)
    commit_typed_numbers(spin)
    return spin


def float_spin(minimum: float, maximum: float, decimals: int, step: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(minimum, maximum)
    spin.setDecimals(decimals)
    spin.setSingleStep(step)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    spin.setMinimumWidth(72)
    commit_typed_numbers(spin)
    return spin


def set_spin(spin: QSpinBox | QDoubleSpinBox, value) -> None:
    if spin.value() != value:  # leave a spin box that is being typed into alone
        spin.setValue(value)


def set_combo(combo: QComboBox, data) -> None:
    i = combo.findData(data)
    if i >= 0 and combo.currentIndex() != i:
        combo.setCurrentIndex(i)
