"""The input's editor: its size H × W × C, its source (a generated sample or an opened image) and how an image of
another size is made the input's size (fit, crop, stretch; which part a crop keeps) and its channels (as read, RGB,
grey)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from ..compute import InputMade, Scheduler
from ..core.errors import ConvvizError
from ..core.samples import SAMPLES
from ..fit import CHANNEL_MODES, DEFAULT_CHANNELS, DEFAULT_FIT, FIT_MODES, describe
from ..model import StackState
from ..scene import read_input
from .document import Document
from .errors_text import error_text
from .text import tr

#: The window keeps inputs to at most this many pixels a side (an opened image is resized to the input).
MAX_SIDE = 2048
MAX_CHANNELS = 16
_FILE = "file"
#: Inputs up to this many pixels (or files up to this many bytes) are made at once; larger ones on the worker's
#: input lane, so that drawing a 2048 × 2048 sample or decoding a large photo never freezes the window.
SYNC_PIXELS = 256 * 256
SYNC_FILE_BYTES = 2 * 1024 * 1024


def sample_names() -> dict[str, str]:
    return {"shapes": tr("shapes"), "lecture": tr("three edges"), "stripes": tr("stripes"),
            "checker": tr("checkerboard"), "gradient": tr("gradient"), "text": tr("text"), "face": tr("face"),
            "scene": tr("landscape")}


def fit_names() -> dict[str, str]:
    return {"fit": tr("fit whole, zero-padded"), "crop": tr("crop to fill"), "stretch": tr("stretch")}


def channel_names() -> dict[str, str]:
    return {"own": tr("own channels"), "rgb": tr("RGB"), "gray": tr("grayscale")}


class InputEditor(QWidget):
    """Edits the input through the document: every change is one undoable step."""

    open_image_requested = Signal()
    #: a requested input could not be made (the error says why); nothing changed
    failed = Signal(object)

    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._syncing = False
        self._worker: Scheduler | None = None
        self._waiting: tuple | None = None  # what the input on the worker is for (see _apply)
        self.height_spin, self.width_spin = QSpinBox(), QSpinBox()
        for spin in (self.height_spin, self.width_spin):
            spin.setRange(1, MAX_SIDE)
            spin.setAccelerated(True)
        self.height_spin.setToolTip(tr("H: the input's height in pixels; every map's size follows from it"))
        self.width_spin.setToolTip(tr("W: the input's width in pixels; every map's size follows from it"))
        self.channels_spin = QSpinBox()
        self.channels_spin.setRange(1, MAX_CHANNELS)
        self.channels_spin.setToolTip(tr("1: grey level (luminance); 3: red, green, blue"))
        self.source = QComboBox()
        # a long file name must not widen the whole panel
        self.source.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.source.setMinimumContentsLength(12)
        for key in SAMPLES:
            self.source.addItem(tr("sample: {name}").format(name=sample_names().get(key, key)), key)
        self.source.setToolTip(tr("The input image: a generated sample, or an image or .npy array you opened"))
        self.open_button = QPushButton(tr("Open image…"))
        self.open_button.setToolTip(tr("Read a PNG, JPEG, … image or a .npy array (H × W × C) as the input"))
        self.open_button.clicked.connect(self.open_image_requested)
        self.fit_combo = QComboBox()
        for mode in FIT_MODES:
            self.fit_combo.addItem(fit_names()[mode], mode)
        self.fit_combo.setToolTip(tr("An image of another size than the input: scaled whole and centred with "
                                     "zeros around it, scaled to cover the input and cut to its centre, or "
                                     "stretched (its aspect ratio lost)"))
        self.channels_combo = QComboBox()
        for mode in CHANNEL_MODES:
            self.channels_combo.addItem(channel_names()[mode], mode)
        self.channels_combo.setToolTip(tr("The input's channels: as read (an image gets C from the size, a .npy "
                                          "array keeps its own), red, green, blue, or one grey level "
                                          "(luminance 0.299 R + 0.587 G + 0.114 B)"))
        # which part a crop keeps, in per cent of the cut-off margin: 0 the top (left), 50 the centre
        self.crop_y_spin, self.crop_x_spin = QSpinBox(), QSpinBox()
        for spin in (self.crop_y_spin, self.crop_x_spin):
            spin.setRange(0, 100)
            spin.setSuffix(" %")
            spin.setKeyboardTracking(False)  # typing "25" must not pass through 2
        self.crop_y_spin.setToolTip(tr("Which rows a crop keeps: 0 % the top, 50 % the centre, 100 % the bottom"))
        self.crop_x_spin.setToolTip(tr("Which columns a crop keeps: 0 % the left, 50 % the centre, 100 % the right"))
        #: what was done to an opened image ("image 200×300 fitted into 128×128 …")
        self.fit_note = QLabel()
        self.fit_note.setWordWrap(True)
        self.fit_note.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()

        size_row = QWidget()
        size = QHBoxLayout(size_row)
        size.setContentsMargins(0, 0, 0, 0)
        size.addWidget(self.height_spin)
        size.addWidget(QLabel("×"))
        size.addWidget(self.width_spin)
        size.addWidget(QLabel("×"))
        size.addWidget(self.channels_spin)
        size.addStretch(1)
        source_row = QWidget()
        src = QHBoxLayout(source_row)
        src.setContentsMargins(0, 0, 0, 0)
        src.addWidget(self.source, 1)
        src.addWidget(self.open_button)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("Size H × W × C"), size_row)
        form.addRow(tr("Image"), source_row)
        fit_row = QWidget()
        fit = QHBoxLayout(fit_row)
        fit.setContentsMargins(0, 0, 0, 0)
        fit.addWidget(self.fit_combo, 1)
        fit.addWidget(self.channels_combo)
        self.crop_row = QWidget()
        crop = QHBoxLayout(self.crop_row)
        crop.setContentsMargins(0, 0, 0, 0)
        crop.addWidget(QLabel(tr("rows")))
        crop.addWidget(self.crop_y_spin)
        crop.addWidget(QLabel(tr("columns")))
        crop.addWidget(self.crop_x_spin)
        crop.addStretch(1)
        form.addRow(tr("Other size"), fit_row)
        form.addRow(tr("Crop at"), self.crop_row)
        self._form = form
        form.addRow(self.fit_note)
        form.addRow(self.message)

        self.height_spin.valueChanged.connect(lambda _v: self._edited("height"))
        self.width_spin.valueChanged.connect(lambda _v: self._edited("width"))
        self.channels_spin.valueChanged.connect(lambda _v: self._edited("channels"))
        self.source.currentIndexChanged.connect(lambda _i: self._edited("source"))
        self.fit_combo.currentIndexChanged.connect(lambda _i: self._edited("fit"))
        self.channels_combo.currentIndexChanged.connect(lambda _i: self._edited("channel mode"))
        self.crop_y_spin.valueChanged.connect(lambda _v: self._edited("crop"))
        self.crop_x_spin.valueChanged.connect(lambda _v: self._edited("crop"))

    def use_worker(self, worker: Scheduler, made: SignalInstance) -> None:
        """Make large inputs on ``worker``'s input lane; ``made`` delivers its :class:`InputMade` events on the GUI
        thread (the controller's, which routes them from the same event stream as the views')."""
        self._worker = worker
        made.connect(self._on_made)

    def show_state(self, state: StackState) -> None:
        """Show the state's input without echoing edits back."""
        self._syncing = True
        try:
            h, w, c = state.input_shape
            self.channels_spin.setMaximum(max(MAX_CHANNELS, c))  # an opened array may have more
            self.height_spin.setValue(h)
            self.width_spin.setValue(w)
            self.channels_spin.setValue(c)
            self.fit_combo.setCurrentIndex(max(0, self.fit_combo.findData(state.input_fit)))
            self.channels_combo.setCurrentIndex(max(0, self.channels_combo.findData(state.input_channels)))
            self.channels_spin.setEnabled(state.input_channels == "own")  # RGB and grey fix C
            self.crop_y_spin.setValue(round(100 * state.input_anchor[0]))
            self.crop_x_spin.setValue(round(100 * state.input_anchor[1]))
            self._form.setRowVisible(self.crop_row, state.input_fit == "crop")
            note = state.input_placement
            self.fit_note.setText(tr("Input: {what}").format(what=describe(note, tr)) if note is not None else "")
            self.fit_note.setVisible(note is not None)
            file_index = self.source.findData(_FILE)
            # an image, also one whose file is gone (a project reopened without it): never "sample: shapes"
            if state.input_path is not None or state.input_name not in SAMPLES:
                text = tr("image: {name}").format(name=state.input_name)
                if file_index < 0:
                    self.source.addItem(text, _FILE)
                    file_index = self.source.count() - 1
                self.source.setItemText(file_index, text)
                self.source.setCurrentIndex(file_index)
            else:
                if file_index >= 0:
                    self.source.removeItem(file_index)
                self.source.setCurrentIndex(max(0, self.source.findData(state.input_name)))
        finally:
            self._syncing = False

    def _edited(self, field: str) -> None:
        if self._syncing:
            return
        state = self._doc.state
        shape = (self.height_spin.value(), self.width_spin.value(), self.channels_spin.value())
        key = self.source.currentData()
        path = state.input_path if key == _FILE else None
        if key == _FILE and path is None and field not in ("fit", "crop"):  # no file to read again: keep it
            self.message.setText(tr("{name} has no file to read again at another size or in other channels: open "
                                    "an image or choose a sample to change the input.").format(name=state.input_name))
            self.message.show()
            self.show_state(state)
            return
        name = Path(path).name if path is not None else key
        what = {"height": tr("input height"), "width": tr("input width"), "channels": tr("input channels"),
                "source": tr("input image"), "fit": tr("input fit"), "channel mode": tr("input channel mode"),
                "crop": tr("crop position")}[field]
        if field in ("fit", "crop") and path is None:  # a sample is drawn at the input's size: remember the choice
            self._doc.apply(replace(state, input_fit=self.fit_combo.currentData(), input_anchor=self._anchor()),
                            tr("Change {what}").format(what=what), merge_key=f"input:{field}")  # strokes stay
            return
        if field == "channel mode" and path is not None and path.lower().endswith(".npy"):
            shape = None  # an array is read as it is and then made RGB or grey
        merge = f"input:{field}" if field != "channel mode" else None
        self.request_input(shape, name, path, tr("Change {what}").format(what=what), merge)

    def _anchor(self) -> tuple[float, float]:
        return self.crop_y_spin.value() / 100, self.crop_x_spin.value() / 100

    def request_input(self, shape: tuple[int, int, int], name: str, path: str | None, text: str,
                      merge_key: str | None = None) -> None:
        """Make the input (a sample, or a file read at ``shape`` as the fit choice says) and apply it as one
        undoable step. Large ones are made on the worker; the newest request always wins."""
        fit = self.fit_combo.currentData() or DEFAULT_FIT
        channels = self.channels_combo.currentData() or DEFAULT_CHANNELS
        anchor = self._anchor()
        meta = (name, path, fit, text, merge_key, channels, anchor)
        job = _job(shape, name, path, fit, channels, anchor)
        small = ((shape is None or shape[0] * shape[1] <= SYNC_PIXELS)
                 and (path is None or _file_size(path) <= SYNC_FILE_BYTES))
        if small or self._worker is None:
            if self._worker is not None:
                self._worker.cancel_input()  # a larger one still on its way would land after this one
            self._waiting = None
            self._apply(job(), meta)
            return
        self._waiting = meta
        self._worker.submit_input(job)

    def _on_made(self, event: InputMade) -> None:
        meta, self._waiting = self._waiting, None
        if meta is not None:  # None: made some other way meanwhile
            self._apply(event.result, meta)

    def _apply(self, result, meta) -> None:
        name, path, fit, text, merge_key, channels, anchor = meta
        state = self._doc.state
        if isinstance(result, BaseException):  # e.g. the file went away: say so, change nothing
            from ..core.errors import cut

            error = result if isinstance(result, ConvvizError) else None
            self.message.setText(error_text(error) if error is not None else
                                 tr("The input could not be made: {what}").format(
                                     what=cut(f"{type(result).__name__}: {result}", 200)))
            self.message.show()
            self.show_state(state)
            self.failed.emit(result)  # the window says it too, whatever it was
            return
        self.message.hide()
        x, placement = result
        self._doc.apply(state.with_input(x, name, path, fit, placement, channels, anchor), text, merge_key=merge_key)


def _job(shape, name, path, fit, channels, anchor) -> Callable[[], object]:
    """The input as (array, placement), or whatever exception stopped it (reported, never raised)."""

    def make():
        try:
            return read_input(shape, name, path, fit, channels, anchor)
        except BaseException as exc:  # noqa: BLE001 (made on the GUI thread or the worker: both must survive)
            return exc

    return make


def _file_size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0
