"""convviz.mosaic: tiling maps in a grid with transparent gaps, and block-mean downsampling (no Qt)."""

from __future__ import annotations

import numpy as np
import pytest

from convviz.mosaic import _block_mean
from convviz.render import render_tensor

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("c,cols,rows", [(1, 1, 1), (3, 2, 2), (6, 3, 2), (10, 4, 3), (16, 4, 4)])
def test_grid_geometry(c, cols, rows):
    r = render_tensor(RNG.normal(size=(5, 7, c)).astype(np.float32))
    assert (r.columns, r.rows, r.n_tiles, r.tile_h, r.tile_w, r.downsample) == (cols, rows, c, 5, 7, 1)
    assert r.rgba.shape == (rows * 5 + rows - 1, cols * 7 + cols - 1, 4)
    assert r.rgba.dtype == np.uint8 and r.rgba.flags.c_contiguous
    assert r.levels.shape == (c, 2)


def test_gaps_and_empty_slots_are_transparent_tiles_opaque():
    r = render_tensor(RNG.normal(size=(4, 4, 3)).astype(np.float32))  # 2 × 2 grid, one empty slot
    alpha = r.rgba[..., 3]
    assert (alpha[4, :] == 0).all() and (alpha[:, 4] == 0).all()
    assert (alpha[5:, 5:] == 0).all()  # the empty fourth slot
    assert (alpha[:4, :4] == 255).all() and (alpha[:4, 5:] == 255).all() and (alpha[5:, :4] == 255).all()


def test_explicit_columns():
    r = render_tensor(np.zeros((3, 3, 6), np.float32), columns=6)
    assert (r.columns, r.rows) == (6, 1)
    assert r.rgba.shape[:2] == (3, 6 * 3 + 5)

@pytest.mark.parametrize("shape,f", [((7, 5, 1), 3), ((2046, 9, 2), 5), ((10, 10, 3), 5), ((1, 4, 1), 4),
                                     ((13, 17, 4), 2), ((6, 11, 1), 7)])
def test_block_mean_equals_edge_padded_mean(shape, f):
    a = RNG.normal(size=shape).astype(np.float32)
    h, w, c = shape
    padded = np.pad(a.astype(np.float64), ((0, -h % f), (0, -w % f), (0, 0)), mode="edge")
    ph, pw = padded.shape[:2]
    expect = np.zeros((ph // f, pw // f, c))
    for i in range(ph // f):  # naive loops over blocks
        for j in range(pw // f):
            expect[i, j] = padded[i * f : (i + 1) * f, j * f : (j + 1) * f].mean(axis=(0, 1))
    got = _block_mean(a, f)
    assert got.dtype == np.float32 and got.shape == expect.shape
    np.testing.assert_allclose(got, expect, atol=1e-5)

