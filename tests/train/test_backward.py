"""Backward passes against central finite differences (float64) on random stacks, and the training forward against
the engine's forward (float32); against PyTorch autograd when it is installed."""

from __future__ import annotations

import numpy as np
import pytest

from convviz.core.errors import ConvvizError
from convviz.core.layers import Activation, Conv2D, Dense, Flatten, GlobalAvgPool, InitSpec, Pool2D, Softmax
from convviz.core.network import build_network, forward
from convviz.train.backward import backward_batch, cross_entropy, forward_batch


def params_of(net, dtype=np.float64):
    out = []
    for spec in net.layers:
        lw = net.weights.get(spec.uid)
        out.append(None if lw is None else (lw.weight.astype(dtype), None if lw.bias is None else
                                            lw.bias.astype(dtype) + 0.1))  # non-zero biases
    return out


def loss_of(layers, params, x, y):
    logits, _ = forward_batch(layers, params, x)
    return cross_entropy(logits, y)[0]


def check_gradients(layers, shape, n=3, classes=4, seed=0, samples=12):
    rng = np.random.default_rng(seed)
    net = build_network(shape, layers, seed=seed)
    params = params_of(net)
    x = rng.standard_normal((n, *shape))
    y = rng.integers(0, classes, n)
    logits, caches = forward_batch(net.layers, params, x)
    _, d = cross_entropy(logits, y)
    dx, grads = backward_batch(net.layers, params, caches, d)
    eps = 1e-6

    def numeric(arr, idx):
        old = arr[idx]
        arr[idx] = old + eps
        up = loss_of(net.layers, params, x, y)
        arr[idx] = old - eps
        down = loss_of(net.layers, params, x, y)
        arr[idx] = old
        return (up - down) / (2 * eps)

    checked = 0
    targets = [(x, dx)] + [(p[k], g[k]) for p, g in zip(params, grads, strict=True) if p is not None
                           for k in (0, 1) if p[k] is not None]
    for arr, grad in targets:
        assert grad.shape == arr.shape
        for flat in rng.choice(arr.size, min(samples, arr.size), replace=False):
            idx = np.unravel_index(flat, arr.shape)
            num = numeric(arr, idx)
            assert grad[idx] == pytest.approx(num, rel=1e-4, abs=1e-7), (idx, arr.shape)
            checked += 1
    return checked


# max pooling is not differentiable where two window values tie; random normal inputs make ties improbable
STACKS = [
    ("conv stride/padding/dilation", (9, 9, 3), [
        Conv2D(filters=4, kernel_size=3, stride=2, padding=1, dilation=1), Activation("tanh"),
        Conv2D(filters=4, kernel_size=(2, 3), dilation=(2, 1), padding=(1, 0)), Flatten(), Dense(units=4)]),
    ("groups and depthwise", (7, 7, 4), [
        Conv2D(filters=6, kernel_size=3, groups=2, padding="same"), Activation("sigmoid"),
        Conv2D(filters=6, kernel_size=3, groups=6), Activation("leaky_relu", slope=0.1), GlobalAvgPool(),
        Dense(units=4)]),
    ("pools", (10, 10, 2), [
        Conv2D(filters=3, kernel_size=3), Activation("relu"), Pool2D(mode="max", size=2, padding=1),
        Pool2D(mode="avg", size=3, stride=1, padding=1), Pool2D(mode="weighted", size=2, stride=1),
        Activation("identity"), Flatten(), Dense(units=5), Activation("tanh"), Dense(units=4)]),
    ("weighted pool with its own grid, no bias, softmax inside", (8, 8, 1), [
        Conv2D(filters=2, kernel_size=3, bias=False), Pool2D(mode="weighted", size=3, stride=2,
                                                             weights=((1, 2, 1), (0, 1, 0), (1, 1, 3))),
        Flatten(), Dense(units=6, bias=False, init=InitSpec("he")), Softmax(), Dense(units=4)]),
]


@pytest.mark.parametrize("name, shape, layers", STACKS, ids=[s[0] for s in STACKS])
def test_gradients_match_finite_differences(name, shape, layers):
    assert check_gradients(layers, shape) > 20


def test_random_stacks_match_finite_differences():
    rng = np.random.default_rng(5)
    checked = 0
    for trial in range(8):
        layers = []
        for _ in range(rng.integers(1, 3)):
            layers.append(Conv2D(filters=int(rng.integers(1, 4)) * 2, kernel_size=int(rng.integers(1, 4)),
                                 stride=int(rng.integers(1, 3)), padding=int(rng.integers(0, 2)),
                                 groups=int(rng.choice([1, 2]))))
            layers.append(Activation(str(rng.choice(["relu", "tanh", "sigmoid", "leaky_relu"]))))
            if rng.random() < 0.5:
                layers.append(Pool2D(mode=str(rng.choice(["max", "avg", "weighted"])), size=2, stride=1))
        layers += [GlobalAvgPool() if rng.random() < 0.5 else Flatten(), Dense(units=3)]
        try:
            checked += check_gradients(layers, (8, 8, 2), classes=3, seed=trial, samples=5)
        except ConvvizError:  # a random stack that shrank below its next window
            continue
    assert checked > 60


def test_training_forward_is_the_engine_forward():
    layers = [Conv2D(filters=6, kernel_size=3, stride=2, padding=1, groups=2), Activation("relu"),
              Pool2D(mode="max", size=3, stride=2, padding=1), Conv2D(filters=5, kernel_size=2, dilation=2),
              Activation("sigmoid"), Pool2D(mode="weighted", size=2), Flatten(), Dense(units=7), Softmax()]
    net = build_network((19, 17, 2), layers, seed=1)
    x = np.random.default_rng(0).standard_normal((3, 19, 17, 2)).astype(np.float32)
    engine = forward(net, x)[-1]
    ours, _ = forward_batch(net.layers, params_of(net, np.float32), x)
    ours_b = forward(build_network((19, 17, 2), layers, net.weights), x)[-1]  # biases as built, not +0.1
    assert ours.shape == engine.shape == (3, 1, 1, 7)
    np.testing.assert_allclose(ours_b, engine, rtol=1e-5)
    np.testing.assert_allclose(ours.sum(-1), 1, rtol=1e-5)


def test_training_forward_equals_engine_forward_exactly_in_the_weights():
    layers = [Conv2D(filters=4, kernel_size=3, padding=1), Activation("leaky_relu"), Pool2D(size=2),
              GlobalAvgPool(), Dense(units=3)]
    net = build_network((8, 8, 3), layers, seed=2)
    x = np.random.default_rng(1).random((5, 8, 8, 3)).astype(np.float32)
    params = [None if (lw := net.weights.get(s.uid)) is None else (lw.weight, lw.bias) for s in net.layers]
    ours, _ = forward_batch(net.layers, params, x)
    np.testing.assert_allclose(ours, forward(net, x)[-1], rtol=1e-5, atol=1e-6)


def test_cross_entropy_of_uniform_logits_is_log_k():
    loss, d = cross_entropy(np.zeros((4, 1, 1, 10)), np.array([0, 1, 2, 3]))
    assert loss == pytest.approx(np.log(10))
    np.testing.assert_allclose(d.reshape(4, 10).sum(1), 0, atol=1e-12)


def test_gradients_match_torch_autograd():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    layers = [Conv2D(filters=4, kernel_size=3, stride=2, padding=1, dilation=1, groups=2), Activation("relu"),
              Conv2D(filters=6, kernel_size=2, dilation=2), Activation("tanh"), Pool2D(mode="max", size=2),
              Flatten(), Dense(units=5)]
    net = build_network((11, 11, 2), layers, seed=4)
    params = params_of(net)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 11, 11, 2))
    y = rng.integers(0, 5, 4)
    logits, caches = forward_batch(net.layers, params, x)
    _, d = cross_entropy(logits, y)
    _, grads = backward_batch(net.layers, params, caches, d)

    def t(a):
        return torch.tensor(a, dtype=torch.float64, requires_grad=True)

    w0, b0, w2, b2, w6, b6 = t(params[0][0]), t(params[0][1]), t(params[2][0]), t(params[2][1]), t(params[6][0]), \
        t(params[6][1])
    h = torch.tensor(x).permute(0, 3, 1, 2)
    h = torch.relu(F.conv2d(h, w0.permute(0, 3, 1, 2), b0, stride=2, padding=1, groups=2))
    h = torch.tanh(F.conv2d(h, w2.permute(0, 3, 1, 2), b2, dilation=2))
    h = F.max_pool2d(h, 2).permute(0, 2, 3, 1).reshape(4, -1)  # flatten in H, W, C order
    loss = F.cross_entropy(h @ w6.T + b6, torch.tensor(y))
    loss.backward()
    for ours, theirs in ((grads[0][0], w0), (grads[0][1], b0), (grads[2][0], w2), (grads[2][1], b2),
                         (grads[6][0], w6), (grads[6][1], b6)):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), rtol=1e-4, atol=1e-10)
