"""The training loop, in steps so that a worker can pause, resume, step one batch or reset between them.

A :class:`Trainer` owns float32 copies of the network's weights, an optimiser and a seeded shuffle; ``step()``
trains one mini-batch, ``run_epoch()`` a whole epoch; ``network()`` gives an engine :class:`Network` with the
weights learned so far (views, export and projects take it like any other). The loss is the cross-entropy of the
logits: the last layer's output, or its input when the stack ends with a softmax (the probabilities are for
display; training on them would be unstable).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..allocator import keep_freed_memory
from ..core.budget import check_items, training_items
from ..core.errors import ConvvizError
from ..core.layers import Softmax, fmt_shape
from ..core.network import LayerWeights, Network
from .backward import Params, backward_batch, cross_entropy, forward_batch
from .data import Dataset
from .insight import confusion_matrix
from .parallel import BATCH_PARTS, run_parts, training_threads

OPTIMIZERS = ("adam", "sgd")


@dataclass(frozen=True)
class TrainConfig:
    epochs: int = 3
    batch: int = 64
    lr: float = 1e-3
    optimizer: str = "adam"
    momentum: float = 0.9
    #: L2 weight decay on the weights (not the biases), added to their gradient
    weight_decay: float = 0.0
    seed: int = 0


@dataclass
class EpochRecord:
    epoch: int
    images: int
    train_loss: float
    train_accuracy: float
    test_accuracy: float | None
    seconds: float

    def to_dict(self) -> dict:
        return {"epoch": self.epoch, "images": self.images, "train_loss": self.train_loss,
                "train_accuracy": self.train_accuracy, "test_accuracy": self.test_accuracy, "seconds": self.seconds}


@dataclass
class _Optimizer:
    config: TrainConfig
    slots: list = field(default_factory=list)
    t: int = 0

    def update(self, params: Params, grads: list) -> None:
        c = self.config
        if not self.slots:
            self.slots = [None if p is None else [[np.zeros_like(a), np.zeros_like(a)] if a is not None else None
                                                  for a in p] for p in params]
        self.t += 1
        for p, g, slot in zip(params, grads, self.slots, strict=True):
            if p is None:
                continue
            for k in (0, 1):
                a, da = p[k], g[k]
                if a is None:
                    continue
                if k == 0 and c.weight_decay:
                    da = da + c.weight_decay * a
                m, v = slot[k]
                if c.optimizer == "sgd":
                    m *= c.momentum
                    m += da
                    a -= c.lr * m
                else:  # Adam (β1 0.9, β2 0.999, ε 1e-8), with bias correction
                    m *= 0.9
                    m += 0.1 * da
                    v *= 0.999
                    v += 0.001 * da * da
                    mh = m / (1 - 0.9**self.t)
                    vh = v / (1 - 0.999**self.t)
                    a -= (c.lr * mh / (np.sqrt(vh) + 1e-8)).astype(a.dtype, copy=False)


def _logit_layers(net: Network) -> int:
    """How many layers produce the logits: all but a trailing softmax."""
    return len(net.layers) - 1 if net.layers and isinstance(net.layers[-1], Softmax) else len(net.layers)


def check_trainable(net: Network, data: Dataset) -> None:
    """Refuse, with a clear message, data whose images or classes do not fit the network."""
    if tuple(data.x.shape[1:]) != tuple(net.input_shape):
        raise ConvvizError("input_shape_mismatch", None, path="the dataset", shape=fmt_shape(data.x.shape[1:]),
                           expected=fmt_shape(net.input_shape))
    n_logits = _logit_layers(net)
    shape = net.infos[n_logits - 1].output_shape if n_logits else net.input_shape
    classes = int(data.y.max()) + 1 if len(data.y) else 0
    if shape[:2] != (1, 1) or shape[2] < classes:
        raise ConvvizError("bad_value", None, where="the network", key="output",
                           expected=f"1×1×{classes} logits for {classes} classes: end the stack with flatten (or "
                                    f"global_avg_pool) and a dense layer of {classes} units",
                           value=fmt_shape(shape))


class Trainer:
    """Trains ``net`` on ``train`` (and measures ``test``), one mini-batch per :meth:`step`."""

    def __init__(self, net: Network, train: Dataset, test: Dataset | None = None,
                 config: TrainConfig | None = None, threads: int | None = None) -> None:
        self.config = config or TrainConfig()
        #: threads a step uses (default: see parallel.training_threads); the weights never depend on it
        self.threads = training_threads() if threads is None else max(1, threads)
        if self.config.optimizer not in OPTIMIZERS:
            raise ValueError(f"optimizer must be one of {OPTIMIZERS}")
        check_trainable(net, train)
        data_bytes = train.x.nbytes + (test.x.nbytes if test is not None else 0)
        check_items(training_items(net.input_shape, net.infos, net.layers, self.config.batch, data_bytes=data_bytes),
                    what="training", code="too_much_memory_training")
        self.initial = net
        self.train, self.test = train, test
        keep_freed_memory()  # each step frees and allocates the same arrays again: keep them off the kernel
        self.reset()

    def reset(self) -> None:
        """Back to the initial weights, optimiser state and shuffle."""
        net = self.initial
        self.layers = net.layers[:_logit_layers(net)]
        self.params: Params = []
        for spec in self.layers:
            lw = net.weights.get(spec.uid)
            self.params.append(None if lw is None else (lw.weight.astype(np.float32, copy=True),
                                                        None if lw.bias is None else lw.bias.astype(np.float32)))
        self.optimizer = _Optimizer(self.config)
        self.epoch, self.position, self.steps = 0, 0, 0
        self._order = self._shuffle(0)
        self._loss_sum = self._correct = self._seen = 0.0
        self._seconds = 0.0
        self.history: list[EpochRecord] = []

    def _shuffle(self, epoch: int) -> np.ndarray:
        return np.random.default_rng([self.config.seed, epoch]).permutation(len(self.train))

    @property
    def batches_per_epoch(self) -> int:
        return -(-len(self.train) // self.config.batch)

    def _part(self, idx: np.ndarray, count: int):
        """(summed loss, correct, gradients) of the images ``idx`` — a part of a batch of ``count`` images."""
        x, y = self.train.x[idx], self.train.y[idx]
        logits, caches = forward_batch(self.layers, self.params, x)
        loss, d = cross_entropy(logits, y, count)
        _, grads = backward_batch(self.layers, self.params, caches, d.astype(np.float32), need_dx=False)
        return loss * len(idx), int(np.sum(logits.reshape(len(y), -1).argmax(1) == y)), grads

    def step(self) -> tuple[float, float]:
        """Train one mini-batch; returns its (loss, accuracy). Closes the epoch after its last batch.

        The batch is trained as equal parts (two threads can share it, see :mod:`.parallel`) whose gradients are
        added in order: the same numbers whatever the thread count."""
        t0 = time.perf_counter()
        idx = self._order[self.position:self.position + self.config.batch]
        parts = [p for p in np.array_split(idx, BATCH_PARTS) if len(p)]
        results = run_parts(lambda i: self._part(parts[i], len(idx)), len(parts), self.threads)
        grads = results[0][2]
        for other in results[1:]:
            grads = [None if g is None else tuple(None if a is None else a + b for a, b in zip(g, h, strict=True))
                     for g, h in zip(grads, other[2], strict=True)]
        self.optimizer.update(self.params, grads)
        loss = sum(r[0] for r in results) / len(idx)
        acc = sum(r[1] for r in results) / len(idx)
        self.position += len(idx)
        self.steps += 1
        self._loss_sum += loss * len(idx)
        self._correct += acc * len(idx)
        self._seen += len(idx)
        self._seconds += time.perf_counter() - t0
        if self.position >= len(self.train):
            self._close_epoch()
        return loss, acc

    def _close_epoch(self) -> None:
        seen = max(1.0, self._seen)
        test_acc = self.evaluate(self.test)[0] if self.test is not None else None
        self.history.append(EpochRecord(self.epoch + 1, int(self._seen), self._loss_sum / seen,
                                        self._correct / seen, test_acc, self._seconds))
        self.epoch += 1
        self.position = 0
        self._order = self._shuffle(self.epoch)
        self._loss_sum = self._correct = self._seen = 0.0
        self._seconds = 0.0

    def run_epoch(self, progress: Callable[[int, int], None] | None = None) -> EpochRecord:
        start = self.epoch
        total = self.batches_per_epoch
        while self.epoch == start:
            self.step()
            if progress is not None:
                progress(min(total, -(-self.position // self.config.batch)) if self.epoch == start else total, total)
        return self.history[-1]

    def predict(self, x: np.ndarray, batch: int = 500) -> np.ndarray:
        """The logits of every image, N × classes."""
        out = [forward_batch(self.layers, self.params, x[i:i + batch])[0] for i in range(0, len(x), batch)]
        return np.concatenate(out).reshape(len(x), -1)

    def evaluate(self, data: Dataset | None) -> tuple[float, np.ndarray]:
        return evaluate_params(self.layers, self.params, data)

    def network(self) -> Network:
        """The engine network with the weights learned so far (the initial network's layers, softmax included)."""
        weights = dict(self.initial.weights)
        for spec, p in zip(self.layers, self.params, strict=False):
            if p is not None:
                weights[spec.uid] = LayerWeights(p[0].copy(), None if p[1] is None else p[1].copy())
        return Network(self.initial.input_shape, self.initial.layers, weights, self.initial.infos)


def evaluate_params(layers, params: Params, data: Dataset | None, batch: int = 500) -> tuple[float, np.ndarray]:
    """(accuracy, confusion matrix with rows = true class) of the stack on ``data``."""
    if data is None or len(data) == 0:
        return 0.0, np.zeros((0, 0), np.int64)
    preds = np.concatenate([forward_batch(layers, params, data.x[i:i + batch])[0].reshape(
        min(batch, len(data) - i), -1).argmax(1) for i in range(0, len(data), batch)])
    return float(np.mean(preds == data.y)), confusion_matrix(data.y, preds, len(data.classes))


def evaluate_network(net: Network, data: Dataset, batch: int = 500) -> tuple[float, np.ndarray]:
    """(accuracy, confusion matrix) of ``net`` on ``data``, in batches as large as the memory limit allows (down to
    one image: only data that cannot fit at all is refused)."""
    check_trainable(net, data)
    sizes = [b for b in (batch, 100, 10, 1) if b <= batch]
    for b in sizes:
        try:
            check_items(training_items(net.input_shape, net.infos, net.layers, min(b, len(data)),
                                       data_bytes=data.x.nbytes, gradients=False),
                        what="evaluating", code="too_much_memory_training")
            break
        except ConvvizError:
            if b == sizes[-1]:
                raise
    layers = net.layers[:_logit_layers(net)]
    params: Params = [None if (lw := net.weights.get(s.uid)) is None else (lw.weight, lw.bias) for s in layers]
    return evaluate_params(layers, params, data, b)
