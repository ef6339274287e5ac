"""The guided tour: a small window beside the main one that walks through the lecture inside the app — the input,
one filter, many filters, ReLU, pooling, the stack — opening each lecture scene as it goes (an undoable step, like
the Lecture menu). Shown once on the first interactive launch; Help → Guided tour reopens it; Skip ends it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from ..scene import LECTURE_SCENES
from . import prefs
from .text import tr

if TYPE_CHECKING:
    from .main_window import MainWindow


def steps() -> list[tuple[str | None, str, str]]:
    """(lecture scene key or None, title, text) for each step, translated."""
    return [
        (None, tr("Welcome to convviz"),
         tr("This short tour walks through the lecture on the convolutional layer inside the window: the input, "
            "one filter, many filters, ReLU, pooling and the whole stack. Each step opens a lecture scene; Undo "
            "(Ctrl+Z) brings back what you had.")),
        ("lecture-1", tr("The input and one filter"),
         tr("The input is a tensor H × W × C: here an 8×8×3 image (top left). One 3×3×3 filter (top right) slides "
            "over it and computes one dot product y = wᵀx + b per position: a 6×6 feature map. Click a value of "
            "the map to see its products and sums.")),
        ("lecture-2", tr("Many filters"),
         tr("The number of filters F is a hyperparameter. Six filters give six maps, a 6×6×6 tensor: the input "
            "image of the next layer. Hover a map to read its exact values.")),
        ("lecture-3", tr("ReLU: the detector"),
         tr("conv1 → ReLU → conv2 → ReLU: the detector keeps the positive responses and zeroes the rest. conv2's "
            "filters are 3×3×6 because its input has depth 6. The counting table gives parameters and neurons.")),
        ("lecture-4", tr("Pooling"),
         tr("Pooling (subsampling) replaces each 2×2 neighbourhood by its maximum or average, map by map: "
            "8×8×3 → 4×4×3. It makes the output roughly invariant to small shifts of the input.")),
        ("lecture-5", tr("The stack"),
         tr("A convolutional layer is convolution → detector → pooling. Build your own stack in the Layers dock "
            "(add, reorder, change stride, padding, filters); every view follows live. The Lecture menu "
            "(Ctrl+1 … Ctrl+7) opens the scenes again, and Help → Guided tour this tour.")),
    ]


class Tour(QDialog):
    """Non-modal: the window stays usable while the tour explains it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("tour")
        self.w = window
        self.setWindowTitle(tr("Guided tour"))
        self.setModal(False)
        self.steps = steps()
        self.index = 0
        self.counter = QLabel()
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 13pt;")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setMinimumWidth(420)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.skip_button = QPushButton(tr("Skip the tour"))
        self.skip_button.setToolTip(tr("Close the tour; Help → Guided tour opens it again"))
        self.back_button = QPushButton(tr("Back"))
        self.next_button = QPushButton(tr("Next"))
        self.next_button.setDefault(True)
        self.skip_button.clicked.connect(self.finish)
        self.back_button.clicked.connect(lambda: self.go(self.index - 1))
        self.next_button.clicked.connect(self._next)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counter)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)
        self.go(0)

    def go(self, index: int) -> None:
        self.index = max(0, min(index, len(self.steps) - 1))
        key, title, text = self.steps[self.index]
        self.counter.setText(tr("Step {n} of {total}").format(n=self.index + 1, total=len(self.steps)))
        self.title.setText(title)
        self.body.setText(text)
        self.back_button.setEnabled(self.index > 0)
        last = self.index == len(self.steps) - 1
        self.next_button.setText(tr("Finish") if last else tr("Next"))
        scene = next((s for s in LECTURE_SCENES if s.key == key), None)
        if scene is not None and self.w.current_scene is not scene:
            self.w.open_builtin(scene)

    def _next(self) -> None:
        if self.index == len(self.steps) - 1:
            self.finish()
        else:
            self.go(self.index + 1)

    def finish(self) -> None:
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if getattr(self.w, "use_settings", False):
            prefs.set_tour_seen(True)  # skipped or finished: not shown again at start
        super().closeEvent(event)


def show_tour(window: MainWindow) -> Tour:
    tour = getattr(window, "tour", None)
    if tour is None:
        tour = window.tour = Tour(window)
    tour.go(0)
    tour.show()
    if QGuiApplication.platformName() != "offscreen":  # (which says it cannot raise)
        tour.raise_()
    return tour
