"""The one command path for edits: every change of the stack, its hyperparameters, its weights or its input
is a new :class:`~convviz.model.StackState` pushed through :meth:`Document.apply`, which makes it undoable."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..model import StackState

_MERGE_ID = 0x6376  # any constant: all state commands share one id, merging is decided by their merge key


class _StateCommand(QUndoCommand):
    def __init__(self, doc: Document, before: StackState, after: StackState, text: str, merge_key: str | None):
        super().__init__(text)
        self._doc, self.before, self.after, self.merge_key = doc, before, after, merge_key

    def id(self) -> int:
        return _MERGE_ID if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt API)
        # consecutive edits of the same control (a dragged spin box) collapse into one undo step
        if not isinstance(other, _StateCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self._doc._set_state(self.after)

    def undo(self) -> None:
        self._doc._set_state(self.before)


class Document(QObject):
    """Holds the current state and the undo stack; announces every change with ``changed(state)``."""

    changed = Signal(object)

    def __init__(self, state: StackState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.undo_stack = QUndoStack(self)

    @property
    def state(self) -> StackState:
        return self._state

    def apply(self, new_state: StackState, text: str, merge_key: str | None = None) -> None:
        """Make ``new_state`` current as one undoable step named ``text`` (already translated)."""
        if new_state is self._state:
            return
        self.undo_stack.push(_StateCommand(self, self._state, new_state, text, merge_key))

    def _set_state(self, state: StackState) -> None:
        self._state = state
        self.changed.emit(state)
