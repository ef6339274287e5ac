"""Reading inputs: images through Qt's readers, .npy arrays without pickles."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from convviz.core import ConvvizError
from convviz.imageio import load_array, load_image, load_input


def write_png(path, rgba: np.ndarray) -> None:
    """Save an (H, W, 4) uint8 array as PNG with QImage."""
    from PySide6.QtGui import QImage

    h, w, _ = rgba.shape
    data = np.ascontiguousarray(rgba, dtype=np.uint8)
    img = QImage(data.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()
    assert img.save(str(path), "PNG")


@pytest.fixture
def quadrants_png(tmp_path):
    """6 × 4: red top-left, green top-right, blue bottom-left, half-transparent white bottom-right."""
    rgba = np.zeros((6, 4, 4), np.uint8)
    rgba[..., 3] = 255
    rgba[:3, :2, 0] = 255
    rgba[:3, 2:, 1] = 255
    rgba[3:, :2, 2] = 255
    rgba[3:, 2:] = (255, 255, 255, 128)
    path = tmp_path / "quadrants.png"
    write_png(path, rgba)
    return path


def test_png_decodes_to_float_rgb_without_alpha(quadrants_png):
    img = load_image(quadrants_png)
    assert img.shape == (6, 4, 3) and img.dtype == np.float32
    assert_array_equal(img[0, 0], [1, 0, 0])
    assert_array_equal(img[0, 3], [0, 1, 0])
    assert_array_equal(img[5, 0], [0, 0, 1])
    assert_allclose(img[5, 3], [1, 1, 1], atol=1 / 255)  # alpha dropped, colour kept


def test_one_channel_is_luminance(quadrants_png):
    grey = load_image(quadrants_png, channels=1)
    assert grey.shape == (6, 4, 1)
    assert_allclose(grey[0, 0, 0], 0.299, atol=1e-6)
    assert_allclose(grey[0, 3, 0], 0.587, atol=1e-6)
    assert_allclose(grey[5, 0, 0], 0.114, atol=1e-6)


def test_resized_to_the_requested_size(quadrants_png):
    img = load_image(quadrants_png, size=(12, 9))
    assert img.shape == (12, 9, 3)
    assert img.min() >= 0 and img.max() <= 1
    assert img[0, 0, 0] > 0.9 and img[0, 0, 1] < 0.1  # the top-left stays red


def test_load_input_dispatches_on_the_suffix(quadrants_png, tmp_path):
    assert load_input(quadrants_png, (8, 8, 1)).shape == (8, 8, 1)
    arr = np.random.default_rng(0).uniform(0, 1, (8, 8, 1))
    with open(tmp_path / "x.NPY", "wb") as fh:  # np.save would append ".npy" to this name
        np.save(fh, arr)
    assert_allclose(load_input(tmp_path / "x.NPY", (8, 8, 1)), arr.astype(np.float32))


def test_npy_arrays(tmp_path):
    p = tmp_path / "a.npy"
    np.save(p, np.arange(12, dtype=np.int64).reshape(3, 4))
    out = load_array(p)
    assert out.shape == (3, 4, 1) and out.dtype == np.float32  # a 2-D array is one channel
    with pytest.raises(ConvvizError) as ei:
        load_array(p, expected=(4, 3, 1))
    assert ei.value.code == "input_shape_mismatch"
    assert "3×4×1" in str(ei.value) and "4×3×1" in str(ei.value)


@pytest.mark.parametrize(
    ("array", "needle"),
    [
        (np.zeros((2, 2, 2, 2)), "H × W × C"),
        (np.array([[np.nan, 0.0]]), "NaN"),
        (np.array(["a", "b"]), "numeric"),
        (np.array([{"x": 1}], dtype=object), "readable"),  # refused: no pickles
    ],
)
def test_bad_npy_arrays(tmp_path, array, needle):
    p = tmp_path / "bad.npy"
    np.save(p, array, allow_pickle=True)
    with pytest.raises(ConvvizError) as ei:
        load_array(p)
    assert ei.value.code == "bad_array"
    assert needle in str(ei.value)


def test_missing_and_non_image_files(tmp_path):
    with pytest.raises(ConvvizError) as ei:
        load_input(tmp_path / "none.png", (8, 8, 3))
    assert ei.value.code == "file_not_found"
    text = tmp_path / "notes.png"
    text.write_text("this is not a picture")
    with pytest.raises(ConvvizError) as ei:
        load_input(text, (8, 8, 3))
    assert ei.value.code == "bad_image" and "notes.png" in str(ei.value)
    with pytest.raises(ConvvizError) as ei:
        load_array(tmp_path / "none.npy")
    assert ei.value.code == "file_not_found"


# --- incomplete files (issue 9): Qt decodes a cut JPEG or BMP without an error; convviz refuses it ---------------

# a 2 × 1 GIF (red, blue) with a second 1 × 1 frame (green): only the first frame is read
TWO_FRAME_GIF = bytes.fromhex(
    "474946383961020001008100" "00ff00000000ff00ff000000" "00"  # header, screen 2×1, 4-colour table
    "2c000000000200010000" "02" "02" "440a" "00"  # frame 1: 2×1, codes 0 (red) and 1 (blue)
    "2c000000000100010000" "02" "02" "5401" "00"  # frame 2: 1×1, code 2 (green)
    "3b")


def _saved(tmp_path, fmt: str):
    from PySide6.QtGui import QImage

    img = QImage(40, 30, QImage.Format.Format_RGB32)
    img.fill(0x336699)
    path = tmp_path / f"whole.{fmt.lower()}"
    assert img.save(str(path), fmt)
    return path


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "BMP"])
@pytest.mark.parametrize("keep", [0.5, 0.9, 0.99])
def test_a_truncated_image_is_refused_not_partly_decoded(tmp_path, fmt, keep):
    whole = _saved(tmp_path, fmt)
    assert load_image(whole).shape == (30, 40, 3)
    data = whole.read_bytes()
    cut = tmp_path / f"cut.{fmt.lower()}"
    cut.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(ConvvizError) as ei:
        load_image(cut)
    assert ei.value.code in ("image_incomplete", "bad_image")
    assert "cut." in str(ei.value)


def test_a_gif_gives_its_first_frame_and_a_cut_one_is_refused(tmp_path):
    path = tmp_path / "two.gif"
    path.write_bytes(TWO_FRAME_GIF)
    img = load_image(path)
    assert img.shape == (1, 2, 3)
    assert_allclose(img[0, 0], [1, 0, 0])
    assert_allclose(img[0, 1], [0, 0, 1])
    path.write_bytes(TWO_FRAME_GIF[:30])
    with pytest.raises(ConvvizError) as ei:
        load_image(path)
    assert ei.value.code == "image_incomplete"


def test_webp_is_read_where_qt_reads_it(tmp_path):
    from PySide6.QtGui import QImageReader

    if b"webp" not in [bytes(f) for f in QImageReader.supportedImageFormats()]:
        pytest.skip("this Qt has no WebP reader")
    assert load_image(_saved(tmp_path, "WEBP")).shape == (30, 40, 3)


def test_missing_part_names_what_is_missing():
    from convviz.image_check import missing_part

    assert missing_part(TWO_FRAME_GIF) is None
    assert missing_part(b"\xff\xd8\xff\xe0\x00\x10JFIF") is not None
    assert missing_part(b"not an image") is None  # other formats are left to Qt's readers
