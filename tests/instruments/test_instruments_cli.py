"""`convviz explain`, `convviz invariance` and `convviz quiz` through main(): JSON shapes, tables and errors."""

from __future__ import annotations

import json

import numpy as np
import pytest

from convviz.cli import main
from convviz.core import forward
from convviz.scene import load_scene, resource_path

LECTURE3 = str(resource_path("scenes", "lecture3_two_convs.json"))  # conv6 → ReLU → conv10 → ReLU on 8×8×3

NET = {
    "input": {"height": 7, "width": 6, "channels": 2},
    "layers": [
        {"type": "conv", "filters": 4, "kernel_size": 3, "padding": "same", "dilation": 2, "groups": 2},
        {"type": "relu"},
        {"type": "pool", "mode": "max", "size": 2, "padding": 1},
        {"type": "conv", "filters": 3, "kernel_size": [2, 3], "stride": 2, "bias": False},
        {"type": "pool", "mode": "weighted", "size": 3, "stride": 1, "padding": 1},
    ],
}


@pytest.fixture
def net_path(tmp_path) -> str:
    p = tmp_path / "net.json"
    p.write_text(json.dumps(NET), encoding="utf-8")
    return str(p)


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    try:
        rc = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse's own errors
        rc = exc.code
    out, err = capsys.readouterr()
    return rc, out, err


# --- explain -------------------------------------------------------------------------------------------

def test_explain_conv_json_is_the_engine_unit(capsys, net_path, tmp_path):
    x = np.random.default_rng(0).uniform(0, 1, (7, 6, 2)).astype(np.float32)
    np.save(tmp_path / "x.npy", x)
    rc, out, err = run_cli(capsys, "explain", net_path, "--input", tmp_path / "x.npy", "--seed", 4, "--layer", 0,
                           "--channel", 3, "--at", "0,5", "--json")
    assert rc == 0 and err == ""
    d = json.loads(out)
    assert list(d) == ["layer", "type", "channel", "at", "rows", "cols", "input_channels", "inputs", "kernel",
                       "products", "padding", "per_channel_sums", "bias", "y", "activated"]
    assert (d["layer"], d["type"], d["channel"], d["at"]) == (0, "conv", 3, [0, 5])
    assert d["rows"] == [-2, 0, 2] and d["cols"] == [3, 5, 7]  # "same" with dilation 2 pads 2 on each side
    assert d["input_channels"] == [1]  # filter 3 of 4 in 2 groups reads channel 1
    assert np.asarray(d["inputs"]).shape == (3, 3, 1)
    assert d["padding"] == [[True] * 3, [False, False, True], [False, False, True]]
    scene = load_scene(net_path, input_path=str(tmp_path / "x.npy"), seed=4)
    stages = forward(scene.network, scene.input)
    assert d["y"] == float(stages[0][0, 5, 3])
    assert d["activated"] == float(stages[1][0, 5, 3])
    assert d["bias"] == 0.0
    assert sum(d["per_channel_sums"]) + d["bias"] == pytest.approx(d["y"], rel=1e-5, abs=1e-6)


def test_explain_pool_and_activation_json(capsys, net_path):
    rc, out, _ = run_cli(capsys, "explain", net_path, "--layer", 2, "--channel", 1, "--at", "0,0", "--json")
    assert rc == 0
    p = json.loads(out)
    assert list(p) == ["layer", "type", "channel", "at", "rows", "cols", "inputs", "padding", "weights", "argmax", "y"]
    assert p["rows"] == [-1, 0] and p["inputs"][0] == [None, None] and p["weights"] is None
    assert p["argmax"] == [0, 0] and p["y"] == p["inputs"][1][1]
    rc, out, _ = run_cli(capsys, "explain", net_path, "--layer", 4, "--channel", 0, "--at", "0,0", "--json")
    w = json.loads(out)
    assert w["argmax"] is None and np.asarray(w["weights"]).shape == (3, 3)
    assert sum(map(sum, w["weights"])) == pytest.approx(1.0)
    rc, out, _ = run_cli(capsys, "explain", net_path, "--layer", 1, "--channel", 2, "--at", "3,1", "--json")
    a = json.loads(out)
    assert list(a) == ["layer", "type", "channel", "at", "x", "y"] and a["type"] == "relu"
    assert a["y"] == max(a["x"], 0.0)
    rc, out, _ = run_cli(capsys, "explain", net_path, "--layer", 3, "--channel", 0, "--at", "0,0", "--json")
    assert json.loads(out)["bias"] is None and json.loads(out)["activated"] is None


def test_explain_text_shows_the_sum_and_the_activation(capsys):
    rc, out, err = run_cli(capsys, "explain", LECTURE3, "--layer", 0, "--channel", 2, "--at", "1,1")
    assert rc == 0 and err == ""
    assert out.startswith("layer 0 (conv 6@3×3), channel 2 at (y=1, x=1)")  # the layer as the summary names it
    assert out.count("input channel") == 3 and "y = Σ + b" in out and "relu(y) = " in out


@pytest.mark.parametrize(("argv", "words"), [
    (["--layer", "4", "--channel", "0", "--at", "0,0"], "layers 0…3"),
    (["--layer", "2", "--channel", "10", "--at", "0,0"], "channels 0…9"),
    (["--layer", "2", "--channel", "0", "--at", "4,0"], "y must be in 0…3 and x in 0…3"),
    (["--layer", "0", "--channel", "0", "--at", "a,b"], "--at"),
])
def test_explain_bad_address_is_one_line_naming_the_range(capsys, argv, words):
    rc, out, err = run_cli(capsys, "explain", LECTURE3, *argv)
    assert rc == 2 and out == ""
    assert err.startswith("convviz: ") and words in err and err.count("\n") == 1


# --- invariance ----------------------------------------------------------------------------------------

def _naive_change(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    norm = np.abs(a).sum()
    return (None if norm == 0 else float(np.abs(b - a).sum() / norm),
            float(np.mean(np.abs(b - a) > 1e-6 * np.abs(a).max())))


@pytest.mark.parametrize(("axis", "unit"), [("x", (0, 1)), ("y", (1, 0)), ("xy", (1, 1)), (None, (1, 1))])
def test_invariance_json_shape_and_values(capsys, net_path, axis, unit):
    args = ["invariance", net_path, "--seed", 2, "--shift-max", 2, "--json"] + (["--axis", axis] if axis else [])
    rc, out, err = run_cli(capsys, *args)
    assert rc == 0 and err == ""
    data = json.loads(out)
    assert [d["shift"] for d in data] == [[0, 0], list(unit), [2 * unit[0], 2 * unit[1]]]
    scene = load_scene(net_path, seed=2)
    base = forward(scene.network, scene.input)
    for d in data:
        assert set(d) == {"shift", "stages"}
        assert [s["layer"] for s in d["stages"]] == [0, 1, 2, 3, 4]
        assert [s["type"] for s in d["stages"]] == ["conv", "relu", "pool", "conv", "pool"]
        dy, dx = d["shift"]
        shifted = np.zeros_like(scene.input)
        h, w = shifted.shape[:2]
        shifted[dy:, dx:] = scene.input[: h - dy, : w - dx]
        for s, b, m in zip(d["stages"], base, forward(scene.network, shifted), strict=True):
            assert set(s) == {"layer", "type", "relative_change", "changed_fraction"}
            rel, frac = _naive_change(b, m)
            assert s["relative_change"] == pytest.approx(rel) and s["changed_fraction"] == pytest.approx(frac)


def test_invariance_table_and_errors(capsys):
    rc, out, err = run_cli(capsys, "invariance", LECTURE3, "--shift-max", 1)
    assert rc == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["shift", "(dy,", "dx)"] and "conv 6@3×3" in lines[0]
    assert lines[1].startswith("(0, 0)") and lines[2].startswith("(1, 1)")
    rc, out, err = run_cli(capsys, "invariance", LECTURE3, "--shift-max", -2)
    assert rc == 2 and "≥ 0" in err and err.count("\n") == 1
    rc, out, err = run_cli(capsys, "invariance", LECTURE3, "--shift-max", 1, "--axis", "z")
    assert rc == 2 and "--axis" in err


# --- quiz ----------------------------------------------------------------------------------------------

def test_quiz_json_is_seeded_and_has_the_issue_fields(capsys):
    rc, out, err = run_cli(capsys, "quiz", LECTURE3, "--count", 5, "--seed", 7, "--json")
    assert rc == 0 and err == ""
    a = json.loads(out)
    assert len(a) == 5 and all(set(q) == {"layer", "kind", "question", "answer"} for q in a)
    _, again, _ = run_cli(capsys, "quiz", LECTURE3, "--count", 5, "--seed", 7, "--json")
    assert json.loads(again) == a
    _, everything, _ = run_cli(capsys, "quiz", LECTURE3, "--json", "--lang", "ru")
    allq = json.loads(everything)
    assert len(allq) == 14  # two conv layers, seven kinds each
    conv2 = {q["kind"]: q for q in allq if q["layer"] == 2}
    assert conv2["output_shape"] == {"layer": 2, "kind": "output_shape", "question": "conv2: размерность?",
                                     "answer": [4, 4, 10]}
    assert conv2["filter_size"]["answer"] == [3, 3] and conv2["params"]["answer"] == 550
    assert conv2["neurons"]["answer"] == 160 and conv2["input_depth"]["question"] == "Глубина входа conv2?"


def test_quiz_text_and_the_single_filter_fc(capsys):
    rc, out, err = run_cli(capsys, "quiz", resource_path("scenes", "lecture1_one_filter.json"))
    assert rc == 0 and err == ""
    assert "1. Filter size of conv1?" in out and "6948 = 192·36 + 36" in out


def test_quiz_errors(capsys, tmp_path):
    rc, _, err = run_cli(capsys, "quiz", LECTURE3, "--count", 0)
    assert rc == 2 and "≥ 1" in err
    p = tmp_path / "noinput.json"
    p.write_text(json.dumps({"layers": [{"type": "relu"}]}), encoding="utf-8")
    rc, _, err = run_cli(capsys, "quiz", p)
    assert rc == 2 and "input" in err and err.count("\n") == 1
