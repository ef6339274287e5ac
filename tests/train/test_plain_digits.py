"""The plain digits (resources/datasets/plain_digits.npz, tools/make_plain_digits.py): drawn by Qt from Liberation
Sans, independently of the `digits` set's DejaVu glyphs; shipped so that no test needs the font."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_array_equal

from convviz.scene import resource_path
from convviz.train.data import load_npz_dataset

PLAIN = resource_path("datasets", "plain_digits.npz")


def test_the_shipped_file_is_small():
    assert PLAIN.stat().st_size < 128 * 1024


def test_plain_digits_are_what_their_generator_says():
    """Liberation Sans regular and bold, ink 16–22 px high, centred, white on black, 28×28×1 in [0, 1]."""
    d = load_npz_dataset(PLAIN)
    assert d.x.shape == (140, 28, 28, 1) and d.x.dtype == np.float32 and d.classes == tuple("0123456789")
    assert d.x.min() == 0.0 and d.x.max() == 1.0
    with np.load(PLAIN) as f:
        assert list(f["faces"]) == ["LiberationSans-Regular", "LiberationSans-Bold"]
        heights = np.repeat(f["heights"], 10)
    assert_array_equal(d.y, np.tile(np.arange(10), 14))
    border = np.concatenate([d.x[:, 0], d.x[:, -1], d.x[:, :, 0], d.x[:, :, -1]], axis=1)
    assert border.max() == 0.0
    for img, h in zip(d.x[..., 0], np.tile(heights, 2), strict=True):
        rows = np.flatnonzero(img.max(axis=1) > 0.5)
        cols = np.flatnonzero(img.max(axis=0) > 0.5)
        assert abs((rows[-1] - rows[0] + 1) - h) <= 1  # the ink's height, to a pixel of antialiasing
        assert abs((rows[0] + rows[-1]) / 2 - 13.5) <= 1 and abs((cols[0] + cols[-1]) / 2 - 13.5) <= 1.5
