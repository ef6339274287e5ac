"""Translation invariance, measured: how much each stage changes when the input is shifted by a few pixels.

A shift by (dy, dx) is ``shifted[y, x] = input[y − dy, x − dx]``, zero where that falls outside. Stages are
compared position by position (same shape, no re-alignment): for each stage s, the relative change
``‖s(shifted) − s(x)‖₁ / ‖s(x)‖₁`` (None where ‖s(x)‖₁ = 0) and the fraction of units that changed by more than
``1e-6·max|s(x)|``. On sparse maps the fraction can rise after pooling while the relative change falls: both are
reported, never tuned to the image.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..core.network import Network, forward
from ._common import InstrumentError

AXES = ("x", "y", "xy")
#: a unit "changed" when it moved by more than this times the stage's largest magnitude
CHANGE_TOLERANCE = 1e-6


@dataclass(frozen=True)
class StageChange:
    layer: int  # 0-based index of the layer whose output this is
    type: str  # "conv", "relu", "pool", …
    relative_change: float | None
    changed_fraction: float

    def to_dict(self) -> dict:
        return {"layer": self.layer, "type": self.type, "relative_change": self.relative_change,
                "changed_fraction": self.changed_fraction}


@dataclass(frozen=True)
class ShiftResult:
    shift: tuple[int, int]  # (dy, dx)
    stages: tuple[StageChange, ...]  # one per layer, in order

    def to_dict(self) -> dict:
        return {"shift": list(self.shift), "stages": [s.to_dict() for s in self.stages]}


def shift_input(x: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """``out[y, x] = x[y − dy, x − dx]``, zero where that falls outside (the content moves down/right)."""
    x = np.asarray(x, dtype=np.float32)
    h, w = x.shape[:2]
    out = np.zeros_like(x)
    if abs(dy) < h and abs(dx) < w:
        out[max(dy, 0) : h + min(dy, 0), max(dx, 0) : w + min(dx, 0)] = \
            x[max(-dy, 0) : h - max(dy, 0), max(-dx, 0) : w - max(dx, 0)]
    return out


def stage_change(base: np.ndarray, moved: np.ndarray) -> tuple[float | None, float]:
    """(relative L1 change or None, fraction of units changed by more than 1e-6·max|base|)."""
    base64 = np.asarray(base, dtype=np.float64)
    diff = np.abs(np.asarray(moved, dtype=np.float64) - base64)
    norm = float(np.abs(base64).sum())
    rel = float(diff.sum()) / norm if norm > 0 else None
    threshold = CHANGE_TOLERANCE * float(np.abs(base64).max(initial=0.0))
    return rel, float(np.count_nonzero(diff > threshold)) / diff.size


def shifts(shift_max: int, axis: str = "xy") -> list[tuple[int, int]]:
    """(dy, dx) for d = 0 … shift_max: ``x`` → (0, d), ``y`` → (d, 0), ``xy`` → (d, d)."""
    if axis not in AXES:
        raise InstrumentError("bad_axis", None, value=axis)
    if shift_max < 0:
        raise InstrumentError("bad_shift", None, value=shift_max)
    pick = {"x": lambda d: (0, d), "y": lambda d: (d, 0), "xy": lambda d: (d, d)}[axis]
    return [pick(d) for d in range(shift_max + 1)]


def invariance(net: Network, x: np.ndarray, shift_max: int, axis: str = "xy", *,
               stages: Sequence[np.ndarray] | None = None,
               cancel: Callable[[], bool] | None = None) -> tuple[ShiftResult, ...]:
    """For d = 0 … ``shift_max`` along ``axis``: every stage's change under the shifted input.

    ``stages`` are the engine's stages for ``x`` when already at hand; ``cancel`` is asked between shifts (a
    worker stops early when it answers True: the results so far are returned).
    """
    plan = shifts(shift_max, axis)
    base = forward(net, x) if stages is None else list(stages)
    kinds = [info.type for info in net.infos]
    out = []
    for dy, dx in plan:
        if cancel is not None and cancel():
            break
        moved = base if (dy, dx) == (0, 0) else forward(net, shift_input(x, dy, dx))
        changes = tuple(StageChange(i, kinds[i], *stage_change(b, m))
                        for i, (b, m) in enumerate(zip(base, moved, strict=True)))
        out.append(ShiftResult((dy, dx), changes))
    return tuple(out)
