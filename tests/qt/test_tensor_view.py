"""TensorView, KernelView, InputView and StagesPanel (pytest-qt, offscreen)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontDatabase
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from convviz.core.ops import conv2d, pool2d, relu
from convviz.core.samples import sample_image
from convviz.qt.tensor_view import InputView, KernelView, TensorView
from convviz.qt.text import format_shape
from convviz.render import DisplayOptions, format_value, render_input, render_kernels, render_tensor

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
    assert "=" in view.readout and "=" in view.header_texts[2]
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
    assert float(lo) == pytest.approx(-float(hi), rel=1e-6) and view.colorbar.zero_at() == pytest.approx(0.5)
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


# ------------------------------------------------------------------ one map alone, clicks, text that never clips

def _double_click(view, mx, my):
    view.click_mosaic(mx, my, double=True)
    QApplication.processEvents()


def test_double_click_shows_one_map_alone_and_esc_goes_back(qtbot):
    a = np.random.default_rng(1).normal(size=(6, 6, 9)).astype(np.float32)
    r = render_tensor(a, labels=tuple(f"f{i}" for i in range(9)))
    view = _show(qtbot, TensorView())
    view.set_rendered(r, "6 × 6 × 9")
    whole = view.view_box.viewRect()
    ox, oy = r.tile_origin(4)
    _double_click(view, ox + 2.5, oy + 1.5)
    assert view.focus == 4
    shown = view.view_box.viewRect()
    assert shown.width() < whole.width() / 2  # the map fills the view
    assert shown.contains(QRectF(ox, oy, 6, 6))
    # other maps are masked: hovering where they would be reads nothing
    got = []
    view.hovered.connect(got.append)
    view.hover_mosaic(ox + 2.5, oy + 2.5)
    assert got[-1] == (4, 2, 2, float(a[2, 2, 4]))
    nx, ny = r.tile_origin(5)
    view.hover_mosaic(nx + 0.5, ny + 0.5)
    assert got[-1] is None
    # a new result of the same stage keeps the map alone
    r2 = render_tensor(a * 2, columns=9)  # tiled anew (the view's shape changed)
    view.set_rendered(r2, "6 × 6 × 9")
    assert view.focus == 4 and view.view_box.viewRect().contains(QRectF(*r2.tile_origin(4), 6, 6))
    assert view.view_box.viewRect().width() < 18
    # the other maps stay hidden while the view is dimmed (the mask is not dimmed with it)
    from convviz.qt.tensor_view import CANVAS

    view.set_stale(True)
    QApplication.processEvents()
    shot = view._gv.grab().toImage()
    ox, oy = r2.tile_origin(4)
    inside, beside = _viewport_pos(view, ox + 3.5, oy + 3.5), _viewport_pos(view, ox - 1.5, oy + 3.5)  # in map 3
    assert shot.rect().contains(beside) and QColor(shot.pixel(beside)).rgb() == CANVAS.rgb()
    assert QColor(shot.pixel(inside)).rgb() != CANVAS.rgb()
    view.set_stale(False)
    view._gv.setFocus()
    QTest.keyClick(view._gv, Qt.Key.Key_Escape)
    assert view.focus is None
    ox, oy = r2.tile_origin(2)
    _double_click(view, ox + 0.5, oy + 0.5)
    assert view.focus is not None
    _double_click(view, 0.5, 0.5)  # double-click again: back to every map
    assert view.focus is None


def test_a_kernel_alone_prints_its_numbers(qtbot, monkeypatch):
    from convviz.qt import mosaic_overlay

    w = np.random.default_rng(2).normal(size=(64, 3, 3, 32)).astype(np.float32)
    r = render_kernels(w, in_names=tuple(f"f{i}" for i in range(32)))
    view = _show(qtbot, KernelView(), 500, 300)
    view.set_rendered(r, KernelView.title_for(3, w.shape))
    painted = []
    real = mosaic_overlay._Overlay._paint_values
    monkeypatch.setattr(mosaic_overlay._Overlay, "_paint_values",
                        lambda self, p, t, r_, tiles, *a: (painted.append([t_[0] for t_ in tiles]),
                                                           real(self, p, t, r_, tiles, *a)))
    view.grab()
    assert not painted  # 2048 kernels at ~3 px a cell: no numbers
    ox, oy = r.tile_origin(5 * 32 + 7)
    _double_click(view, ox + 1.5, oy + 1.5)
    assert view.focus == 5 * 32 + 7
    view.grab()
    assert painted and painted[-1] == [5 * 32 + 7]  # its numbers, and only its own


def test_single_click_emits_the_unit_and_changes_nothing(qtbot):
    a = np.random.default_rng(4).normal(size=(5, 5, 4)).astype(np.float32)
    r = render_tensor(a)
    view = _show(qtbot, TensorView())
    view.set_rendered(r, "t")
    before = view.view_box.viewRect()
    ox, oy = r.tile_origin(3)
    with qtbot.waitSignal(view.clicked) as blocker:
        view.click_mosaic(ox + 1.5, oy + 4.5)
    assert blocker.args[0] == (3, 4, 1)
    assert view.focus is None and view.view_box.viewRect() == before


def test_kernel_hover_readout_keeps_the_filter_and_every_number_at_a_narrow_width(qtbot):
    w = np.random.default_rng(5).normal(size=(10, 3, 3, 6)).astype(np.float32)
    r = render_kernels(w, in_names=("R", "G", "B", "c3", "c4", "c5")[:6])
    view = _show(qtbot, KernelView(), 240, 300)
    view.set_rendered(r, "layer 12 · kernels 10 × 3×3 × 6  (F_OUT × H_K × W_K × F_IN)")
    ox, oy = r.tile_origin(3 * 6 + 1)
    view.hover_mosaic(ox + 1.5, oy + 2.5)
    value = format_value(float(w[3, 2, 1, 1]))
    assert view.readout == f"f3 · G (2, 1) = {value}"
    caption, title, readout = view.header_texts
    assert readout == view.readout  # whole: it fits at 240 px
    for width in (60, 110, 150):
        caption, title, readout = view._header.layout_texts(width)
        assert readout.endswith(f"(2, 1) = {value}")  # numbers are never cut
    view.hover_mosaic(-9, -9)
    assert view.header_texts[1].startswith("layer 12")  # the title is back, only its tail elided
    assert view._header.toolTip().endswith("(F_OUT × H_K × W_K × F_IN)")


def test_colour_bar_says_what_shares_the_scale(qtbot):
    a = np.random.default_rng(6).normal(size=(4, 4, 2)).astype(np.float32)
    view = _show(qtbot, TensorView(), 260, 260)
    view.set_scale_note("scale: block conv 16@3×3 (0–2)")
    view.set_rendered(render_tensor(a, levels=(-2.5, 2.5)), "t")
    lo, mid, hi = view.colorbar.text
    assert (lo, mid, hi) == ("-2.5", "scale: block conv 16@3×3 (0–2)", "2.5")
    assert view.colorbar.zero_at() == pytest.approx(0.5)
    assert "-2.5" in view.colorbar.toolTip() and "block" in view.colorbar.toolTip()


def test_stale_views_are_plainly_dimmed(qtbot):
    a = np.full((8, 8, 1), 1.0, np.float32)
    for cls in (TensorView, KernelView, InputView):
        view = _show(qtbot, cls(), 200, 200)
        r = render_kernels(a.reshape(1, 8, 8, 1)) if cls is KernelView else (
            render_input(a) if cls is InputView else render_tensor(a, DisplayOptions(colormap="gray")))
        view.set_rendered(r, "t")
        bright = view._gv.grab().toImage()
        view.set_stale(True)
        QApplication.processEvents()
        dim = view._gv.grab().toImage()
        pos = _viewport_pos(view, 3.5, 3.5)  # the middle of a cell, clear of grid lines
        c = pos.x(), pos.y()
        assert QColor(dim.pixel(*c)).lightness() < 0.6 * QColor(bright.pixel(*c)).lightness(), cls


def test_a_small_map_prints_every_value_in_its_cells(qtbot):
    """Issue 7: the lecture's 6×6 and 4×4 maps are read, not hovered (3 significant digits)."""
    from convviz.render import format_cell

    a = np.random.default_rng(5).normal(size=(6, 6, 2)).astype(np.float32) * 3
    r = render_tensor(a)
    view = _show(qtbot, TensorView(), 640, 420)
    view.set_rendered(r, "conv · 6×6×2")
    view.grab()
    painted = {(t, y, x): text for t, y, x, text in view._overlay.painted_values}
    assert len(painted) == 6 * 6 * 2
    full = 0
    for (t, y, x), text in painted.items():
        v = float(a[y, x, t])
        assert text in {format_cell(v, d) for d in (3, 2, 1)}  # fewer digits only where the cell is too narrow
        full += text == format_cell(v)
    assert full >= 0.8 * len(painted)


def test_numbers_need_room_and_a_small_map(qtbot):
    a = np.random.default_rng(6).normal(size=(6, 6, 2)).astype(np.float32)
    view = _show(qtbot, TensorView(), 160, 120)  # cells of ~10 px: no number fits
    view.set_rendered(render_tensor(a), "t")
    view.grab()
    assert view._overlay.painted_values == []
    big = np.random.default_rng(6).normal(size=(20, 20, 1)).astype(np.float32)
    view.resize(900, 900)
    view.set_rendered(render_tensor(big), "t")
    view.grab()
    assert view._overlay.painted_values == []  # 20×20: hovered, not printed …
    view.show_alone(0)
    view.grab()
    assert len(view._overlay.painted_values) == 400  # … unless shown alone


def test_input_prints_channel_values_but_not_on_the_composite(qtbot):
    x = sample_image(8, 8, 3, "shapes")
    r = render_input(x)
    view = _show(qtbot, InputView(), 1400, 420)
    view.set_rendered(r, "input")
    view.grab()
    painted = view._overlay.painted_values
    assert {t for t, *_ in painted} == {1, 2, 3}  # R, G, B; the composite has no single value
    assert len(painted) == 3 * 64
    assert all(text == format_cell_of(r, t, y, x) for t, y, x, text in painted)  # input values: 0.xyz fit


def format_cell_of(r, tile, y, x):
    from convviz.render import format_cell
    return format_cell(r.value_at(tile, y, x))


def test_kernels_print_their_numbers_at_any_f_once_zoomed(qtbot):
    w = np.random.default_rng(7).normal(size=(64, 3, 3, 32)).astype(np.float32)
    r = render_kernels(w)
    view = _show(qtbot, KernelView(), 600, 330)
    view.set_rendered(r, "k")
    view.grab()
    assert view._overlay.painted_values == []  # the whole layer at once: too small for numbers
    tile = 40 * 32 + 17
    ox, oy = r.tile_origin(tile)
    view.view_box.setRange(QRectF(ox - 2, oy - 2, 12, 8), padding=0)
    view.grab()
    painted = {(t, y, x): text for t, y, x, text in view._overlay.painted_values}
    assert {(tile, y, x) for y in range(3) for x in range(3)} <= painted.keys()
    f, c = divmod(tile, 32)
    assert painted[(tile, 1, 2)] == format_cell_of(r, tile, 1, 2) == \
        __import__("convviz.render", fromlist=["format_cell"]).format_cell(float(w[f, 1, 2, c]))


def test_64_filters_of_32_channels_show_tiles_of_12_px_and_hover_names_each(qtbot):
    """Issue 6 defect 4: 64×32 3×3 kernels were a 4 px grid. In a 600×330 view they are laid out for the view
    (one filter per row across the width, the wheel scrolls); hover, click and a filter's mark stay right."""
    from convviz.marks import FILTER, Mark

    w = np.random.default_rng(9).normal(size=(64, 3, 3, 32)).astype(np.float32)
    view = _show(qtbot, KernelView(), 600, 330)
    r = render_kernels(w, DisplayOptions(kernel_area=view.area()))
    view.set_rendered(r, KernelView.title_for(2, w.shape))
    QApplication.processEvents()
    a, b = view.mosaic_to_widget(*r.tile_origin(0)), view.mosaic_to_widget(*r.tile_origin(1))
    assert b.x() - a.x() >= 12 * 4 / 3  # a tile (3 of every 4 mosaic pixels) of at least 12 screen pixels
    assert view.scrolls
    got = []
    view.hovered.connect(got.append)
    for tile in range(r.n_tiles):
        f, c = divmod(tile, 32)
        ox, oy = r.tile_origin(tile)
        view.hover_mosaic(ox + 2.5, oy + 1.5)
        assert got[-1] == (f, c, 1, 2, float(w[f, 1, 2, c]))
        assert view.readout.startswith(f"f{f} · c{c} ")
    ox, oy = r.tile_origin(40 * 32 + 3)
    with qtbot.waitSignal(view.clicked) as blocker:
        view.click_mosaic(ox + 0.5, oy + 2.5)
    assert blocker.args[0] == (40, 3, 2, 0)
    view.set_marks((Mark(FILTER, frozenset({40})),))
    assert view._marks._tiles(view.marks[0]) == list(range(40 * 32, 41 * 32))
    top = view.view_box.viewRect().top()
    QTest.mouseClick(view._gv.viewport(), Qt.MouseButton.NoButton)  # (focus)
    from PySide6.QtCore import QPoint as _P
    from PySide6.QtGui import QWheelEvent

    centre = view._gv.viewport().rect().center()
    wheel = QWheelEvent(QPointF(centre), QPointF(view._gv.viewport().mapToGlobal(centre)), _P(0, 0), _P(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view._gv.viewport(), wheel)
    assert view.view_box.viewRect().top() > top  # the wheel scrolls down through the filters


def test_few_filters_wrap_to_fill_a_wide_kernel_view(qtbot):
    w = np.random.default_rng(10).normal(size=(6, 3, 3, 3)).astype(np.float32)
    view = _show(qtbot, KernelView(), 700, 200)
    r = render_kernels(w, DisplayOptions(kernel_area=view.area()), in_names=("R", "G", "B"))
    assert r.columns > 3  # several filters per row
    view.set_rendered(r, "k")
    got = []
    view.hovered.connect(got.append)
    for tile in range(18):
        f, c = divmod(tile, 3)
        ox, oy = r.tile_origin(tile)
        view.hover_mosaic(ox + 0.5, oy + 0.5)
        assert got[-1] == (f, c, 0, 0, float(w[f, 0, 0, c]))
        assert view.readout.startswith(f"f{f} · {'RGB'[c]} ")


@pytest.mark.parametrize("size", [(250, 160), (420, 270)])
def test_every_map_is_named_when_its_pixels_are_large_and_nothing_is_printed_in_them(qtbot, size):
    """A pooled 12×12×8 stage at ~5 screen pixels per value has no room above its tiles: the names go in small
    chips inside them (they were left out whenever a value was wider than 6 screen pixels)."""
    a = np.random.default_rng(7).random((12, 12, 8)).astype(np.float32)
    view = _show(qtbot, TensorView(), *size)
    view.set_rendered(render_tensor(a), "pool · 12×12×8")
    view.grab()
    assert view._overlay.painted_values == []
    assert sorted(view._overlay.painted_labels) == list(range(8))
