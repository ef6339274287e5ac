"""The teaching panels of the window (issue 7) as docks: the counting table, the quiz and translation invariance.

Kept out of main_window.py so the window only creates this and calls :meth:`TeachingDocks.scene_opened`; the docks
follow the document (counting, quiz) or the controller's finished results (invariance) by themselves.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from ..model import StackState
from ..scene import BuiltinScene
from .controller import Controller
from .counting_panel import CountingPanel
from .document import Document
from .text import tr


def _dock(window: QMainWindow, title: str, name: str, widget: QWidget) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                     | QDockWidget.DockWidgetFeature.DockWidgetClosable)
    return dock


class TeachingDocks(QObject):
    """Creates the docks (hidden until asked for), their Lecture-menu entries, and keeps them fed."""

    def __init__(self, window: QMainWindow, doc: Document, controller: Controller) -> None:
        super().__init__(window)
        self.window, self.doc, self.controller = window, doc, controller
        self.counting = CountingPanel()
        self.counting_dock = _dock(window, tr("Counting"), "counting-dock", self.counting)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.counting_dock)
        self.counting_dock.hide()
        doc.changed.connect(self._on_state)
        self._on_state(doc.state)

    def add_menu_entries(self, menu: QMenu) -> None:
        """The panels' entries of the Lecture menu (a checkable one per dock)."""
        menu.addSeparator()
        act = self.counting_dock.toggleViewAction()
        act.setText(tr("&Counting table"))
        act.setShortcut("Ctrl+Shift+C")
        menu.addAction(act)

    def _on_state(self, state: StackState) -> None:
        self.counting.set_state(state)

    def scene_opened(self, scene: BuiltinScene) -> None:
        """A lecture scene opens with its arithmetic on screen, not behind a click."""
        if scene.key.startswith("lecture"):
            self.show_counting()

    def show_counting(self) -> None:
        self.counting_dock.show()
        self.counting_dock.raise_()
        height = min(self.counting.preferred_height(), int(self.window.height() * 0.4))
        self.window.resizeDocks([self.counting_dock], [height], Qt.Orientation.Vertical)
