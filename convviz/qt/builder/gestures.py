"""Where one gesture ends and the next begins, so that the undo stack merges one gesture and no more.

A drag, a held mouse button on a spin box's arrow or a held arrow key (auto-repeat) is one gesture: its edits
merge into one undo step. A new click, a key press that is no auto-repeat, or a wheel turn after a rest starts
a new one — two edits of the same field seconds apart are two steps.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from ..document import Document

#: wheel notches closer than this are one turn of the wheel
WHEEL_TURN_S = 0.4

_STARTS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)


class GestureTracker(QObject):
    """Event filter on a window's controls that tells the document when a new gesture starts."""

    def __init__(self, doc: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._last_wheel = float("-inf")

    def watch(self, *widgets: QWidget) -> None:
        for w in widgets:
            w.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        kind = event.type()
        if kind in _STARTS or (kind == QEvent.Type.KeyPress and not event.isAutoRepeat()):
            self._doc.end_gesture()
        elif kind == QEvent.Type.Wheel:
            now = time.monotonic()
            if now - self._last_wheel > WHEEL_TURN_S:
                self._doc.end_gesture()
            self._last_wheel = now
        return False
