"""TensorView, KernelView, InputView and StagesPanel (pytest-qt, offscreen)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from convviz.core.ops import conv2d, pool2d, relu
from convviz.core.samples import sample_image
from convviz.qt.tensor_view import InputView, KernelView, TensorView
from convviz.qt.text import format_shape
from convviz.render import DisplayOptions, render_input, render_kernels, render_tensor

pytestmark = pytest.mark.usefixtures("qt_checks")


def _show(qtbot, widget, w=640, h=420):
    qtbot.addWidget(widget)
    widget.resize(w, h)
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()
    return widget


def _viewport_pos(view: TensorView, mx: float, my: float) -> QPoint:
    gv = view._gv
    return gv.mapFromScene(view.image_item.mapToScene(QPointF(mx, my)))


def test_fonts_are_real():
    assert QFontDatabase.families()


def test_hover_emits_exact_raw_value_with_mouse(qtbot):
    a = np.random.default_rng(3).normal(size=(6, 6, 6)).astype(np.float32)
    r = render_tensor(a)
    view = _show(qtbot, TensorView())
    view.set_rendered(r, "after conv · 6×6×6")
    QApplication.processEvents()
    got = []
    view.hovered.connect(got.append)
    for c, y, x in [(0, 0, 0), (4, 2, 5), (5, 5, 5)]:
        ox, oy = r.tile_origin(c)
        QTest.mouseMove(view._gv.viewport(), _viewport_pos(view, ox + x + 0.5, oy + y + 0.5))
        QApplication.processEvents()
        assert got[-1] == (c, y, x, float(a[y, x, c]))
    assert "=" in view._readout.text()
    # a gap says "nothing here"
    ox, oy = r.tile_origin(0)
    QTest.mouseMove(view._gv.viewport(), _viewport_pos(view, ox + 6.5, oy + 3.5))
    QApplication.processEvents()
    assert got[-1] is None


def test_hover_on_downsampled_mosaic_reads_raw(qtbot):
    a = np.random.default_rng(4).normal(size=(300, 300, 4)).astype(np.float32)
    r = render_tensor(a, max_side=200)
    assert r.downsample > 1
    view = _show(qtbot, TensorView())
    view.set_rendered(r, "big")
    with qtbot.waitSignal(view.hovered) as blocker:
        view.hover_mosaic(10.6, 20.2)
    c, y, x, v = blocker.args[0]
    assert (c, y, x) == (0, int(20.2 * r.downsample), int(10.6 * r.downsample))
    assert v == float(a[y, x, 0])


def _cell_colours(img, view, r, tile, h, w, inset=3):
    """The set of colours inside each cell (inner part, away from grid lines) of one tile."""
    ox, oy = r.tile_origin(tile)
    cells = {}
    for y in range(h):
        for x in range(w):
            a = view.mosaic_to_widget(ox + x, oy + y)
            b = view.mosaic_to_widget(ox + x + 1, oy + y + 1)
            x0, x1 = int(np.ceil(a.x())) + inset, int(np.floor(b.x())) - inset
            y0, y1 = int(np.ceil(a.y())) + inset, int(np.floor(b.y())) - inset
            assert x1 > x0 and y1 > y0, "cells too small to test"
            cells[y, x] = {img.pixel(px, py) for px in range(x0, x1) for py in range(y0, y1)}
    return cells


def test_input_8x8x3_is_crisp(qtbot):
    x = sample_image(8, 8, 3, "lecture")
    r = render_input(x)
    view = _show(qtbot, InputView(), 900, 360)
    view.set_rendered(r, InputView.title_for(x.shape))
    QApplication.processEvents()
    img = view.grab().toImage()
    for tile in range(r.n_tiles):
        cells = _cell_colours(img, view, r, tile, 8, 8)
        ox, oy = r.tile_origin(tile)
        for (y, xx), colours in cells.items():
            assert len(colours) == 1, f"tile {tile} cell {(y, xx)} is blurred: {len(colours)} colours"
            rgb = r.rgba[oy + y, ox + xx, :3]
            got = next(iter(colours))
            assert ((got >> 16) & 255, (got >> 8) & 255, got & 255) == tuple(int(v) for v in rgb)


def test_grid_lines_appear_only_when_pixels_are_large(qtbot):
    x = sample_image(8, 8, 3, "lecture")
    view = _show(qtbot, TensorView(), 700, 500)
    view.set_rendered(render_tensor(x, DisplayOptions(colormap="gray")), "grid")
    QApplication.processEvents()
    img = view.grab().toImage()
    # one cell boundary inside tile 0, sampled across: a darker line between two equal colours or not
    a = view.mosaic_to_widget(1.0, 0.5)
    assert view.mosaic_to_widget(1.0, 0.5).x() - view.mosaic_to_widget(0.0, 0.5).x() >= 8
    row = [img.pixel(int(a.x()) + dx, int(a.y())) for dx in range(-3, 4)]
    assert len(set(row)) >= 2  # the grid line
    small = _show(qtbot, TensorView(), 200, 160)
    big = np.zeros((64, 64, 1), np.float32)
    small.set_rendered(render_tensor(big, DisplayOptions(colormap="gray")), "no grid")
    QApplication.processEvents()
    img = small.grab().toImage()
    p0, p1 = small.mosaic_to_widget(16, 16), small.mosaic_to_widget(56, 56)  # away from the label
    colours = {img.pixel(px, py) for px in range(int(p0.x()), int(p1.x())) for py in range(int(p0.y()), int(p1.y()))}
    assert len(colours) == 1


def test_input_view_hover_on_composite_gives_every_channel(qtbot):
    x = sample_image(8, 8, 3, "lecture")
    r = render_input(x)
    view = _show(qtbot, InputView())
    view.set_rendered(r, InputView.title_for(x.shape))
    assert view.title == "input · 8 × 8 × 3"
    with qtbot.waitSignal(view.hovered) as blocker:
        view.hover_mosaic(3.5, 2.5)
    assert blocker.args[0] == (-1, 2, 3, tuple(float(v) for v in x[2, 3]))
    ox, _ = r.tile_origin(2)
    with qtbot.waitSignal(view.hovered) as blocker:
        view.hover_mosaic(ox + 3.5, 2.5)
    assert blocker.args[0] == (1, 2, 3, float(x[2, 3, 1]))


def test_kernel_view_hover_title_and_values(qtbot):
    w = np.random.default_rng(5).normal(size=(10, 3, 3, 6)).astype(np.float32)
    r = render_kernels(w)
    view = _show(qtbot, KernelView(), 900, 900)
    view.set_rendered(r, KernelView.title_for(2, w.shape))
    assert view.title == "conv 2 · kernels 10 × 3×3 × 6 (F_OUT × H_K × W_K × F_IN)"
    ox, oy = r.tile_origin(3 * 6 + 4)
    with qtbot.waitSignal(view.hovered) as blocker:
        view.hover_mosaic(ox + 1.5, oy + 2.5)
    assert blocker.args[0] == (3, 4, 2, 1, float(w[3, 2, 1, 4]))
    lo, mid, hi = view.colorbar.text
    assert float(lo) == pytest.approx(-float(hi), rel=1e-6) and mid == "0"
    # zoom on one kernel: its numbers are printed
    view.view_box.setRange(xRange=(ox, ox + 3), yRange=(oy, oy + 3), padding=0)
    QApplication.processEvents()
    view.grab()  # paints the values without error


def test_per_map_colorbar_follows_the_hovered_map(qtbot):
    a = np.stack([np.full((4, 4), 1.0), np.linspace(0, 5, 16).reshape(4, 4)], axis=-1).astype(np.float32)
    r = render_tensor(a, DisplayOptions(scope="map", centring="minmax"))
    view = _show(qtbot, TensorView())
    view.set_rendered(r, "per map")
    assert "per map" in view.colorbar.text[1]
    ox, oy = r.tile_origin(1)
    view.hover_mosaic(ox + 0.5, oy + 0.5)
    assert view.colorbar.text[0] == "0" and view.colorbar.text[2] == "5"
    view.hover_mosaic(-5, -5)
    assert view.colorbar.text[0] == ""


def test_stale_clear_and_zoom_kept(qtbot):
    a = np.random.default_rng(6).normal(size=(8, 8, 4)).astype(np.float32)
    view = _show(qtbot, TensorView())
    view.set_rendered(render_tensor(a), "t")
    view.set_stale(True)
    assert view.is_stale and view.image_item.opacity() < 1
    view.view_box.setRange(xRange=(0, 3), yRange=(0, 3), padding=0)
    zoomed = view.view_box.viewRect()
    view.set_rendered(render_tensor(a * 2), "t2")  # same geometry: the zoom stays
    assert not view.is_stale and view.view_box.viewRect() == zoomed
    view.set_rendered(render_tensor(a[:4]), "t3")  # new geometry: fit again
    assert view.view_box.viewRect() != zoomed
    view.clear("kernel 5×5 does not fit")
    assert view.rendered is None and view._message.text() == "kernel 5×5 does not fit"
    view.hover_mosaic(0.5, 0.5)  # nothing to hover


def test_leaving_the_view_emits_none(qtbot):
    a = np.ones((4, 4, 1), np.float32)
    view = _show(qtbot, TensorView())
    view.set_rendered(render_tensor(a), "t")
    got = []
    view.hovered.connect(got.append)
    view.hover_mosaic(0.5, 0.5)
    QApplication.sendEvent(view._gv.viewport(), _leave_event())
    assert got[0] == (0, 0, 0, 1.0) and got[-1] is None


def _leave_event():
    from PySide6.QtCore import QEvent

    return QEvent(QEvent.Type.Leave)


def test_lecture_pipeline_views(qtbot):
    x = sample_image(8, 8, 3, "lecture")
    w = np.random.default_rng(0).normal(size=(6, 3, 3, 3)).astype(np.float32)
    c = conv2d(x, w)
    p = pool2d(relu(c), 2)
    view = _show(qtbot, TensorView())
    view.set_rendered(render_tensor(p), f"pooling · {format_shape(p.shape)}")
    assert view.title == "pooling · 3 × 3 × 6"
    assert view.image_item.image.shape == render_tensor(p).rgba.shape
    assert Qt.AlignmentFlag.AlignRight & view._readout.alignment()
