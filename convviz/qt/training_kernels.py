"""The Training dock's Kernels page: every conv layer's kernels at once, following the weights on screen — while a
run goes on they change as they learn (the window's kernel view shows the selected layer only).

The mosaics are made on the worker (:func:`convviz.render.conv_kernels`) whenever the document's weights change
and the page is on screen; the page paints the images it is given, each on its own symmetric colour scale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..compute import job_outcome
from ..instruments.counting import layer_names
from ..render import LayerKernels, conv_kernels
from .insight_widgets import qimage, scrolled
from .text import layer_label, tr

if TYPE_CHECKING:
    from .training_dock import TrainingDock

#: the largest on-screen pixels per kernel value
MAX_ZOOM = 12
#: each layer's mosaic is laid out for this many screen pixels of height (its width: the page's)
LAYER_HEIGHT = 150


class KernelsPage(QWidget):
    """Captioned kernel mosaics, one conv layer under another, each scaled by a whole number to the width."""

    #: the page's width changed (the mosaics are laid out for a width)
    width_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, QImage]] = []
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_rows(self, rows: list[tuple[str, QImage]], empty_text: str = "") -> None:
        self.rows, self.empty_text = rows, empty_text
        self._fit()
        self.update()

    def _zoom(self, image: QImage) -> int:
        return max(1, min(MAX_ZOOM, (self.width() - 8) // max(1, image.width()),
                          LAYER_HEIGHT // max(1, image.height())))

    def _layout(self):
        """(caption rect, image rect, caption, image) per layer."""
        line = self.fontMetrics().height()
        y = 0
        for caption, image in self.rows:
            z = self._zoom(image)
            yield QRect(4, y, self.width() - 8, line), QRect(4, y + line + 2, image.width() * z,
                                                            image.height() * z), caption, image
            y += line + 2 + image.height() * z + 10

    def _fit(self) -> None:
        bottom = max((r.bottom() for _, r, _, _ in self._layout()), default=0)
        self.setMinimumHeight(max(bottom + 4, 2 * self.fontMetrics().height()))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._fit()
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.width_changed.emit(event.size().width())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(300, self.minimumHeight())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.setPen(self.palette().color(self.foregroundRole()))
        if not self.rows:
            p.drawText(self.rect().adjusted(4, 4, -4, -4), Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                       self.empty_text)
            return
        for caption_rect, image_rect, caption, image in self._layout():
            p.drawText(caption_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, caption)
            p.drawImage(image_rect, image)  # nearest neighbour: one square per weight


class TrainingKernels(QObject):
    """The page and what keeps it current: a worker job per change of the weights on screen, the newest wins."""

    #: from the worker (queued): (request number, list of LayerKernels)
    _delivered = Signal(int, object)

    def __init__(self, dock: TrainingDock) -> None:
        super().__init__(dock)
        self.dock, self.doc = dock, dock.doc
        self.page = KernelsPage()
        self._scroll = scrolled(self.page)
        self.index = dock.panel.tabs.addTab(self._scroll, tr("Kernels"))
        self._asked = 0
        self._busy = False
        self._again = False
        self._shown_state = None  # the state whose kernels the page shows
        self._laid_out_for = 0  # the page width the shown mosaics were laid out for
        self._delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)
        self.doc.changed.connect(lambda _state: self.request())
        dock.panel.tabs.currentChanged.connect(lambda _i: self.request())
        dock.dock.visibilityChanged.connect(lambda _v: self.request())
        self.page.width_changed.connect(self._on_width)

    def _on_width(self, width: int) -> None:
        if abs(width - self._laid_out_for) > 0.15 * max(1, self._laid_out_for):  # filters re-wrap to the new width
            self._shown_state = None
            self.request()

    def visible(self) -> bool:
        return self.dock.dock.isVisible() and self.dock.panel.tabs.currentIndex() == self.index

    def request(self) -> None:
        """Make the mosaics of the weights on screen on the worker (only while the page is seen)."""
        state = self.doc.state
        if not self.visible() or state is self._shown_state:
            return
        if self._busy:
            self._again = True
            return
        net = state.network
        if net is None:
            self._shown_state = state
            self.page.set_rows([], tr("The stack on screen cannot be built, so it has no kernels to show."))
            return
        self._asked += 1
        self._busy = True
        asked, emit = self._asked, self._delivered.emit
        self._laid_out_for = self.page.width()
        area = (max(100, self.page.width() - 8), LAYER_HEIGHT)

        def run():  # on the worker
            emit(asked, job_outcome(lambda: (state, conv_kernels(net, area))))
            return None

        self.dock.scheduler.submit_extra(run)

    @Slot(int, object)
    def _on_delivered(self, asked: int, result: object) -> None:
        self._busy = False
        if isinstance(result, str):
            self.page.set_rows([], result)
        elif asked == self._asked:
            state, layers = result
            self._shown_state = state
            self._draw(state, layers)
        if self._again:
            self._again = False
            self.request()

    def _draw(self, state, layers: list[LayerKernels]) -> None:
        names = layer_names(state.layers)
        rows = []
        for k in layers:
            f, kh, kw, cin = k.shape
            caption = tr("{label} · kernels {f} × {kh}×{kw} × {cin}  (F_OUT × H_K × W_K × F_IN) · scale ±{limit}")
            caption = caption.format(label=f"{names[k.index]} · {layer_label(state.layers[k.index])}", f=f, kh=kh,
                                     kw=kw, cin=cin, limit=f"{k.limit:.3g}")
            rows.append((caption, qimage(k.rgba)))
        self.page.set_rows(rows, tr("The stack on screen has no conv layer."))
