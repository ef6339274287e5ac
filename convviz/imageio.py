"""Reading input tensors from files: images through Qt's image readers (no extra imaging dependency) and .npy
arrays. Lives outside ``convviz.core`` because it uses Qt."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .core.budget import check_items, memory_limit
from .core.errors import ConvvizError
from .core.files import open_user_file, read_user_bytes
from .core.layers import fmt_shape
from .core.npyfile import NpyHeader, load_npy, read_header
from .fit import CENTRE, DEFAULT_FIT, Placement, place, placement
from .image_check import missing_part

#: Larger images are refused with a clear message rather than exhausting memory.
MAX_IMAGE_SIDE = 8192


def load_image(path: str | Path, size: tuple[int, int] | None = None, channels: int = 3,
               fit: str = DEFAULT_FIT) -> np.ndarray:
    """An image as float32 ``(H, W, channels)`` in [0, 1]: alpha dropped, luminance for one channel, and made
    ``size = (H, W)`` when given, as ``fit`` says (see :mod:`convviz.fit`)."""
    return read_image(path, size, channels, fit)[0]


def _reader(p: Path):
    """A QImageReader over the file's bytes, read through the one guard (a regular file, within the budget):
    Qt never opens the path itself, so a FIFO or a device cannot block it. Keep the returned buffer alive."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImageReader

    buf = QBuffer()
    buf.setData(QByteArray(read_user_bytes(p, max_bytes=memory_limit(), what="image")))  # the buffer's own copy
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buf)
    if not reader.canRead() and p.suffix:  # formats that Qt recognises by name only
        buf.seek(0)
        reader = QImageReader(buf, p.suffix[1:].lower().encode("ascii", "ignore"))
    if not reader.canRead():
        raise ConvvizError("bad_image", None, path=str(p))
    return reader, buf


def _image_size(reader, p: Path) -> tuple[int, int]:
    """(height, width) from the image's header, refused when larger than MAX_IMAGE_SIDE."""
    dims = reader.size()
    if not dims.isValid():
        return 0, 0
    if max(dims.width(), dims.height()) > MAX_IMAGE_SIDE:
        raise ConvvizError("image_too_large", None, path=str(p), width=dims.width(), height=dims.height(),
                           limit=MAX_IMAGE_SIDE)
    return dims.height(), dims.width()


def read_image(path: str | Path, size: tuple[int, int] | None = None, channels: int = 3,
               fit: str = DEFAULT_FIT, anchor: tuple[float, float] = CENTRE) -> tuple[np.ndarray, Placement | None]:
    """:func:`load_image` and where the image went in the input (None without ``size``)."""
    p = Path(path)
    reader, buf = _reader(p)
    h0, w0 = _image_size(reader, p)
    oh, ow = size if size is not None else (h0, w0)
    # decoded (up to 8 bytes a pixel), converted to RGBA, and the float32 result with its temporaries
    check_items([(f"{p.name} decoded", 12 * h0 * w0, None),
                 ("the input made from it", 4 * channels * oh * ow + 24 * oh * ow, None)],
                what=f"reading {p.name}")
    missing = missing_part(bytes(buf.data()))
    if missing is not None:  # Qt would decode what is there and fill the rest: refuse instead
        raise ConvvizError("image_incomplete", None, path=str(p), detail=missing)
    limit_mib = max(1, min(memory_limit(), 8 * MAX_IMAGE_SIDE**2) // 1024**2)
    reader.setAllocationLimit(limit_mib)  # a header that lies about its size fails here, not in memory
    img = reader.read()
    if img.isNull():
        raise ConvvizError("bad_image", None, path=str(p))
    return image_to_input(img, size, channels, fit, anchor)


def image_to_input(img, size: tuple[int, int] | None = None, channels: int = 3, fit: str = DEFAULT_FIT,
                   anchor: tuple[float, float] = CENTRE) -> tuple[np.ndarray, Placement | None]:
    """A decoded ``QImage`` (a file's, the clipboard's) as :func:`read_image` returns it."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    where = None
    if size is not None:
        where = placement((img.height(), img.width()), (int(size[0]), int(size[1])), fit, anchor)
        sh, sw = where.scaled
        if (img.height(), img.width()) != (sh, sw):
            img = img.scaled(sw, sh, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    img = img.convertToFormat(QImage.Format.Format_RGBA8888)
    h, w = img.height(), img.width()
    buf = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.bytesPerLine() * h)
    rgb = buf.reshape(h, img.bytesPerLine())[:, : w * 4].reshape(h, w, 4)[..., :3].astype(np.float32) / 255.0
    x = rgb_to_channels(rgb, channels)
    return (place(x, where) if where is not None else x), where


def rgb_to_channels(rgb: np.ndarray, channels: int) -> np.ndarray:
    if channels == 3:
        return np.ascontiguousarray(rgb, dtype=np.float32)
    if channels == 1:
        lum = rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        return lum[..., None].astype(np.float32)
    return np.ascontiguousarray(rgb[..., [i % 3 for i in range(channels)]], dtype=np.float32)


def _check_array_header(p: Path, expected: tuple[int, int, int] | None):
    def check(header: NpyHeader) -> None:
        shape = header.shape + (1,) if len(header.shape) == 2 else header.shape
        if len(shape) != 3:
            raise ConvvizError("bad_array", None, path=str(p), detail=f"expected H × W × C, got {fmt_shape(shape)}")
        if expected is not None and tuple(shape) != tuple(expected):
            raise ConvvizError("input_shape_mismatch", None, path=str(p), shape=fmt_shape(shape),
                               expected=fmt_shape(expected))
    return check


def load_array(path: str | Path, expected: tuple[int, int, int] | None = None) -> np.ndarray:
    """A ``.npy`` tensor ``(H, W, C)``, without pickles; it must match ``expected`` exactly when given. The
    shape is checked from the header, before anything is read."""
    p = Path(path)
    arr = load_npy(p, check=_check_array_header(p, expected), what=".npy array")
    if arr.ndim == 2:
        arr = arr[..., None]
    arr = arr.astype(np.float32, copy=False)
    if not np.all(np.isfinite(arr)):
        raise ConvvizError("bad_array", None, path=str(p), detail="the array contains NaN or infinite values")
    return arr


def input_shape_of(path: str | Path, shape: tuple[int, int, int] | None) -> tuple[int, int, int]:
    """The input's shape as reading ``path`` would make it, from its header alone: ``shape`` when given (an
    array must match it exactly), else the array's or the image's own (3 channels)."""
    p = Path(path)
    if p.suffix.lower() == ".npy":
        with open_user_file(p, what=".npy array") as fh:
            header = read_header(fh, lambda d: ConvvizError("bad_array", None, path=str(p), detail=d))
        _check_array_header(p, shape)(header)
        return shape or (header.shape + (1,) if len(header.shape) == 2 else header.shape)
    reader, _buf = _reader(p)
    h, w = _image_size(reader, p)
    if h < 1 or w < 1:
        raise ConvvizError("bad_image", None, path=str(p))
    return shape or (h, w, 3)


def load_input(path: str | Path, shape: tuple[int, int, int] | None, fit: str = DEFAULT_FIT) -> np.ndarray:
    """An input tensor from an image or a .npy file, made ``shape`` (H, W, C) as ``fit`` says when given."""
    return read_input(path, shape, fit)[0]


def read_input(path: str | Path, shape: tuple[int, int, int] | None, fit: str = DEFAULT_FIT,
               anchor: tuple[float, float] = CENTRE) -> tuple[np.ndarray, Placement | None]:
    """:func:`load_input` and where an image went in the input (None for an array, which must match exactly)."""
    p = Path(path)
    if p.suffix.lower() == ".npy":
        return load_array(p, shape), None
    if shape is None:
        return read_image(p, None, 3)
    return read_image(p, (shape[0], shape[1]), shape[2], fit, anchor)
