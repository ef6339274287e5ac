"""Two threads for one training step: each part of a batch is forwarded and back-propagated on its own thread.

NumPy releases the GIL inside its loops and BLAS products, so the parts of a batch overlap (measured on 2 cores:
100 steps of batch 64, 0.62 s in one thread, 0.45 s as two halves on two). A step's BLAS products are skinny
(36 864 × 25 by 25 × 8); split over OpenBLAS threads they only spin (15.7 ms at 2 threads against 0.5 ms at one),
so while the parts run side by side BLAS is held to one thread. That limit is process-wide (threadpoolctl and
OpenBLAS are not made for changing it while other threads run BLAS), so only a trainer that is the process's one
BLAS user takes two threads: ``convviz train`` and the benchmarks; the window trains on one.

How many threads by default: as many parts as there are (:data:`BATCH_PARTS`), no more than the BLAS threads this
process allows (``OPENBLAS_NUM_THREADS=1`` and ``threadpool_limits(1)`` say one) nor the CPUs it may run on. The
parts and the order their gradients are added in never depend on it (nor do BLAS's products, whose threads split
rows and columns, never a sum), so the weights a training gives are the same bit for bit at any thread count.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from typing import TypeVar

T = TypeVar("T")

#: a batch is trained as this many equal parts (fewer when it has fewer images); more parts than cores only add
#: Python per step (measured on 2 cores: 4 parts 0.55 s per 100 steps against 0.45 s for 2)
BATCH_PARTS = 2

_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_controller = None


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _blas():
    """threadpoolctl's controller of this process's BLAS (made once: finding the libraries takes milliseconds),
    or None without threadpoolctl."""
    global _controller
    with _lock:
        if _controller is None:
            try:
                from threadpoolctl import ThreadpoolController
            except ImportError:
                _controller = False
            else:
                _controller = ThreadpoolController().select(user_api="blas")
        return _controller or None


def blas_threads() -> int | None:
    """The BLAS thread limit now in force (the smallest over the loaded libraries), None if unknown."""
    blas = _blas()
    counts = [lib.num_threads for lib in blas.lib_controllers] if blas is not None else []
    return min(counts) if counts else None


def training_threads() -> int:
    """How many threads a training step may use here and now (see the module's doc)."""
    return max(1, min(BATCH_PARTS, _cpus(), blas_threads() or BATCH_PARTS))


def run_parts(work: Callable[[int], T], parts: int, threads: int) -> list[T]:
    """``[work(0), work(1), …]``: part 0 on a helper thread and the rest here when ``threads`` > 1 (BLAS held to
    one thread meanwhile), else one after the other, BLAS untouched."""
    if threads <= 1 or parts <= 1:
        return [work(i) for i in range(parts)]
    blas = _blas()
    with blas.limit(limits=1) if blas is not None else nullcontext():
        global _pool
        with _lock:
            if _pool is None:
                _pool = ThreadPoolExecutor(1, thread_name_prefix="convviz-train")
        first = _pool.submit(work, 0)
        try:
            rest = [work(i) for i in range(1, parts)]
        finally:
            done = first.result()  # never leave a part running on shared weights, even when this thread failed
    return [done, *rest]
