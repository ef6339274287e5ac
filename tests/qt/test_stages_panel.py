"""StagesPanel: rows of conv → detector → pooling, views reused across results and structure edits."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from convviz.core.ops import conv2d, pool2d, relu
from convviz.core.samples import sample_image
from convviz.qt.stages_panel import StagesPanel, group_rows
from convviz.qt.text import format_shape, stage_name
from convviz.render import render_tensor

LECTURE = [(1, "conv", "conv 6@3×3"), (2, "activation", "ReLU"), (3, "pool", "max 2×2")]


pytestmark = pytest.mark.usefixtures("qt_checks")


@pytest.fixture
def panel(qtbot):
    p = StagesPanel()
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.show()
    qtbot.waitExposed(p)
    return p


def _stages():
    x = sample_image(8, 8, 3, "lecture")
    w = np.random.default_rng(0).normal(size=(6, 3, 3, 3)).astype(np.float32)
    c = conv2d(x, w)
    a = relu(c)
    return [c, a, pool2d(a, 2)]


def test_group_rows():
    items = [
        (0, "pool", "max 2×2"),
        (1, "conv", "conv"),
        (2, "activation", "ReLU"),
        (3, "activation", "tanh"),
        (4, "pool", "max"),
        (5, "activation", "ReLU"),
        (6, "conv", "conv"),
        (7, "pool", "avg"),
        (8, "pool", "avg"),
    ]
    rows = [[i for i, _, _ in row] for row in group_rows(items)]
    assert rows == [[0], [1, 2, 3, 4], [5], [6, 7], [8]]
    assert group_rows([]) == []


def test_stage_names():
    assert stage_name("conv") == "convolution"
    assert stage_name("activation", "ReLU") == "detector (ReLU)"
    assert stage_name("pool") == "pooling"


def test_structure_results_and_hover(panel, qtbot):
    panel.set_structure(LECTURE)
    arrays = _stages()
    for (index, _, _), arr in zip(LECTURE, arrays, strict=True):
        assert panel.set_stage(index, render_tensor(arr), format_shape(arr.shape))
    assert panel.view(3).title == "3 × 3 × 6"
    assert "pooling" in panel.view(3).caption
    assert not panel.set_stage(9, render_tensor(arrays[0]), "late result of an old stack")
    # three views side by side in one row
    ys = {panel.view(i).mapTo(panel, panel.view(i).rect().topLeft()).y() for i in (1, 2, 3)}
    assert len(ys) == 1
    got = []
    panel.hovered.connect(got.append)
    r = panel.view(2).rendered
    ox, oy = r.tile_origin(4)
    panel.view(2).hover_mosaic(ox + 1.5, oy + 3.5)
    assert got[-1] == (2, 4, 3, 1, float(arrays[1][3, 1, 4]))
    panel.view(2).hover_mosaic(-3, -3)
    assert got[-1] is None


def test_views_are_reused(panel):
    panel.set_structure(LECTURE)
    views = panel.views()
    arrays = _stages()
    panel.set_stage(1, render_tensor(arrays[0]), "a")
    panel.set_structure(list(LECTURE))  # same structure: nothing rebuilt
    assert panel.views() == views and not panel.view(1).is_stale
    for _ in range(5):  # results never recreate views
        panel.set_stage(1, render_tensor(arrays[0] * 2), "b")
        assert panel.view(1) is views[1]
    # a label changes (F 6 → 10) and a conv is appended: the old stages keep their views
    bigger = [(1, "conv", "conv 10@3×3"), *LECTURE[1:], (4, "conv", "conv 4@3×3")]
    panel.set_structure(bigger)
    assert all(panel.view(i) is views[i] for i in (1, 2, 3))
    assert panel.view(1).is_stale and panel.view(1).rendered is not None
    assert panel.view(4) is not None and panel.view(4).rendered is None
    # removing a layer: a view is recycled, not created
    shrunk = [(1, "conv", "conv"), (2, "pool", "max 2×2")]
    before = set(map(id, panel.views().values()))
    panel.set_structure(shrunk)
    assert set(map(id, panel.views().values())) <= before
    assert panel.view(2).rendered is None  # its kind changed: recycled and cleared


def test_pending_and_clear(panel):
    panel.set_structure(LECTURE)
    for (index, _, _), arr in zip(LECTURE, _stages(), strict=True):
        panel.set_stage(index, render_tensor(arr), "t")
    panel.set_pending(2)
    assert [panel.view(i).is_stale for i in (1, 2, 3)] == [False, True, True]
    panel.clear_stage(3, "pool 4×4 does not fit a 3×3 map")
    assert panel.view(3).rendered is None
    panel.set_structure([])
    assert panel.views() == {}


def _three_blocks():
    items = []
    for b in range(3):
        items += [(3 * b, "conv", f"conv {b}"), (3 * b + 1, "activation", "ReLU"), (3 * b + 2, "pool", "max 2×2")]
    return items


def _in_viewport(panel, index):
    view = panel.view(index)
    vp = panel._scroll.viewport()
    top_left = view.mapTo(vp, view.rect().topLeft())
    bottom_right = view.mapTo(vp, view.rect().bottomRight())
    return vp.rect().contains(top_left) and vp.rect().contains(bottom_right)


def test_reveal_scrolls_a_stage_row_into_view_and_views_never_squash(qtbot):
    from convviz.qt.stages_panel import VIEW_MIN_HEIGHT

    panel = StagesPanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 520)  # about the stages area of a 1400×900 window: not every row fits
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_structure(_three_blocks())
    QApplication.processEvents()
    assert all(v.height() >= VIEW_MIN_HEIGHT for v in panel.views().values())
    assert not _in_viewport(panel, 7)
    panel.reveal(7)
    QApplication.processEvents()
    assert _in_viewport(panel, 7) and _in_viewport(panel, 6)  # the whole row of the block
    panel.reveal(0)
    QApplication.processEvents()
    assert _in_viewport(panel, 0) and not _in_viewport(panel, 7)
    # a stage that is not laid out yet (a layer just added) is revealed when its structure arrives
    panel.reveal(10)
    panel.set_structure([*_three_blocks(), (9, "conv", "conv 3"), (10, "activation", "ReLU")])
    QApplication.processEvents()
    assert _in_viewport(panel, 10)
    panel.reveal(None)  # the input is selected: nothing to do


def test_colour_bar_names_the_block_that_shares_its_scale(panel):
    from convviz.compute import Request, StageReady, run_request
    from convviz.core.layers import Activation, Conv2D, Pool2D
    from convviz.core.network import build_network
    from convviz.render import DisplayOptions

    x = sample_image(12, 12, 3)
    net = build_network(x.shape, [Conv2D(4, (3, 3)), Activation("relu"), Pool2D("max", (2, 2))], seed=0)
    panel.set_structure([(0, "conv", "conv 4@3×3"), (1, "activation", "ReLU"), (2, "pool", "max pool 2×2")])
    for scope, note in (("block", "scale: block conv 4@3×3 (0–2)"), ("stack", "scale: whole stack"),
                        ("stage", "scale: this stage")):
        for e in run_request(Request(1, net, x, DisplayOptions(scope=scope))):
            if isinstance(e, StageReady):
                panel.set_stage(e.index, e.rendered, "t")
        assert [panel.view(i).colorbar.text[1] for i in range(3)] == [note] * 3
    # maps are named by the filter that makes them, through the detector and pooling stages
    panel.view(2).hover_mosaic(*panel.view(2).rendered.tile_origin(3))
    assert panel.view(2).readout.startswith("f3 ")


def test_clicks_and_aspect_are_forwarded(panel, qtbot):
    panel.set_structure(LECTURE)
    arrays = _stages()
    panel.set_stage(2, render_tensor(arrays[1]), "t")
    r = panel.view(2).rendered
    with qtbot.waitSignal(panel.clicked) as blocker:
        panel.view(2).click_mosaic(*r.tile_origin(1))
    assert blocker.args[0] == (2, 1, 0, 0)
    got = []
    panel.aspect_wanted.connect(got.append)
    panel.resize(1200, 400)
    QApplication.processEvents()
    panel._check_aspect()  # what the settle timer does
    panel.resize(1200, 900)
    QApplication.processEvents()
    with qtbot.waitSignal(panel.aspect_wanted, timeout=3000):
        pass
    assert len(got) >= 1 and got[-1] < 1.5  # tall views now
