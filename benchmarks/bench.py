"""Benchmark convviz's engine against PyTorch CPU (when importable), at 1 and 2 threads.

Run ``python benchmarks/bench.py`` (``--quick`` for fewer rounds, ``--smoke`` for tiny cases that only check the
script still runs, ``--threads 1`` for one thread count). The cases are issue #11's. For each thread count every
case is timed in interleaved rounds: each round runs every contender once (in a rotating order), as a batch of
calls lasting at least ``BATCH`` seconds, and records the per-call time of that batch. The table prints the
minimum and the median over the rounds and the ratios ``t_convviz / t_torch`` of both (below 1: convviz faster).

Contenders: convviz; PyTorch NCHW with the layout conversions timed too (HWC → 1CHW, F×K_h×K_w×C → F×C×K_h×K_w,
the output back to a contiguous HWC array); PyTorch channels-last (NHWC memory: no conversion of the input or
the output). Everyone gets the same thread count: threadpoolctl limits NumPy's BLAS (and every other
BLAS/OpenMP pool in the process), ``torch.set_num_threads`` PyTorch's. Padding is d·(K − 1)/2 for every conv.
Then the extra memory of every case (tracemalloc's peak minus the output) at one call.
"""

from __future__ import annotations

import argparse
import math
import platform
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from convviz.core import ops

#: Minimum duration (seconds) of one timed batch of calls.
BATCH = 0.05
#: Pause (seconds) before each batch at more than one thread, for the previous library's spinning workers to sleep.
SETTLE = 0.02


@dataclass(frozen=True)
class Case:
    label: str
    kind: str  # "conv", "stack", "max", "avg"
    h: int
    c: int
    f: int = 0  # filters (conv); 0 for pooling
    k: int = 3
    stride: int = 1
    dilation: int = 1
    groups: int = 1
    #: issue #11's target for t_convviz / t_torch channels-last (the minima, one thread), None when it sets none
    target_cl: float | None = None
    target_nchw: float | None = 1.0


CASES = [
    Case("8×8×3 F=6 K=3 (lecture)", "conv", 8, 3, 6, target_cl=None, target_nchw=None),
    Case("256²×3 F=16 K=3", "conv", 256, 3, 16, target_cl=2.2),
    Case("512²×3 F=32 K=5", "conv", 512, 3, 32, k=5, target_cl=1.0),
    Case("1024²×3 F=64 K=3", "conv", 1024, 3, 64, target_cl=0.8),
    Case("128²×64 F=64 K=3", "conv", 128, 64, 64, target_cl=1.5),
    Case("256²×32 F=32 K=3 stride 2", "conv", 256, 32, 32, stride=2, target_cl=1.8),
    Case("256²×32 F=32 K=3 dilation 2", "conv", 256, 32, 32, dilation=2, target_cl=1.7),
    Case("256²×32 depthwise K=3", "conv", 256, 32, 32, groups=32, target_cl=7.5),
    Case("stack 512²×3 (c16-c32-c64)", "stack", 512, 3, target_cl=1.4),
    Case("max pool 2×2 s2 512²×16", "max", 512, 16, k=2, stride=2, target_cl=1.0, target_nchw=None),
    Case("max pool 3×3 s2 128²×64", "max", 128, 64, k=3, stride=2, target_cl=1.0, target_nchw=None),
    Case("avg pool 2×2 s2 512²×16", "avg", 512, 16, k=2, stride=2, target_cl=1.4, target_nchw=None),
    Case("avg pool 3×3 s2 128²×64", "avg", 128, 64, k=3, stride=2, target_cl=1.4, target_nchw=None),
]
#: The 3-layer stack: (filters, kernel) per conv → ReLU → 2×2 max pool.
STACK = [(16, 3), (32, 3), (64, 3)]
#: ``--smoke``: the lecture case, a 32 × 32 stack and a small pool, one round — the numbers mean nothing.
SMOKE_CASES = [CASES[0], Case("stack 32×32×3 (c16-c32-c64)", "stack", 32, 3, target_nchw=None),
               Case("avg pool 2×2 s2 32²×16", "avg", 32, 16, k=2, stride=2, target_nchw=None)]

Fn = Callable[[], object]


# --- the contenders -------------------------------------------------------------------------------------------


@dataclass
class Problem:
    """One case's data and its three implementations (torch's are None without torch)."""

    case: Case
    ours: Fn
    nchw: Fn | None = None
    channels_last: Fn | None = None
    check: Fn | None = None  # a result to compare torch's with
    extras: dict = field(default_factory=dict)


def _conv_args(case: Case) -> dict:
    return {"stride": case.stride, "padding": case.dilation * (case.k - 1) // 2, "dilation": case.dilation,
            "groups": case.groups}


def make_problem(case: Case, torch, rng: np.random.Generator) -> Problem:
    x = rng.standard_normal((case.h, case.h, case.c), dtype=np.float32)
    if case.kind == "conv":
        cg = case.c // case.groups
        w = rng.standard_normal((case.f, case.k, case.k, cg), dtype=np.float32) / np.float32(case.k * math.sqrt(cg))
        b = rng.standard_normal(case.f, dtype=np.float32)
        kw = _conv_args(case)
        prob = Problem(case, lambda: ops.conv2d(x, w, b, **kw))
        if torch is not None:
            F, cl = torch.nn.functional, torch.channels_last
            tb = torch.from_numpy(b)

            def nchw():
                tx = torch.from_numpy(x).permute(2, 0, 1).contiguous()[None]
                tw = torch.from_numpy(w).permute(0, 3, 1, 2).contiguous()
                return F.conv2d(tx, tw, tb, **kw)[0].permute(1, 2, 0).contiguous().numpy()

            def channels_last():
                tx = torch.from_numpy(x)[None].permute(0, 3, 1, 2)  # NHWC memory already: a view
                tw = torch.from_numpy(w).permute(0, 3, 1, 2).contiguous(memory_format=cl)
                return F.conv2d(tx, tw, tb, **kw).contiguous(memory_format=cl).permute(0, 2, 3, 1)[0].numpy()

            prob.nchw, prob.channels_last = nchw, channels_last
        return prob
    if case.kind == "stack":
        layers, c = [], case.c
        for f, k in STACK:
            w = rng.standard_normal((f, k, k, c), dtype=np.float32) / np.float32(k * math.sqrt(c))
            layers.append((w, rng.standard_normal(f, dtype=np.float32) * np.float32(0.1)))
            c = f

        def ours():
            t = x
            for w, b in layers:
                t = ops.pool2d(ops.relu(ops.conv2d(t, w, b, padding=w.shape[1] // 2)), 2)
            return t

        prob = Problem(case, ours)
        if torch is not None:
            F, cl = torch.nn.functional, torch.channels_last

            def run(t, memory_format):
                for w, b in layers:
                    tw = torch.from_numpy(w).permute(0, 3, 1, 2).contiguous(memory_format=memory_format)
                    t = F.max_pool2d(F.relu(F.conv2d(t, tw, torch.from_numpy(b), padding=w.shape[1] // 2)), 2)
                return t

            prob.nchw = lambda: run(torch.from_numpy(x).permute(2, 0, 1).contiguous()[None],
                                    torch.contiguous_format)[0].permute(1, 2, 0).contiguous().numpy()
            prob.channels_last = lambda: run(torch.from_numpy(x)[None].permute(0, 3, 1, 2), cl).contiguous(
                memory_format=cl).permute(0, 2, 3, 1)[0].numpy()
        return prob
    # pooling
    mode = case.kind
    prob = Problem(case, lambda: ops.pool2d(x, case.k, case.stride, mode=mode))
    if torch is not None:
        F = torch.nn.functional
        pool = F.max_pool2d if mode == "max" else F.avg_pool2d
        prob.nchw = lambda: pool(torch.from_numpy(x).permute(2, 0, 1).contiguous()[None], case.k,
                                 case.stride)[0].permute(1, 2, 0).contiguous().numpy()
        prob.channels_last = lambda: pool(torch.from_numpy(x)[None].permute(0, 3, 1, 2), case.k,
                                          case.stride).contiguous(memory_format=torch.channels_last).permute(
            0, 2, 3, 1)[0].numpy()
    return prob


# --- timing ---------------------------------------------------------------------------------------------------


def _batch(fn: Fn, calls: int) -> tuple[float, float]:
    """(wall, process CPU) seconds per call over ``calls`` calls."""
    c0, t0 = time.process_time(), time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - t0) / calls, (time.process_time() - c0) / calls


def interleaved(fns: dict[str, Fn], rounds: int, batch: float, settle: float) -> tuple[dict, dict]:
    """Per-call wall and CPU times of each function, one batch (≥ ``batch`` seconds) per function per round,
    the order rotating every round so that background load and cache state spread over every contender."""
    calls = {}
    for name, fn in fns.items():  # calibrate: one warm call, then one timed call
        fn()
        calls[name] = max(1, math.ceil(batch / max(_batch(fn, 1)[0], 1e-6)))
    wall: dict[str, list[float]] = {name: [] for name in fns}
    cpu: dict[str, list[float]] = {name: [] for name in fns}
    names = list(fns)
    for r in range(rounds):
        for name in names[r % len(names):] + names[: r % len(names)]:
            if settle:
                time.sleep(settle)
            fns[name]()  # untimed: wakes the cores and the library's worker threads
            w, c = _batch(fns[name], calls[name])
            wall[name].append(w)
            cpu[name].append(c)
    return wall, cpu


@dataclass
class Row:
    case: Case
    times: dict[str, list[float]]  # wall seconds per call, one per round
    cpu: dict[str, list[float]]  # process CPU seconds per call: unlike wall time, blind to other processes


def _agree(name: str, got, expected: np.ndarray) -> None:
    got = np.asarray(got)
    if got.shape != expected.shape or not np.allclose(got, expected, rtol=1e-3, atol=1e-3):
        diff = np.abs(got - expected).max() if got.shape == expected.shape else f"shape {got.shape}"
        raise AssertionError(f"{name}: results disagree with convviz ({diff})")


def run(threads: int, cases: list[Case], rounds: int, batch: float, torch) -> list[Row]:
    from threadpoolctl import threadpool_limits

    rng = np.random.default_rng(0)
    rows = []
    with threadpool_limits(limits=threads):
        if torch is not None:
            torch.set_num_threads(threads)
        for case in cases:
            prob = make_problem(case, torch, rng)
            fns = {"convviz": prob.ours}
            if torch is not None:
                expected = np.asarray(prob.ours())
                with torch.inference_mode():
                    _agree("torch NCHW", prob.nchw(), expected)
                    _agree("torch channels-last", prob.channels_last(), expected)
                del expected
                fns["torch NCHW"] = _inference(torch, prob.nchw)
                fns["torch channels-last"] = _inference(torch, prob.channels_last)
            rows.append(Row(case, *interleaved(fns, rounds, batch, SETTLE if threads > 1 else 0.0)))
    return rows


def _inference(torch, fn: Fn) -> Fn:
    def call():
        with torch.inference_mode():
            return fn()

    return call


def _traced(fn: Fn) -> tuple[int, np.ndarray]:
    """(peak bytes allocated during ``fn()`` beyond what was allocated before, its result)."""
    tracemalloc.start()
    try:
        y = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, y


def extra_memory(case: Case) -> tuple[int, int]:
    """(tracemalloc peak − output, output) bytes of one convviz call; for the stack, of its worst single op."""
    prob = make_problem(case, None, np.random.default_rng(1))
    if case.kind != "stack":
        peak, y = _traced(prob.ours)
        return peak - y.nbytes, y.nbytes
    worst = (0, 0)
    x = np.random.default_rng(1).standard_normal((case.h, case.h, case.c), dtype=np.float32)
    c = case.c
    for f, k in STACK:
        w = np.ones((f, k, k, c), np.float32) / np.float32(k * k * c)
        for op in (lambda t, w=w: ops.conv2d(t, w, padding=w.shape[1] // 2), ops.relu, lambda t: ops.pool2d(t, 2)):
            peak, x = _traced(lambda op=op, x=x: op(x))
            worst = max(worst, (peak - x.nbytes, x.nbytes))
        c = f
    return worst


# --- printing -------------------------------------------------------------------------------------------------


def _ms(t: float) -> str:
    return f"{t * 1e3:.3f}" if t < 0.01 else f"{t * 1e3:.1f}" if t < 1 else f"{t * 1e3:.0f}"


def _table(headers: list[str], body: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [headers, *body]) for i in range(len(headers))]

    def line(cells):
        pairs = enumerate(zip(cells, widths, strict=True))
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs)

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in body)])


def format_rows(rows: list[Row], threads: int) -> str:
    headers = ["case", "convviz ms min/med"]
    has_torch = any(len(r.times) > 1 for r in rows)
    if has_torch:
        headers += ["torch NCHW ms", "ratio min/med", "torch CL ms", "ratio min/med"]
        if threads == 1:
            headers.append("CPU-time ratio NCHW, CL")
        headers.append("target CL (NCHW)")
    body = []
    for row in rows:
        ours = row.times["convviz"]
        cells = [row.case.label, f"{_ms(min(ours))} / {_ms(statistics.median(ours))}"]
        if has_torch:
            for name in ("torch NCHW", "torch channels-last"):
                ts = row.times[name]
                cells.append(f"{_ms(min(ts))} / {_ms(statistics.median(ts))}")
                cells.append(f"{min(ours) / min(ts):.2f} / {statistics.median(ours) / statistics.median(ts):.2f}")
            if threads == 1:  # one thread: CPU time is the work done, whatever else the machine runs
                cpu = row.cpu
                cells.append(", ".join(f"{min(cpu['convviz']) / min(cpu[name]):.2f}"
                                       for name in ("torch NCHW", "torch channels-last")))
            tcl, tn = row.case.target_cl, row.case.target_nchw
            cells.append(("—" if tcl is None else f"≤ {tcl:g}") + ("" if tn is None else f" (≤ {tn:g})"))
        body.append(cells)
    return _table(headers, body)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python benchmarks/bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 rounds instead of 15 (rougher)")
    parser.add_argument("--smoke", action="store_true", help="tiny cases, one round: checks the script runs")
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds per case (default 15)")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2], help="thread counts (default 1 2)")
    parser.add_argument("--no-torch", action="store_true", help="convviz alone, even when torch is importable")
    args = parser.parse_args(argv)
    torch = None
    if not args.no_torch:
        try:
            import torch
        except ImportError:
            torch = None
    rounds, batch, cases = (5 if args.quick else args.rounds), BATCH, CASES
    if args.smoke:
        rounds, batch, cases = 1, 0.0, SMOKE_CASES
    from threadpoolctl import threadpool_info

    blas = "; ".join(f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')})"
                     for i in threadpool_info() if i.get("user_api") == "blas")
    print(f"python {platform.python_version()}, numpy {np.__version__} (BLAS: {blas or 'unknown'}), "
          + (f"torch {torch.__version__}" if torch is not None else "torch not importable (no torch columns)"))
    print(f"per-call wall times over {rounds} interleaved rounds (batches ≥ {batch * 1e3:.0f} ms): min / median; "
          "ratio = t_convviz / t_torch (< 1: convviz faster)")
    for threads in args.threads:
        rows = run(threads, cases, rounds, batch, torch)
        print(f"\n{threads} thread{'s' if threads > 1 else ''}:")
        print(format_rows(rows, threads))
    print("\npeak memory of one convviz call, tracemalloc (for the stack: its worst single op):")
    body = []
    for case in cases:
        extra, out = extra_memory(case)
        body.append([case.label, f"{out / 2**20:.1f}", f"{extra / 2**20:.2f}"])
    print(_table(["case", "output MiB", "peak − output MiB"], body))


if __name__ == "__main__":
    main()
