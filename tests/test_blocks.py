"""convviz.blocks: the lecture's blocks and the names of each stage's channels (no Qt)."""

from __future__ import annotations

import pytest

from convviz.blocks import block_spans, channel_names, group_rows, scale_groups, stage_kind
from convviz.compute import KernelsReady, Request, StageReady, run_request
from convviz.core.layers import Activation, Conv2D, Dense, Flatten, GlobalAvgPool, Pool2D, Softmax
from convviz.core.network import build_network
from convviz.core.samples import sample_image
from convviz.mosaic import fit_columns


def test_blocks_are_a_conv_its_activations_and_one_pool():
    kinds = ["pool", "conv", "activation", "activation", "pool", "pool", "activation", "conv", "conv", "activation"]
    assert block_spans(kinds) == [(0, 0), (1, 4), (5, 5), (6, 6), (7, 7), (8, 9)]
    assert group_rows([(i, k, "") for i, k in enumerate(kinds)])[1] == [(i, kinds[i], "") for i in (1, 2, 3, 4)]
    assert scale_groups(kinds, "stage") == scale_groups(kinds, "map") == [(i, i) for i in range(10)]
    assert scale_groups(kinds, "stack") == [(0, 9)] and scale_groups([], "stack") == []


def test_channel_names_follow_filters_and_keep_input_names_through_channel_wise_stages():
    layers = [Pool2D("max", (2, 2)), Activation("relu"), Conv2D(4, (3, 3)), Activation("relu"), Pool2D("avg", (2, 2)),
              Conv2D(2, (1, 1))]
    assert channel_names(3, layers) == [("R", "G", "B")] * 2 + [("f0", "f1", "f2", "f3")] * 3 + [("f0", "f1")]
    assert channel_names(2, layers[:1]) == [("c0", "c1")]


def test_the_worker_names_maps_by_filter_and_kernel_columns_by_input_channel():
    layers = [Pool2D("max", (2, 2)), Conv2D(4, (3, 3)), Activation("relu"), Conv2D(2, (3, 3))]
    x = sample_image(20, 20, 3)
    net = build_network(x.shape, layers, seed=0)
    events = list(run_request(Request(1, net, x)))
    maps = {e.index: e.rendered.labels for e in events if isinstance(e, StageReady)}
    assert maps == {0: ("R", "G", "B"), 1: ("f0", "f1", "f2", "f3"), 2: ("f0", "f1", "f2", "f3"), 3: ("f0", "f1")}
    kernels = {e.index: e.rendered.in_names for e in events if isinstance(e, KernelsReady)}
    assert kernels == {1: ("R", "G", "B"), 3: ("f0", "f1", "f2", "f3")}


@pytest.mark.parametrize(("n", "h", "w", "aspect", "cols"), [
    (6, 10, 10, 1.0, 2), (6, 10, 10, 4.0, 6), (6, 10, 10, 0.3, 1), (4, 10, 10, 1.0, 2), (8, 10, 40, 0.5, 1),
    (8, 10, 40, 2.0, 2), (1, 5, 5, 2.0, 1), (64, 3, 3, 2.0, 11), (16, 126, 126, 1.8, 6),
])
def test_fit_columns_tiles_maps_largest_for_the_area(n, h, w, aspect, cols):
    assert fit_columns(n, h, w, aspect, gap=0) == cols

    # checked against every other choice: no column count gives larger tiles
    def scale(c):
        rows = -(-n // c)
        return min(aspect / (c * w), 1 / (rows * h))
    assert all(scale(cols) >= scale(c) for c in range(1, n + 1))


def test_the_classifier_head_is_one_row_with_a_scale_per_stage():
    layers = [Conv2D(4), Activation("relu"), Pool2D(), Flatten(), Dense(6), Activation("relu"), Dense(3),
              Softmax()]
    kinds = [stage_kind(s) for s in layers]
    assert kinds == ["conv", "activation", "pool", "head", "head", "activation", "head", "head"]
    assert block_spans(kinds) == [(0, 2), (3, 7)]
    assert scale_groups(kinds, "block") == [(0, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7)]
    names = channel_names(1, layers)
    assert names[3] == () and names[4] == tuple(f"u{i}" for i in range(6)) and names[7] == ("u0", "u1", "u2")
    gap = [Conv2D(2), GlobalAvgPool(), Softmax()]
    assert block_spans([stage_kind(s) for s in gap]) == [(0, 0), (1, 2)]
    assert channel_names(3, gap)[1] == ("f0", "f1")
