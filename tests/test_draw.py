"""Drawing on the input (convviz.draw): the brush against a per-pixel reference, replay, the JSON form."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from convviz.draw import Stroke, check_stroke, paint, replay, segment_mask


def distance_to_segment(py, px, p0, p1) -> float:
    (y0, x0), (y1, x1) = p0, p1
    dy, dx = y1 - y0, x1 - x0
    n = dy * dy + dx * dx
    t = 0.0 if n == 0 else min(1.0, max(0.0, ((py - y0) * dy + (px - x0) * dx) / n))
    return math.hypot(py - (y0 + t * dy), px - (x0 + t * dx))


@pytest.mark.parametrize("size", [1, 2, 3, 5.5])
@pytest.mark.parametrize("seg", [((2.5, 2.5), (2.5, 2.5)), ((1.2, 0.3), (9.7, 13.1)), ((-3, 4), (6.4, 4.2))])
def test_the_brush_covers_its_disc_along_the_path_and_nothing_farther(size, seg):
    h, w = 12, 15
    full = np.zeros((h, w), bool)
    hit = segment_mask((h, w), size, *seg)
    if hit is not None:
        (rows, cols), mask = hit
        full[rows, cols] = mask
    for i in range(h):
        for j in range(w):
            d = distance_to_segment(i + 0.5, j + 0.5, *seg)
            if d <= size / 2:
                assert full[i, j], (i, j, d)
            if full[i, j]:
                assert d <= size / 2 + math.sqrt(0.5) + 1e-9, (i, j, d)


def test_a_one_pixel_line_has_no_gaps():
    hit = segment_mask((20, 20), 1, (0.5, 0.5), (19.5, 7.3))
    (rows, _cols), mask = hit
    assert all(mask[r].any() for r in range(mask.shape[0]))


def test_painting_never_modifies_its_input_and_replay_gives_the_same_pixels():
    rng = np.random.default_rng(0)
    base = rng.uniform(0, 1, (16, 16, 3)).astype(np.float32)
    frozen = base.copy()
    a = Stroke("brush", 3, (1.0, 0.0, 0.5), None, ((2.0, 2.0), (8.0, 12.0), (14.0, 3.0)))
    b = Stroke("brush", 1, (-2.0,), 1, ((0.5, 15.5), (15.5, 0.5)))
    e = Stroke("eraser", 4, (), None, ((8.0, 8.0), (8.5, 12.0)))
    x = base
    for s in (a, b, e):
        # as the window paints: point by point, each new segment on its own
        for k in range(1, len(s.points) + 1):
            x = paint(x, base, Stroke(s.tool, s.size, s.value, s.channel, s.points[:k]), start=k - 1)
    assert_array_equal(base, frozen)
    assert_array_equal(replay(base, (a, b, e)), x)
    assert_array_equal(x[2, 2], [1.0, 0.0, 0.5])
    assert x[8, 8, 1] == base[8, 8, 1]  # erased back to the base
    assert (x[..., 1] == -2.0).sum() >= 10 and (x[..., 0] == -2.0).sum() == 0  # channel 1 alone


def test_clear_fills_the_input_and_strokes_round_trip_through_json():
    base = np.ones((4, 5, 2), np.float32)
    clear = Stroke("clear", 1, (0.0,), None, ())
    assert_array_equal(replay(base, (clear,)), np.zeros_like(base))
    s = Stroke("brush", 2.0, (0.25, 0.75), None, ((1.0, 2.0), (3.0, 4.0)))
    assert Stroke.from_dict(s.to_dict()) == s
    with pytest.raises(ValueError, match="tool"):
        Stroke.from_dict({**s.to_dict(), "tool": "spray"})
    with pytest.raises(ValueError, match="channel"):
        check_stroke(Stroke("brush", 1, (1.0,), 3, ()), (4, 5, 2))
