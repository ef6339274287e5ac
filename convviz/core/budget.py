"""One memory budget for a whole request, checked from shapes and headers before anything is allocated.

A request is the input, every conv layer's weights, every stage's output (a forward pass keeps them all) and the
largest temporary a layer needs (a padded copy of a pooling layer's input). Readers check what a file would
unpack to (an .npy header, the members of an .npz, an image's header) against the same limit before reading.
The limit is 4 GiB unless ``--memory-limit`` (the CLI) or ``CONVVIZ_MEMORY_LIMIT`` (the window) says otherwise.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from .errors import ConvvizError

__all__ = ["DEFAULT_MEMORY_LIMIT", "check_items", "check_request", "memory_limit", "parse_size",
           "request_items", "set_memory_limit", "size_text"]

DEFAULT_MEMORY_LIMIT = 4 * 1024**3
ENV = "CONVVIZ_MEMORY_LIMIT"
_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024**2, "mb": 1024**2, "mib": 1024**2,
          "g": 1024**3, "gb": 1024**3, "gib": 1024**3, "t": 1024**4, "tb": 1024**4, "tib": 1024**4}
_override: int | None = None


def parse_size(text: str) -> int:
    """``"4G"``, ``"512 MiB"``, ``"1.5g"``, ``"100000"`` → bytes; ValueError when it is not a size."""
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)\s*", str(text)[:40])
    if not m or m.group(2).lower() not in _UNITS:
        raise ValueError(f"not a size: {str(text)[:40]!r} (write e.g. 4G, 512M or 1000000)")
    n = int(float(m.group(1)) * _UNITS[m.group(2).lower()])
    if n < 1:
        raise ValueError("the memory limit must be positive")
    return n


def set_memory_limit(limit: int | None) -> None:
    """The limit for this process (the CLI's ``--memory-limit``); None: the environment's or the default."""
    global _override
    _override = limit


def memory_limit() -> int:
    if _override is not None:
        return _override
    env = os.environ.get(ENV)
    if env:
        try:
            return parse_size(env)
        except ValueError:
            raise ConvvizError("bad_value", None, where=ENV, key="the memory limit",
                               expected="a size such as 4G or 512M", value=env) from None
    return DEFAULT_MEMORY_LIMIT


def size_text(n: int) -> str:
    if n >= 1024**4:
        return f"{n / 1024**4:.1f} TiB" if n < 1024**5 else f"{n / 1024**4:.3g} TiB"
    if n >= 1024**3:
        return f"{n / 1024**3:.1f} GiB"
    if n >= 1024**2:
        return f"{n / 1024**2:.0f} MiB"
    return f"{n / 1024:.0f} KiB" if n >= 1024 else f"{n} bytes"


def check_items(items: Sequence[tuple[str, int, int | None]], *, what: str = "this request",
                limit: int | None = None, code: str = "too_much_memory") -> None:
    """Refuse when the items ``(name, bytes, layer index or None)`` together exceed the limit, naming the
    biggest one (``code``: the error, whose advice fits the kind of work)."""
    limit = memory_limit() if limit is None else limit
    total = sum(n for _, n, _ in items)
    if total <= limit or not items:
        return
    name, size, layer = max(items, key=lambda it: it[1])
    raise ConvvizError(code, layer, what=what, needed=size_text(total), limit=size_text(limit),
                       where=name, layer_size=size_text(size))


def request_items(input_shape: Sequence[int], infos, layers) -> list[tuple[str, int, int | None]]:
    """What a forward pass of this stack holds at its peak, in bytes (float32), from shapes alone."""
    from .layers import Pool2D, where

    h, w, c = (int(v) for v in input_shape)
    items: list[tuple[str, int, int | None]] = [("the input", 4 * h * w * c, None)]
    temp: tuple[str, int, int | None] | None = None
    for info, spec in zip(infos, layers, strict=False):
        name = where(info.index, spec)
        if info.params:
            items.append((f"{name}'s weights", 4 * info.params, info.index))
        items.append((name, 4 * info.neurons, info.index))
        if isinstance(spec, Pool2D):  # a padded copy of the input, and the winners' offsets of a max pool
            ih, iw, ic = info.input_shape
            ph, pw = spec.padding
            t = (4 * (ih + 2 * ph) * (iw + 2 * pw) * ic if ph or pw else 0) + 4 * info.neurons
            if temp is None or t > temp[1]:
                temp = (f"{name}'s working memory", t, info.index)
    if temp is not None:
        items.append(temp)
    return items


def check_request(input_shape: Sequence[int], infos, layers, limit: int | None = None) -> None:
    """Refuse, before any weight or output is allocated, a stack whose request does not fit the budget."""
    check_items(request_items(input_shape, infos, layers), what="this request", limit=limit)


def training_items(input_shape: Sequence[int], infos, layers, batch: int, *, data_bytes: int = 0,
                   gradients: bool = True) -> list[tuple[str, int, int | None]]:
    """What a training step (``gradients``) or a batched forward pass holds at its peak, in bytes (float32),
    from shapes alone: the data, a batch of images, every stage of the batch (kept for the backward pass, and as
    much again for its gradients), and the weights (with their gradients and Adam's two moments: four copies)."""
    from .layers import where

    h, w, c = (int(v) for v in input_shape)
    items: list[tuple[str, int, int | None]] = [("the data", int(data_bytes), None)] if data_bytes else []
    items.append((f"a batch of {batch} images", 4 * batch * h * w * c, None))
    per_stage = 8 if gradients else 4
    for info, spec in zip(infos, layers, strict=False):
        name = where(info.index, spec)
        if info.params:
            items.append((f"{name}'s weights", (16 if gradients else 4) * info.params, info.index))
        items.append((f"{name} on a batch of {batch}", per_stage * batch * info.neurons, info.index))
    return items
