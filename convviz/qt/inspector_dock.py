"""The inspector's dock: the unit's computation above, the sliding-window controls below. It opens on the first
click on a unit (or ``--inspect``/``--animate``), and closing it ends the inspection and its marks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QFrame, QMainWindow, QVBoxLayout, QWidget

from ..core.errors import ConvvizError
from ..core.layers import Conv2D, Pool2D, lecture_name
from .animation_bar import AnimationBar
from .inspector import InspectorPanel
from .text import tr


class InspectorDock(QDockWidget):
    def __init__(self, window: QMainWindow, controller) -> None:
        super().__init__(tr("Unit inspector"), window)
        self.setObjectName("inspector-dock")
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self._window = window
        self._ctl = controller
        self.inspection = controller.inspection
        self.panel = InspectorPanel()
        self.animation = AnimationBar()
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.panel, 1)
        layout.addWidget(line)
        layout.addWidget(self.animation)
        self.setWidget(body)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self)
        self.hide()

        self.inspection.unit_ready.connect(self._on_unit_ready)
        self.inspection.animation_changed.connect(self.animation.show_step)
        self.panel.move_requested.connect(self.inspection.move)
        self.panel.closed.connect(self.close)
        self.animation.step_changed.connect(self.inspection.set_step)
        self.animation.start_requested.connect(self._animate_inspected)
        self.visibilityChanged.connect(self._on_visible)

    def inspect(self, layer: int, channel: int, y: int, x: int) -> None:
        """Open on one unit of a stage (a click on a map, or --inspect); a running animation stops."""
        self.show()
        self.animation.pause()
        self.inspection.stop_animation()
        self.inspection.inspect(layer, channel, y, x)
        self.panel.setFocus()

    def animate(self, layer: int, channel: int, step: int = 0) -> None:
        """Slide the window of filter/channel ``channel`` of conv or pool layer ``layer``, at ``step``."""
        self.show()
        try:
            steps = self.inspection.animate(layer, channel)
        except ConvvizError as exc:
            self._window.statusBar().showMessage(exc.message, 8000)
            return
        layers = self._ctl.finished_state.layers
        what = tr("f{c}") if isinstance(layers[layer], Conv2D) else tr("channel {c}")
        self.animation.set_target(f"{lecture_name(layers, layer)} · {what.format(c=channel)}", steps)
        if step:
            self.animation.go(step)

    def _animate_inspected(self) -> None:
        address = self.inspection.unit_address
        if address is not None:
            self.animate(address[0], address[1])

    def _on_unit_ready(self, unit, field) -> None:
        layers = self._ctl.finished_state.layers
        source = tr("the input") if unit.layer == 0 else lecture_name(layers, unit.layer - 1)
        self.panel.set_unit(unit, lecture_name(layers, unit.layer), source, field)
        slides = isinstance(layers[unit.layer], (Conv2D, Pool2D))
        self.animation.start.setEnabled(slides)
        # wide enough for the breakdown, never more than ~35 % of the window
        width = min(max(self.panel.content_width(), 340), int(self._window.width() * 0.35))
        if self.width() < width:
            self._window.resizeDocks([self], [width], Qt.Orientation.Horizontal)

    def _on_visible(self, visible: bool) -> None:
        if not visible:
            self.animation.set_target("", 0)
            self.inspection.stop()
            self.panel.clear()
