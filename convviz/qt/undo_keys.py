"""Undo and redo keys that reach the document from anywhere in the window.

A spin box or a line edit claims Ctrl+Z for its own text (it accepts the ShortcutOverride), so the Edit menu's
shortcut never fires while one has the focus. :class:`UndoKeys` watches the text fields of its window as they
get the focus, claims the undo and redo keys there and triggers the window's actions instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

_TEXT_FIELDS = (QAbstractSpinBox, QLineEdit, QComboBox, QTextEdit, QPlainTextEdit)


class UndoKeys(QObject):
    """Route ``undo``'s and ``redo``'s shortcuts to those actions from every text field of ``window``."""

    def __init__(self, window: QWidget, undo: QAction, redo: QAction) -> None:
        super().__init__(window)
        self._window, self._undo, self._redo = window, undo, redo
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._on_focus_changed)
        focus = app.focusWidget()
        if focus is not None:
            self._on_focus_changed(None, focus)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, _TEXT_FIELDS) and new.window() is self._window:
            new.installEventFilter(self)  # once per widget: Qt drops a filter installed twice before adding it

    def _action_for(self, event: QKeyEvent) -> QAction | None:
        pressed = QKeySequence(event.keyCombination())
        for action in (self._undo, self._redo):
            if pressed in action.shortcuts():
                return action
        return None

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        action = self._action_for(event)
        if action is None:
            return False
        # claim the key (no text undo in the field, no second trigger by the shortcut map), then act once
        event.accept()
        if kind == QEvent.Type.KeyPress and action.isEnabled():
            action.trigger()
        return True
