"""Issue 12's targets, side by side with PyTorch CPU: conv(8,5) → ReLU → max pool 2 → conv(16,5) → ReLU → max pool 2
→ flatten → dense(10) on `digits` (20 000 training images per epoch), Adam lr 1e-3, batch 64, seed 0.

    python benchmarks/bench_train.py [--epochs 3] [--threads 2] [--runs 3] [--out weights.npz]
    python benchmarks/bench_train.py --smoke      # a tiny run: the script still works (the tests)

Per run, convviz and PyTorch train the same model from the same initial weights (convviz's, through `convviz export`'s
module) on the same images in the same order, with the same thread count (threadpoolctl for NumPy's BLAS,
torch.set_num_threads), their epochs interleaved (convviz epoch 1, torch epoch 1, convviz epoch 2 …) so that the
load of a shared machine falls on both alike. Seconds per epoch are training alone (no data generation, no test
pass), wall clock and process CPU time (at one thread the CPU time is the one that other jobs' load does not
inflate). Reported: test accuracy per epoch; the final weights' accuracy on another seed's test sample and on the plain
digits (Liberation Sans, resources/datasets/plain_digits.npz); per-epoch seconds, worst and median over the runs;
the peak memory of one training step (tracemalloc: NumPy's allocations, beyond the weights and the batch); the load
average before and after.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from convviz.core.netfile import parse_network, save_npz, weights_to_arrays  # noqa: E402
from convviz.core.network import build_network  # noqa: E402
from convviz.resource_files import resource_path  # noqa: E402
from convviz.train.data import generate, load_npz_dataset  # noqa: E402
from convviz.train.trainer import TrainConfig, Trainer, evaluate_network  # noqa: E402


def load_net():
    import json

    spec = parse_network(json.loads(resource_path("scenes", "lecture8_learned.json").read_text(encoding="utf-8")))
    return build_network(spec.input_shape, spec.layers, seed=0)


def torch_model(net, tmp: Path):
    """convviz's network (its initial weights) as PyTorch's nn.Sequential, through `convviz export`."""
    from convviz.torch_export import export_torch_module

    path = tmp / "bench_model.py"
    export_torch_module(net, path)
    spec = importlib.util.spec_from_file_location("bench_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.model().train()


class TorchTrainer:
    """The same loop as convviz's Trainer: the shuffle of convviz.train.trainer (default_rng([seed, epoch]))."""

    def __init__(self, model, train, test, batch: int, seed: int) -> None:
        import torch

        self.torch, self.model, self.batch, self.seed = torch, model, batch, seed
        self.opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        self.x = torch.tensor(train.x).permute(0, 3, 1, 2).contiguous()
        self.y = torch.tensor(train.y)
        self.xt, self.yt = torch.tensor(test.x).permute(0, 3, 1, 2).contiguous(), test.y
        self.epoch = 0

    def run_epoch(self) -> tuple[float, float, float]:
        """(wall seconds, CPU seconds) of the epoch's training, then the test accuracy."""
        torch = self.torch
        order = torch.tensor(np.random.default_rng([self.seed, self.epoch]).permutation(len(self.y)))
        t0, c0 = time.perf_counter(), time.process_time()
        for i in range(0, len(self.y), self.batch):
            idx = order[i:i + self.batch]
            self.opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(self.model(self.x[idx]), self.y[idx])
            loss.backward()
            self.opt.step()
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        self.epoch += 1
        with torch.no_grad():
            acc = float((self.model(self.xt).argmax(1).numpy() == self.yt).mean())
        return seconds, cpu, acc


def convviz_epoch(trainer: Trainer, test) -> tuple[float, float, float]:
    """The same for convviz (its Trainer has no test set here, so its epoch is training alone)."""
    t0, c0 = time.perf_counter(), time.process_time()
    trainer.run_epoch()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return seconds, cpu, trainer.evaluate(test)[0]


def step_peak_bytes(trainer: Trainer) -> int:
    """tracemalloc's peak during one training step (the batch's stages, im2col windows, gradients …)."""
    trainer.step()  # warm: the optimiser's slots exist
    tracemalloc.start()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    trainer.step()
    peak = tracemalloc.get_traced_memory()[1] - before
    tracemalloc.stop()
    return peak


def spread(values: list[float]) -> str:
    return f"worst {max(values):.2f} s, median {statistics.median(values):.2f} s"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--out", help="save the last run's convviz weights (.npz)")
    ap.add_argument("--smoke", action="store_true", help="600 training images, 200 test, one epoch, one run")
    args = ap.parse_args()
    from threadpoolctl import threadpool_limits

    count, test_count = (600, 200) if args.smoke else (None, None)
    epochs = 1 if args.smoke else args.epochs
    train = generate("digits", count, seed=0)
    test = generate("digits", test_count, seed=0, split="test")
    other = generate("digits", test_count, seed=1, split="test")
    plain = load_npz_dataset(resource_path("datasets", "plain_digits.npz"))
    try:
        import torch

        torch.set_num_threads(args.threads)
    except ImportError:
        torch = None
        print("torch not installed: convviz alone")
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}; threads {args.threads}; "
          f"{len(train)} training images per epoch, batch 64", flush=True)
    # (wall, CPU) seconds per epoch and run
    times: dict[str, list[list[tuple[float, float]]]] = {"convviz": [[] for _ in range(epochs)],
                                                         "torch": [[] for _ in range(epochs)]}
    with threadpool_limits(args.threads), tempfile.TemporaryDirectory() as tmp:
        for run in range(1, (1 if args.smoke else args.runs) + 1):
            net = load_net()
            trainer = Trainer(net, train, None, TrainConfig(seed=0))
            other_side = TorchTrainer(torch_model(net, Path(tmp)), train, test, 64, 0) if torch else None
            for e in range(epochs):
                seconds, cpu, acc = convviz_epoch(trainer, test)
                times["convviz"][e].append((seconds, cpu))
                line = f"run {run} epoch {e + 1}: convviz test {acc:.4f} {seconds:.2f} s (CPU {cpu:.2f} s)"
                if other_side is not None:
                    seconds, cpu, acc = other_side.run_epoch()
                    times["torch"][e].append((seconds, cpu))
                    line += f" | torch test {acc:.4f} {seconds:.2f} s (CPU {cpu:.2f} s)"
                print(line, flush=True)
            final = trainer.network()
            print(f"run {run}: other seed {evaluate_network(final, other)[0]:.4f} ({len(other)} images), "
                  f"plain digits {evaluate_network(final, plain)[0]:.4f} ({len(plain)} images)", flush=True)
        print(f"memory of one training step (batch 64): {step_peak_bytes(trainer) / 2**20:.2f} MiB peak "
              "(tracemalloc, beyond weights and data)")
    if args.out:
        save_npz(args.out, weights_to_arrays(final))
    for e in range(epochs):
        for k, what in ((0, "wall"), (1, "CPU")):
            ours = [t[k] for t in times["convviz"][e]]
            line = f"epoch {e + 1} {what} seconds: convviz {spread(ours)}"
            if times["torch"][e]:
                theirs = [t[k] for t in times["torch"][e]]
                ratio = [c / t for c, t in zip(ours, theirs, strict=True)]
                line += f"; torch {spread(theirs)}; ratio convviz/torch worst {max(ratio):.2f}, " \
                        f"median {statistics.median(ratio):.2f}"
            print(line)
    print(f"load average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
