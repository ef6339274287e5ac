"""The teaching panels of the window (issue 7) as docks: the counting table, the quiz and translation invariance;
and the training dock (issue 12, :mod:`convviz.qt.training_dock`).

Kept out of main_window.py so the window only creates this and calls :meth:`TeachingDocks.scene_opened`; the docks
follow the document (counting, quiz) or the controller's finished results (invariance) by themselves.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from ..core.network import build_network
from ..core.samples import sample_image
from ..instruments.random_stack import random_stack
from ..model import StackState, state_from_network
from ..scene import BuiltinScene
from .controller import Controller
from .counting_panel import CountingPanel
from .document import Document
from .invariance_panel import InvariancePanel
from .quiz_panel import QuizPanel
from .text import tr
from .training_dock import TrainingDock

#: lecture scenes that are about translation invariance: they open with the measurement on screen
INVARIANCE_SCENES = ("lecture6_invariance.json",)


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

        self.invariance = InvariancePanel()
        self.invariance_dock = _dock(window, tr("Translation invariance"), "invariance-dock", self.invariance)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.invariance_dock)
        window.tabifyDockWidget(self.counting_dock, self.invariance_dock)
        self.invariance_dock.hide()
        self._measured: tuple | None = None  # (network, input, shift_max, axis) of the last request

        self.quiz = QuizPanel()
        self.quiz_dock = _dock(window, tr("Quiz"), "quiz-dock", self.quiz)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.quiz_dock)
        self.quiz_dock.hide()
        self.quiz.random_stack_wanted.connect(self.apply_random_stack)

        self.training = TrainingDock(window, doc, controller.scheduler)  # issue 12: train the stack on screen

        doc.changed.connect(self._on_state)
        self._on_state(doc.state)
        controller.finished.connect(self._on_finished)
        controller.invariance_ready.connect(self._on_invariance)
        self.invariance.wanted.connect(lambda *_: self.measure())
        self.invariance_dock.visibilityChanged.connect(lambda visible: visible and self.measure())

    def add_menu_entries(self, menu: QMenu) -> None:
        """The panels' entries of the Lecture menu (a checkable one per dock)."""
        menu.addSeparator()
        act = self.counting_dock.toggleViewAction()
        act.setText(tr("&Counting table"))
        act.setShortcut("Ctrl+Shift+C")
        menu.addAction(act)
        act = QAction(tr("&Quiz…"), self.window)
        act.setShortcut("Ctrl+Shift+Q")
        act.triggered.connect(self.show_quiz)
        menu.addAction(act)
        self.quiz_action = act
        act = self.invariance_dock.toggleViewAction()
        act.setText(tr("Translation &invariance"))
        menu.addAction(act)
        menu.addAction(self.training.toggle_action())

    def _on_state(self, state: StackState) -> None:
        self.counting.set_state(state)
        self.quiz.set_network(state.network)

    def show_quiz(self) -> None:
        self.quiz_dock.show()
        self.quiz_dock.raise_()
        width = max(self.quiz.sizeHint().width(), 420)
        self.window.resizeDocks([self.quiz_dock], [min(width, int(self.window.width() * 0.4))],
                                Qt.Orientation.Horizontal)
        if self.quiz.rows:
            self.quiz.rows[0].edit.setFocus()

    def apply_random_stack(self, seed: int) -> None:
        """Put the random stack of ``seed`` in the window as one undoable step (a small input: 16² at most)."""
        stack = random_stack(seed)
        net = build_network(stack.input_shape, stack.layers, seed=seed)
        x = sample_image(*stack.input_shape, "shapes")
        self.doc.apply(state_from_network(net, x, seed, "shapes"), tr("Random stack {seed}").format(seed=seed))

    def _on_finished(self, _generation: int) -> None:
        if self.invariance_dock.isVisible():
            self.measure()  # follow the stack on screen

    def measure(self) -> None:
        """Ask the worker to measure invariance for the stack on screen, unless it already has for these
        controls (a colour change finishes a computation too: nothing to measure again)."""
        state = self.controller.finished_state
        if state is None:
            return
        shift_max, axis = self.invariance.request()
        key = (state.network, state.input, shift_max, axis)
        if self._measured is not None and all(a is b or a == b for a, b in zip(key, self._measured, strict=True)):
            return
        self.invariance.set_measuring()  # before: a synchronous scheduler answers within the call
        if self.controller.measure_invariance(shift_max, axis):
            self._measured = key

    def _on_invariance(self, event) -> None:
        self.invariance.set_results(event.results, event.layers, event.shift_max, event.axis)

    def scene_opened(self, scene: BuiltinScene) -> None:
        """A lecture scene opens with its arithmetic on screen, not behind a click; the invariance scene with
        its measurement."""
        if scene.key.startswith("lecture"):
            self.show_counting()
        if scene.file in INVARIANCE_SCENES:
            self.show_invariance()  # in front of the table, whose tab stays beside it

    def show_invariance(self) -> None:
        self.invariance_dock.show()
        self.invariance_dock.raise_()
        self.window.resizeDocks([self.invariance_dock], [int(self.window.height() * 0.38)], Qt.Orientation.Vertical)
        self.measure()

    def show_counting(self) -> None:
        self.counting_dock.show()
        self.counting_dock.raise_()
        height = min(self.counting.preferred_height(), int(self.window.height() * 0.4))
        self.window.resizeDocks([self.counting_dock], [height], Qt.Orientation.Vertical)
