"""The input's editor: its size H × W × C and its source (a generated sample or an opened image)."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from ..core.errors import ConvvizError
from ..core.samples import SAMPLES
from ..model import StackState
from ..scene import make_input
from .document import Document
from .errors_text import error_text
from .text import tr

#: The window keeps inputs to at most this many pixels a side (an opened image is resized to the input).
MAX_SIDE = 2048
MAX_CHANNELS = 16
_FILE = "file"
#: Inputs up to this many pixels (or files up to this many bytes) are made at once; larger ones on a thread,
#: so that drawing a 2048 × 2048 sample or decoding a large photo never freezes the window.
SYNC_PIXELS = 256 * 256
SYNC_FILE_BYTES = 2 * 1024 * 1024


def sample_names() -> dict[str, str]:
    return {"shapes": tr("shapes"), "lecture": tr("three edges"), "stripes": tr("stripes"),
            "checker": tr("checkerboard")}


class InputEditor(QWidget):
    """Edits the input through the document: every change is one undoable step."""

    open_image_requested = Signal()
    #: a requested input could not be made (the error says why); nothing changed
    failed = Signal(object)
    #: an input made on a thread: (ticket, array or ConvvizError, (name, path, text, merge key))
    _made = Signal(int, object, object)

    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = doc
        self._syncing = False
        self._ticket = 0  # the newest input request; older ones that finish later are dropped
        self._made.connect(self._on_made, Qt.ConnectionType.QueuedConnection)
        self.height_spin, self.width_spin = QSpinBox(), QSpinBox()
        for spin in (self.height_spin, self.width_spin):
            spin.setRange(1, MAX_SIDE)
            spin.setAccelerated(True)
        self.channels_spin = QSpinBox()
        self.channels_spin.setRange(1, MAX_CHANNELS)
        self.channels_spin.setToolTip(tr("1: grey level (luminance); 3: red, green, blue"))
        self.source = QComboBox()
        # a long file name must not widen the whole panel
        self.source.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.source.setMinimumContentsLength(12)
        for key in SAMPLES:
            self.source.addItem(tr("sample: {name}").format(name=sample_names().get(key, key)), key)
        self.open_button = QPushButton(tr("Open image…"))
        self.open_button.clicked.connect(self.open_image_requested)
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
        form.addRow(self.message)

        self.height_spin.valueChanged.connect(lambda _v: self._edited("height"))
        self.width_spin.valueChanged.connect(lambda _v: self._edited("width"))
        self.channels_spin.valueChanged.connect(lambda _v: self._edited("channels"))
        self.source.currentIndexChanged.connect(lambda _i: self._edited("source"))

    def show_state(self, state: StackState) -> None:
        """Show the state's input without echoing edits back."""
        self._syncing = True
        try:
            h, w, c = state.input_shape
            self.height_spin.setValue(h)
            self.width_spin.setValue(w)
            self.channels_spin.setValue(c)
            file_index = self.source.findData(_FILE)
            if state.input_path is not None:
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
        name = Path(path).name if path is not None else key
        what = {"height": tr("input height"), "width": tr("input width"), "channels": tr("input channels"),
                "source": tr("input image")}[field]
        self.request_input(shape, name, path, tr("Change {what}").format(what=what), f"input:{field}")

    def request_input(self, shape: tuple[int, int, int], name: str, path: str | None, text: str,
                      merge_key: str | None = None) -> None:
        """Make the input (a sample, or a file read at ``shape``) and apply it as one undoable step."""
        self._ticket += 1
        ticket = self._ticket
        meta = (name, path, text, merge_key)
        small = shape[0] * shape[1] <= SYNC_PIXELS and (path is None or _file_size(path) <= SYNC_FILE_BYTES)
        if small:
            self._on_made(ticket, _make(shape, name, path), meta)
            return

        def work() -> None:
            result = _make(shape, name, path)
            with contextlib.suppress(RuntimeError):  # the editor was destroyed meanwhile
                self._made.emit(ticket, result, meta)

        threading.Thread(target=work, name="convviz-input", daemon=True).start()

    def _on_made(self, ticket: int, result, meta) -> None:
        if ticket != self._ticket:
            return  # a newer request is on its way
        name, path, text, merge_key = meta
        state = self._doc.state
        if isinstance(result, ConvvizError):  # e.g. the file went away: say so, change nothing
            self.message.setText(error_text(result))
            self.message.show()
            self.show_state(state)
            self.failed.emit(result)
            return
        self.message.hide()
        self._doc.apply(state.with_input(result, name, path), text, merge_key=merge_key)


def _make(shape, name, path):
    try:
        return make_input(shape, name, path)
    except ConvvizError as exc:
        return exc


def _file_size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0
