"""The Training dock's views of the test split (issue 12): the confusion matrix, the misclassified images, per output
channel of a conv layer the test images that excite it most, and a chosen test image shown through the window.

The numbers are :class:`convviz.train.insight.Insight`'s, computed on the worker at the end of every epoch (with the
epoch's last batch) and on demand (after Pause or Step, or with "Evaluate"); these widgets only index its arrays
and paint. A test image chosen here (a click on any tile, or its number) becomes the window's input through the
window's own input path — one undoable edit, named after the image — and the run goes on with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, QPoint, QRect, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import ConvvizError
from ..instruments.counting import layer_names
from ..train.data import DIGIT_CLASSES
from ..train.insight import Insight, compute_insight
from ..train.live import LIVE_DATASETS, make_test_data
from .text import filter_label, layer_label, tr, tr_n

if TYPE_CHECKING:
    from .training_dock import TrainingDock

#: tiles of the test images, at this many screen pixels per image pixel
ZOOM = 2
#: misclassified images shown at most
MISTAKES = 16


def class_names(classes: Sequence[str]) -> list[str]:
    """The dataset's class names as the window says them (digits stay digits)."""
    names = {"circle": tr("circle"), "square": tr("square"), "triangle": tr("triangle"), "cross": tr("cross"),
             "star": tr("star")}
    return [names.get(c, c) for c in classes]


def _kind(insight: Insight) -> str:
    return tr("digits") if tuple(insight.data.classes) == DIGIT_CLASSES else tr("shapes")


def _qimage(rgb8: np.ndarray) -> QImage:
    h, w, _ = rgb8.shape
    return QImage(np.ascontiguousarray(rgb8).data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


# --- the confusion matrix -------------------------------------------------------------------------------------


class ConfusionView(QWidget):
    """Counts of the test split, rows = true class, columns = predicted; a cell's colour is its share of its row
    (the diagonal blue, the mistakes red). A click on a cell filters the misclassified images."""

    cell_clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = np.zeros((0, 0), np.int64)
        self.names: list[str] = []
        self.selected: tuple[int, int] | None = None
        self.setMinimumSize(220, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def set_counts(self, counts: np.ndarray, names: list[str]) -> None:
        self.counts, self.names = counts, names + [str(i) for i in range(len(names), len(counts))]
        rows = counts.sum(axis=1, keepdims=True)
        self._share = counts / np.maximum(rows, 1)
        self.update()

    def _geometry(self) -> tuple[int, int, int, bool]:
        """(left, top, cell size, whether the column names stand upright) of the grid."""
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(n) for n in self.names), default=0)
        left = fm.height() + 12 + widest
        k = max(1, len(self.counts))
        for upright in (False, True):  # names wider than a cell stand upright above their column
            top = fm.height() + 8 + (widest if upright else fm.height())
            cell = max(8, min((self.width() - left - 4) // k, (self.height() - top - 4) // k))
            if widest + 4 <= cell:
                break
        return left, top, cell, upright

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        left, top, cell, _ = self._geometry()
        r, c = (pos.y() - top) // cell, (pos.x() - left) // cell
        k = len(self.counts)
        return (int(r), int(c)) if pos.x() >= left and pos.y() >= top and r < k and c < k else None

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        k = len(self.counts)
        p = QPainter(self)
        fg = self.palette().color(self.foregroundRole())
        p.setPen(fg)
        if k == 0:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       tr("The confusion matrix of the test split appears after an epoch, a pause, or Evaluate."))
            return
        left, top, cell, upright = self._geometry()
        fm = self.fontMetrics()
        lh = fm.height()
        p.drawText(QRect(left, 0, cell * k, lh + 2), Qt.AlignmentFlag.AlignCenter, tr("predicted"))
        p.save()
        p.translate(0, top + cell * k)
        p.rotate(-90)
        p.drawText(QRect(0, 0, cell * k, lh + 2), Qt.AlignmentFlag.AlignCenter, tr("true class"))
        p.restore()
        for i, name in enumerate(self.names[:k]):
            if upright:
                p.save()
                p.translate(left + i * cell, top - 4)
                p.rotate(-90)
                p.drawText(QRect(0, 0, top - lh - 8, cell), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                           name)
                p.restore()
            else:
                p.drawText(QRect(left + i * cell, lh + 4, cell, lh), Qt.AlignmentFlag.AlignCenter, name)
            p.drawText(QRect(lh + 4, top + i * cell, left - lh - 10, cell),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
        base = self.palette().color(self.backgroundRole())
        font = p.font()
        if cell < 3 * fm.horizontalAdvance("0") + 4:
            font.setPointSizeF(max(5.0, font.pointSizeF() * 0.8))
        p.setFont(font)
        for r in range(k):
            for c in range(k):
                share = float(self._share[r, c])
                ink = QColor(31, 119, 180) if r == c else QColor(214, 39, 40)
                colour = QColor.fromRgbF(*(base.getRgbF()[j] * (1 - share) + ink.getRgbF()[j] * share
                                           for j in range(3)))
                rect = QRect(left + c * cell, top + r * cell, cell - 1, cell - 1)
                p.fillRect(rect, colour)
                if self.counts[r, c]:
                    p.setPen(QColor("white") if share > 0.45 else fg)
                    p.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(int(self.counts[r, c])))
        if self.selected is not None and max(self.selected) < k:
            r, c = self.selected
            p.setPen(QPen(self.palette().color(self.palette().ColorRole.Highlight), 2))
            p.drawRect(QRect(left + c * cell, top + r * cell, cell - 1, cell - 1))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        cell = self.cell_at(event.position().toPoint())
        if cell is not None:
            self.cell_clicked.emit(*cell)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        cell = self.cell_at(event.position().toPoint())
        if cell is None:
            QToolTip.hideText()
            return
        r, c = cell
        row = int(self.counts[r].sum())
        QToolTip.showText(event.globalPosition().toPoint(), tr_n(
            "true {t}, predicted {p}: {n} of {row} test image ({share:.0%})|"
            "true {t}, predicted {p}: {n} of {row} test images ({share:.0%})", row).format(
            t=self.names[r], p=self.names[c], n=int(self.counts[r, c]), row=row,
            share=self.counts[r, c] / max(row, 1)), self)


# --- tiles of test images ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    index: int  # the test image's number
    image: QImage
    caption: str
    tooltip: str


class TileGrid(QWidget):
    """Test images with a caption each: in labelled rows (per channel), or flowing to the width (mistakes). A click
    on a tile emits its test image's number; the image the window shows is outlined."""

    clicked = Signal(int)

    def __init__(self, flow: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.rows: list[tuple[str, list[Tile]]] = []
        self.empty_text = ""
        self.marked: int | None = None
        self.side = 28
        self.setMouseTracking(True)

    def set_rows(self, rows: list[tuple[str, list[Tile]]], empty_text: str = "") -> None:
        self.rows, self.empty_text = rows, empty_text
        first = next((t for _, tiles in rows for t in tiles), None)
        self.side = ZOOM * first.image.height() if first is not None else 56
        self._fit()
        self.update()

    def mark(self, index: int | None) -> None:
        self.marked = index
        self.update()

    def _metrics(self) -> tuple[int, int, int, int]:
        """(label width, cell width, cell height, columns)."""
        fm = self.fontMetrics()
        label = 0 if self.flow else max((fm.horizontalAdvance(t) for t, _ in self.rows), default=0) + 8
        cw = max(self.side, max((fm.horizontalAdvance(t.caption) for _, ts in self.rows for t in ts), default=0)) + 8
        ch = self.side + fm.height() + 6
        cols = max(1, (self.width() - label) // cw) if self.flow else max((len(ts) for _, ts in self.rows), default=1)
        return label, cw, ch, cols

    def _positions(self):
        label, cw, ch, cols = self._metrics()
        y = 0
        for text, tiles in self.rows:
            for j, tile in enumerate(tiles):
                r, c = divmod(j, cols)
                yield text, tile, QRect(label + c * cw + (cw - self.side) // 2, y + r * ch, self.side, self.side)
            y += ch * max(1, -(-len(tiles) // cols))

    def _fit(self) -> None:
        label, cw, ch, cols = self._metrics()
        height = sum(ch * max(1, -(-len(tiles) // cols)) for _, tiles in self.rows)
        self.setMinimumHeight(max(height, self.fontMetrics().height() * 2))
        self.setMinimumWidth(cw if self.flow else label + cols * cw)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if self.flow:
            self._fit()
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(self.minimumWidth(), self.minimumHeight())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        fg = self.palette().color(self.foregroundRole())
        p.setPen(fg)
        if not any(tiles for _, tiles in self.rows):
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, self.empty_text)
            return
        fm = self.fontMetrics()
        cw = self._metrics()[1]
        label_done = set()
        highlight = QPen(self.palette().color(self.palette().ColorRole.Highlight), 3)
        for text, tile, rect in self._positions():
            if text and text not in label_done:
                label_done.add(text)
                p.drawText(QRect(0, rect.top(), rect.left(), self.side), Qt.AlignmentFlag.AlignVCenter, text)
            p.drawImage(rect, tile.image)  # nearest neighbour: the pixels as the network sees them
            p.setPen(fg)
            p.drawText(QRect(rect.center().x() - cw // 2, rect.bottom() + 2, cw, fm.height()),
                       Qt.AlignmentFlag.AlignCenter, tile.caption)
            if tile.index == self.marked:
                p.setPen(highlight)
                p.drawRect(rect.adjusted(-2, -2, 1, 1))

    def tile_at(self, pos: QPoint) -> Tile | None:
        return next((tile for _, tile, rect in self._positions() if rect.contains(pos)), None)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        tile = self.tile_at(event.position().toPoint())
        if tile is not None:
            self.clicked.emit(tile.index)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        tile = self.tile_at(event.position().toPoint())
        if tile is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), tile.tooltip, self)


class Page(QWidget):
    """A page of the dock's tabs: asks for a modest size, so the dock leaves the window's views their room."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(640, 240)


class _Scroll(QScrollArea):
    """Scrolls its tiles: asks for little room, so a long grid never makes the dock taller."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(240, 120)


def _scrolled(widget: QWidget) -> QScrollArea:
    area = _Scroll()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


# --- the views and their worker jobs ----------------------------------------------------------------------------


class TrainingViews(QObject):
    """The dock's Mistakes and Channels pages and its test-image row; owned by :class:`TrainingDock`."""

    #: from the worker (queued): (request number, Insight or an error message)
    _delivered = Signal(int, object)

    def __init__(self, dock: TrainingDock) -> None:
        super().__init__(dock)
        self.dock, self.doc, panel = dock, dock.doc, dock.panel
        self.insight: Insight | None = None
        self.shown: int | None = None  # the test image the window shows
        self._shown_path: str | None = None
        self._asked = 0  # requests made; a delivery answers the newest only
        self._busy = False
        self._again = False
        self._filter: tuple[int, int] | None = None

        self.confusion = ConfusionView()
        self.mistakes = TileGrid(flow=True)
        self.mistakes_title = QLabel()
        self.mistakes_title.setWordWrap(True)
        errors = Page()
        right = QVBoxLayout()
        right.addWidget(self.mistakes_title)
        right.addWidget(_scrolled(self.mistakes), 1)
        row = QHBoxLayout(errors)
        row.addWidget(self.confusion, 2)
        row.addLayout(right, 3)
        panel.tabs.addTab(errors, tr("Confusion and mistakes"))

        self.layer = QComboBox()
        self.layer.setToolTip(tr("The conv layer whose output channels are shown"))
        self.reduction = QComboBox()
        self.reduction.addItem(tr("maximum"), "max")
        self.reduction.addItem(tr("mean"), "mean")
        self.reduction.setToolTip(tr("Score of a test image for a channel: the maximum or the mean of its map after "
                                     "the detector"))
        self.channels = TileGrid(flow=False)
        channels = Page()
        box = QVBoxLayout(channels)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Layer")))
        bar.addWidget(self.layer)
        bar.addWidget(QLabel(tr("by")))
        bar.addWidget(self.reduction)
        bar.addStretch(1)
        box.addLayout(bar)
        box.addWidget(_scrolled(self.channels), 1)
        panel.tabs.addTab(channels, tr("Top images per channel"))

        self.index = QSpinBox()
        self.index.setKeyboardTracking(False)  # typing "17" must not show image 1 first
        self.index.setRange(0, 0)
        self.index.setToolTip(tr("A test image by its number (or click any image in the views)"))
        self.show_button = QPushButton(tr("Show in the window"))
        self.show_button.setToolTip(tr("Make this test image the input (one undo step): every view shows its maps "
                                       "through the trained stack"))
        self.evaluate = QPushButton(tr("Evaluate"))
        self.evaluate.setToolTip(tr("Run the test split through the weights on screen: confusion matrix, mistakes "
                                    "and top images"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar = panel.views_bar
        bar.addWidget(self.evaluate)
        bar.addWidget(QLabel(tr("Test image")))
        bar.addWidget(self.index)
        bar.addWidget(self.show_button)
        bar.addWidget(self.summary, 1)
        self._set_enabled()

        self._delivered.connect(self._on_delivered, Qt.ConnectionType.QueuedConnection)
        self.evaluate.clicked.connect(self.request)
        self.show_button.clicked.connect(lambda: self.show_test_image(self.index.value()))
        self.index.valueChanged.connect(self.show_test_image)
        self.mistakes.clicked.connect(self.show_test_image)
        self.channels.clicked.connect(self.show_test_image)
        self.confusion.cell_clicked.connect(self._filter_cell)
        self.layer.currentIndexChanged.connect(lambda _i: self._draw_channels())
        self.reduction.currentIndexChanged.connect(lambda _i: self._draw_channels())
        dock.sliced.connect(self._on_slice)
        dock.running_changed.connect(self._on_running)
        self.doc.changed.connect(self._on_doc_changed)

    # --- when to compute ---------------------------------------------------------------------------------------
    def _on_slice(self, result) -> None:
        if result.insight is not None:  # an epoch closed: the slice stopped at its last batch
            self._asked += 1  # what is on its way is older
            self.set_insight(result.insight, tr("after epoch {e}").format(e=result.epoch))
        elif not self.dock.running:  # a step, or the last job of a paused run
            self.request()

    def _on_running(self, running: bool) -> None:
        if not running and not self.dock.in_flight:
            self.request()

    def request(self) -> None:
        """Compute the views on the worker for the weights on screen (or of the run, which it then shows)."""
        if self._busy:
            self._again = True
            return
        job = self._job()
        if job is None:
            return
        self._asked += 1
        self._busy = True
        asked, emit = self._asked, self._delivered.emit

        def run():  # on the worker, after any training job queued before it
            try:
                result: object = job()
            except ConvvizError as exc:
                result = exc.message
            except Exception as exc:  # never let a job kill the worker: say what went wrong
                result = f"{type(exc).__name__}: {exc}"
            emit(asked, result)
            return None

        self.summary.setText(tr("Evaluating the test split…"))
        self.dock.scheduler.submit_extra(run)

    def _job(self):
        session = self.dock.session
        live = session.live if session is not None else None
        if live is not None:
            return live.insight
        state = self.doc.state
        net = state.network
        kind, counts = self.dock.panel.settings()
        if net is None or tuple(state.input_shape) != LIVE_DATASETS[kind]:
            self.summary.setText(tr("The stack must take {data} images ({need}) to be evaluated on them.").format(
                data=kind, need="×".join(map(str, LIVE_DATASETS[kind]))))
            return None
        # the generated split is the same for the same (kind, count): the last one is reused, not made again
        last = self.insight.data if self.insight is not None else None
        same = last is not None and len(last) == counts[1] and tuple(last.x.shape[1:]) == LIVE_DATASETS[kind]

        def job():
            return compute_insight(net, last if same else make_test_data(kind, counts[1]))

        return job

    @Slot(int, object)
    def _on_delivered(self, asked: int, result: object) -> None:
        self._busy = False
        if self._again:
            self._again = False
            self.request()
            return
        if asked != self._asked:
            return
        if isinstance(result, str):
            self.summary.setText(result)
            return
        assert isinstance(result, Insight)
        self.set_insight(result, tr("weights on screen"))

    # --- drawing -----------------------------------------------------------------------------------------------
    def set_insight(self, insight: Insight, when: str) -> None:
        old_layers = self.insight.layers if self.insight is not None else None
        if self.insight is not None:
            self.dock.scheduler.release(self.insight)  # its images (MBs for a large test split) die on the worker
        self.insight = insight
        self.names = class_names(insight.data.classes)
        self.confusion.set_counts(insight.confusion, self.names)
        if insight.layers != old_layers:
            self._fill_layers()
        self.index.blockSignals(True)
        self.index.setMaximum(max(0, len(insight.data) - 1))
        self.index.blockSignals(False)
        self._set_enabled()
        self._summary_text = tr_n("Test split: {n} image, accuracy {acc:.1%} ({when}).|"
                                  "Test split: {n} images, accuracy {acc:.1%} ({when}).", len(insight.data)).format(
            n=len(insight.data), acc=insight.accuracy, when=when)
        self._draw_mistakes()
        self._draw_channels()
        self._say()

    def _set_enabled(self) -> None:
        for w in (self.index, self.show_button):
            w.setEnabled(self.insight is not None)

    def _fill_layers(self) -> None:
        assert self.insight is not None
        names = layer_names(self.insight.layers)
        self.layer.blockSignals(True)
        keep = self.layer.currentData()
        self.layer.clear()
        for i in self.insight.channels:
            self.layer.addItem(f"{names[i]} · {layer_label(self.insight.layers[i])}", i)
        self.layer.setCurrentIndex(max(0, self.layer.findData(keep)))
        self.layer.blockSignals(False)

    def _filter_cell(self, true: int, predicted: int) -> None:
        self._filter = None if self._filter == (true, predicted) or true == predicted else (true, predicted)
        self.confusion.selected = self._filter
        self.confusion.update()
        self._draw_mistakes()

    def _draw_mistakes(self) -> None:
        ins = self.insight
        if ins is None:
            return
        t, p = self._filter if self._filter is not None else (None, None)
        picks = ins.mistakes(t, p, MISTAKES)
        self.mistakes.set_rows([("", [self._tile(i, f"{self.names[ins.data.y[i]]} → {self.names[ins.predictions[i]]}",
                                                 tr("test image {i}: true {t}, predicted {p} ({conf:.0%})").format(
                                                     i=i, t=self.names[ins.data.y[i]],
                                                     p=self.names[ins.predictions[i]], conf=ins.confidence[i]))
                                      for i in picks])], tr("No test image is misclassified."))
        wrong = len(ins.wrong) if self._filter is None else int(ins.confusion[t, p])
        head = tr("Misclassified: {n} of {total}, the most confident first").format(n=wrong, total=len(ins.data))
        if self._filter is not None:
            head += " · " + tr("only true {t} → predicted {p} (click the cell again for all)").format(
                t=self.names[t], p=self.names[p])
        self.mistakes_title.setText(head)

    def _draw_channels(self) -> None:
        ins = self.insight
        layer = self.layer.currentData()
        if ins is None or layer not in ins.channels:
            self.channels.set_rows([], tr("The stack has no conv layer."))
            return
        by = self.reduction.currentData()
        idx, scores = ins.channels[layer].top[by]
        rows = [(filter_label(c), [self._tile(int(i), f"{s:.2f}", tr(
            "test image {i} ({cls}): score {value:.3f} in {f}").format(
            i=int(i), cls=self.names[ins.data.y[i]], value=float(s), f=filter_label(c)))
            for i, s in zip(idx[c], scores[c], strict=True)]) for c in range(len(idx))]
        self.channels.set_rows(rows)

    def _tile(self, index: int, caption: str, tooltip: str) -> Tile:
        assert self.insight is not None
        return Tile(int(index), _qimage(self.insight.rgb8[index]), caption, tooltip)

    def _say(self) -> None:
        text = getattr(self, "_summary_text", "")
        ins = self.insight
        if self.shown is not None and ins is not None and self.shown < len(ins.data):
            i = self.shown
            text += " " + tr("The window shows test image {i}: true {t}, predicted {p}.").format(
                i=i, t=self.names[ins.data.y[i]], p=self.names[ins.predictions[i]])
        self.summary.setText(text)
        for grid in (self.mistakes, self.channels):
            grid.mark(self.shown)

    # --- a test image in the window ------------------------------------------------------------------------
    def show_test_image(self, index: int) -> None:
        """Make test image ``index`` the window's input (one undo step), through the window's input path."""
        ins = self.insight
        if ins is None or not 0 <= index < len(ins.data):
            return
        self.index.blockSignals(True)
        self.index.setValue(index)
        self.index.blockSignals(False)
        name = tr("{data} test image {i}: {cls}").format(data=_kind(ins), i=index,
                                                          cls=self.names[ins.data.y[index]])
        path = self.dock.window.input_actions.keep_array(ins.data.x[index], f"test-{len(ins.data)}-{index}")
        if path is None:
            return
        if self.dock.window.input_actions.open(path, name=name, text=tr("Show {name}").format(name=name)):
            self.shown, self._shown_path = index, path
            self._say()

    def stale(self) -> None:
        """The training session ended (a reset, an edit, other settings): what is shown is of earlier weights."""
        if self.insight is not None:
            self._summary_text = tr("Test split of earlier weights: Evaluate shows the weights on screen.")
            self._say()

    def _on_doc_changed(self, state) -> None:
        if self.shown is not None and state.input_path != self._shown_path:
            self.shown = self._shown_path = None  # another input: the window no longer shows a test image
            self._say()
