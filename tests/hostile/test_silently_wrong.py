"""Silently wrong (issue 8): a weights file accounts for itself — keys that match no conv layer and conv layers
it leaves out are errors naming them, --partial loads some layers and says which kept their own; a network file
with a key twice is refused naming the key."""

import json
import zipfile

import numpy as np

from convviz.cli import main

NET = {"input": {"height": 8, "width": 8, "channels": 3},
       "layers": [{"type": "conv", "filters": 2, "kernel_size": 3}, {"type": "relu"},
                  {"type": "conv", "filters": 4, "kernel_size": 3}]}


def setup(tmp_path):
    p = tmp_path / "net.json"
    p.write_text(json.dumps(NET), encoding="utf-8")
    return p, str(tmp_path / "o.npz")


def err_line(capsys):
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_keys_that_match_no_layer_are_named(tmp_path, capsys):
    net, out = setup(tmp_path)
    np.savez(tmp_path / "foo.npz", foo=np.zeros(3))
    assert main(["run", str(net), "--weights", str(tmp_path / "foo.npz"), "--out", out]) == 2
    line = err_line(capsys)
    assert "foo matches no conv layer" in line and "0, 2" in line, line
    with zipfile.ZipFile(tmp_path / "model.npz", "w") as zf:  # a PyTorch zip read as an .npz
        zf.writestr("archive/data.pkl", b"\x80\x02}q\x00.")
    assert main(["run", str(net), "--weights", str(tmp_path / "model.npz"), "--out", out]) == 2
    assert "archive/data.pkl" in err_line(capsys)


def test_layers_left_out_are_named_and_partial_says_which_kept_their_own(tmp_path, capsys):
    net, out = setup(tmp_path)
    w0, b0 = np.full((2, 3, 3, 3), 0.5, np.float32), np.ones(2, np.float32)
    np.savez(tmp_path / "w.npz", **{"weight.0": w0, "bias.0": b0})
    assert main(["run", str(net), "--weights", str(tmp_path / "w.npz"), "--out", out]) == 2
    line = err_line(capsys)
    assert "layer 2 (conv, kernel 3×3) (weight.2)" in line and "--partial" in line, line
    assert main(["run", str(net), "--weights", str(tmp_path / "w.npz"), "--out", out, "--partial"]) == 0
    note = err_line(capsys)
    assert "loaded layer 0" in note and "layer 2 kept its own weights" in note, note
    saved = np.load(out)
    np.testing.assert_array_equal(saved["weight.0"], w0)
    # a run output accounts for itself: its input and stages are not weights
    assert main(["run", str(net), "--weights", out, "--out", str(tmp_path / "again.npz")]) == 0


def test_a_key_twice_in_a_network_file_is_refused_naming_it(tmp_path, capsys):
    p = tmp_path / "dup.json"
    p.write_text('{"layers": [{"type": "conv", "filters": 2, "filters": 3, "kernel_size": 3}]}', encoding="utf-8")
    assert main(["summary", str(p), "--input", str(tmp_path / "none.npy")]) == 2
    assert "'filters' appears twice" in err_line(capsys)
