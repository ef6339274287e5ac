"""The Training dock's views of the test split (issue 12): the confusion matrix, the misclassified images, per output
channel of a conv layer the test images that excite it most, and a chosen test image shown through the window
(the widgets themselves are :mod:`convviz.qt.insight_widgets`).

The numbers are :class:`convviz.train.insight.Insight`'s, computed on the worker at the end of every epoch (with the
epoch's last batch) and on demand (after Pause or Step, or with "Evaluate"); these widgets only index its arrays
and paint. A test image chosen here (a click on any tile, or its number) becomes the window's input through the
window's own input path — one undoable edit, named after the image — and the run goes on with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpinBox, QVBoxLayout

from ..compute import job_outcome
from ..instruments.counting import layer_names
from ..train.data import DIGIT_CLASSES
from ..train.insight import Insight, compute_insight
from ..train.live import LIVE_DATASETS, make_test_data
from .insight_widgets import ConfusionView, Page, Tile, TileGrid, qimage, scrolled
from .text import filter_label, layer_label, tr, tr_n

if TYPE_CHECKING:
    from .training_dock import TrainingDock

#: misclassified images shown at most
MISTAKES = 16
#: an epoch's views are drawn this long after its slice arrived, once the curves and maps it brought are painted
INSIGHT_DELAY_MS = 60


def class_names(classes: Sequence[str]) -> list[str]:
    """The dataset's class names as the window says them (digits stay digits)."""
    names = {"circle": tr("circle"), "square": tr("square"), "triangle": tr("triangle"), "cross": tr("cross"),
             "star": tr("star")}
    return [names.get(c, c) for c in classes]


def _kind(insight: Insight) -> str:
    return tr("digits") if tuple(insight.data.classes) == DIGIT_CLASSES else tr("shapes")


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
        self._incoming: tuple[Insight, str] | None = None  # an epoch's views, drawn INSIGHT_DELAY_MS later

        self.confusion = ConfusionView()
        self.mistakes = TileGrid(flow=True)
        self.mistakes_title = QLabel()
        self.mistakes_title.setWordWrap(True)
        errors = Page()
        right = QVBoxLayout()
        right.addWidget(self.mistakes_title)
        right.addWidget(scrolled(self.mistakes), 1)
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
        box.addWidget(scrolled(self.channels), 1)
        panel.tabs.addTab(channels, tr("Top images per channel"))

        self.index = QSpinBox()
        self.index.setKeyboardTracking(False)  # typing "17" must not show image 1 first
        # Sized for the largest test split from the start: a spin box that widened at the first epoch's end
        # re-laid the whole window out, repainting every view and axis at once (a 43 ms stall, bench_train_gui)
        self.index.setRange(0, 99_999)
        self.index.setFixedWidth(self.index.sizeHint().width())
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
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.summary.setFixedHeight(2 * self.summary.fontMetrics().lineSpacing())  # two lines, for the same reason
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
            # drawn a moment later, in an event-loop turn of its own: with the curves and the weights that came in
            # this same slice, the event loop stalled 27–29 ms at every epoch's end (bench_train_gui, 2 000 images)
            if self._incoming is None:
                QTimer.singleShot(INSIGHT_DELAY_MS if self.dock.running else 0, self._draw_incoming)
            else:
                self.dock.scheduler.release(self._incoming[0])  # a newer epoch ended before it was drawn
            self._incoming = (result.insight, tr("after epoch {e}").format(e=result.epoch))
        elif not self.dock.running:  # a step, or the last job of a paused run
            self.request()

    def _draw_incoming(self) -> None:
        if self._incoming is not None:
            (insight, when), self._incoming = self._incoming, None
            self.set_insight(insight, when)

    def _drop_incoming(self) -> None:
        if self._incoming is not None:
            self.dock.scheduler.release(self._incoming[0])
            self._incoming = None

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
            emit(asked, job_outcome(job))
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
        self._drop_incoming()  # an epoch's views not drawn yet are older than these
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
        return Tile(int(index), qimage(self.insight.rgb8(int(index))), caption, tooltip)

    def _say(self) -> None:
        text = getattr(self, "_summary_text", "")
        ins = self.insight
        if self.shown is not None and ins is not None and self.shown < len(ins.data):
            i = self.shown
            text += " " + tr("The window shows test image {i}: true {t}, predicted {p}.").format(
                i=i, t=self.names[ins.data.y[i]], p=self.names[ins.predictions[i]])
        self.summary.setText(text)
        self.summary.setToolTip(text)  # should it not fit in its two lines
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
        self._draw_incoming()  # its last epoch's, if it was on its way
        if self.insight is not None:
            self._summary_text = tr("Test split of earlier weights: Evaluate shows the weights on screen.")
            self._say()

    def _on_doc_changed(self, state) -> None:
        if self.shown is not None and state.input_path != self._shown_path:
            self.shown = self._shown_path = None  # another input: the window no longer shows a test image
            self._say()
