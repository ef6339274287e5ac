"""Generated datasets: shapes, ranges, labels, reproducibility, splits and the .npz/folder round trips."""

from __future__ import annotations

import numpy as np
import pytest

from convviz.core.errors import ConvvizError
from convviz.train.data import (
    DIGIT_CLASSES,
    SHAPE_CLASSES,
    Dataset,
    generate,
    load_folder,
    load_npz_dataset,
    save_dataset,
)


@pytest.mark.parametrize("kind, shape, n_classes", [("digits", (28, 28, 1), 10), ("shapes", (32, 32, 3), 5)])
def test_generated_images_have_the_documented_form(kind, shape, n_classes):
    d = generate(kind, 300, seed=3)
    assert d.x.shape == (300, *shape) and d.x.dtype == np.float32
    assert d.y.shape == (300,) and d.y.dtype == np.int64
    assert d.x.min() >= 0.0 and d.x.max() <= 1.0
    assert set(np.unique(d.y)) == set(range(n_classes))  # 300 draws cover every class
    assert len(d.classes) == n_classes
    assert np.ptp(d.x, axis=(1, 2, 3)).min() > 0.3  # no blank image


def test_digits_are_white_strokes_on_black():
    d = generate("digits", 200, seed=0)
    # the border is background (dark), the ink is bright and covers a minority of the pixels
    border = np.concatenate([d.x[:, 0], d.x[:, -1], d.x[:, :, 0], d.x[:, :, -1]], axis=1)
    assert border.mean() < 0.08
    ink = (d.x > 0.5).mean(axis=(1, 2, 3))
    assert 0.05 < ink.mean() < 0.3 and ink.min() > 0.005 and ink.max() < 0.5


def test_same_seed_same_images_other_seed_or_split_other_images():
    a = generate("digits", 50, seed=7)
    b = generate("digits", 50, seed=7)
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(generate("digits", 50, seed=8).x, a.x)
    assert not np.array_equal(generate("digits", 50, seed=7, split="test").x, a.x)
    s1, s2 = generate("shapes", 20, seed=1), generate("shapes", 20, seed=1)
    np.testing.assert_array_equal(s1.x, s2.x)


def test_digit_classes_differ_on_average():
    """Each class's mean image is closer to its own class's fresh mean than to another class's: labels match ink."""
    a, b = generate("digits", 2000, seed=0), generate("digits", 2000, seed=1)
    ma = np.stack([a.x[a.y == k].mean(0).ravel() for k in range(10)])
    mb = np.stack([b.x[b.y == k].mean(0).ravel() for k in range(10)])
    dist = ((ma[:, None] - mb[None]) ** 2).sum(-1)
    assert (dist.argmin(axis=1) == np.arange(10)).all()


def test_progress_is_reported_up_to_the_count():
    seen = []
    generate("digits", 2500, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (2500, 2500) and len(seen) == 3


def test_npz_round_trip(tmp_path):
    d = generate("shapes", 12, seed=0)
    save_dataset(tmp_path / "d.npz", d)
    back = load_npz_dataset(tmp_path / "d.npz")
    np.testing.assert_array_equal(back.x, d.x)
    np.testing.assert_array_equal(back.y, d.y)
    assert back.classes == SHAPE_CLASSES


def test_npz_without_x_or_with_bad_shapes_is_refused(tmp_path):
    np.savez(tmp_path / "a.npz", y=np.zeros(3, int))
    with pytest.raises(ConvvizError, match="x and y"):
        load_npz_dataset(tmp_path / "a.npz")
    np.savez(tmp_path / "b.npz", x=np.zeros((3, 4, 4)), y=np.zeros(3, int))
    with pytest.raises(ConvvizError, match="N×H×W×C"):
        load_npz_dataset(tmp_path / "b.npz")
    np.savez(tmp_path / "c.npz", x=np.zeros((2, 4, 4, 1)), y=np.array([0, 1]))
    assert load_npz_dataset(tmp_path / "c.npz").classes == ("0", "1")


def test_folder_of_class_subfolders(tmp_path):
    for name, value in (("cats", 0.2), ("dogs", 0.8)):
        (tmp_path / name).mkdir()
        for i in range(3):
            np.save(tmp_path / name / f"{i}.npy", np.full((6, 6, 1), value, np.float32))
    (tmp_path / "dogs" / "notes.txt").write_text("ignored")
    d = load_folder(tmp_path, (6, 6), 1)
    assert d.classes == ("cats", "dogs") and d.x.shape == (6, 6, 6, 1)
    assert list(d.y) == [0, 0, 0, 1, 1, 1]
    assert np.allclose(d.x[d.y == 1], 0.8)


def test_empty_folder_is_refused(tmp_path):
    with pytest.raises(ConvvizError, match="sub-folder"):
        load_folder(tmp_path, (4, 4), 1)


def test_dataset_len_and_class_names():
    assert len(Dataset(np.zeros((2, 1, 1, 1), np.float32), np.zeros(2, np.int64), ("a",))) == 2
    assert DIGIT_CLASSES[3] == "3"


def test_shapes_rendered_in_blocks_are_the_images_of_the_whole_chunk_bit_for_bit(monkeypatch):
    from convviz.train import data

    blocked = generate("shapes", 130, seed=5)  # 130 = blocks of 50, 50 and 30
    monkeypatch.setattr(data, "_SHAPES_BLOCK", 10_000)
    whole = generate("shapes", 130, seed=5)
    np.testing.assert_array_equal(blocked.x, whole.x)
    np.testing.assert_array_equal(blocked.y, whole.y)


def test_downsampling_is_the_mean_of_each_two_by_two_block_bit_for_bit():
    from convviz.train.data import _downsample

    a = np.random.default_rng(0).uniform(0, 1, (3, 8, 6, 3)).astype(np.float32)
    reference = a.reshape(3, 4, 2, 3, 2, 3).mean(axis=(2, 4))
    np.testing.assert_array_equal(_downsample(a), reference)
    assert _downsample(a).dtype == np.float32
