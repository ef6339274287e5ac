"""The stack editor: the layers as a list (input → conv → ReLU → pool → …), an editor for the selected layer,
the error box and the arithmetic the lecture counts.

Every edit — add, remove, duplicate, move (buttons, context menu, keys, drag and drop) and every change in
an editor — is an :class:`~convviz.edits.Edit` applied through :meth:`Document.apply`, so it is undoable.
The widget keeps no state of its own beyond the selection: whenever ``doc.changed`` fires, the rows and the
editor are rebuilt from ``doc.state`` with the widgets' signals blocked, so nothing echoes back.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ... import edits
from ...core.layers import LayerInfo, LayerSpec, fmt_shape, lecture_name
from ...edits import Edit
from ...model import StackState
from ..document import Document
from ..errors_text import error_text
from ..input_editor import InputEditor
from ..text import field_names, fmt_int, layer_label, tr, tr_n
from .editors import ActivationEditor, ConvEditor, Editor, PoolEditor, editor_classes, menu_section
from .gestures import GestureTracker
from .icons import duplicate_icon, plus_icon
from .list_model import UID_ROLE, LayerListModel, rows_of
from .list_view import LayerListView, RowDelegate
from .panels import ArithmeticPanel, ErrorBox, muted


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

        # list and its actions
        self.model = LayerListModel(self)
        self.view = LayerListView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(RowDelegate(self.view))
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
        self._add_kinds: dict[str, tuple[type[Editor], str]] = {}  # kind → (its editor class, its name)
        section = None
        for cls in editor_classes():
            if section is not None and menu_section(cls) != section:
                self.add_menu.addSeparator()
            section = menu_section(cls)
            for kind, name in cls.kinds():
                act = self.add_menu.addAction(name)
                act.triggered.connect(lambda _checked=False, k=kind: self.add_layer(k))
                self.add_actions[kind] = act
                self._add_kinds[kind] = (cls, name)
        self.act_duplicate = QAction(duplicate_icon(ink), tr("Duplicate") + "\tCtrl+D", self)
        self.act_remove = QAction(style.standardIcon(QStyle.StandardPixmap.SP_TrashIcon), tr("Remove") + "\tDel",
                                  self)
        self.act_up = QAction(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp), tr("Move up") + "\tAlt+↑",
                              self)
        self.act_down = QAction(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
                                tr("Move down") + "\tAlt+↓", self)
        self.act_duplicate.triggered.connect(self.duplicate_selected)
        self.act_remove.triggered.connect(self.remove_selected)
        self.act_up.triggered.connect(lambda: self.move_selected(-1))
        self.act_down.triggered.connect(lambda: self.move_selected(+1))

        self.add_button = QToolButton()
        self.add_button.setObjectName("addLayerButton")
        self.add_button.setText(tr("Add"))
        self.add_button.setIcon(plus_icon(ink))
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setMenu(self.add_menu)
        self.add_button.setToolTip(tr("Add a layer after the selected one"))
        self.duplicate_button = self._tool_button(self.act_duplicate, tr("Duplicate the layer (Ctrl+D)"))
        self.remove_button = self._tool_button(self.act_remove, tr("Remove the layer (Delete)"))
        self.up_button = self._tool_button(self.act_up, tr("Move the layer up (Alt+Up)"))
        self.down_button = self._tool_button(self.act_down, tr("Move the layer down (Alt+Down)"))

        header = QHBoxLayout()
        header.setSpacing(2)
        header.addWidget(_heading(tr("Layers")))
        header.addStretch(1)
        self._buttons = ((self.duplicate_button, self.act_duplicate), (self.remove_button, self.act_remove),
                         (self.up_button, self.act_up), (self.down_button, self.act_down))
        header.addWidget(self.add_button)
        for button, _act in self._buttons:
            header.addWidget(button)

        self.totals_label = QLabel()
        self.totals_label.setObjectName("totals")

        # editors: the input's page, then one page per layer type
        self.editor_title = _heading("")
        self.editors = QStackedWidget()
        self.input_page = QWidget()
        self.input_editor = InputEditor(doc)
        self.input_hint = QLabel()
        self.input_hint.setWordWrap(True)
        self.input_hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        muted(self.input_hint)
        input_layout = QVBoxLayout(self.input_page)
        input_layout.setContentsMargins(0, 0, 0, 0)
        input_layout.addWidget(self.input_editor)
        input_layout.addWidget(self.input_hint)
        input_layout.addStretch(1)
        self.editors.addWidget(self.input_page)
        self._editors: dict[type[LayerSpec], Editor] = {}
        for cls in editor_classes():
            editor = cls()
            self._editors[cls.spec_type] = editor
            self.editors.addWidget(editor)
            editor.edited.connect(self._on_edited)
        # only one gesture merges into one undo step: a click or a fresh key press on a control starts a new one
        self._gestures = GestureTracker(doc, self)
        self._gestures.watch(*self.editors.findChildren(QAbstractSpinBox), *self.editors.findChildren(QComboBox),
                             *self.editors.findChildren(QCheckBox))

        self.error_box = ErrorBox()
        self.details = ArithmeticPanel()

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
        self.model.move_requested.connect(self.move_layer)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.view.customContextMenuRequested.connect(self._show_context_menu)
        self.view.key_command.connect(self._on_key_command)
        doc.changed.connect(self._sync)

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

    @property
    def error_label(self) -> QLabel:
        return self.error_box.label

    def editor_for(self, spec_type: type[LayerSpec]) -> Editor:
        """The editor page of ``spec_type`` layers."""
        return self._editors[spec_type]

    @property
    def conv_editor(self) -> ConvEditor:
        return self._editor_of(ConvEditor)

    @property
    def activation_editor(self) -> ActivationEditor:
        return self._editor_of(ActivationEditor)

    @property
    def pool_editor(self) -> PoolEditor:
        return self._editor_of(PoolEditor)

    def _editor_of(self, cls):
        return self._editors[cls.spec_type]

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
    def add_layer(self, kind: str) -> None:
        """Insert a layer of ``kind`` ("conv", "relu", …, "max", "avg", "weighted") after the selection."""
        cls, name = self._add_kinds[kind]
        i = self.selected_index()
        self._apply(edits.add_layer(self._doc.state, 0 if i is None else i + 1, cls.new_spec(kind), name))

    def duplicate_selected(self) -> None:
        i = self.selected_index()
        if i is not None:
            self._apply(edits.duplicate_layer(self._doc.state, i))

    def remove_selected(self) -> None:
        i = self.selected_index()
        if i is not None:
            self._apply(edits.remove_layer(self._doc.state, i))

    def move_selected(self, step: int) -> None:
        i = self.selected_index()
        if i is not None:
            self.move_layer(i, i + step)

    def move_layer(self, src: int, dst: int) -> None:
        self._apply(edits.move_layer(self._doc.state, src, dst))

    def _apply(self, edit: Edit | None) -> None:
        if edit is None:
            return
        self._pending_uid = self._selected_uid = edit.select
        self._doc.apply(edit.state, edit.describe(tr), edit.merge_key)

    def _on_edited(self, spec: LayerSpec, field: str) -> None:
        self._apply(edits.change_layer(self._doc.state, spec, field, field_names().get(field, field)))

    def _on_key_command(self, command: str) -> None:
        {"remove": self.remove_selected, "duplicate": self.duplicate_selected,
         "up": lambda: self.move_selected(-1), "down": lambda: self.move_selected(+1)}[command]()

    def _show_context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        add = menu.addMenu(plus_icon(self.palette().color(QPalette.ColorRole.ButtonText)), tr("Add after"))
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
    def _sync(self, state: StackState) -> None:
        self._syncing = True
        try:
            old_row = self.view.currentIndex().row()
            self.model.set_rows(rows_of(state))
            self.view.updateGeometry()  # its minimum width follows the widest numbers
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
            self.editor_title.setText(tr("Input"))
            self.input_editor.show_state(state)
            self.input_hint.setText(tr(
                "The input tensor H × W × C = {shape}. Select a layer to edit it; drag layers to "
                "reorder them.").format(shape=fmt_shape(state.input_shape)))
            self._show_page(self.input_page)
        else:
            spec = state.layers[index]
            editor = self._editors[type(spec)]
            editor.show_spec(spec)
            self._show_page(editor)
            self.editor_title.setText(tr("Layer {index} · {label}").format(index=index, label=layer_label(spec)))
        self.error_box.show_message(error_text(state.error, state.layers) if state.error is not None else None)
        self.details.show_layer(state.layers[index] if index is not None else None,
                                infos[index] if index is not None else None,
                                lecture_name(state.layers, index) if index is not None else "")
        if index != self._last_index:
            self._last_index = index
            self.selection_changed.emit(index)

    def _show_page(self, page: QWidget) -> None:
        # the stack takes the height of the page on show, not of its tallest page, but the width of its widest
        # page: the dock keeps one width whatever is selected (else every view resizes on selection)
        for i in range(self.editors.count()):
            w = self.editors.widget(i)
            vertical = QSizePolicy.Policy.Preferred if w is page else QSizePolicy.Policy.Ignored
            w.setSizePolicy(QSizePolicy.Policy.Preferred, vertical)
        self.editors.setCurrentWidget(page)
        self.editors.adjustSize()

    def _show_totals(self, state: StackState, infos: list[LayerInfo | None]) -> None:
        if state.error is None:
            total = sum(i.params for i in infos if i is not None)
            out = infos[-1].output_shape if infos and infos[-1] is not None else state.input_shape
            self.totals_label.setText(tr_n("Total: {params} parameter · output {shape}|"
                                           "Total: {params} parameters · output {shape}", total).format(
                params=fmt_int(total), shape=fmt_shape(out)))
        else:
            self.totals_label.setText(tr("Total: — (a layer does not fit)"))

    def _update_actions(self, index: int | None, count: int) -> None:
        on_layer = index is not None
        self.act_duplicate.setEnabled(on_layer)
        self.act_remove.setEnabled(on_layer)
        self.act_up.setEnabled(on_layer and index > 0)  # type: ignore[operator]
        self.act_down.setEnabled(on_layer and index < count - 1)  # type: ignore[operator]
        for button, act in self._buttons:
            button.setEnabled(act.isEnabled())
