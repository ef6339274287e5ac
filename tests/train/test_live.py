"""Training in slices for the window: the same weights as the trainer stepped directly, a budget per slice."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_array_equal

from convviz.core.layers import Activation, Conv2D, Dense, Flatten, Pool2D, Softmax
from convviz.core.network import build_network
from convviz.train.data import Dataset
from convviz.train.live import LiveTraining
from convviz.train.trainer import TrainConfig, Trainer, evaluate_network


def tiny():
    rng = np.random.default_rng(0)
    x = rng.random((40, 8, 8, 1)).astype(np.float32)
    y = (x[:, :4].mean(axis=(1, 2, 3)) > x[:, 4:].mean(axis=(1, 2, 3))).astype(np.int64)  # top half brighter
    net = build_network((8, 8, 1), [Conv2D(3, (3, 3)), Activation("relu"), Pool2D("max", (2, 2)), Flatten(),
                                    Dense(2), Softmax()], seed=1)
    return net, Dataset(x[:32], y[:32], ("0", "1")), Dataset(x[32:], y[32:], ("0", "1"))


def test_slices_train_like_the_trainer_and_close_epochs():
    net, train, test = tiny()
    config = TrainConfig(batch=8, lr=0.01, seed=2)
    live = LiveTraining(net, train, test, config)
    first = live.advance(3, budget_s=1e9)
    second = live.advance(3, budget_s=1e9)  # reaches the end of epoch 1 (4 batches): the slice stops there
    third = live.advance(2, budget_s=1e9)
    assert list(first.steps) == [1, 2, 3] and list(second.steps) == [4] and list(third.steps) == [5, 6]
    assert second.epoch == 1 and len(second.test_points) == 1 and second.test_points[0][0] == 4
    assert first.insight is None and third.insight is None
    # the epoch's insight is of the epoch's weights: its accuracy is the test point's
    assert second.insight is not None and second.insight.accuracy == second.test_points[0][1]
    assert second.insight.confusion.sum() == len(test)
    direct = Trainer(net, train, test, config)
    losses = [direct.step()[0] for _ in range(4)]
    np.testing.assert_allclose(np.concatenate([first.losses, second.losses]), losses)
    for uid, lw in direct.network().weights.items():
        assert_array_equal(second.weights[uid].weight, lw.weight)
    assert live.insight().accuracy == evaluate_network(live.trainer.network(), test)[0]
    assert not np.array_equal(second.weights[net.layers[4].uid].weight, net.weights[net.layers[4].uid].weight)
    assert set(second.weights) == {net.layers[0].uid, net.layers[4].uid}


def test_a_zero_budget_still_trains_one_batch():
    net, train, test = tiny()
    live = LiveTraining(net, train, test, TrainConfig(batch=8))
    assert len(live.advance(50, budget_s=0.0).steps) == 1
    live.reset()
    assert list(live.advance(1).steps) == [1]
