"""Built-in sample images: generated, deterministic, float32 in [0, 1]."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from convviz.core import sample_image
from convviz.core.samples import SAMPLES


@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize(("h", "w", "c"), [(8, 8, 3), (1, 1, 3), (5, 17, 1), (64, 32, 3), (6, 6, 5)])
def test_shape_dtype_range(name, h, w, c):
    img = sample_image(h, w, c, name)
    assert img.shape == (h, w, c)
    assert img.dtype == np.float32
    assert img.min() >= 0.0 and img.max() <= 1.0
    assert np.all(np.isfinite(img))


@pytest.mark.parametrize("name", SAMPLES)
def test_deterministic_and_not_flat(name):
    a = sample_image(32, 24, 3, name)
    assert_array_equal(a, sample_image(32, 24, 3, name))
    assert np.ptp(a) > 0.3  # something for the filters to find


def test_samples_differ_from_each_other():
    imgs = [sample_image(16, 16, 3, n).tobytes() for n in SAMPLES]
    assert len(set(imgs)) == len(SAMPLES)


def test_one_channel_is_the_luminance_of_the_rgb_image():
    rgb = sample_image(20, 30, 3, "shapes").astype(np.float64)
    grey = sample_image(20, 30, 1, "shapes")
    assert_allclose(grey[..., 0], 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2], atol=1e-6)


def test_more_than_three_channels_repeat_rgb():
    rgb = sample_image(10, 10, 3, "lecture")
    five = sample_image(10, 10, 5, "lecture")
    assert_array_equal(five, rgb[..., [0, 1, 2, 0, 1]])


def test_the_lecture_sample_has_its_three_edges():
    img = sample_image(8, 8, 3, "lecture")
    assert img[:, 6, 0].mean() > img[:, 1, 0].mean() + 0.5  # red: a vertical edge, bright on the right
    assert img[6, :, 1].mean() > img[1, :, 1].mean() + 0.5  # green: a horizontal edge, bright at the bottom
    assert np.all(np.diag(img[..., 2]) > 0.5)  # blue: the diagonal


@pytest.mark.parametrize("shape", [(0, 8, 3), (8, 0, 3), (8, 8, 0)])
def test_an_empty_size_is_refused(shape):
    with pytest.raises(ValueError):
        sample_image(*shape)


def test_memory_stays_bounded_on_a_large_sample():
    import tracemalloc

    tracemalloc.start()
    try:
        img = sample_image(512, 512, 3)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert img.shape == (512, 512, 3)
    # the whole 4 × 4-supersampled grid at once would be 2048² × 3 float64 = 96 MiB for one temporary alone
    assert peak < 160 * 2**20, peak / 2**20


def test_banded_drawing_matches_a_single_band(monkeypatch):
    from convviz.core import samples

    whole = sample_image(37, 29, 3, "shapes")
    monkeypatch.setattr(samples, "_BAND_SAMPLES", 29 * 16 * 3)  # three rows per band, last band shorter
    assert_array_equal(sample_image(37, 29, 3, "shapes"), whole)


# --- the samples of issue 9: gradient, text, face, landscape --------------------------------------------------

NEW = ("gradient", "text", "face", "scene")


@pytest.mark.parametrize("name", NEW)
@pytest.mark.parametrize("shape", [(1, 1, 1), (7, 5, 3), (64, 96, 3), (33, 33, 4)])
def test_new_samples_are_deterministic_finite_and_in_range(name, shape):
    a = sample_image(*shape, name=name)
    b = sample_image(*shape, name=name)
    assert a.shape == shape and a.dtype == np.float32
    assert np.array_equal(a, b)
    assert np.all(np.isfinite(a)) and a.min() >= 0 and a.max() <= 1


def test_the_new_samples_differ_from_each_other_and_look_like_their_names():
    imgs = {n: sample_image(64, 64, 3, n) for n in NEW}
    for a in NEW:
        for b in NEW:
            assert a == b or not np.allclose(imgs[a], imgs[b])
    g = imgs["gradient"]
    assert np.abs(np.diff(g, axis=0)).max() < 0.05 and np.abs(np.diff(g, axis=1)).max() < 0.05  # no edges
    assert g[0, -1, 0] > g[0, 0, 0] and g[-1, 0, 1] > g[0, 0, 1]  # red grows to the right, green downwards
    text = sample_image(64, 64, 1, "text")[..., 0]
    assert (text < 0.4).mean() > 0.05 and (text > 0.9).mean() > 0.5  # dark ink on a light page
    face = imgs["face"]
    assert face[32, 32, 0] > 0.8 and face[2, 2, 2] > face[2, 2, 0]  # skin in the middle, blue around
    scene = imgs["scene"]
    assert scene[2, 2, 2] > scene[2, 2, 0] and scene[-2, 32, 1] > scene[-2, 32, 2]  # sky above, grass below
    assert np.std(scene[-10:, :, 1]) > 0.02  # the grass is textured, not flat


def test_the_landscape_looks_the_same_at_every_size():
    small = sample_image(32, 32, 3, "scene")
    large = sample_image(128, 128, 3, "scene").reshape(32, 4, 32, 4, 3).mean(axis=(1, 3))
    assert np.abs(small - large).mean() < 0.03
