"""The command line: `convviz summary` and `convviz run` in-process through main(), plus a real subprocess."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from convviz.cli import main
from convviz.scene import resource_path
from tests.core.reference import ref_activation, ref_conv2d, ref_pool2d

LECTURE3 = resource_path("scenes", "lecture3_two_convs.json")  # conv6 → ReLU → conv10 → ReLU on 8×8×3

ISSUE_EXAMPLE = {
    "input": {"height": 8, "width": 8, "channels": 3},
    "layers": [
        {"type": "conv", "filters": 6, "kernel_size": 3},
        {"type": "relu"},
        {"type": "conv", "filters": 10, "kernel_size": 3, "stride": 1, "padding": 0, "dilation": 1,
         "bias": True},
        {"type": "relu"},
        {"type": "pool", "mode": "max", "size": 2, "stride": 2},
    ],
}

SUMMARY_KEYS = {"input", "layers", "total_params", "total_macs"}
LAYER_KEYS = {"index", "type", "output_shape", "params", "weights", "biases", "neurons", "macs",
              "receptive_field", "receptive_field_jump", "fc_params"}


def write_json(path, obj) -> str:
    path.write_text(json.dumps(obj), encoding="utf-8")
    return str(path)


@pytest.fixture
def example(tmp_path) -> str:
    return write_json(tmp_path / "net.json", ISSUE_EXAMPLE)


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def load_npz(path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}


# --- summary -------------------------------------------------------------------------------------------

def test_summary_json_has_the_issue_keys_and_every_layer(capsys, example):
    rc, out, err = run_cli(capsys, "summary", example, "--json")
    assert rc == 0 and err == ""
    s = json.loads(out)
    assert set(s) == SUMMARY_KEYS
    assert s["input"] == [8, 8, 3]
    layers = s["layers"]
    assert [lay["index"] for lay in layers] == [0, 1, 2, 3, 4]
    assert [lay["type"] for lay in layers] == ["conv", "relu", "conv", "relu", "pool"]
    for lay in layers:
        assert set(lay) == LAYER_KEYS
        h, w, c = lay["output_shape"]
        assert lay["neurons"] == h * w * c
        assert lay["params"] == lay["weights"] + lay["biases"]
    shapes = [[6, 6, 6], [6, 6, 6], [4, 4, 10], [4, 4, 10], [2, 2, 10]]
    assert [lay["output_shape"] for lay in layers] == shapes
    conv1, relu1, conv2, relu2, pool = layers
    assert conv1["params"] == 6 * (3 * 3 * 3 + 1)
    assert (conv2["params"], conv2["weights"], conv2["biases"]) == (10 * 3 * 3 * 6 + 10, 10 * 3 * 3 * 6, 10)
    assert conv2["neurons"] == 4 * 4 * 10
    assert conv2["macs"] == 4 * 4 * 10 * 3 * 3 * 6
    assert conv1["fc_params"] == (8 * 8 * 3) * (6 * 6 * 6) + 6 * 6 * 6
    assert conv2["fc_params"] == (6 * 6 * 6) * (4 * 4 * 10) + 4 * 4 * 10
    for lay in (relu1, relu2, pool):
        assert (lay["params"], lay["weights"], lay["biases"], lay["macs"]) == (0, 0, 0, 0)
        assert lay["fc_params"] is None
    assert pool["neurons"] == 2 * 2 * 10
    assert [lay["receptive_field"] for lay in layers] == [[3, 3], [3, 3], [5, 5], [5, 5], [6, 6]]
    assert [lay["receptive_field_jump"] for lay in layers] == [[1, 1]] * 4 + [[2, 2]]
    assert s["total_params"] == 6 * 28 + 550
    assert s["total_macs"] == 6 * 6 * 6 * 27 + 4 * 4 * 10 * 54


def test_summary_json_for_the_lecture_one_filter_fc_comparison(capsys):
    rc, out, _ = run_cli(capsys, "summary", resource_path("scenes", "lecture1_one_filter.json"), "--json")
    assert rc == 0
    (conv,) = json.loads(out)["layers"]
    assert conv["params"] == 3 * 3 * 3 + 1
    assert conv["fc_params"] == 192 * 36 + 36


def test_summary_table(capsys, example):
    rc, out, err = run_cli(capsys, "summary", example)
    assert rc == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["#", "layer", "output"]
    body = [ln for ln in lines if ln[:1].isdigit()]
    assert [ln.split()[0] for ln in body] == ["0", "1", "2", "3", "4"]
    assert "conv 6@3×3" in body[0] and "6×6×6" in body[0] and "168 (162+6)" in body[0]
    assert "ReLU" in body[1]
    assert "conv 10@3×3" in body[2] and "4×4×10" in body[2] and "550 (540+10)" in body[2]
    assert " 160 " in body[2]
    assert "max pool 2×2" in body[4] and "2×2×10" in body[4]
    assert any("input" in ln and "8×8×3" in ln for ln in lines)
    assert "total params: 718" in out  # 168 + 550


def test_summary_of_a_large_network_draws_no_image(capsys, tmp_path, monkeypatch):
    import convviz.scene

    def no_pixels(*args, **kwargs):
        raise AssertionError("summary should not draw a sample image")

    monkeypatch.setattr(convviz.scene, "sample_input", no_pixels)
    big = write_json(tmp_path / "big.json", {"input": {"height": 2048, "width": 2048, "channels": 3},
                                             "layers": [{"type": "conv", "filters": 16, "kernel_size": 3}]})
    rc, out, err = run_cli(capsys, "summary", big, "--json")
    assert rc == 0, err
    assert json.loads(out)["total_macs"] == 2046 * 2046 * 16 * 3 * 3 * 3


def test_summary_with_input_for_a_file_without_input_block(capsys, tmp_path):
    net = write_json(tmp_path / "net.json", {"layers": [{"type": "conv", "filters": 2, "kernel_size": 3}]})
    np.save(tmp_path / "x.npy", np.zeros((5, 7, 4), np.float32))
    rc, out, _ = run_cli(capsys, "summary", net, "--input", tmp_path / "x.npy", "--json")
    assert rc == 0
    s = json.loads(out)
    assert s["input"] == [5, 7, 4]
    assert s["layers"][0]["output_shape"] == [3, 5, 2]
    # without --input there is no shape to start from: one clear line
    rc, out, err = run_cli(capsys, "summary", net)
    assert rc == 2 and out == ""
    assert err.startswith("convviz:") and "input" in err and len(err.splitlines()) == 1


# --- run -----------------------------------------------------------------------------------------------

def test_run_writes_every_stage_and_the_weights(capsys, tmp_path):
    out_path = tmp_path / "out.npz"
    rc, out, err = run_cli(capsys, "run", LECTURE3, "--out", out_path)
    assert rc == 0 and err == ""
    assert str(out_path) in out
    arrays = load_npz(out_path)
    assert set(arrays) == {"input", "stage.0", "stage.1", "stage.2", "stage.3",
                           "weight.0", "bias.0", "weight.2", "bias.2"}
    x = arrays["input"]
    assert x.shape == (8, 8, 3) and x.dtype == np.float32 and x.min() >= 0 and x.max() <= 1
    assert arrays["weight.0"].shape == (6, 3, 3, 3)
    assert arrays["weight.2"].shape == (10, 3, 3, 6)
    # the file's seeds, He normal with std √(2 / fan_in)
    he1 = np.random.default_rng(1).standard_normal((6, 3, 3, 3)) * math.sqrt(2 / 27)
    he2 = np.random.default_rng(2).standard_normal((10, 3, 3, 6)) * math.sqrt(2 / 54)
    assert_allclose(arrays["weight.0"], he1, rtol=1e-6)
    assert_allclose(arrays["weight.2"], he2, rtol=1e-6)
    assert_array_equal(arrays["bias.0"], np.zeros(6))
    # recomputed independently with the naive float64 reference
    r0 = ref_conv2d(x, arrays["weight.0"], arrays["bias.0"])
    r1 = ref_activation("relu", r0)
    r2 = ref_conv2d(r1, arrays["weight.2"], arrays["bias.2"])
    r3 = ref_activation("relu", r2)
    for i, ref in enumerate([r0, r1, r2, r3]):
        assert arrays[f"stage.{i}"].dtype == np.float32
        assert_allclose(arrays[f"stage.{i}"], ref, rtol=1e-5, atol=1e-6)
    assert arrays["stage.2"].shape == (4, 4, 10)


def test_run_with_pooling_against_the_reference(capsys, tmp_path, example):
    out_path = tmp_path / "o.npz"
    assert run_cli(capsys, "run", example, "--out", out_path, "--seed", "3")[0] == 0
    a = load_npz(out_path)
    ref, _ = ref_pool2d(a["stage.3"], 2, 2)
    assert a["stage.4"].shape == (2, 2, 10)
    assert_allclose(a["stage.4"], ref, rtol=1e-6)


def test_run_writes_exactly_the_path_given(capsys, tmp_path, example):
    rc, _, _ = run_cli(capsys, "run", example, "--out", tmp_path / "result.data")
    assert rc == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["net.json", "result.data"]


def test_run_seed_changes_only_layers_without_their_own_seed(capsys, tmp_path, example):
    run_cli(capsys, "run", example, "--out", tmp_path / "a.npz", "--seed", "1")
    run_cli(capsys, "run", example, "--out", tmp_path / "b.npz", "--seed", "1")
    run_cli(capsys, "run", example, "--out", tmp_path / "c.npz", "--seed", "2")
    a, b, c = (load_npz(tmp_path / f"{n}.npz") for n in "abc")
    assert_array_equal(a["weight.0"], b["weight.0"])
    assert not np.array_equal(a["weight.0"], c["weight.0"])
    run_cli(capsys, "run", LECTURE3, "--out", tmp_path / "d.npz", "--seed", "1")
    run_cli(capsys, "run", LECTURE3, "--out", tmp_path / "e.npz", "--seed", "2")
    assert_array_equal(load_npz(tmp_path / "d.npz")["weight.2"], load_npz(tmp_path / "e.npz")["weight.2"])


def test_run_weights_round_trip(capsys, tmp_path, example):
    first, second = tmp_path / "first.npz", tmp_path / "second.npz"
    assert run_cli(capsys, "run", example, "--out", first, "--seed", "5")[0] == 0
    # another seed would give other weights; the run output used as --weights restores them
    assert run_cli(capsys, "run", example, "--weights", first, "--seed", "77", "--out", second)[0] == 0
    a, b = load_npz(first), load_npz(second)
    assert set(a) == set(b)
    for key in a:
        assert_array_equal(a[key], b[key], err_msg=key)


def test_run_with_a_png_input_stretched_is_resized_and_in_range(capsys, tmp_path, example):
    from PySide6.QtGui import QColor, QImage

    img = QImage(20, 13, QImage.Format.Format_ARGB32)
    img.fill(QColor(255, 128, 0, 200))
    png = tmp_path / "orange.png"
    assert img.save(str(png), "PNG")
    rc, _, err = run_cli(capsys, "run", example, "--input", png, "--fit", "stretch", "--out", tmp_path / "o.npz")
    assert rc == 0, err
    x = load_npz(tmp_path / "o.npz")["input"]
    assert x.shape == (8, 8, 3) and x.dtype == np.float32
    assert x.min() >= 0 and x.max() <= 1
    assert_allclose(x, np.broadcast_to([1.0, 128 / 255, 0.0], x.shape), atol=1.5 / 255)


def test_run_with_a_npy_input(capsys, tmp_path, example):
    arr = np.random.default_rng(0).uniform(-1, 1, (8, 8, 3)).astype(np.float32)
    np.save(tmp_path / "x.npy", arr)
    rc, _, _ = run_cli(capsys, "run", example, "--input", tmp_path / "x.npy", "--out", tmp_path / "o.npz")
    assert rc == 0
    assert_array_equal(load_npz(tmp_path / "o.npz")["input"], arr)


# --- bad input: one line on stderr, status 2, no traceback, no output file -----------------------------

def bad_cases(tmp_path):
    conv = {"type": "conv", "filters": 2, "kernel_size": 3}
    good = write_json(tmp_path / "good.json", ISSUE_EXAMPLE)
    np.save(tmp_path / "wrong_shape.npy", np.zeros((8, 9, 3), np.float32))
    np.savez(tmp_path / "wrong_weights.npz", **{"weight.2": np.zeros((10, 3, 3, 3), np.float32)})
    np.savez(tmp_path / "nan_weights.npz", **{"weight.0": np.full((6, 3, 3, 3), np.nan, np.float32)})
    np.save(tmp_path / "weights.npy", np.zeros((6, 3, 3, 3), np.float32))
    (tmp_path / "picture.png").write_text("not an image, only text", encoding="utf-8")
    (tmp_path / "corrupt.json").write_text('{"layers": [{"type": "conv",', encoding="utf-8")
    return {
        "unknown layer type": ([write_json(tmp_path / "lstm.json", {**ISSUE_EXAMPLE, "layers": [
            {"type": "lstm", "units": 10}]})], ["layer 0", "lstm"]),
        "kernel too large": ([write_json(tmp_path / "big.json", {**ISSUE_EXAMPLE, "layers": [
            conv, conv, conv, {"type": "conv", "filters": 2, "kernel_size": 5}]})],
            ["layer 3 (conv, kernel 5×5)", "2×2×2", "padding ≥ 2"]),
        "same with stride 2": ([write_json(tmp_path / "same.json", {**ISSUE_EXAMPLE, "layers": [
            {**conv, "padding": "same", "stride": 2}]})], ["layer 0", "stride"]),
        "unknown key": ([write_json(tmp_path / "key.json", {**ISSUE_EXAMPLE, "layers": [
            {**conv, "kernal_size": 3}]})], ["layer 0", "kernal_size"]),
        "corrupt json": ([str(tmp_path / "corrupt.json")], ["corrupt.json", "line 1"]),
        "missing network": ([str(tmp_path / "absent.json")], ["absent.json", "no such file"]),
        "missing input": ([good, "--input", str(tmp_path / "absent.png")], ["absent.png"]),
        "non-image input": ([good, "--input", str(tmp_path / "picture.png")],
                            ["picture.png", "not an image"]),
        "npy of the wrong shape": ([good, "--input", str(tmp_path / "wrong_shape.npy")], ["8×9×3", "8×8×3"]),
        "weights of the wrong shape": ([good, "--weights", str(tmp_path / "wrong_weights.npz")],
                                       ["layer 2", "weight.2", "10×3×3×3", "10×3×3×6"]),
        "NaN weights": ([good, "--weights", str(tmp_path / "nan_weights.npz")], ["weight.0", "NaN"]),
        "npy as weights": ([good, "--weights", str(tmp_path / "weights.npy")], ["weights.npy"]),
        "missing weights": ([good, "--weights", str(tmp_path / "absent.npz")], ["absent.npz"]),
        "text as weights": ([good, "--weights", str(tmp_path / "picture.png")], ["picture.png"]),
    }


BAD_CASE_NAMES = ["unknown layer type", "kernel too large", "same with stride 2", "unknown key",
                  "corrupt json", "missing network", "missing input", "non-image input",
                  "npy of the wrong shape", "weights of the wrong shape", "NaN weights", "npy as weights",
                  "missing weights", "text as weights"]


def assert_one_line_error(rc: int, out: str, err: str, needles) -> None:
    assert rc == 2
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith("convviz: ") and err.endswith("\n")
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, (needle, err)


@pytest.mark.parametrize("case", BAD_CASE_NAMES)
def test_run_bad_input_is_one_line_and_status_2(capsys, tmp_path, case):
    args, needles = bad_cases(tmp_path)[case]
    out_path = tmp_path / "never.npz"
    rc, out, err = run_cli(capsys, "run", *args, "--out", out_path)
    assert_one_line_error(rc, out, err, needles)
    assert not out_path.exists()


@pytest.mark.parametrize("case", ["unknown layer type", "kernel too large", "corrupt json", "missing network",
                                  "non-image input", "npy of the wrong shape"])
def test_summary_bad_input_is_one_line_and_status_2(capsys, tmp_path, case):
    args, needles = bad_cases(tmp_path)[case]
    rc, out, err = run_cli(capsys, "summary", *args)
    assert_one_line_error(rc, out, err, needles)


def test_run_into_a_missing_folder(capsys, tmp_path, example):
    rc, out, err = run_cli(capsys, "run", example, "--out", tmp_path / "no" / "such" / "o.npz")
    assert_one_line_error(rc, out, err, ["no"])


def test_run_onto_a_directory_names_it(capsys, tmp_path, example):
    target = tmp_path / "folder"
    target.mkdir()
    rc, out, err = run_cli(capsys, "run", example, "--out", target)
    assert_one_line_error(rc, out, err, [str(target)])
    assert ".tmp" not in err
    assert [p.name for p in target.iterdir()] == []


@pytest.mark.parametrize(
    "argv",
    [["run", "net.json"], ["summary"], ["frobnicate"], ["run", "n.json", "--out", "o", "--seed", "x"]],
)
def test_usage_errors_exit_2_with_one_line(capsys, argv):
    with pytest.raises(SystemExit) as ei:
        main(argv)
    assert ei.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith("convviz:")


# --- a real process ------------------------------------------------------------------------------------

def test_python_m_convviz_summary_in_a_subprocess(tmp_path, example):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-m", "convviz", "summary", example, "--json"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    s = json.loads(proc.stdout)
    assert s["layers"][2]["params"] == 10 * 3 * 3 * 6 + 10
    assert s["layers"][2]["neurons"] == 4 * 4 * 10

    bad = write_json(tmp_path / "bad.json", {"layers": [{"type": "dense"}]})
    proc = subprocess.run([sys.executable, "-m", "convviz", "summary", bad], capture_output=True, text=True,
                          env=env, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("convviz:") and len(proc.stderr.splitlines()) == 1


# --- --fit: an image of another size than the input ----------------------------------------------------

RED, GREEN, BLUE = (1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)


def stripes_png(tmp_path):
    """300 wide × 200 high: red, green and blue vertical stripes, 100 px each."""
    from PySide6.QtGui import QColor, QImage, QPainter

    img = QImage(300, 200, QImage.Format.Format_RGB32)
    painter = QPainter(img)
    for i, colour in enumerate(("#ff0000", "#00ff00", "#0000ff")):
        painter.fillRect(100 * i, 0, 100, 200, QColor(colour))
    painter.end()
    path = tmp_path / "stripes.png"
    assert img.save(str(path))
    return path


# By hand, for 200×300 (H×W) into 128×128. fit: scale 128/300, 85 rows (200·0.4267 = 85.3) from row 21
# ((128 − 85) // 2), stripe edges at x = 42.7 and 85.3. crop: scale 128/200, 192 columns of which 32 are cut on
# each side, edges at 64 − 32 = 32 and 128 − 32 = 96. stretch: every row, edges at 42.7 and 85.3.
# (rows, columns, colour) away from the edges, where smooth scaling keeps pure colours.
FIT_EXPECTED = {
    "fit": ([slice(21, 106)], [(slice(0, 41), RED), (slice(45, 83), GREEN), (slice(88, 128), BLUE)]),
    "crop": ([slice(0, 128)], [(slice(0, 30), RED), (slice(34, 94), GREEN), (slice(98, 128), BLUE)]),
    "stretch": ([slice(0, 128)], [(slice(0, 41), RED), (slice(45, 83), GREEN), (slice(88, 128), BLUE)]),
}


@pytest.mark.parametrize("mode", ["fit", "crop", "stretch"])
def test_run_fit_modes_place_the_image_as_computed_by_hand(capsys, tmp_path, mode):
    net = write_json(tmp_path / "net.json", {"input": {"height": 128, "width": 128, "channels": 3},
                                             "layers": [{"type": "conv", "filters": 2, "kernel_size": 3}]})
    args = ["--fit", mode] if mode != "fit" else []  # fit is the default
    rc, _, err = run_cli(capsys, "run", net, "--input", stripes_png(tmp_path), *args, "--out", tmp_path / "o.npz")
    assert rc == 0, err
    out = load_npz(tmp_path / "o.npz")
    x = out["input"]
    assert x.shape == (128, 128, 3)
    (rows,), stripes = FIT_EXPECTED[mode]
    for cols, colour in stripes:
        assert_allclose(x[rows, cols], np.broadcast_to(colour, x[rows, cols].shape), atol=1e-6)
    zero = np.ones(128, bool)
    zero[rows] = False
    assert not x[zero].any()  # fit: zero rows above and below; the others: none
    assert (x[~zero].max(axis=2) > 0.3).all()  # the image fills its rows, to the edges
    assert_allclose(out["stage.0"], ref_conv2d(x, out["weight.0"], out["bias.0"]), rtol=1e-5, atol=1e-5)


def test_fit_is_refused_when_unknown(capsys, tmp_path, example):
    with pytest.raises(SystemExit) as exit_:
        main(["run", example, "--fit", "squash", "--out", str(tmp_path / "o.npz")])
    assert exit_.value.code == 2 and "squash" in capsys.readouterr().err


def test_dataset_verb_writes_an_npz(tmp_path, capsys):
    from convviz.cli import main

    out = tmp_path / "d.npz"
    assert main(["dataset", "digits", "--count", "40", "--seed", "3", "--split", "test", "--out", str(out)]) == 0
    with np.load(out) as f:
        assert f["x"].shape == (40, 28, 28, 1) and f["x"].dtype == np.float32 and f["y"].shape == (40,)
    assert "40 images" in capsys.readouterr().out
    assert main(["dataset", "shapes", "--count", "0", "--out", str(out)]) == 2


def test_train_then_evaluate_on_a_dataset_file(tmp_path, capsys):
    from convviz.cli import main

    net = tmp_path / "net.json"
    net.write_text(json.dumps({"input": {"height": 32, "width": 32, "channels": 3}, "layers": [
        {"type": "conv", "filters": 4, "kernel_size": 3, "stride": 2}, {"type": "relu"},
        {"type": "global_avg_pool"}, {"type": "dense", "units": 5}, {"type": "softmax"}]}))
    data = tmp_path / "d.npz"
    assert main(["dataset", "shapes", "--count", "64", "--out", str(data)]) == 0
    capsys.readouterr()
    out = tmp_path / "w.npz"
    assert main(["train", str(net), "--data", str(data), "--epochs", "2", "--batch", "16", "--lr", "0.01",
                 "--out", str(out), "--json"]) == 0
    epochs = json.loads(capsys.readouterr().out)
    assert [e["epoch"] for e in epochs] == [1, 2] and all(e["images"] == 64 for e in epochs)
    assert set(epochs[0]) == {"epoch", "images", "train_loss", "train_accuracy", "test_accuracy", "seconds"}
    assert 0 <= epochs[1]["train_accuracy"] <= 1
    with np.load(out) as f:
        assert f["weight.3"].shape == (5, 4)
    assert main(["evaluate", str(net), "--weights", str(out), "--data", str(data), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["count"] == 64 and np.array(result["confusion"]).sum() == 64 and 0 <= result["accuracy"] <= 1


def test_train_refuses_a_stack_without_a_head(tmp_path, capsys):
    from convviz.cli import main

    net = tmp_path / "net.json"
    net.write_text(json.dumps({"input": {"height": 28, "width": 28, "channels": 1},
                               "layers": [{"type": "conv", "filters": 2, "kernel_size": 3}]}))
    assert main(["train", str(net), "--data", "digits", "--count", "20", "--test-count", "10",
                 "--out", str(tmp_path / "w.npz")]) == 2
    assert "dense layer of 10 units" in capsys.readouterr().err


@pytest.mark.parametrize("key", ["lecture-1", "lecture-8"])
def test_gui_scene_opens_a_lecture_scene_by_its_key_as_its_file_would(monkeypatch, key):
    """`convviz gui --scene lecture-8`: the scene without knowing where the installation keeps its file."""
    import convviz.qt.app as app
    from convviz.scene import LECTURE_SCENES, builtin_for_path

    opened = []
    monkeypatch.setattr(app, "run_gui", lambda network, **kw: opened.append(network) or 0)
    assert main(["gui", "--scene", key]) == 0
    assert builtin_for_path(opened[0]) is next(s for s in LECTURE_SCENES if s.key == key)


def test_gui_scene_and_a_network_file_together_are_refused(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["gui", str(LECTURE3), "--scene", "lecture-8"])
    assert exc.value.code == 2 and "not allowed with" in capsys.readouterr().err


def test_train_and_evaluate_keep_to_the_memory_limit(tmp_path, capsys):
    from convviz.cli import main

    net = tmp_path / "net.json"
    net.write_text(json.dumps({"input": {"height": 28, "width": 28, "channels": 1}, "layers": [
        {"type": "conv", "filters": 8, "kernel_size": 5}, {"type": "relu"}, {"type": "flatten"},
        {"type": "dense", "units": 10}]}))
    out = tmp_path / "w.npz"
    # 10⁹ generated images: refused before a byte of them is made
    assert main(["train", str(net), "--data", "digits", "--count", "1000000000", "--out", str(out)]) == 2
    assert "generating the images needs 2.9 TiB" in capsys.readouterr().err
    assert main(["train", str(net), "--data", "digits", "--count", "50", "--test-count", "10", "--out", str(out),
                 "--memory-limit", "2M"]) == 2
    err = capsys.readouterr().err
    assert "training needs" in err and "on a batch of 64" in err and "--batch" in err and not out.exists()
    assert main(["train", str(net), "--data", "digits", "--count", "50", "--test-count", "10", "--epochs", "1",
                 "--batch", "8", "--out", str(out), "--memory-limit", "2M"]) == 0
    capsys.readouterr()
    # the stack and the data fit, a batch of 50 does not: smaller batches, the same answer
    assert main(["evaluate", str(net), "--weights", str(out), "--data", "digits", "--count", "50", "--json"]) == 0
    full = json.loads(capsys.readouterr().out)
    assert main(["evaluate", str(net), "--weights", str(out), "--data", "digits", "--count", "50", "--json",
                 "--memory-limit", "500K"]) == 0
    assert json.loads(capsys.readouterr().out) == full
    assert main(["evaluate", str(net), "--weights", str(out), "--data", "digits", "--count", "50",
                 "--memory-limit", "1K"]) == 2
    assert "needs" in capsys.readouterr().err
