"""Training on screen (issue 12), Qt-free: a :class:`LiveTraining` owns a :class:`Trainer` and runs it in short
slices on the worker — a few batches per call, so the worker gets back to the views between slices — and hands
back what the window shows: the curves' new points and the weights learned so far.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from ..core.network import LayerWeights, Network
from .data import Dataset, Progress, generate
from .insight import Insight, compute_insight
from .trainer import TrainConfig, Trainer

#: the generated sets the window offers, and their image shapes (the stack's input must match)
LIVE_DATASETS = {"digits": (28, 28, 1), "shapes": (32, 32, 3)}


@dataclass(frozen=True)
class Slice:
    """What one call of :meth:`LiveTraining.advance` did."""

    #: the batches trained, counted from the start (x of the curves), and each one's loss and accuracy
    steps: np.ndarray
    losses: np.ndarray
    accuracies: np.ndarray
    epoch: int
    #: (step, test accuracy) of every epoch closed in this slice
    test_points: tuple[tuple[int, float], ...]
    #: uid → the weights learned so far, of every layer with weights
    weights: dict[str, LayerWeights]
    #: the test split through these weights, when the slice closed an epoch (it then ends with that epoch)
    insight: Insight | None = None


def make_data(kind: str, train_count: int, test_count: int, seed: int = 0,
              progress: Progress | None = None) -> tuple[Dataset, Dataset]:
    """The training and test splits; ``progress(done, total)`` counts the images of both."""
    total = train_count + test_count

    def part(offset: int) -> Progress | None:
        return None if progress is None else lambda done, _n: progress(offset + done, total)

    return (generate(kind, train_count, seed=seed, split="train", progress=part(0)),
            generate(kind, test_count, seed=seed, split="test", progress=part(train_count)))


def make_test_data(kind: str, count: int, seed: int = 0) -> Dataset:
    return generate(kind, count, seed=seed, split="test")


class LiveTraining:
    """A training run that advances in slices; :meth:`reset` goes back to the initial weights."""

    def __init__(self, net: Network, train: Dataset, test: Dataset | None, config: TrainConfig) -> None:
        # one thread: the GUI thread and the views' worker need the other cores, and a step on two threads sets
        # BLAS's process-wide thread limit, which must not change under the views' products (same weights anyway)
        self.trainer = Trainer(net, train, test, config, threads=1)  # refuses data that does not fit, with a message

    @property
    def initial(self) -> Network:
        return self.trainer.initial

    def advance(self, max_batches: int, budget_s: float = 0.15) -> Slice:
        """Train up to ``max_batches`` mini-batches, stopping early once ``budget_s`` seconds have passed (at
        least one batch) or an epoch closed: then the slice's weights are the epoch's, and it carries their
        :meth:`insight` (the test accuracy of its last point is the insight's)."""
        t = self.trainer
        t0 = time.perf_counter()
        steps, losses, accs, tests = [], [], [], []
        epochs = len(t.history)
        for _ in range(max(1, max_batches)):
            loss, acc = t.step()
            steps.append(t.steps)
            losses.append(loss)
            accs.append(acc)
            if len(t.history) > epochs:
                epochs = len(t.history)
                if t.history[-1].test_accuracy is not None:
                    tests.append((t.steps, float(t.history[-1].test_accuracy)))
                break
            if time.perf_counter() - t0 >= budget_s:
                break
        net = t.network()
        weights = {s.uid: net.weights[s.uid] for s in net.layers if s.uid in net.weights}
        return Slice(np.asarray(steps), np.asarray(losses, np.float64), np.asarray(accs, np.float64), t.epoch,
                     tuple(tests), weights, compute_insight(net, t.test) if tests and t.test is not None else None)

    def insight(self) -> Insight | None:
        """The test split through the weights learned so far (None without a test split)."""
        t = self.trainer
        return compute_insight(t.network(), t.test) if t.test is not None and len(t.test) else None

    def reset(self) -> None:
        self.trainer.reset()
