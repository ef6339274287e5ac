"""What a trained stack makes of the test split (issue 12's views), Qt-free and computed on the worker: the
confusion matrix, the misclassified images and, per output channel of every conv layer, the test images that
excite it most.

One pass of the engine's batched forward (:func:`convviz.core.network.iter_forward` on chunks of N×H×W×C, no loop
over images) gives the predictions and, per conv layer, every image's maximum and mean activation of each channel
after the detector (the activation right after the conv; the conv's own output when none follows). The window only
indexes the arrays returned here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.layers import Activation, Conv2D, Softmax
from ..core.network import Network, iter_forward
from .data import Dataset

#: test images per forward chunk: a 24×24×8 stage of 256 images is about 5 MB
CHUNK = 256
#: the reductions a channel's activation map is scored by
REDUCTIONS = ("max", "mean")


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray, classes: int = 0) -> np.ndarray:
    """K × K counts, rows = true class, columns = predicted; K is at least ``classes`` and covers every label."""
    labels, predictions = np.asarray(labels, np.int64), np.asarray(predictions, np.int64)
    k = max(int(classes), int(labels.max()) + 1 if len(labels) else 0,
            int(predictions.max()) + 1 if len(predictions) else 0)
    return np.bincount(labels * k + predictions, minlength=k * k).reshape(k, k)


def detector_stage(layers, index: int) -> int:
    """The stage that shows what conv layer ``index`` detects: the activation right after it, else its own."""
    nxt = index + 1
    return nxt if nxt < len(layers) and isinstance(layers[nxt], Activation) else index


@dataclass(frozen=True)
class ChannelTops:
    """Per output channel of one conv layer, the ``k`` test images with the highest score, best first."""

    layer: int
    #: the stage scored (see :func:`detector_stage`)
    stage: int
    #: reduction ("max", "mean") → (F × k test indices, F × k scores)
    top: dict[str, tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class Insight:
    """The test split through one set of weights."""

    data: Dataset
    #: the network's layers (``channels`` is keyed by their indices)
    layers: tuple
    predictions: np.ndarray
    #: softmax probability of the predicted class, per image
    confidence: np.ndarray
    confusion: np.ndarray
    accuracy: float
    #: every misclassified test index, the most confident mistakes first
    wrong: np.ndarray
    #: conv layer index → its channels' top images
    channels: dict[int, ChannelTops]

    def rgb8(self, index: int) -> np.ndarray:
        """Test image ``index`` as uint8 RGB (H × W × 3), ready to draw. One image at a time, when a tile needs it:
        converting the whole split at every epoch's end (5 000 images, in NumPy calls that hold the GIL) stalled
        the window's event loop 50–100 ms."""
        return to_rgb8(self.data.x[index : index + 1])[0]

    def mistakes(self, true: int | None = None, predicted: int | None = None, limit: int = 16) -> np.ndarray:
        """Up to ``limit`` misclassified indices, optionally only of one true and/or predicted class."""
        keep = self.wrong
        if true is not None:
            keep = keep[self.data.y[keep] == true]
        if predicted is not None:
            keep = keep[self.predictions[keep] == predicted]
        return keep[:limit]


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def to_rgb8(x: np.ndarray) -> np.ndarray:
    """N × H × W × C images in [0, 1] as uint8 RGB (one channel: grey; C ≠ 1, 3: the first three or grey)."""
    x = np.clip(np.asarray(x, np.float32), 0.0, 1.0)
    if x.shape[-1] != 3:
        x = np.repeat(x[..., :1], 3, axis=-1)
    return (x * 255 + 0.5).astype(np.uint8)


def compute_insight(net: Network, data: Dataset, top_k: int = 6, chunk: int = CHUNK) -> Insight:
    """Predictions, confusion, mistakes and per-channel top images of ``data`` through ``net`` (which ends in
    logits or a softmax of them)."""
    if len(data) == 0:
        raise ValueError("no test images")
    layers = net.layers
    convs = [i for i, spec in enumerate(layers) if isinstance(spec, Conv2D)]
    stages = {i: detector_stage(layers, i) for i in convs}
    wanted = set(stages.values())
    n = len(data)
    outputs: list[np.ndarray] = []
    scores: dict[int, dict[str, list[np.ndarray]]] = {s: {r: [] for r in REDUCTIONS} for s in wanted}
    for start in range(0, n, chunk):
        out = None
        for i, out in iter_forward(net, data.x[start:start + chunk]):
            if i in wanted:
                scores[i]["max"].append(out.max(axis=(1, 2)))
                scores[i]["mean"].append(out.mean(axis=(1, 2), dtype=np.float64).astype(np.float32))
        assert out is not None
        outputs.append(out.reshape(len(out), -1))
    last = np.concatenate(outputs) if outputs else np.zeros((0, len(data.classes)), np.float32)
    probs = last.astype(np.float64) if layers and isinstance(layers[-1], Softmax) else _softmax(
        last.astype(np.float64))
    predictions = probs.argmax(axis=1) if n else np.zeros(0, np.int64)
    confidence = probs[np.arange(n), predictions] if n else np.zeros(0)
    wrong = np.flatnonzero(predictions != data.y)
    wrong = wrong[np.argsort(-confidence[wrong], kind="stable")]
    channels = {}
    for i in convs:
        top = {}
        for r in REDUCTIONS:
            s = np.concatenate(scores[stages[i]][r]).T  # F × N
            order = np.argsort(-s, axis=1, kind="stable")[:, :top_k]
            top[r] = (order, np.take_along_axis(s, order, axis=1))
        channels[i] = ChannelTops(i, stages[i], top)
    return Insight(data, tuple(layers), predictions.astype(np.int64), confidence,
                   confusion_matrix(data.y, predictions, len(data.classes)),
                   float(np.mean(predictions == data.y)) if n else 0.0, wrong, channels)
