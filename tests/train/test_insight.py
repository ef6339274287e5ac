"""The test split through trained weights: confusion matrix, mistakes and per-channel top images, against naive
references (per image, plain loops)."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from convviz.core.layers import Activation, Conv2D, Dense, Flatten, Pool2D, Softmax
from convviz.core.network import build_network
from convviz.train.data import Dataset
from convviz.train.insight import compute_insight, confusion_matrix, detector_stage, to_rgb8
from convviz.train.trainer import evaluate_network
from tests.core.reference import ref_activation, ref_conv2d, ref_pool2d


def naive_confusion(y, p, k):
    m = [[0] * k for _ in range(k)]
    for t, q in zip(y, p, strict=True):
        m[int(t)][int(q)] += 1
    return np.array(m)


def test_confusion_matrix_counts_true_rows_and_predicted_columns():
    rng = np.random.default_rng(1)
    y, p = rng.integers(0, 4, 200), rng.integers(0, 4, 200)
    assert_array_equal(confusion_matrix(y, p, 4), naive_confusion(y, p, 4))
    assert confusion_matrix([2], [0], 5).shape == (5, 5)  # every class has a row, seen or not
    assert confusion_matrix([0, 1], [3, 1]).shape == (4, 4)  # a prediction past the classes still counts
    assert_array_equal(confusion_matrix([1], [0], 2), [[0, 0], [1, 0]])  # row = true


def stack():
    layers = (Conv2D(3, (3, 3)), Activation("relu"), Pool2D("max", (2, 2)), Conv2D(4, (3, 3)), Flatten(), Dense(3),
              Softmax())
    return build_network((9, 9, 2), layers, seed=3)


def naive_forward(net, img):
    """Every stage of one image, float64 loops."""
    out, stages = img.astype(np.float64), []
    for spec in net.layers:
        lw = net.weights.get(spec.uid)
        if isinstance(spec, Conv2D):
            out = ref_conv2d(out, lw.weight, lw.bias)
        elif isinstance(spec, Activation):
            out = ref_activation(spec.kind, out)
        elif isinstance(spec, Pool2D):
            out = ref_pool2d(out, spec.size)[0]
        elif isinstance(spec, Flatten):
            out = out.reshape(1, 1, -1)
        elif isinstance(spec, Dense):
            out = (lw.weight.astype(np.float64) @ out.ravel() + lw.bias).reshape(1, 1, -1)
        else:
            e = np.exp(out - out.max())
            out = e / e.sum()
        stages.append(out)
    return stages


def test_insight_matches_a_per_image_reference():
    net = stack()
    rng = np.random.default_rng(0)
    data = Dataset(rng.uniform(0, 1, (23, 9, 9, 2)).astype(np.float32), rng.integers(0, 3, 23), ("a", "b", "c"))
    got = compute_insight(net, data, top_k=4, chunk=5)  # chunks of 5: the last one shorter
    stages = [naive_forward(net, img) for img in data.x]
    probs = np.array([s[-1].ravel() for s in stages])
    pred = probs.argmax(1)
    assert_array_equal(got.predictions, pred)
    assert_allclose(got.confidence, probs.max(1), rtol=1e-4)
    assert_array_equal(got.confusion, naive_confusion(data.y, pred, 3))
    assert got.accuracy == pytest.approx(np.mean(pred == data.y))
    wrong = [i for i in range(23) if pred[i] != data.y[i]]
    assert sorted(got.wrong.tolist()) == wrong and len(wrong) > 3
    assert np.all(np.diff(got.confidence[got.wrong]) <= 0)  # the most confident mistakes first
    assert set(got.channels) == {0, 3}
    for layer, stage in ((0, 1), (3, 3)):  # conv1 is scored after its ReLU; conv2 has no detector: its own output
        tops = got.channels[layer]
        assert tops.stage == stage
        for reduction, fn in (("max", np.max), ("mean", np.mean)):
            idx, score = tops.top[reduction]
            f = stages[0][stage].shape[-1]
            assert idx.shape == score.shape == (f, 4)
            for c in range(f):
                ref = np.array([fn(s[stage][..., c]) for s in stages])
                order = sorted(range(23), key=lambda i, ref=ref: (-ref[i], i))[:4]
                assert_allclose(score[c], ref[order], rtol=1e-4, atol=1e-6)
                assert_allclose(ref[idx[c]], ref[order], rtol=1e-4, atol=1e-6)  # ties may swap, scores may not


def test_mistakes_filter_by_true_and_predicted_class():
    net = stack()
    rng = np.random.default_rng(5)
    data = Dataset(rng.uniform(0, 1, (40, 9, 9, 2)).astype(np.float32), rng.integers(0, 3, 40), ("a", "b", "c"))
    got = compute_insight(net, data)
    for t in range(3):
        for p in range(3):
            pick = got.mistakes(t, p, limit=100)
            assert all(data.y[i] == t and got.predictions[i] == p for i in pick)
            assert len(pick) == (got.confusion[t, p] if t != p else 0)
    assert len(got.mistakes(limit=2)) == min(2, len(got.wrong))


def test_evaluate_shares_the_confusion_matrix():
    net = stack()
    rng = np.random.default_rng(2)
    data = Dataset(rng.uniform(0, 1, (30, 9, 9, 2)).astype(np.float32), rng.integers(0, 3, 30), ("a", "b", "c"))
    acc, confusion = evaluate_network(net, data)
    got = compute_insight(net, data)
    assert_array_equal(confusion, got.confusion) and acc == pytest.approx(got.accuracy)


def test_detector_stage_and_rgb8():
    layers = (Conv2D(2, (3, 3)), Conv2D(2, (3, 3)), Activation("tanh"))
    assert [detector_stage(layers, i) for i in (0, 1)] == [0, 2]
    grey = to_rgb8(np.array([[[[0.0], [1.0]], [[0.5], [2.0]]]], np.float32))
    assert grey.shape == (1, 2, 2, 3) and grey.dtype == np.uint8
    assert_array_equal(grey[0, :, :, 0], [[0, 255], [128, 255]]) and np.all(grey[..., 0] == grey[..., 2])


def test_images_are_converted_one_at_a_time_when_drawn(monkeypatch):
    """The whole test split converted to RGB at every epoch's end held the GIL long enough to stall the window
    (50–100 ms for 5 000 digits): compute_insight converts nothing, a tile converts its own image."""
    from convviz.train import insight as insight_module

    rng = np.random.default_rng(3)
    net = build_network((8, 8, 1), [Conv2D(2, (3, 3)), Activation("relu"), Flatten(), Dense(3)], seed=1)
    data = Dataset(rng.random((40, 8, 8, 1)).astype(np.float32), rng.integers(0, 3, 40), ("a", "b", "c"))
    sizes = []
    real = insight_module.to_rgb8
    monkeypatch.setattr(insight_module, "to_rgb8", lambda x: sizes.append(len(x)) or real(x))
    ins = compute_insight(net, data)
    assert sizes == []
    img = ins.rgb8(7)
    assert sizes == [1] and img.dtype == np.uint8 and img.shape == (8, 8, 3)
    assert_array_equal(img, real(data.x)[7])
