"""Keep the memory NumPy frees for the next request instead of handing it back to the kernel.

Training and the worker allocate the same arrays again and again (a batch's im2col windows, its stages and their
gradients: ~12 MB per training step). glibc's malloc returns the top of its heap to the kernel whenever more than
its trim threshold is free there, so each step can fault all of it in again: measured on a 2-core Linux VM, 3 100
minor page faults per training step, half the step's time in the kernel, an epoch of 3.9 s instead of 2.0 s. Which
process falls into that depends on its allocation history (the same script was slow or fast depending on what it
did before), so convviz fixes the thresholds once, at start: arrays below 32 MiB come from the heap, and up to
256 MiB freed at its top stay with the process. Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import sys

#: mallopt's parameter numbers (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

#: the largest value glibc accepts for M_MMAP_THRESHOLD on 64-bit (HEAP_MAX_SIZE / 2)
MMAP_THRESHOLD = 32 * 2**20
TRIM_THRESHOLD = 256 * 2**20

_done: bool | None = None


def keep_freed_memory() -> bool:
    """Set the thresholds (once per process); True when they are set."""
    global _done
    if _done is None:
        _done = False
        if sys.platform.startswith("linux"):
            try:  # the C library the interpreter already links (no ldconfig run to find it)
                mallopt = ctypes.CDLL(None).mallopt
            except (OSError, AttributeError):
                return False
            mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
            _done = bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(_M_TRIM_THRESHOLD,
                                                                                      TRIM_THRESHOLD))
    return _done
