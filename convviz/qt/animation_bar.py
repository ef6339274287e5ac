"""Play, pause, step and scrub the sliding window of one conv filter or pool channel."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QStyle, QToolButton, QVBoxLayout, QWidget

from .text import tr, tr_n

#: output values per second
SPEEDS = (1, 2, 4, 8, 16, 32)


class AnimationBar(QWidget):
    """``step_changed(n)``: show the state after n output values (0 … steps). Plays on its own timer."""

    step_changed = Signal(int)
    start_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.steps = 0
        self.title = QLabel(tr("Sliding window: click a unit of a convolution or pooling map."))
        self.title.setWordWrap(True)
        self.start = QToolButton(text=tr("Slide this filter"))
        self.start.setToolTip(tr("Animate the window of the inspected unit's filter over its whole input"))
        style = self.style()
        self._play_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
        self._pause_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPause)
        self.first = QToolButton(icon=style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward))
        self.back = QToolButton(icon=style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekBackward))
        self.play = QToolButton(icon=self._play_icon)
        self.forward = QToolButton(icon=style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekForward))
        for button, tip in ((self.first, tr("Back to the start")), (self.back, tr("One step back")),
                            (self.play, tr("Play / pause")), (self.forward, tr("One step forward"))):
            button.setToolTip(tip)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.speed = QComboBox()
        for s in SPEEDS:
            self.speed.addItem(tr("{n}/s").format(n=s), s)
        self.speed.setCurrentIndex(SPEEDS.index(4))
        self.position = QLabel("")
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.start, self.first, self.back, self.play, self.forward):
            row.addWidget(w)
        row.addWidget(self.slider, 1)
        row.addWidget(self.speed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.addWidget(self.title)
        layout.addLayout(row)
        layout.addWidget(self.position)

        self.start.clicked.connect(self.start_requested)
        self.first.clicked.connect(lambda: self.go(0))
        self.back.clicked.connect(lambda: self.go(self.slider.value() - 1))
        self.forward.clicked.connect(lambda: self.go(self.slider.value() + 1))
        self.play.clicked.connect(self.toggle)
        self.slider.valueChanged.connect(self._on_slider)
        self.speed.currentIndexChanged.connect(self._set_interval)
        self._set_interval()
        self.set_target("", 0)

    # --- API ---------------------------------------------------------------------------------------------

    def set_target(self, name: str, steps: int) -> None:
        """Animate ``steps`` output positions of ``name`` ("conv1 · f2"); 0 steps disables the controls."""
        self.pause()
        self.steps = steps
        if steps:
            self.title.setText(tr_n("Sliding window of {name}: {n} output position|"
                                    "Sliding window of {name}: {n} output positions", steps).format(name=name, n=steps))
        for w in (self.first, self.back, self.play, self.forward, self.slider, self.speed):
            w.setEnabled(steps > 0)
        self.slider.blockSignals(True)
        self.slider.setRange(0, steps)
        self.slider.setValue(0)
        self.slider.blockSignals(False)
        self.show_step(0, steps)

    def show_step(self, step: int, steps: int) -> None:
        """Reflect the current step (without emitting)."""
        self.slider.blockSignals(True)
        self.slider.setValue(step)
        self.slider.blockSignals(False)
        self.position.setText(tr("step {n} / {total}").format(n=step, total=steps) if steps else "")

    def go(self, step: int) -> None:
        if self.steps:
            step = max(0, min(step, self.steps))
            self.show_step(step, self.steps)
            self.step_changed.emit(step)

    def toggle(self) -> None:
        if self._timer.isActive():
            self.pause()
        elif self.steps:
            if self.slider.value() >= self.steps:
                self.go(0)  # a new pass
            self._timer.start()
            self.play.setIcon(self._pause_icon)

    def pause(self) -> None:
        self._timer.stop()
        self.play.setIcon(self._play_icon)

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    # --- internals ---------------------------------------------------------------------------------------

    def _tick(self) -> None:
        if self.slider.value() >= self.steps:
            self.pause()
            return
        self.go(self.slider.value() + 1)

    def _on_slider(self, value: int) -> None:
        self.go(value)

    def _set_interval(self) -> None:
        self._timer.setInterval(int(1000 / (self.speed.currentData() or 4)))
