"""Output buffers the worker reuses from one request to the next.

A first-layer edit of a 2048²×3 input recomputes every stage: hundreds of MB of new arrays per request, while the
previous request's arrays are returned to the system. Allocating and returning that much memory on every edit
costs page faults and unmapping that stall the whole process, the GUI thread included (measured by
``benchmarks/bench_stalls.py``). A :class:`BufferPool` keeps the large arrays it has handed out and hands one out
again only once nothing else refers to it: the views, the hover, a pending request and any NumPy view of it all
hold a reference, so an array still shown can never be overwritten. Single-threaded: only the worker uses it.
"""

from __future__ import annotations

import math
import sys

import numpy as np

#: arrays smaller than this come from NumPy directly (the allocator reuses small blocks cheaply)
MIN_POOLED_BYTES = 1 << 20
#: a new buffer is this much larger than asked for, so one more filter next time fits in it
HEADROOM = 1.25
#: a free buffer serves a request of at least this fraction of its size (no 268 MB buffer for a 2 MB map)
MIN_FILL = 0.5


class BufferPool:
    """float32 arrays backed by reusable buffers; :meth:`trim` bounds what it keeps."""

    def __init__(self) -> None:
        self._buffers: list[np.ndarray] = []  # flat float32, oldest first
        self.reused = 0  # how many arrays came from a free buffer (for tests and benchmarks)
        self.allocated = 0

    def _is_free(self, i: int) -> bool:
        # the list's reference and getrefcount's argument: nobody else holds it, nor any view of it
        return sys.getrefcount(self._buffers[i]) == 2

    def take(self, shape: tuple[int, ...]) -> np.ndarray:
        """A C-contiguous float32 array of ``shape`` whose contents are undefined."""
        count = math.prod(shape)
        need = count * 4
        if need < MIN_POOLED_BYTES:
            return np.empty(shape, dtype=np.float32)
        best = None
        for i in range(len(self._buffers)):
            size = self._buffers[i].nbytes
            fits = need <= size and need >= MIN_FILL * size
            if fits and (best is None or size < self._buffers[best].nbytes) and self._is_free(i):
                best = i
        if best is None:
            buffer = np.empty(int(count * HEADROOM), dtype=np.float32)
            self.allocated += 1
        else:
            buffer = self._buffers.pop(best)
            self.reused += 1
        self._buffers.append(buffer)  # most recently used last: trim drops the oldest first
        return buffer[:count].reshape(shape)

    def trim(self, keep_free_bytes: int) -> None:
        """Let go of the oldest free buffers until at most ``keep_free_bytes`` of free ones remain."""
        free = [i for i in range(len(self._buffers)) if self._is_free(i)]
        total = sum(self._buffers[i].nbytes for i in free)
        drop = set()
        for i in free:
            if total <= keep_free_bytes:
                break
            total -= self._buffers[i].nbytes
            drop.add(i)
        self._buffers = [b for i, b in enumerate(self._buffers) if i not in drop]

    @property
    def pooled_bytes(self) -> int:
        return sum(b.nbytes for b in self._buffers)
