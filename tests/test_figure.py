"""Figures: SVG with text as <text>, grid lines and colour bars as shapes, map pixels as an embedded PNG that
holds the view's exact colours; `convviz render` for every view, PNG and SVG."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
import zlib

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from convviz.cli import main
from convviz.figure import encode_png, mosaic_figure, scene_figure, to_svg
from convviz.render import DisplayOptions, render_kernels, render_tensor
from convviz.scene import LECTURE_SCENES, builtin_scene, resource_path

SVG = "{http://www.w3.org/2000/svg}"
LECTURE3 = resource_path("scenes", "lecture3_two_convs.json")


def decode_png(data: bytes) -> np.ndarray:
    """Our encoder's PNG back to RGBA (filter 0 rows only), independently of it."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    idat = b"".join(data[i + 8:i + 8 + int.from_bytes(data[i:i + 4], "big")]
                    for i in [m.start() - 4 for m in re.finditer(b"IDAT", data)])
    rows = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(h, w * 4 + 1)
    assert not rows[:, 0].any()
    return rows[:, 1:].reshape(h, w, 4)


def test_png_encoder_round_trips():
    rgba = np.random.default_rng(0).integers(0, 256, (5, 7, 4), dtype=np.uint8)
    assert_array_equal(decode_png(encode_png(rgba)), rgba)


def test_svg_has_text_shapes_and_the_exact_map_pixels():
    x = np.random.default_rng(1).standard_normal((6, 5, 3)).astype(np.float32)
    r = render_tensor(x, DisplayOptions(), labels=("a", "b", "c"))
    root = ET.fromstring(to_svg(mosaic_figure(r, "conv1 · 6×5×3"), scale=2))
    texts = [t.text for t in root.iter(SVG + "text")]
    assert "conv1 · 6×5×3" in texts and {"a", "b", "c"} <= set(texts)
    lo, hi = r.scale_levels
    assert any(t == f"{hi:.2g}" or t.startswith(f"{hi:.2f}"[:4]) for t in texts)  # the bar's range as numbers
    assert root.find(f"{SVG}defs/{SVG}linearGradient") is not None  # the colour bar is a gradient-filled rect
    assert len(root.findall(f"{SVG}rect")) >= 1 + 3 + 1  # background, tile outlines, bar
    images = root.findall(f"{SVG}image")
    assert len(images) == 3
    for t, img in enumerate(images):
        href = img.get("{http://www.w3.org/1999/xlink}href")
        pixels = decode_png(base64.b64decode(href.split(",", 1)[1]))
        k = pixels.shape[0] // r.tile_h
        mx, my = r.tile_origin(t)
        assert_array_equal(pixels[::k, ::k], r.rgba[my:my + r.tile_h, mx:mx + r.tile_w])
    assert root.get("width") == str(round(float(root.get("viewBox").split()[2]) * 2, 2)).rstrip("0").rstrip(".")


def test_kernels_write_their_values_and_without_labels_no_text():
    w = np.arange(2 * 3 * 3 * 1, dtype=np.float32).reshape(2, 3, 3, 1) - 8
    r = render_kernels(w)
    texts = [t.text for t in ET.fromstring(to_svg(mosaic_figure(r, "k"))).iter(SVG + "text")]
    assert {"-8", "9", "0"} <= set(texts)
    bare = ET.fromstring(to_svg(mosaic_figure(r, "k", labels=False, colorbar=False)))
    assert list(bare.iter(SVG + "text")) == [] and bare.find(f"{SVG}defs") is None
    assert len(bare.findall(f"{SVG}line")) == 2 * 4  # the cells' grid lines are shapes


def test_one_channel_kernels_in_rows_sit_on_a_grid_left_of_the_colour_bar():
    """Eight 5×5×1 kernels tile as 4 × 2: each filter is its own block, and blocks side by side have a wider gap
    in the mosaic; the figure's columns must not be read back from that mosaic x (they once ran into the bar)."""
    w = np.random.default_rng(2).standard_normal((8, 5, 5, 1)).astype(np.float32)
    r = render_kernels(w)
    root = ET.fromstring(to_svg(mosaic_figure(r, "k", values=False)))
    boxes = [(float(i.get("x")), float(i.get("y")), float(i.get("width"))) for i in root.findall(f"{SVG}image")]
    assert len(boxes) == 8 and r.columns * r.rows == 8 and r.rows > 1
    xs = sorted({x for x, _, _ in boxes})
    assert len(xs) == r.columns and len({y for _, y, _ in boxes}) == r.rows
    steps = np.diff(xs)
    assert np.allclose(steps, steps[0]) and steps[0] > boxes[0][2]  # evenly spaced, never overlapping
    bar = next(rect for rect in root.iter(f"{SVG}rect") if (rect.get("fill") or "").startswith("url("))
    assert float(bar.get("x")) > xs[-1] + boxes[0][2]  # the colour bar right of the last column


def test_every_view_of_a_scene():
    scene = builtin_scene(LECTURE_SCENES[2])
    for view in ("input", "kernels", "maps", "stack"):
        fig = scene_figure(scene.network, scene.input, view)
        assert fig.width > 0 and fig.height > 0 and fig.items
    stack = ET.fromstring(to_svg(scene_figure(scene.network, scene.input, "stack")))
    titles = [t.text for t in stack.iter(SVG + "text") if t.get("font-weight") == "bold"]
    assert titles[0].startswith("input") and len(titles) == 1 + len(scene.network.layers)


@pytest.mark.parametrize("view, layer", [("input", None), ("kernels", 2), ("maps", 1), ("stack", 3)])
@pytest.mark.parametrize("suffix", ["svg", "png"])
def test_cli_render_writes_each_view(tmp_path, capsys, view, layer, suffix):
    out = tmp_path / f"fig.{suffix}"
    argv = ["render", str(LECTURE3), "--view", view, "--out", str(out), "--scale", "1.5"]
    if layer is not None:
        argv += ["--layer", str(layer)]
    assert main(argv) == 0, capsys.readouterr().err
    data = out.read_bytes()
    if suffix == "png":
        from PySide6.QtGui import QImage

        img = QImage(str(out))
        assert not img.isNull() and img.width() > 100
    else:
        assert ET.fromstring(data).tag == SVG + "svg"


def test_cli_render_errors_are_one_line(tmp_path, capsys):
    for argv, words in [
        (["--view", "kernels", "--layer", "1"], "a conv layer (0, 2)"),
        (["--view", "maps", "--layer", "9"], "0 … 3"),
        (["--view", "maps", "--out", str(tmp_path / "x.jpg")], ".png or .svg"),
    ]:
        if "--out" not in argv:
            argv += ["--out", str(tmp_path / "x.svg")]
        assert main(["render", str(LECTURE3), *argv]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and words in err, err
    assert list(tmp_path.iterdir()) == []
