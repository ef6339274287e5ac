"""`--channels own|rgb|gray`: the command line converts the input as the window's channel mode does."""

from __future__ import annotations

import json

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from convviz.cli import main
from convviz.fit import convert_channels
from convviz.scene import read_input
from tests.core.reference import ref_conv2d


def write_net(tmp_path, channels: int | None, side: int = 10, name: str = "net.json") -> str:
    spec: dict = {"layers": [{"type": "conv", "filters": 2, "kernel_size": 3}]}
    if channels is not None:
        spec["input"] = {"height": side, "width": side, "channels": channels}
    path = tmp_path / name
    path.write_text(json.dumps(spec), encoding="utf-8")
    return str(path)


def colour_png(tmp_path, h: int = 10, w: int = 10) -> tuple[str, np.ndarray]:
    """An RGB PNG of random colours and its pixels as floats in [0, 1] (read back by NumPy, not by convviz)."""
    from PySide6.QtGui import QColor, QImage

    rgb = np.random.default_rng(7).integers(0, 256, (h, w, 3))
    img = QImage(w, h, QImage.Format.Format_RGB32)
    for y in range(h):
        for x in range(w):
            img.setPixelColor(x, y, QColor(*(int(v) for v in rgb[y, x])))
    path = tmp_path / "colours.png"
    assert img.save(str(path))
    return str(path), rgb / 255.0


def grey_png(tmp_path, side: int = 10) -> tuple[str, np.ndarray]:
    from PySide6.QtGui import QImage

    grey = np.random.default_rng(3).integers(0, 256, (side, side)).astype(np.uint8)
    img = QImage(grey.tobytes(), side, side, side, QImage.Format.Format_Grayscale8).copy()
    path = tmp_path / "grey.png"
    assert img.save(str(path))
    return str(path), grey / 255.0


def luminance(rgb: np.ndarray) -> np.ndarray:
    """0.299 R + 0.587 G + 0.114 B, pixel by pixel."""
    out = np.zeros(rgb.shape[:2] + (1,))
    for i in range(rgb.shape[0]):
        for j in range(rgb.shape[1]):
            r, g, b = (float(v) for v in rgb[i, j, :3])
            out[i, j, 0] = 0.299 * r + 0.587 * g + 0.114 * b
    return out


def run(capsys, *argv) -> tuple[int, dict[str, np.ndarray] | None, str]:
    out = None
    rc = main([str(a) for a in argv])
    err = capsys.readouterr().err
    for i, a in enumerate(argv):
        if a == "--out" and rc == 0:
            with np.load(argv[i + 1], allow_pickle=False) as data:
                out = {k: data[k] for k in data.files}
    return rc, out, err


@pytest.mark.parametrize("side", [10, 7])  # the image's own size, and scaled to fit
def test_run_gray_of_an_rgb_png_is_the_window_s_grey_conversion(capsys, tmp_path, side):
    png, pixels = colour_png(tmp_path)
    rc, out, err = run(capsys, "run", write_net(tmp_path, 1, side), "--input", png, "--channels", "gray",
                       "--out", tmp_path / "o.npz")
    assert rc == 0, err
    x = out["input"]
    assert x.shape == (side, side, 1)
    rgb, _ = read_input((side, side, 3), "colours.png", png)  # the image read as RGB, as the window reads it
    assert_allclose(x, convert_channels(rgb, "gray"), atol=1e-6)
    assert_array_equal(x, read_input((side, side, 1), "colours.png", png, channels="gray")[0])  # the editor's job
    if side == 10:  # not scaled: the luminance of the file's own pixels
        assert_allclose(x, luminance(pixels), atol=1e-6)
    assert x.std() > 0.05  # random colours: not a constant that any conversion would give
    assert_allclose(out["stage.0"], ref_conv2d(x, out["weight.0"], out["bias.0"]), rtol=1e-5, atol=1e-5)


def test_gray_without_an_input_block_takes_one_channel_from_the_image(capsys, tmp_path):
    png, pixels = colour_png(tmp_path)
    rc, out, err = run(capsys, "run", write_net(tmp_path, None), "--input", png, "--channels", "gray",
                       "--out", tmp_path / "o.npz")
    assert rc == 0, err
    assert out["weight.0"].shape[3] == 1  # the network was built for one channel
    assert_allclose(out["input"], luminance(pixels), atol=1e-6)
    rc, out, err = run(capsys, "run", write_net(tmp_path, None), "--input", png, "--out", tmp_path / "o.npz")
    assert rc == 0 and out["input"].shape == (10, 10, 3)  # own (the default): the image's three


def test_rgb_of_a_grey_png_repeats_its_level(capsys, tmp_path):
    png, grey = grey_png(tmp_path)
    rc, out, err = run(capsys, "run", write_net(tmp_path, 3), "--input", png, "--channels", "rgb",
                       "--out", tmp_path / "o.npz")
    assert rc == 0, err
    x = out["input"]
    assert x.shape == (10, 10, 3)
    for c in range(3):
        assert_allclose(x[..., c], grey, atol=1e-6)
    assert_allclose(out["stage.0"], ref_conv2d(x, out["weight.0"], out["bias.0"]), rtol=1e-5, atol=1e-5)


def test_arrays_are_read_as_they_are_then_converted(capsys, tmp_path):
    rng = np.random.default_rng(5)
    rgb = rng.random((6, 9, 3)).astype(np.float32)
    one = rng.random((6, 9, 1)).astype(np.float32)
    np.save(tmp_path / "rgb.npy", rgb)
    np.save(tmp_path / "one.npy", one)
    rc, out, err = run(capsys, "run", write_net(tmp_path, None), "--input", tmp_path / "rgb.npy",
                       "--channels", "gray", "--out", tmp_path / "o.npz")
    assert rc == 0, err
    assert_allclose(out["input"], luminance(rgb), atol=1e-6)
    net3 = tmp_path / "net3.json"  # an input block of three channels the size of the array
    net3.write_text(json.dumps({"input": {"height": 6, "width": 9, "channels": 3},
                                "layers": [{"type": "conv", "filters": 2, "kernel_size": 3}]}), encoding="utf-8")
    rc, out, err = run(capsys, "run", net3, "--input", tmp_path / "one.npy", "--channels", "rgb",
                       "--out", tmp_path / "o.npz")
    assert rc == 0, err
    assert_array_equal(out["input"], np.repeat(one, 3, axis=2))
    np.save(tmp_path / "two.npy", rgb[..., :2])
    rc, _, err = run(capsys, "run", write_net(tmp_path, None), "--input", tmp_path / "two.npy",
                     "--channels", "gray", "--out", tmp_path / "o.npz")
    assert rc == 2 and "2 channels cannot be made grayscale" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("case", ["image", "array", "sample"])
def test_a_network_of_other_channels_is_one_line_and_exit_2(capsys, tmp_path, case):
    np.save(tmp_path / "a.npy", np.zeros((10, 10, 3), np.float32))
    given = {"image": ["--input", colour_png(tmp_path)[0]], "array": ["--input", tmp_path / "a.npy"],
             "sample": []}[case]
    rc, _, err = run(capsys, "run", write_net(tmp_path, 3), *given, "--channels", "gray",
                     "--out", tmp_path / "o.npz")
    assert rc == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "read as grayscale" in lines[0] and "10×10×1" in lines[0] and "10×10×3" in lines[0]
    assert not (tmp_path / "o.npz").exists()


def test_every_verb_with_input_takes_channels(capsys, tmp_path):
    png, _ = colour_png(tmp_path)
    net = write_net(tmp_path, None)
    rc = main(["summary", net, "--input", png, "--channels", "gray", "--json"])
    assert rc == 0 and json.loads(capsys.readouterr().out)["input"] == [10, 10, 1]
    rc = main(["explain", net, "--input", png, "--channels", "gray", "--layer", "0", "--channel", "0", "--at", "0,0",
               "--json"])
    unit = json.loads(capsys.readouterr().out)
    assert rc == 0 and unit["input_channels"] == [0]
    rc = main(["invariance", net, "--input", png, "--channels", "gray", "--shift-max", "1", "--json"])
    assert rc == 0 and json.loads(capsys.readouterr().out)
    rc = main(["render", net, "--input", png, "--channels", "gray", "--view", "input", "--out",
               str(tmp_path / "f.svg")])
    assert rc == 0 and (tmp_path / "f.svg").exists()
    with pytest.raises(SystemExit) as exit_:
        main(["run", net, "--channels", "grey", "--out", str(tmp_path / "o.npz")])
    assert exit_.value.code == 2 and "grey" in capsys.readouterr().err


def test_gui_passes_the_channel_mode_to_the_window(monkeypatch, tmp_path):
    import convviz.qt.app as app

    seen = {}
    monkeypatch.setattr(app, "run_gui", lambda network, **kw: seen.update(kw, network=network) or 0)
    png, _ = colour_png(tmp_path)
    assert main(["gui", write_net(tmp_path, 1), "--input", png, "--channels", "gray"]) == 0
    assert seen["channels"] == "gray" and seen["input_path"] == png


def test_a_project_keeps_its_channel_mode_unless_told(capsys, tmp_path):
    from convviz.core.layers import Conv2D
    from convviz.core.network import build_network
    from convviz.model import state_from_network
    from convviz.project import Project, save_project

    png, _ = colour_png(tmp_path)
    grey_state = state_from_network(build_network((10, 10, 1), [Conv2D(2, (3, 3))], seed=0),
                                    np.zeros((10, 10, 1), np.float32))
    save_project(tmp_path / "g.convviz", Project(grey_state.with_input(grey_state.input, "x", channels="gray")))
    arr = np.random.default_rng(4).random((10, 10, 3)).astype(np.float32)
    np.save(tmp_path / "rgb.npy", arr)
    rc, out, err = run(capsys, "run", tmp_path / "g.convviz", "--input", tmp_path / "rgb.npy",
                       "--out", tmp_path / "o.npz")
    assert rc == 0, err
    assert_allclose(out["input"], luminance(arr), atol=1e-6)  # the project's grey mode converts the array
    rc, _, err = run(capsys, "run", tmp_path / "g.convviz", "--input", png, "--channels", "rgb",
                     "--out", tmp_path / "o.npz")
    assert rc == 2 and "read as RGB" not in err and "10×10×3" in err and "10×10×1" in err

    rgb_x = np.random.default_rng(2).random((10, 10, 3)).astype(np.float32)
    rgb_state = state_from_network(build_network((10, 10, 3), [Conv2D(2, (3, 3))], seed=0), rgb_x)
    save_project(tmp_path / "c.convviz", Project(rgb_state))
    rc, _, err = run(capsys, "run", tmp_path / "c.convviz", "--channels", "gray", "--out", tmp_path / "o.npz")
    assert rc == 2 and len(err.strip().splitlines()) == 1 and "10×10×1" in err and "10×10×3" in err


def test_the_conversion_named_in_the_error_is_in_the_text_language(capsys, tmp_path):
    rc, _, err = run(capsys, "summary", write_net(tmp_path, 3), "--input", colour_png(tmp_path)[0],
                     "--channels", "gray", "--lang", "ru")
    assert rc == 2 and "10×10×1 (прочитано в оттенках серого)" in err and "read as" not in err
