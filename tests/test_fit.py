"""Fitting an image of one size into an input of another (Qt-free geometry and placement)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_array_equal

from convviz.fit import channel_count, convert_channels, describe, place, placement

sides = st.integers(1, 3000)


def test_the_issue_example_by_hand():
    p = placement((200, 300), (128, 128), "fit")
    assert p.scaled == (85, 128) and p.offset == (21, 0) and p.padded and not p.cropped
    assert describe(p) == "image 200×300 fitted into 128×128 (scaled to 85×128, zero-padded)"
    p = placement((200, 300), (128, 128), "crop")
    assert p.scaled == (128, 192) and p.offset == (0, -32) and p.cropped
    assert describe(p) == "image 200×300 cropped to fill 128×128 (scaled to 128×192, centre kept)"
    p = placement((200, 300), (128, 128), "stretch")
    assert p.scaled == (128, 128) and p.offset == (0, 0)
    assert describe(p) == "image 200×300 stretched to 128×128 (aspect ratio not kept)"
    assert describe(placement((64, 64), (64, 64))) == "image 64×64 used as it is"


@given(sides, sides, sides, sides)
def test_fit_keeps_the_aspect_ratio_and_stays_inside(h, w, th, tw):
    p = placement((h, w), (th, tw), "fit")
    sh, sw = p.scaled
    assert sh <= th and sw <= tw and (sh == th or sw == tw)  # as large as fits
    assert abs(sh * w - sw * h) <= max(h, w)  # aspect ratio, to one rounded pixel
    assert 0 <= p.offset[0] <= th - sh and 0 <= p.offset[1] <= tw - sw
    assert abs((th - sh - p.offset[0]) - p.offset[0]) <= 1  # centred


@given(sides, sides, sides, sides)
def test_crop_keeps_the_aspect_ratio_and_covers(h, w, th, tw):
    p = placement((h, w), (th, tw), "crop")
    sh, sw = p.scaled
    assert sh >= th and sw >= tw and (sh == th or sw == tw)  # as small as covers
    assert abs(sh * w - sw * h) <= max(h, w)
    assert p.offset[0] <= 0 and p.offset[1] <= 0 and abs((sh - th + p.offset[0]) + p.offset[0]) <= 1


def test_place_pads_with_zeros_and_crops_the_centre():
    img = np.arange(1, 7, dtype=np.float32).reshape(2, 3, 1)
    fitted = place(img, placement((2, 3), (5, 3), "fit"))  # not scaled (same width), one row on each side + 1
    assert_array_equal(fitted[..., 0], [[0, 0, 0], [1, 2, 3], [4, 5, 6], [0, 0, 0], [0, 0, 0]])
    p = placement((1, 2), (2, 2), "crop")  # 1×2 scaled to 2×4, the middle two columns kept
    scaled = np.arange(8, dtype=np.float32).reshape(2, 4, 1)
    assert_array_equal(place(scaled, p)[..., 0], [[1, 2], [5, 6]])


def test_unknown_mode_and_wrong_size_are_refused():
    with pytest.raises(ValueError, match="squash"):
        placement((2, 2), (4, 4), "squash")
    with pytest.raises(ValueError, match="expected an image"):
        place(np.zeros((3, 3, 1), np.float32), placement((2, 2), (4, 4), "fit"))


@pytest.mark.parametrize("src", [(4, 11), (9, 5)])
@pytest.mark.parametrize("ay, ax", [(0, 0), (1, 1), (0.25, 0.75), (0.5, 0.5), (0.3, 0.1)])
def test_a_crop_keeps_the_part_the_anchor_says(src, ay, ax):
    img = np.arange(src[0] * src[1] * 2, dtype=np.float32).reshape(*src, 2)  # no scaling: one side is the input's
    p = placement(src, (4, 5), "crop", (ay, ax))
    assert p.scaled == src
    # of the rows and columns cut off, this many (rounded up) from the top and the left
    top, left = math.ceil(ay * (src[0] - 4)), math.ceil(ax * (src[1] - 5))
    assert_array_equal(place(img, p), img[top:top + 4, left:left + 5])


def test_the_anchor_applies_to_crop_only_and_the_centre_is_unchanged():
    assert placement((4, 11), (4, 5), "crop").offset == (0, (5 - 11) // 2) == (0, -3)
    assert placement((20, 10), (10, 10), "fit", (0, 0)) == placement((20, 10), (10, 10), "fit")
    assert placement((9, 5), (4, 5), "crop", (2, -1)).offset == (-5, 0)  # clamped to the image


def test_channel_modes_by_hand():
    rgb = np.array([[[1.0, 0.5, 0.25]]], np.float32)
    np.testing.assert_allclose(convert_channels(rgb, "gray"), [[[0.299 + 0.2935 + 0.0285]]], rtol=1e-6)
    assert convert_channels(rgb, "own") is rgb and convert_channels(rgb, "rgb") is rgb
    np.testing.assert_array_equal(convert_channels(rgb[..., :1], "rgb"), [[[1.0, 1.0, 1.0]]])
    with pytest.raises(ValueError, match="2 channels"):
        convert_channels(rgb[..., :2], "gray")
    assert (channel_count("own", 5), channel_count("rgb", 5), channel_count("gray", 5)) == (5, 3, 1)
