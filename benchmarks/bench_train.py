"""Issue 12's target: conv(8,5) → ReLU → max pool 2 → conv(16,5) → ReLU → max pool 2 → flatten → dense(10) on
`digits`, 3 epochs (Adam, lr 1e-3, batch 64, seed 0): test accuracy, accuracy on another seed's sample and on plain
digits drawn by Qt (DejaVu Sans, 16–22 px, centred), seconds per epoch — and the same model in PyTorch CPU with the
same data, batch and thread count when torch is installed.

    python benchmarks/bench_train.py [--epochs 3] [--threads 2] [--out weights.npz]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from convviz.core.netfile import parse_network, save_npz, weights_to_arrays  # noqa: E402
from convviz.core.network import build_network  # noqa: E402
from convviz.train.data import Dataset, generate  # noqa: E402
from convviz.train.trainer import TrainConfig, Trainer, evaluate_network  # noqa: E402

NET = {"input": {"height": 28, "width": 28, "channels": 1}, "layers": [
    {"type": "conv", "filters": 8, "kernel_size": 5}, {"type": "relu"}, {"type": "pool", "mode": "max", "size": 2},
    {"type": "conv", "filters": 16, "kernel_size": 5}, {"type": "relu"}, {"type": "pool", "mode": "max", "size": 2},
    {"type": "flatten"}, {"type": "dense", "units": 10}]}


def plain_digits(n_per_size: int = 1) -> Dataset:
    """Digits 0–9 in DejaVu Sans at 16–22 px, centred, white on black, rendered by Qt (independently of the
    dataset's glyph bitmaps)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

    _app = QGuiApplication.instance() or QGuiApplication([])
    xs, ys = [], []
    for px in range(16, 23):
        for d in range(10):
            img = QImage(28, 28, QImage.Format.Format_Grayscale8)
            img.fill(QColor(0, 0, 0))
            p = QPainter(img)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            f = QFont("DejaVu Sans")
            f.setPixelSize(px)
            p.setFont(f)
            p.setPen(QColor(255, 255, 255))
            p.drawText(QRectF(0, 0, 28, 28), Qt.AlignmentFlag.AlignCenter, str(d))
            p.end()
            a = np.frombuffer(img.constBits(), np.uint8, count=img.bytesPerLine() * 28).reshape(28, -1)[:, :28]
            xs.append(a.astype(np.float32)[..., None] / 255)
            ys.append(d)
    return Dataset(np.stack(xs), np.array(ys, np.int64), tuple("0123456789"))


def torch_epochs(train: Dataset, test: Dataset, epochs: int, threads: int) -> list[tuple[float, float]]:
    import torch

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Conv2d(8, 16, 5), torch.nn.ReLU(),
        torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(256, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.tensor(train.x).permute(0, 3, 1, 2).contiguous()
    y = torch.tensor(train.y)
    xt = torch.tensor(test.x).permute(0, 3, 1, 2).contiguous()
    out = []
    for epoch in range(epochs):
        order = torch.tensor(np.random.default_rng([0, epoch]).permutation(len(y)))
        t0 = time.perf_counter()
        for i in range(0, len(y), 64):
            idx = order[i:i + 64]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        seconds = time.perf_counter() - t0
        with torch.no_grad():
            acc = float((model(xt).argmax(1).numpy() == test.y).mean())
        out.append((seconds, acc))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out")
    args = ap.parse_args()
    from threadpoolctl import threadpool_limits

    train, test = generate("digits", seed=0), generate("digits", split="test", seed=0)
    spec = parse_network(NET)
    trainer = Trainer(build_network(spec.input_shape, spec.layers, seed=0), train, test, TrainConfig(seed=0))
    with threadpool_limits(args.threads):
        for _ in range(args.epochs):
            r = trainer.run_epoch()
            print(f"convviz epoch {r.epoch}: loss {r.train_loss:.4f} test {r.test_accuracy:.4f} "
                  f"{r.seconds:.1f} s", flush=True)
    net = trainer.network()
    other = generate("digits", 5000, seed=1, split="test")
    print(f"other seed: {evaluate_network(net, other)[0]:.4f}  plain DejaVu Sans 16–22 px: "
          f"{evaluate_network(net, plain_digits())[0]:.4f}")
    # memory per batch: every stage's output and the im2col windows kept for the backward pass, float32
    stages = sum(4 * 64 * i.neurons for i in net.infos)
    cols = sum(4 * 64 * i.output_shape[0] * i.output_shape[1] * i.weights // max(1, i.output_shape[2])
               for i in net.infos if i.type == "conv")
    print(f"memory per batch of 64: stages {stages / 2**20:.1f} MiB + im2col {cols / 2**20:.1f} MiB")
    if args.out:
        save_npz(args.out, weights_to_arrays(net))
    try:
        for e, (s, acc) in enumerate(torch_epochs(train, test, args.epochs, args.threads), 1):
            print(f"torch epoch {e}: test {acc:.4f} {s:.1f} s", flush=True)
    except ImportError:
        print("torch not installed")


if __name__ == "__main__":
    main()
