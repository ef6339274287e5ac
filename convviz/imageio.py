"""Reading input tensors from files: images through Qt's image readers (no extra imaging dependency) and .npy
arrays. Lives outside ``convviz.core`` because it uses Qt."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .core.errors import ConvvizError
from .core.layers import fmt_shape
from .fit import DEFAULT_FIT, Placement, place, placement
from .image_check import missing_part

#: Larger images are refused with a clear message rather than exhausting memory.
MAX_IMAGE_SIDE = 8192


def load_image(path: str | Path, size: tuple[int, int] | None = None, channels: int = 3,
               fit: str = DEFAULT_FIT) -> np.ndarray:
    """An image as float32 ``(H, W, channels)`` in [0, 1]: alpha dropped, luminance for one channel, and made
    ``size = (H, W)`` when given, as ``fit`` says (see :mod:`convviz.fit`)."""
    return read_image(path, size, channels, fit)[0]


def read_image(path: str | Path, size: tuple[int, int] | None = None, channels: int = 3,
               fit: str = DEFAULT_FIT) -> tuple[np.ndarray, Placement | None]:
    """:func:`load_image` and where the image went in the input (None without ``size``)."""
    from PySide6.QtGui import QImageReader

    p = Path(path)
    if not p.exists():
        raise ConvvizError("file_not_found", None, path=str(p))
    reader = QImageReader(str(p))
    if not reader.canRead():
        raise ConvvizError("bad_image", None, path=str(p))
    dims = reader.size()
    if dims.isValid() and max(dims.width(), dims.height()) > MAX_IMAGE_SIDE:
        raise ConvvizError("image_too_large", None, path=str(p), width=dims.width(), height=dims.height(),
                           limit=MAX_IMAGE_SIDE)
    try:
        missing = missing_part(p.read_bytes())
    except OSError as exc:
        raise ConvvizError("file_unreadable", None, path=str(p), detail=exc.strerror or str(exc)) from None
    if missing is not None:  # Qt would decode what is there and fill the rest: refuse instead
        raise ConvvizError("image_incomplete", None, path=str(p), detail=missing)
    reader.setAllocationLimit(1024)  # MiB; a decompression bomb fails here instead of exhausting memory
    img = reader.read()
    if img.isNull():
        raise ConvvizError("bad_image", None, path=str(p))
    return image_to_input(img, size, channels, fit)


def image_to_input(img, size: tuple[int, int] | None = None, channels: int = 3,
                   fit: str = DEFAULT_FIT) -> tuple[np.ndarray, Placement | None]:
    """A decoded ``QImage`` (a file's, the clipboard's) as :func:`read_image` returns it."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    where = None
    if size is not None:
        where = placement((img.height(), img.width()), (int(size[0]), int(size[1])), fit)
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


def load_array(path: str | Path, expected: tuple[int, int, int] | None = None) -> np.ndarray:
    """A ``.npy`` tensor ``(H, W, C)``, without pickles; it must match ``expected`` exactly when given."""
    p = Path(path)
    if not p.exists():
        raise ConvvizError("file_not_found", None, path=str(p))
    try:
        arr = np.load(p, allow_pickle=False)
    except (OSError, ValueError, EOFError) as exc:
        raise ConvvizError("bad_array", None, path=str(p), detail=f"not a readable .npy array ({exc})") from None
    if not isinstance(arr, np.ndarray) or arr.dtype.kind not in "fiub":
        raise ConvvizError("bad_array", None, path=str(p), detail="the array must be numeric")
    if arr.ndim == 2:
        arr = arr[..., None]
    if arr.ndim != 3:
        raise ConvvizError("bad_array", None, path=str(p), detail=f"expected H × W × C, got {fmt_shape(arr.shape)}")
    if expected is not None and tuple(arr.shape) != tuple(expected):
        raise ConvvizError("input_shape_mismatch", None, path=str(p), shape=fmt_shape(arr.shape),
                           expected=fmt_shape(expected))
    arr = arr.astype(np.float32)
    if not np.all(np.isfinite(arr)):
        raise ConvvizError("bad_array", None, path=str(p), detail="the array contains NaN or infinite values")
    return arr


def load_input(path: str | Path, shape: tuple[int, int, int] | None, fit: str = DEFAULT_FIT) -> np.ndarray:
    """An input tensor from an image or a .npy file, made ``shape`` (H, W, C) as ``fit`` says when given."""
    return read_input(path, shape, fit)[0]


def read_input(path: str | Path, shape: tuple[int, int, int] | None,
               fit: str = DEFAULT_FIT) -> tuple[np.ndarray, Placement | None]:
    """:func:`load_input` and where an image went in the input (None for an array, which must match exactly)."""
    p = Path(path)
    if p.suffix.lower() == ".npy":
        return load_array(p, shape), None
    if shape is None:
        return read_image(p, None, 3)
    return read_image(p, (shape[0], shape[1]), shape[2], fit)
