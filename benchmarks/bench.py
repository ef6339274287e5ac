"""Benchmark convviz's convolution against a naive loop, scipy.ndimage and PyTorch (when importable).

Run ``python benchmarks/bench.py`` (``--quick`` for fewer repeats, ``--smoke`` for tiny cases that only check the
script still runs). Every case is measured in one run; the table
prints median times and the ratio ``t_convviz / t_other`` (below 1 means convviz is faster). The PyTorch
columns are NCHW with the layout conversion included (HWC → 1CHW, F×K_h×K_w×C → F×C×K_h×K_w, output back to
a contiguous HWC array) and channels-last memory format, with as many threads as NumPy's BLAS uses.
"""

from __future__ import annotations

import argparse
import itertools
import platform
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from convviz.core import ops

#: (label, H, W, C, F, K, naive loop too?)
CONV_CASES = [
    ("8×8×3 F=6 K=3 (lecture)", 8, 8, 3, 6, 3, True),
    ("256×256×3 F=16 K=3", 256, 256, 3, 16, 3, False),
    ("512×512×3 F=32 K=5", 512, 512, 3, 32, 5, False),
    ("1024×1024×3 F=64 K=3", 1024, 1024, 3, 64, 3, False),
]
#: The 3-layer stack on 512 × 512 × 3: (filters, kernel) per conv → ReLU → 2×2 max pool.
STACK = [(16, 3), (32, 3), (64, 3)]
STACK_SIDE = 512
#: ``--smoke``: the lecture case and a 32 × 32 stack, one call each — the numbers mean nothing.
SMOKE_CASES = CONV_CASES[:1]
SMOKE_STACK_SIDE = 32

Layer = tuple[np.ndarray, np.ndarray]  # weights (F, K, K, C), bias (F,)


def _blas_threads() -> int:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return 2
    counts = [info["num_threads"] for info in threadpool_info() if info.get("user_api") == "blas"]
    return max(counts) if counts else 2


def _blas_description() -> str:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "threadpoolctl not installed"
    parts = [
        f"{info.get('internal_api')} {info.get('version')} ({info.get('architecture')}, {info['num_threads']} threads)"
        for info in threadpool_info()
        if info.get("user_api") == "blas"
    ]
    return "; ".join(parts) or "unknown"


#: A contender slower than this (seconds per call) is timed a few times on its own instead of in rounds.
SLOW = 0.25
#: Pause (seconds) before each block of calls, for the previous library's spinning worker threads to sleep.
SETTLE = 0.2


def _timings(fn: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def _warm_up(fn: Callable[[], object], seconds: float = 0.05) -> None:
    """Untimed calls (at least two, for at least ``seconds``): after a pause the first calls run slow while the
    cores and the libraries' worker threads wake up."""
    start = time.perf_counter()
    for calls in itertools.count(1):
        fn()
        if calls >= 2 and time.perf_counter() - start >= seconds:
            return


def interleaved_medians(
    fns: dict[str, Callable[[], object]], *, min_rounds: int, budget: float, per_block: int, max_rounds: int = 12,
    settle: float = SETTLE,
) -> dict[str, float]:
    """Median wall time of each function, measured in rounds of blocks: a, a, a, b, b, b, a, a, a, b, b, b, …

    Rounds spread background load over every contender, so the ratios stay meaningful on a busy machine. Each
    block starts with a pause and untimed warm-up calls: OpenBLAS's and OpenMP's worker threads spin for a while
    after a call, and on two cores the spinners of the library just measured would slow down the next one.
    """
    times: dict[str, list[float]] = {name: [] for name in fns}
    start = time.perf_counter()
    rounds = 0
    while rounds < max_rounds and (rounds < min_rounds or time.perf_counter() - start < budget):
        for name, fn in fns.items():
            time.sleep(settle)
            _warm_up(fn)
            times[name] += _timings(fn, per_block)
        rounds += 1
    return {name: statistics.median(ts) for name, ts in times.items()}


# --- the implementations compared --------------------------------------------------------------------------


def naive_conv(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The textbook loop: one window · filter product per output value (zero padding K // 2)."""
    f, k, _, _ = w.shape
    p = k // 2
    xp = np.pad(x, ((p, p), (p, p), (0, 0)))
    h, wd = x.shape[0] + 2 * p - k + 1, x.shape[1] + 2 * p - k + 1
    out = np.empty((h, wd, f), dtype=np.float32)
    for i in range(h):
        for j in range(wd):
            window = xp[i : i + k, j : j + k, :]
            for o in range(f):
                out[i, j, o] = np.sum(window * w[o]) + b[o]
    return out


def scipy_conv(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """scipy.ndimage.correlate per (filter, channel) pair, summed over channels (zero padding K // 2)."""
    from scipy import ndimage

    f = w.shape[0]
    out = np.empty(x.shape[:2] + (f,), dtype=np.float32)
    for o in range(f):
        acc = np.full(x.shape[:2], b[o], dtype=np.float32)
        for c in range(x.shape[2]):
            acc += ndimage.correlate(x[..., c], w[o, :, :, c], mode="constant", cval=0.0)
        out[..., o] = acc
    return out


def convviz_stack(x: np.ndarray, layers: list[Layer]) -> np.ndarray:
    for w, b in layers:
        x = ops.pool2d(ops.relu(ops.conv2d(x, w, b, padding=w.shape[1] // 2)), 2)
    return x


def scipy_stack(x: np.ndarray, layers: list[Layer]) -> np.ndarray:
    from scipy import ndimage

    for w, b in layers:
        y = np.maximum(scipy_conv(x, w, b), 0)
        m = ndimage.maximum_filter(y, size=(2, 2, 1), origin=(-1, -1, 0), mode="nearest")
        x = m[: y.shape[0] // 2 * 2 : 2, : y.shape[1] // 2 * 2 : 2]
    return x


class TorchRunner:
    """PyTorch CPU conv2d in NCHW (layout conversion timed too) and in channels-last memory format."""

    def __init__(self, threads: int) -> None:
        import torch

        self.torch = torch
        self.F = torch.nn.functional
        torch.set_num_threads(threads)

    def conv_nchw(self, x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        torch = self.torch
        with torch.inference_mode():
            tx = torch.from_numpy(x).permute(2, 0, 1).contiguous()[None]
            tw = torch.from_numpy(w).permute(0, 3, 1, 2).contiguous()
            y = self.F.conv2d(tx, tw, torch.from_numpy(b), padding=w.shape[1] // 2)
            return y[0].permute(1, 2, 0).contiguous().numpy()

    def conv_channels_last(self, x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        torch = self.torch
        cl = torch.channels_last
        with torch.inference_mode():
            tx = torch.from_numpy(x)[None].permute(0, 3, 1, 2).contiguous(memory_format=cl)  # a view: NHWC already
            tw = torch.from_numpy(w).permute(0, 3, 1, 2).contiguous(memory_format=cl)
            y = self.F.conv2d(tx, tw, torch.from_numpy(b), padding=w.shape[1] // 2)
            return y.contiguous(memory_format=cl).permute(0, 2, 3, 1)[0].numpy()

    def stack_nchw(self, x: np.ndarray, layers: list[Layer]) -> np.ndarray:
        torch, F = self.torch, self.F
        with torch.inference_mode():
            t = torch.from_numpy(x).permute(2, 0, 1).contiguous()[None]
            for w, b in layers:
                tw = torch.from_numpy(w).permute(0, 3, 1, 2).contiguous()
                t = F.max_pool2d(F.relu(F.conv2d(t, tw, torch.from_numpy(b), padding=w.shape[1] // 2)), 2)
            return t[0].permute(1, 2, 0).contiguous().numpy()

    def stack_channels_last(self, x: np.ndarray, layers: list[Layer]) -> np.ndarray:
        torch, F = self.torch, self.F
        cl = torch.channels_last
        with torch.inference_mode():
            t = torch.from_numpy(x)[None].permute(0, 3, 1, 2).contiguous(memory_format=cl)
            for w, b in layers:
                tw = torch.from_numpy(w).permute(0, 3, 1, 2).contiguous(memory_format=cl)
                t = F.max_pool2d(F.relu(F.conv2d(t, tw, torch.from_numpy(b), padding=w.shape[1] // 2)), 2)
            return t.contiguous(memory_format=cl).permute(0, 2, 3, 1)[0].numpy()


# --- running ------------------------------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    convviz: float
    others: dict[str, float | None]


COLUMNS = ["naive loop", "scipy.ndimage", "torch NCHW+layout", "torch channels-last"]


def _check(name: str, got: np.ndarray, expected: np.ndarray) -> None:
    if got.shape != expected.shape or not np.allclose(got, expected, rtol=1e-3, atol=1e-3):
        raise AssertionError(f"{name}: results disagree with convviz (max diff {np.abs(got - expected).max()})")


def run(quick: bool = False, smoke: bool = False) -> list[Row]:
    threads = _blas_threads()
    try:
        torch_runner: TorchRunner | None = TorchRunner(threads)
    except ImportError:
        torch_runner = None
    min_rounds, per_block, budget = (2, 3, 0.0) if quick else (4, 5, 4.0)
    cases, side, settle = CONV_CASES, STACK_SIDE, SETTLE
    if smoke:
        min_rounds, per_block, budget = 1, 1, 0.0
        cases, side, settle = SMOKE_CASES, SMOKE_STACK_SIDE, 0.0
    slow_repeats = 1 if quick else 3  # the first (checked) call was the warm-up
    rng = np.random.default_rng(0)
    rows: list[Row] = []

    def measure(label: str, ours: Callable[[], np.ndarray], contenders: dict[str, Callable[[], np.ndarray]]) -> Row:
        """Contenders that take under ``SLOW`` seconds are timed in rounds alternating with convviz; slower ones
        (scipy on large inputs, the naive loop) a few times on their own."""
        expected = ours()
        fast, slow = {}, {}
        for name, fn in contenders.items():
            t0 = time.perf_counter()
            got = fn()
            (fast if time.perf_counter() - t0 < SLOW else slow)[name] = fn
            _check(name, got, expected)
        del expected, got
        medians = interleaved_medians(
            {"convviz": ours, **fast}, min_rounds=min_rounds, budget=budget, per_block=per_block, settle=settle
        )
        others: dict[str, float | None] = {name: None for name in COLUMNS}
        others.update({name: medians[name] for name in fast})
        for name, fn in slow.items():
            time.sleep(settle)
            others[name] = statistics.median(_timings(fn, slow_repeats))
        return Row(label, medians["convviz"], others)

    for label, h, wd, c, f, k, with_naive in cases:
        x = rng.standard_normal((h, wd, c), dtype=np.float32)
        w = rng.standard_normal((f, k, k, c), dtype=np.float32) / np.float32(k * np.sqrt(c))
        b = rng.standard_normal(f, dtype=np.float32)
        contenders: dict[str, Callable[[], np.ndarray]] = {"scipy.ndimage": lambda x=x, w=w, b=b: scipy_conv(x, w, b)}
        if with_naive:
            contenders["naive loop"] = lambda x=x, w=w, b=b: naive_conv(x, w, b)
        if torch_runner is not None:
            contenders["torch NCHW+layout"] = lambda x=x, w=w, b=b: torch_runner.conv_nchw(x, w, b)
            contenders["torch channels-last"] = lambda x=x, w=w, b=b: torch_runner.conv_channels_last(x, w, b)
        rows.append(measure(label, lambda x=x, w=w, b=b, k=k: ops.conv2d(x, w, b, padding=k // 2), contenders))

    x = rng.standard_normal((side, side, 3), dtype=np.float32)
    layers: list[Layer] = []
    c = 3
    for f, k in STACK:
        w = rng.standard_normal((f, k, k, c), dtype=np.float32) / np.float32(k * np.sqrt(c))
        layers.append((w, rng.standard_normal(f, dtype=np.float32) * np.float32(0.1)))
        c = f
    contenders = {"scipy.ndimage": lambda: scipy_stack(x, layers)}
    if torch_runner is not None:
        contenders["torch NCHW+layout"] = lambda: torch_runner.stack_nchw(x, layers)
        contenders["torch channels-last"] = lambda: torch_runner.stack_channels_last(x, layers)
    label = f"stack {side}×{side}×3 (" + "-".join(f"c{f}" for f, _ in STACK) + ")"
    rows.append(measure(label, lambda: convviz_stack(x, layers), contenders))
    return rows


def conv_peak_memory(h: int = 1024, w: int = 1024, c: int = 3, f: int = 64, k: int = 3) -> tuple[int, int]:
    """(peak traced bytes during one conv2d, output bytes) for the given case, padding K // 2."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((h, w, c), dtype=np.float32)
    wt = rng.standard_normal((f, k, k, c), dtype=np.float32)
    b = rng.standard_normal(f, dtype=np.float32)
    tracemalloc.start()
    try:
        y = ops.conv2d(x, wt, b, padding=k // 2)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, y.nbytes


def _fmt_ms(t: float | None) -> str:
    if t is None:
        return "—"
    return f"{t * 1e3:.3f}" if t < 0.01 else f"{t * 1e3:.1f}"


def format_table(rows: list[Row]) -> str:
    headers = ["case", "convviz ms"] + [f"{name} ms (ratio)" for name in COLUMNS]
    body = []
    for row in rows:
        cells = [row.label, _fmt_ms(row.convviz)]
        for name in COLUMNS:
            t = row.others.get(name)
            cells.append("—" if t is None else f"{_fmt_ms(t)} ({row.convviz / t:.3g})")
        body.append(cells)
    widths = [max(len(r[i]) for r in [headers, *body]) for i in range(len(headers))]
    line = lambda cells: "  ".join(  # noqa: E731
        cell.ljust(wd) if i == 0 else cell.rjust(wd) for i, (cell, wd) in enumerate(zip(cells, widths, strict=True))
    )
    sep = "  ".join("-" * wd for wd in widths)
    return "\n".join([line(headers), sep, *(line(r) for r in body)])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python benchmarks/bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (rougher medians)")
    parser.add_argument("--smoke", action="store_true", help="tiny cases, one call each: checks the script runs")
    args = parser.parse_args(argv)
    try:
        import torch

        torch_info = f"torch {torch.__version__} (set to {_blas_threads()} threads, as many as the BLAS)"
    except ImportError:
        torch_info = "torch not importable (its columns are empty)"
    print(f"python {platform.python_version()}, numpy {np.__version__}, {torch_info}")
    print(f"BLAS: {_blas_description()}")
    print("median wall times; ratio = t_convviz / t_other (< 1: convviz faster); padding K // 2\n")
    rows = run(quick=args.quick, smoke=args.smoke)
    print(format_table(rows))
    side = 64 if args.smoke else 1024
    peak, out_bytes = conv_peak_memory(side, side)
    print(
        f"\npeak memory, {side}×{side}×3 F=64 K=3 (tracemalloc): peak − output = {(peak - out_bytes) / 2**20:.1f} MiB "
        f"(output {out_bytes / 2**20:.0f} MiB, peak {peak / 2**20:.1f} MiB)"
    )


if __name__ == "__main__":
    main()
