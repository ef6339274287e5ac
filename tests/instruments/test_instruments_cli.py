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
    assert out.startswith("layer 0 (conv, kernel 3×3), channel 2 at (y=1, x=1)")
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
