"""The training loop on tiny data: it learns, it is reproducible, it steps, resets and hands back a network."""

from __future__ import annotations

import numpy as np
import pytest

from convviz.core.errors import ConvvizError
from convviz.core.layers import Activation, Conv2D, Dense, Flatten, GlobalAvgPool, Pool2D, Softmax
from convviz.core.network import build_network, forward
from convviz.train.data import Dataset
from convviz.train.trainer import TrainConfig, Trainer, evaluate_network


def bars(n=96, seed=0):
    """Vertical vs horizontal bars on 8×8: a task a tiny conv net learns in a few dozen steps."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    x = rng.uniform(0, 0.2, (n, 8, 8, 1)).astype(np.float32)
    pos = rng.integers(1, 7, n)
    for i in range(n):
        if y[i]:
            x[i, :, pos[i], 0] = 1
        else:
            x[i, pos[i], :, 0] = 1
    return Dataset(x, y.astype(np.int64), ("horizontal", "vertical"))


def small_net(seed=0, softmax=True):
    layers = [Conv2D(filters=4, kernel_size=3), Activation("relu"), Pool2D(size=2), GlobalAvgPool(), Dense(units=2)]
    return build_network((8, 8, 1), layers + ([Softmax()] if softmax else []), seed=seed)


@pytest.mark.parametrize("optimizer, lr", [("adam", 0.05), ("sgd", 0.2)])
def test_training_learns_bars(optimizer, lr):
    train, test = bars(), bars(64, seed=1)
    t = Trainer(small_net(), train, test, TrainConfig(batch=16, lr=lr, optimizer=optimizer, seed=1))
    first = t.run_epoch()
    for _ in range(7):
        last = t.run_epoch()
    assert last.train_loss < first.train_loss
    assert last.test_accuracy >= 0.9
    assert last.images == 96 and [r.epoch for r in t.history] == list(range(1, 9))
    acc, confusion = evaluate_network(t.network(), test)
    assert acc == pytest.approx(last.test_accuracy) and confusion.sum() == 64 and confusion.shape == (2, 2)


def test_same_seed_same_weights_reset_goes_back():
    cfg = TrainConfig(batch=16, lr=0.01, seed=3, weight_decay=1e-3)
    a, b = Trainer(small_net(), bars(), None, cfg), Trainer(small_net(), bars(), None, cfg)
    for _ in range(5):
        a.step()
        b.step()
    wa, wb = a.network().weights_of(0).weight, b.network().weights_of(0).weight
    np.testing.assert_array_equal(wa, wb)
    assert not np.array_equal(wa, small_net().weights_of(0).weight)
    a.reset()
    np.testing.assert_array_equal(a.network().weights_of(0).weight, small_net().weights_of(0).weight)
    assert a.steps == 0 and a.history == []


def test_step_by_step_closes_the_epoch():
    t = Trainer(small_net(), bars(40), None, TrainConfig(batch=16))
    assert t.batches_per_epoch == 3
    t.step()
    t.step()
    assert t.epoch == 0
    t.step()
    assert t.epoch == 1 and t.history[0].images == 40 and t.history[0].test_accuracy is None


def test_the_trained_network_runs_in_the_engine_with_its_softmax():
    t = Trainer(small_net(), bars(), None, TrainConfig(batch=32))
    t.step()
    out = forward(t.network(), bars(4).x)[-1]
    np.testing.assert_allclose(out.sum(-1), 1, rtol=1e-5)


def test_data_that_does_not_fit_is_refused():
    with pytest.raises(ConvvizError, match="expects 8×8×1"):
        Trainer(small_net(), Dataset(np.zeros((2, 9, 9, 1), np.float32), np.zeros(2, np.int64), ("a",)))
    no_head = build_network((8, 8, 1), [Conv2D(filters=2, kernel_size=3)])
    with pytest.raises(ConvvizError, match="dense layer of 2 units"):
        Trainer(no_head, bars())
    flat = build_network((8, 8, 1), [Flatten(), Dense(units=1)])
    with pytest.raises(ConvvizError, match="logits"):
        Trainer(flat, bars())


def test_training_items_count_every_stage_twice_and_the_weights_four_times():
    from convviz.core.budget import training_items

    net = small_net()
    items = training_items(net.input_shape, net.infos, net.layers, 8, data_bytes=1000)
    h, w, c = net.input_shape
    stages = sum(info.neurons for info in net.infos)
    params = sum(info.params for info in net.infos)
    assert sum(n for _, n, _ in items) == 1000 + 4 * 8 * h * w * c + 8 * 8 * stages + 16 * params
    forward_only = training_items(net.input_shape, net.infos, net.layers, 8, gradients=False)
    assert sum(n for _, n, _ in forward_only) == 4 * 8 * h * w * c + 4 * 8 * stages + 4 * params


def test_training_beyond_the_memory_limit_is_refused_before_it_starts(monkeypatch):
    from convviz.core import budget

    data = bars()
    monkeypatch.setattr(budget, "_override", 20_000)
    with pytest.raises(ConvvizError) as info:
        Trainer(small_net(), data, None, TrainConfig(batch=64))
    assert info.value.code == "too_much_memory_training" and "--batch" in str(info.value)
    budget.set_memory_limit(None)
    Trainer(small_net(), data, None, TrainConfig(batch=64))  # the default limit: fine


def test_evaluation_takes_smaller_batches_under_a_tight_limit_with_the_same_result(monkeypatch):
    from convviz.core import budget

    data = bars(200)
    net = small_net()
    full = evaluate_network(net, data)
    monkeypatch.setattr(budget, "_override", data.x.nbytes + 3000)
    tight = evaluate_network(net, data)
    assert tight[0] == full[0] and np.array_equal(tight[1], full[1])
    monkeypatch.setattr(budget, "_override", data.x.nbytes // 2)  # not even the data fits
    with pytest.raises(ConvvizError, match="evaluating needs"):
        evaluate_network(net, data)


@pytest.mark.parametrize("batch", [16, 7])
def test_the_weights_are_the_same_bit_for_bit_at_one_thread_and_two(batch):
    cfg = TrainConfig(batch=batch, lr=0.01, seed=2)
    one = Trainer(small_net(), bars(41), None, cfg, threads=1)
    two = Trainer(small_net(), bars(41), None, cfg, threads=2)
    for _ in range(one.batches_per_epoch + 2):  # over an epoch's end, whose last batch has 41 % batch images
        assert one.step() == two.step()
    for a, b in zip(one.params, two.params, strict=True):
        if a is not None:
            np.testing.assert_array_equal(a[0], b[0])
            np.testing.assert_array_equal(a[1], b[1])


def test_the_parts_of_a_batch_add_up_to_the_whole_batch_gradient():
    from convviz.train.backward import backward_batch, cross_entropy, forward_batch

    data = bars(12)
    t = Trainer(small_net(), data, None, TrainConfig(batch=12, lr=0.1, optimizer="sgd", momentum=0.0, seed=4))
    idx = t._order[:12]
    before = [None if p is None else (p[0].copy(), p[1].copy()) for p in t.params]
    # the whole batch at once, in float64, by the layers' own backward (checked against finite differences)
    params64 = [None if p is None else (p[0].astype(np.float64), p[1].astype(np.float64)) for p in before]
    logits, caches = forward_batch(t.layers, params64, data.x[idx].astype(np.float64))
    loss, d = cross_entropy(logits, data.y[idx])
    _, grads = backward_batch(t.layers, params64, caches, d, need_dx=False)
    step_loss, _ = t.step()
    assert step_loss == pytest.approx(loss, rel=1e-5)
    for p, b, g in zip(t.params, before, grads, strict=True):
        if p is not None:
            np.testing.assert_allclose(p[0], b[0] - 0.1 * g[0], rtol=1e-4, atol=1e-6)
            np.testing.assert_allclose(p[1], b[1] - 0.1 * g[1], rtol=1e-4, atol=1e-6)
