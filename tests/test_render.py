"""convviz.render: colormaps, rendered mosaics and their mapping back to raw values, scale scopes end to end (no Qt).

The levels themselves are tested in test_levels.py, the tiling in test_mosaic.py."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from convviz.core.samples import sample_image
from convviz.render import (
    COLORMAPS,
    DIVERGING,
    DisplayOptions,
    colormap_lut,
    format_value,
    render_input,
    render_kernels,
    render_tensor,
    resolve_colormap,
)

RNG = np.random.default_rng(0)


def test_module_is_qt_free():
    import subprocess

    code = (
        "import sys, convviz.render\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide', 'pyqtgraph'))]"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ------------------------------------------------------------------------------------------------ colormaps


@pytest.mark.parametrize("name", COLORMAPS)
def test_lut_shape_dtype_and_opaque(name):
    lut = colormap_lut(name)
    assert lut.shape == (256, 4) and lut.dtype == np.uint8
    assert (lut[:, 3] == 255).all()
    assert not lut.flags.writeable


def test_lut_endpoints():
    assert colormap_lut("gray")[0].tolist() == [0, 0, 0, 255]
    assert colormap_lut("gray")[255].tolist() == [255, 255, 255, 255]
    assert colormap_lut("viridis")[0, :3].tolist() == [0x44, 0x01, 0x54]
    assert colormap_lut("viridis")[255, :3].tolist() == [0xFD, 0xE7, 0x25]
    cw = colormap_lut("coolwarm")
    assert cw[0, 2] > cw[0, 0]  # negative end is blue
    assert cw[255, 0] > cw[255, 2]  # positive end is red
    # the centre of a diverging map is light and nearly neutral
    mid = cw[127:129, :3].astype(int).mean(axis=0)
    assert mid.min() > 200 and np.ptp(mid) < 20
    assert (colormap_lut("RdBu_r") == colormap_lut("RdBu")[::-1]).all()


def test_auto_colormap_and_validation():
    assert resolve_colormap("auto", True) in DIVERGING
    assert resolve_colormap("auto", False) not in DIVERGING
    assert resolve_colormap("magma", True) == "magma"
    with pytest.raises(ValueError):
        DisplayOptions(colormap="jet")
    with pytest.raises(ValueError):
        DisplayOptions(scope="everything")
    with pytest.raises(ValueError):
        DisplayOptions(centring="median")


# ------------------------------------------------------------------------------------------------- colouring


def test_levels_map_to_lut_ends():
    a = np.array([-1.0, 0.0, 1.0, 5.0, -7.0], np.float32).reshape(1, 5, 1)
    r = render_tensor(a, DisplayOptions(colormap="gray"), levels=(-1.0, 1.0))
    assert r.rgba[0, :, 0].tolist() == [0, 128, 255, 255, 0]  # clipped outside the levels


def test_per_map_levels_colour_each_map_on_its_own():
    a = np.stack([np.linspace(0, 1, 4), np.linspace(0, 100, 4)], axis=-1).reshape(1, 4, 2).astype(np.float32)
    r = render_tensor(a, DisplayOptions(colormap="gray", scope="map", centring="minmax"), columns=2)
    assert r.per_map
    left, right = r.rgba[0, 0:4, 0], r.rgba[0, 5:9, 0]
    assert left.tolist() == right.tolist() == [0, 85, 170, 255]


def test_nan_pixels_render_without_warnings():
    a = np.array([[np.nan, 1.0], [-np.inf, np.inf]], np.float32)[..., None]
    r = render_tensor(a, DisplayOptions(colormap="gray"), levels=(0.0, 1.0))
    assert r.rgba[..., 0].tolist() == [[0, 255], [0, 255]]


# --------------------------------------------------------------------------------------------------- tiling


def test_locate_round_trip_every_pixel():
    a = RNG.normal(size=(5, 6, 7)).astype(np.float32)
    r = render_tensor(a)
    for c in range(7):
        ox, oy = r.tile_origin(c)
        for y in range(5):
            for x in range(6):
                hit = r.locate(ox + x + 0.5, oy + y + 0.5)
                assert hit == (c, y, x)
                assert r.value_at(*hit) == a[y, x, c]
    # gaps, empty slots and outside
    assert r.locate(6.5, 0.5) is None  # the vertical gap after tile 0
    assert r.locate(0.5, 5.5) is None  # the horizontal gap after row 0
    assert r.locate(-0.1, 0.5) is None and r.locate(1e6, 0.5) is None
    assert r.locate(float("nan"), 0.5) is None
    ox, oy = 2 * (6 + 1), 2 * (5 + 1)  # slot 8 of a 3 × 3 grid: empty
    assert r.locate(ox + 0.5, oy + 0.5) is None


def test_downsampling_bound_and_locate():
    a = RNG.normal(size=(300, 200, 9)).astype(np.float32)
    r = render_tensor(a, max_side=256)
    assert max(r.rgba.shape[:2]) <= 256
    assert r.downsample == 4  # 3 × ceil(300 / f) + 2 ≤ 256 needs f = 4
    assert (r.tile_h, r.tile_w) == (75, 50)
    # the block mean of the first block
    lv = r.levels[0]
    expect = (a[:4, :4, 0].mean() - lv[0]) / (lv[1] - lv[0]) * 255
    idx = int(np.argmin(np.abs(r.lut[:, :3].astype(int) - r.rgba[0, 0, :3].astype(int)).sum(axis=1)))
    assert abs(idx - expect) <= 3
    # fractional mosaic coordinates reach every raw pixel
    assert r.locate(0.26, 0.51) == (0, 2, 1)
    ox, oy = r.tile_origin(8)
    assert r.locate(ox + 49.99, oy + 74.99) == (8, 299, 199)


def test_downsampling_with_partial_blocks():
    a = RNG.normal(size=(7, 5, 1)).astype(np.float32)
    r = render_tensor(a, max_side=3)
    assert r.downsample == 3 and (r.tile_h, r.tile_w) == (3, 2)
    assert r.locate(1.9, 2.9) == (0, 6, 4)


def test_raw_is_kept_by_reference():
    a = RNG.normal(size=(4, 4, 2)).astype(np.float32)
    assert render_tensor(a).raw is a


def test_render_input_lecture_rgb():
    x = sample_image(8, 8, 3, "lecture")
    r = render_input(x)
    assert r.n_tiles == 4 and (r.columns, r.rows) == (4, 1)
    assert r.labels == ("RGB", "R", "G", "B")
    assert r.rgba.shape == (8, 4 * 8 + 3, 4)
    assert r.composite is not None
    assert (r.rgba[:, :8, :3] == np.round(x * 255).astype(np.uint8)).all()
    assert r.locate(3.5, 2.5) == (-1, 2, 3)
    assert r.locate(9 + 3.5, 2.5) == (0, 2, 3)
    assert r.value_at(1, 2, 3) == x[2, 3, 0]
    assert r.pixel(2, 3) == tuple(float(v) for v in x[2, 3])
    # the red channel tile is tinted red
    red = r.rgba[0, 9:17, :3].astype(int)
    assert (red[:, 0] >= red[:, 1]).all() and (red[:, 0] >= red[:, 2]).all()


def test_render_input_clips_for_display_only():
    x = np.array([[[-1.0, 0.5, 2.0]]], np.float32)
    r = render_input(x)
    assert r.rgba[0, 0, :3].tolist() == [0, 128, 255]
    assert r.raw[0, 0, 0] == -1.0


def test_render_input_grey_and_many_channels():
    g = render_input(np.full((4, 4, 1), 0.5, np.float32))
    assert g.n_tiles == 1 and g.composite is None and g.labels == ("c0",)
    assert g.locate(0.5, 0.5) == (0, 0, 0)
    m = render_input(RNG.random((4, 4, 5)).astype(np.float32))
    assert m.n_tiles == 6 and m.labels[0] == "RGB" and m.labels[-1] == "c4"
    assert (m.rgba[:4, :4, :3] == np.round(m.raw[..., :3] * 255).astype(np.uint8)).all()


def test_kernel_mosaic_layout():
    w = RNG.normal(size=(10, 3, 3, 6)).astype(np.float32)
    r = render_kernels(w, DisplayOptions(kernel_area=(150, 300)))  # a tall view: one filter per row
    assert (r.rows, r.columns, r.n_tiles, r.tile_h, r.tile_w) == (10, 6, 60, 3, 3)
    assert r.rgba.shape == (10 * 4 - 1, 6 * 4 - 1, 4)
    m = np.abs(w).max()
    assert np.allclose(r.levels, [[-m, m]] * 60) and r.colormap in DIVERGING and r.signed
    for f, c, ky, kx in [(0, 0, 0, 0), (9, 5, 2, 2), (3, 4, 1, 0)]:
        hit = r.locate(c * 4 + kx + 0.5, f * 4 + ky + 0.5)
        assert hit == (f * 6 + c, ky, kx)
        assert r.tile_key(hit[0]) == (f, c)
        assert r.value_at(*hit) == w[f, ky, kx, c]


def test_kernel_zero_is_the_centre_colour():
    w = np.zeros((2, 3, 3, 1), np.float32)
    w[0, 0, 0, 0], w[1, 2, 2, 0] = 1.0, -0.5
    r = render_kernels(w)
    centre = r.lut[128]
    assert (r.rgba[1, 1] == centre).all()
    assert (render_kernels(np.zeros((1, 2, 2, 1), np.float32)).rgba[0, 0] == centre).all()
    assert render_kernels(w, DisplayOptions(colormap="viridis")).colormap in DIVERGING


def test_format_value():
    assert format_value(-2.0) == "-2"
    assert format_value(0.3141) == "0.31"
    assert format_value(0.0) == "0"
    assert format_value(-0.001) == "-0.001"
    assert format_value(0.0123) == "0.012"
    assert format_value(2e-5) == "2.0e-05"
    assert format_value(12.34) == "12.3"
    assert "e" in format_value(123456.0)


# ---------------------------------------------------------------------------- scale scopes (map … stack)

def _block_net(pool="max", x=None, weight=None):
    """conv 1×1 → ReLU → pool: one block; bias 0 so a zero input pixel gives an exact zero everywhere."""
    from convviz.core.layers import Activation, Conv2D, Pool2D
    from convviz.core.network import LayerWeights, build_network

    x = RNG.normal(size=(8, 8, 2)).astype(np.float32) if x is None else x
    if weight is None:
        weight = RNG.normal(size=(3, 1, 1, x.shape[2])).astype(np.float32)
    conv = Conv2D(weight.shape[0], (1, 1))
    layers = [conv, Activation("relu"), Pool2D(pool, (2, 2))]
    net = build_network(x.shape, layers, {conv.uid: LayerWeights(weight, np.zeros(weight.shape[0], np.float32))})
    return net, x


def _stages(net, x, **options):
    from convviz.compute import Request, StageReady, run_request

    return [e.rendered for e in run_request(Request(1, net, x, DisplayOptions(**options)))
            if isinstance(e, StageReady)]


def _colour_at(r, channel, y, x):
    ox, oy = r.tile_origin(channel)
    return tuple(r.rgba[oy + y, ox + x])


@pytest.mark.parametrize("centring", ["symmetric", "minmax"])
def test_block_scope_gives_zero_one_colour_in_conv_and_relu_maps(centring):
    x = RNG.normal(size=(8, 8, 2)).astype(np.float32)
    x[0, 0] = 0.0  # conv and ReLU are both exactly 0 at (0, 0)
    net, x = _block_net(x=x)
    conv, relu, _ = _stages(net, x, scope="block", centring=centring)
    assert relu.raw[0, 0, 0] == conv.raw[0, 0, 0] == 0.0
    assert _colour_at(conv, 0, 0, 0) == _colour_at(relu, 0, 0, 0)
    assert conv.colormap == relu.colormap == "coolwarm"  # a signed block: the diverging map for every stage
    # the defect this fixes: with a scale per stage, zero is light grey in the conv map, dark in the ReLU map
    conv_s, relu_s, _ = _stages(net, x, scope="stage", centring=centring)
    assert _colour_at(conv_s, 0, 0, 0) != _colour_at(relu_s, 0, 0, 0)


def test_block_scope_keeps_avg_pool_dimmer_than_its_relu():
    # one channel, identity 1×1 conv: ReLU max 2.04; the 2×2 average at the top left (2.04·3 + 0.64)/4 = 1.69
    x = np.full((4, 4, 1), 0.1, np.float32)
    x[:2, :2, 0] = [[2.04, 2.04], [2.04, 0.64]]
    net, x = _block_net("avg", x=x, weight=np.ones((1, 1, 1, 1), np.float32))
    _, relu, pool = _stages(net, x, scope="block")
    assert relu.raw.max() == pytest.approx(2.04) and pool.raw.max() == pytest.approx(1.69)
    brightest = _colour_at(relu, 0, 0, 0)
    assert _colour_at(pool, 0, 0, 0) != brightest
    assert relu.scale_levels == pool.scale_levels == pytest.approx((-2.04, 2.04))  # signed: the block has a conv
    # per stage, both maxima take the top colour: the same brightness for different values
    _, relu_s, pool_s = _stages(net, x, scope="stage")
    assert _colour_at(pool_s, 0, 0, 0) == _colour_at(relu_s, 0, 0, 0)


def _naive_levels(values, signed, centring):
    """The scale of a list of floats, written out: symmetric around zero, or from min to max."""
    lo, hi = min(values), max(values)
    if centring == "symmetric":
        m = max(abs(lo), abs(hi)) or 1.0
        return (-m if signed else 0.0), m
    return lo, hi


@pytest.mark.parametrize("scope", ["map", "stage", "block", "stack"])
@pytest.mark.parametrize("centring", ["symmetric", "minmax"])
def test_each_scope_levels_match_an_independent_computation(scope, centring):
    from convviz.compute import Request, StageReady, run_request
    from convviz.core.layers import Activation, Conv2D, Pool2D
    from convviz.core.network import build_network

    layers = [Conv2D(3, (3, 3)), Activation("relu"), Pool2D("avg", (2, 2)), Conv2D(2, (3, 3)),
              Activation("sigmoid"), Pool2D("max", (2, 2)), Activation("relu")]
    blocks = [[0, 1, 2], [3, 4, 5], [6]]  # a ReLU after a pooling starts a block of its own
    x = sample_image(16, 16, 3, "lecture")
    net = build_network(x.shape, layers, seed=5)
    events = [e for e in run_request(Request(1, net, x, DisplayOptions(scope=scope, centring=centring)))
              if isinstance(e, StageReady)]
    outs = {e.index: e.output for e in events}
    signed_kind = {0: True, 3: True}  # convs are signed; ReLU, sigmoid and poolings of them are not

    def flat(i, c=None):
        a = outs[i]
        return [float(a[y, x_, ch]) for y in range(a.shape[0]) for x_ in range(a.shape[1])
                for ch in range(a.shape[2]) if c is None or ch == c]

    for e in events:
        i, r = e.index, e.rendered
        if scope == "map":
            for c in range(r.n_tiles):
                v = flat(i, c)
                want = _naive_levels(v, signed_kind.get(i, False) or min(flat(i)) < 0, centring)
                assert tuple(r.levels[c]) == pytest.approx(want, rel=1e-6)
            continue
        group = {"stage": [i], "block": next(b for b in blocks if i in b), "stack": list(range(7))}[scope]
        v = [val for j in group for val in flat(j)]
        signed = min(v) < 0 or (scope != "stage" and any(j in signed_kind for j in group)) or i in signed_kind
        want = _naive_levels(v, signed, centring)
        assert r.scale_levels == pytest.approx(want, rel=1e-6), (scope, i)
        assert r.span == (group[0], group[-1]) and r.scope == scope


def test_block_scope_renders_a_block_as_soon_as_it_is_computed():
    from convviz.compute import Request, StageReady, run_request
    from convviz.core.layers import Activation, Conv2D, Pool2D
    from convviz.core.network import build_network

    layers = [Conv2D(2, (3, 3)), Activation("relu"), Pool2D("max", (2, 2)), Conv2D(2, (3, 3)), Activation("relu")]
    x = sample_image(16, 16, 3)
    net = build_network(x.shape, layers, seed=1)
    from convviz import compute

    computed, seen = [], []

    real = compute.run_layer

    def counting(spec, *a, **k):
        computed.append(spec)
        return real(spec, *a, **k)

    compute.run_layer, saved = counting, compute.run_layer
    try:
        for e in run_request(Request(1, net, x, DisplayOptions(scope="block"))):
            if isinstance(e, StageReady):
                seen.append((e.index, len(computed)))
    finally:
        compute.run_layer = saved
    # the first block's three stages are out before the second block's conv runs
    assert seen[:3] == [(0, 3), (1, 3), (2, 3)] and seen[3:] == [(3, 5), (4, 5)]


def test_format_cell_gives_three_significant_digits_and_compact_exponents():
    from convviz.render import format_cell

    assert [format_cell(v) for v in (0.31234, -1.2345, 12.345, 0.0, 1.0, 0.00123)] == \
        ["0.312", "-1.23", "12.3", "0", "1", "0.00123"]
    assert format_cell(12345.6) == "1.23e4" and format_cell(-3.4e-5) == "-3.4e-5"
    assert format_cell(12.345, 1) == "12"  # fewer digits never change the magnitude
    assert format_cell(float("nan")) == "nan"


def test_kernel_filters_wrap_to_fill_a_wide_view_and_stay_whole():
    """Issue 6: several filters share a row when that makes the tiles larger; each keeps its C_in tiles together,
    and every tile is found where it is drawn."""
    from convviz.mosaic import KERNEL_MIN_TILE_PX, kernel_layout

    w = RNG.normal(size=(10, 3, 3, 6)).astype(np.float32)
    r = render_kernels(w, DisplayOptions(kernel_area=(600, 150)))
    per_row = r.columns // 6
    assert per_row > 1 and r.rows == -(-10 // per_row) and r.block_gap > 0
    for tile in range(60):
        f, c = divmod(tile, 6)
        ox, oy = r.tile_origin(tile)
        assert oy == (f // per_row) * 4  # a filter's tiles share one row …
        assert ox == ((f % per_row) * 6 + c) * 4 + (f % per_row) * r.block_gap  # … side by side
        assert r.rgba[oy : oy + 3, ox : ox + 3, 3].all()
        for ky, kx in [(0, 0), (2, 1)]:
            assert r.locate_tile(ox + kx + 0.5, oy + ky + 0.5) == (tile, ky, kx)
    gap_x = r.tile_origin(6)[0] - 1  # just left of filter 1's first tile: a gap
    assert r.locate_tile(gap_x - 0.5, 1.5) is None and r.rgba[1, gap_x - 1, 3] == 0
    # 64 filters × 32 channels in a 600 × 330 view: all at once would be ~7 px a tile, so one filter per row at
    # ≥ 12 px across the width (the view scrolls)
    assert kernel_layout(64, 3, 3, 32, (600, 330)) == (1, 0)
    big = render_kernels(RNG.normal(size=(64, 3, 3, 32)).astype(np.float32), DisplayOptions(kernel_area=(600, 330)))
    assert 3 * 600 / (big.rgba.shape[1] + 0.8 * 3) >= KERNEL_MIN_TILE_PX
