"""The controller against fake views (no widgets): it writes the views through their set_* interfaces and never
reads them back; it keeps the last valid stack on screen, marked, when the builder's stack is impossible."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from convviz.core.layers import Conv2D
from convviz.core.network import forward
from convviz.model import state_from_scene
from convviz.qt.controller import Controller
from convviz.qt.document import Document
from convviz.scene import LECTURE_SCENES, builtin_scene

pytestmark = pytest.mark.usefixtures("qt_checks")


class _Strict:
    """Records every call; any attribute outside the view interface is an error (the controller must not read)."""

    allowed: tuple[str, ...] = ()

    def __init__(self) -> None:
        object.__setattr__(self, "calls", [])

    def __getattr__(self, name):
        if name not in self.allowed:
            raise AssertionError(f"the controller read {type(self).__name__}.{name}")

        def record(*args):
            self.calls.append((name, *args))
            return True

        return record

    def last(self, name):
        return next((c for c in reversed(self.calls) if c[0] == name), None)


class FakeMosaic(_Strict):
    allowed = ("set_rendered", "set_stale", "clear", "set_title", "setVisible", "set_marks")


class FakeStages(_Strict):
    allowed = ("set_structure", "set_stage", "set_pending", "set_banner", "set_marks")

    def shown(self) -> dict[int, object]:
        out = {}
        for call in self.calls:
            if call[0] == "set_stage":
                out[call[1]] = call[2]
        return out


class FakeViews:
    def __init__(self) -> None:
        self.input_view, self.kernel_view, self.stages = FakeMosaic(), FakeMosaic(), FakeStages()


@pytest.fixture
def setup(qapp):
    doc = Document(state_from_scene(builtin_scene(LECTURE_SCENES[2])))
    views = FakeViews()
    ctl = Controller(doc, views, mode="sync")
    ctl.request_now()
    yield doc, views, ctl
    ctl.shutdown()


def test_every_stage_is_written_with_the_engine_s_numbers(setup):
    doc, views, ctl = setup
    ref = forward(doc.state.network, doc.state.input)
    shown = views.stages.shown()
    assert sorted(shown) == list(range(len(ref)))
    for i, r in enumerate(ref):
        np.testing.assert_array_equal(shown[i].raw, r)
    assert views.input_view.last("set_rendered") is not None
    first_conv = doc.state.network.weights[doc.state.layers[0].uid].weight
    assert views.kernel_view.last("set_rendered")[1].raw is first_conv


def test_an_impossible_stack_keeps_the_last_valid_views_dimmed_under_a_banner_naming_the_layer(setup):
    doc, views, ctl = setup
    before = dict(views.stages.shown())
    calls = len(views.stages.calls)
    conv = doc.state.layers[0]
    assert isinstance(conv, Conv2D)
    doc.apply(doc.state.replace_layer(0, replace(conv, kernel_size=(11, 11))), "kernel 11")
    assert doc.state.error is not None
    new = views.stages.calls[calls:]
    assert ("set_pending", 0) in new  # every stage dimmed
    assert not any(c[0] in ("set_stage", "set_structure") for c in new)  # nothing computed, nothing relabelled
    banner = views.stages.last("set_banner")[1]
    assert "last valid stack" in banner and "Layer 0" in banner and "11×11" in banner
    assert views.kernel_view.last("set_stale") == ("set_stale", True)
    assert views.stages.shown() == before
    # fixing the layer computes again and takes the banner away
    doc.undo_stack.undo()
    assert views.stages.last("set_banner") == ("set_banner", None)
    assert views.kernel_view.last("set_rendered") is not None


def test_kernels_follow_the_selection_and_start_at_the_first_convolution(setup):
    doc, views, ctl = setup
    convs = [i for i, s in enumerate(doc.state.layers) if isinstance(s, Conv2D)]
    assert ctl.kernel_layer() == convs[0]
    ctl.set_selected_layer(convs[-1])
    title = views.kernel_view.last("set_rendered")[2]
    assert title.startswith(f"conv{len(convs)} ")
    ctl.set_selected_layer(None)
    assert views.kernel_view.last("set_rendered")[2].startswith("conv1 ")


def test_a_zoom_asks_the_worker_only_for_a_delivered_stage(setup):
    doc, views, ctl = setup
    n = len(views.stages.calls)
    ctl.request_stage_resolution(0, 4096)  # sync worker: the finer image arrives at once
    new = [c for c in views.stages.calls[n:] if c[0] == "set_stage"]
    assert len(new) == 1 and new[0][1] == 0
    np.testing.assert_array_equal(new[0][2].raw, views.stages.shown()[0].raw)
    n = len(views.stages.calls)
    ctl.request_stage_resolution(99, 4096)  # no such stage: nothing
    assert views.stages.calls[n:] == []
