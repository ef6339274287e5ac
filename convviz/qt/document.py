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
        # consecutive edits of the same control within one gesture (a drag, held arrows) are one undo step
        if not isinstance(other, _StateCommand) or other.merge_key != self.merge_key:
            return False
        if self._doc._merge_target is not self:  # an undo/redo or a new gesture came between: a new step
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        if not self._doc._pushing:
            self._doc._merge_target = None
        self._doc._set_state(self.after)

    def undo(self) -> None:
        self._doc._merge_target = None
        self._doc._set_state(self.before)


class Document(QObject):
    """Holds the current state and the undo stack; announces every change with ``changed(state)``."""

    changed = Signal(object)

    def __init__(self, state: StackState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.undo_stack = QUndoStack(self)
        self._merge_target: _StateCommand | None = None  # the step the next edit may merge into
        self._pushing = False

    @property
    def state(self) -> StackState:
        return self._state

    def apply(self, new_state: StackState, text: str, merge_key: str | None = None, continuing: bool = False) -> None:
        """Make ``new_state`` current as one undoable step named ``text`` (already translated). ``continuing``:
        a long edit that is not a gesture (a training run) joins the top step when that has its ``merge_key``,
        whatever clicks came between."""
        if new_state is self._state:
            return
        if continuing and merge_key:
            top = self.undo_stack.command(self.undo_stack.index() - 1)
            if isinstance(top, _StateCommand) and top.merge_key == merge_key:
                self._merge_target = top
        command = _StateCommand(self, self._state, new_state, text, merge_key)
        self._pushing = True
        try:
            self.undo_stack.push(command)
        finally:
            self._pushing = False
        top = self.undo_stack.command(self.undo_stack.index() - 1)
        self._merge_target = top if isinstance(top, _StateCommand) else None

    def end_gesture(self) -> None:
        """The user starts a new gesture (a click, a key press that is no auto-repeat): the next edit is a new
        undo step even with the same merge key. Only the edits of one continuous gesture merge — two edits
        of the same field seconds apart are two steps."""
        self._merge_target = None

    def adopt_history(self, other: Document) -> None:
        """Take over ``other``'s undo steps, its position among them and its saved (clean) point, without
        changing the state: a window rebuilt in another language keeps its history. The steps keep the names
        they were given (in the language they were made in). ``other``'s state must be this one's."""
        old = other.undo_stack
        steps = [old.command(i) for i in range(old.count())]
        if not all(isinstance(c, _StateCommand) for c in steps):
            return  # only state steps exist; anything else would be a bug, and a fresh history is safe
        state = self._state
        self.blockSignals(True)  # replaying the steps moves through old states the views must never see
        try:
            self.undo_stack.clear()
            for c in steps:
                self.undo_stack.push(_StateCommand(self, c.before, c.after, c.text(), c.merge_key))
            clean = old.cleanIndex()
            if clean >= 0:
                self.undo_stack.setIndex(clean)
                self.undo_stack.setClean()
            self.undo_stack.setIndex(old.index())
        finally:
            self.blockSignals(False)
        self._state = state
        self._merge_target = None  # a new window: the next edit is a new step

    def _set_state(self, state: StackState) -> None:
        self._state = state
        self.changed.emit(state)
