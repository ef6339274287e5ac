"""The user's own inputs in the window: a file opened or dropped, an image pasted from the clipboard.

Images are read at the input's size through the input editor (fit, crop or stretch; its channel count says RGB,
grey level or the RGB channels repeated). A ``.npy`` array is taken as it is: the input takes the array's shape, in
one undoable step. A pasted image is written to a PNG in the cache folder first and then opened like any file, so
that a later change of the input's size reads it again instead of losing it. Dropped files go by their suffix:
projects, networks, weights, else an input.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication, QImage

from ..core.errors import ConvvizError
from ..fit import convert_channels
from ..imageio import load_array
from ..project import SUFFIX
from .input_editor import MAX_SIDE
from .text import tr, tr_n

if TYPE_CHECKING:
    from .main_window import MainWindow

WEIGHT_SUFFIXES = (".npz", ".pt", ".pth")


class InputActions:
    """Owned by the window."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        window.setAcceptDrops(True)

    def open(self, path: str, name: str | None = None, text: str | None = None) -> bool:
        """An image (fitted to the input's size) or an array (the input takes its shape); ``name`` is what the
        window calls the input (its file's name), ``text`` the undo step's."""
        name = name or Path(path).name
        text = text or tr("Open input {name}").format(name=name)
        if Path(path).suffix.lower() != ".npy":
            self.w.builder.input_editor.request_input(self.w.doc.state.input_shape, name, str(path), text)
            return True
        state = self.w.doc.state
        try:
            x = load_array(path)
            try:  # the window's channel mode applies to an array too (own channels: kept as they are)
                x = convert_channels(x, state.input_channels)
            except ValueError as exc:
                raise ConvvizError("bad_array", None, path=str(path), detail=str(exc)) from None
            if max(x.shape[:2]) > MAX_SIDE or min(x.shape) < 1:
                raise ConvvizError("bad_array", None, path=str(path), detail=tr_n(
                    "the window takes inputs of 1 to {n} pixel a side|the window takes inputs of 1 to {n} pixels a "
                    "side", MAX_SIDE).format(n=MAX_SIDE))
        except ConvvizError as exc:
            self.w._show_error(exc)
            return False
        self.w.set_state(state.with_input(x, name, str(path)), text)
        return True

    def keep_array(self, x: np.ndarray, stem: str) -> str | None:
        """``x`` kept as ``stem``.npy in the cache folder (so the input can be read again, like a pasted image);
        its path, or None after saying why it could not be written."""
        from ..core.files import atomic_write

        path = self._cache_folder("arrays") / f"{stem}.npy"
        array = np.asarray(x, np.float32)
        try:  # through the one atomic writer, like every file convviz writes
            atomic_write(path, lambda fh: np.lib.format.write_array(fh, array, allow_pickle=False))
        except OSError:
            self.w._show_message(tr("Could not keep the image in {folder}.").format(folder=path.parent))
            return None
        return str(path)

    @staticmethod
    def _cache_folder(name: str) -> Path:
        from .project_actions import cache_dir

        folder = cache_dir() / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            folder = Path(tempfile.gettempdir())
        return folder

    # --- the clipboard ------------------------------------------------------------------------------------

    def paste(self) -> bool:
        """Edit → Paste: an image, or a copied image file, becomes the input."""
        return self.take(QGuiApplication.clipboard().mimeData(), tr("The clipboard holds no image."))

    def take(self, mime: QMimeData | None, nothing: str) -> bool:
        """Whatever ``mime`` carries (files first, else an image); ``nothing``: the message when it has neither."""
        if mime is not None and mime.hasUrls():
            files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
            if files:
                return self.open_any(files[0])
        if mime is not None and mime.hasImage():
            image = QImage(mime.imageData())
            if not image.isNull():
                return self.open_image(image)
        self.w._show_message(nothing)
        return False

    def open_image(self, image: QImage) -> bool:
        """An image in memory, kept as a PNG in the cache folder (named by its pixels) and opened from there."""
        image = image.convertToFormat(QImage.Format.Format_RGBA8888)
        digest = hashlib.sha1(bytes(image.constBits())).hexdigest()[:12]
        folder = self._cache_folder("pasted")
        path = folder / f"pasted-{digest}.png"
        if not path.exists():
            from ..core.files import atomic_write_bytes
            from .figure_paint import png_bytes

            try:  # through the one atomic writer, like every file convviz writes
                atomic_write_bytes(path, png_bytes(image))
            except OSError:
                self.w._show_message(tr("Could not keep the pasted image in {folder}.").format(folder=folder))
                return False
        name = tr("pasted image")
        self.w.builder.input_editor.request_input(self.w.doc.state.input_shape, name, str(path),
                                                  tr("Paste image"))
        return True

    # --- drag and drop --------------------------------------------------------------------------------------

    def open_any(self, path: str) -> bool:
        """A dropped file, by its suffix."""
        suffix = Path(path).suffix.lower()
        if suffix == SUFFIX:
            return self.w.project_actions.open(path)
        if suffix == ".json":
            self.w.open_network(path)
            return True
        if suffix in WEIGHT_SUFFIXES:
            return self.w.load_weights(path)
        return self.open(path)

    @staticmethod
    def accepts(mime: QMimeData | None) -> bool:
        return mime is not None and (mime.hasImage() or any(u.isLocalFile() for u in mime.urls()))

    def drag_enter(self, event) -> None:
        if self.accepts(event.mimeData()):
            event.acceptProposedAction()

    def drop(self, event) -> None:
        if self.accepts(event.mimeData()):
            event.acceptProposedAction()
            self.take(event.mimeData(), tr("Nothing to open in what was dropped."))
