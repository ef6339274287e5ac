"""The lecture's "layers", called blocks here, and the names of every stage's channels. NumPy-free, Qt-free.

A **block** is a convolution plus the element-wise activations (the detector stage) and at most one pooling that
follow it: the lecture's "architecture of a convolutional layer". A stage that cannot join a block (an
activation or pooling after a pooling, or before any conv) starts its own. The classifier head (flatten, global
average pooling, dense, softmax, and activations between them) is one row of its own; its stages keep a colour
scale each (logits and probabilities share no range). The stages panel lays out one row per block and the worker
gives a block one colour scale.

Channel names follow what makes a channel: a conv's output channel ``i`` is made by filter ``i`` ("f0", "f1", …,
as the kernel view names its rows); channel-wise stages (activations, poolings) keep their input's names; the
input's channels are "R", "G", "B" for a colour image, else "c0", "c1", ….
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

__all__ = ["SCALE_SCOPES", "block_spans", "channel_names", "group_rows", "input_channel_names", "scale_groups",
           "stage_kind"]

T = TypeVar("T")

#: the colour scale scopes: one range per map, per stage (tensor), per block, or for the whole stack
SCALE_SCOPES = ("map", "stage", "block", "stack")


#: the classifier head's layer types: their stages are 1 × 1 × N
HEAD_TYPES = ("flatten", "global_avg_pool", "dense", "softmax")


def stage_kind(spec) -> str:
    """Which of the lecture's three stages a layer is: "conv", "activation" (the detector) or "pool"; or "head"
    for the classifier head's layers."""
    kind = getattr(spec, "type", "")
    if kind in HEAD_TYPES:
        return "head"
    return kind if kind in ("conv", "pool") else "activation"


def group_rows(items: Sequence[T], kind: Callable[[T], str] = lambda item: item[1]) -> list[list[T]]:
    """Items grouped into blocks: a conv starts one; activations join it, then one pooling closes it. Anything
    that cannot join the current block (an activation or pooling after a pooling, or before any conv) starts
    one. ``kind(item)`` is "conv", "activation" or "pool" (by default ``item[1]``, a stages-panel row)."""
    rows: list[list[T]] = []
    kinds: list[list[str]] = []
    for item in items:
        k = kind(item)
        joins = bool(rows) and (
            k in ("activation", "pool") and kinds[-1][0] == "conv" and "pool" not in kinds[-1]
            or k in ("head", "activation") and kinds[-1][0] == "head")
        if joins:
            rows[-1].append(item)
            kinds[-1].append(k)
        else:
            rows.append([item])
            kinds.append([k])
    return rows


def block_spans(kinds: Sequence[str]) -> list[tuple[int, int]]:
    """``(first, last)`` layer index of every block, in order, for the stages' kinds."""
    rows = group_rows(list(range(len(kinds))), kind=lambda i: kinds[i])
    return [(row[0], row[-1]) for row in rows]


def scale_groups(kinds: Sequence[str], scope: str) -> list[tuple[int, int]]:
    """The layer spans that share one colour scale: each stage alone for "map" and "stage", each block for
    "block", everything for "stack"."""
    n = len(kinds)
    if scope == "block":
        spans = []
        for first, last in block_spans(kinds):
            spans += [(i, i) for i in range(first, last + 1)] if kinds[first] == "head" else [(first, last)]
        return spans
    if scope == "stack":
        return [(0, n - 1)] if n else []
    return [(i, i) for i in range(n)]


def input_channel_names(channels: int) -> tuple[str, ...]:
    """R, G, B for a colour image; c0, c1, … otherwise."""
    if channels == 3:
        return ("R", "G", "B")
    return tuple(f"c{i}" for i in range(channels))


def channel_names(input_channels: int, layers: Sequence) -> list[tuple[str, ...]]:
    """The names of each layer's output channels: f0… after a conv (its filters), the input's names through
    channel-wise stages (global average pooling too); u0… after a dense layer (its units); none after flatten
    (its 1 × 1 cells are positions, too many to name)."""
    names = input_channel_names(input_channels)
    out: list[tuple[str, ...]] = []
    for spec in layers:
        kind = getattr(spec, "type", "")
        if kind == "conv":
            names = tuple(f"f{i}" for i in range(int(spec.filters)))
        elif kind == "dense":
            names = tuple(f"u{i}" for i in range(int(spec.units)))
        elif kind == "flatten":
            names = ()
        out.append(names)
    return out
