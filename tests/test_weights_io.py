"""Weights from and for other programs: .npz of the whole stack or one layer, PyTorch state_dicts, and the
PyTorch module written by `convviz export` (the torch tests are skipped when PyTorch is not installed)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from convviz.cli import main
from convviz.core.errors import ConvvizError
from convviz.core.netfile import parse_network, weights_to_arrays
from convviz.core.network import build_network, forward
from convviz.weights_io import (
    conv_layers_from_state_dict,
    export_layer_weights,
    export_weights,
    layer_weights_from_file,
    load_weights_into,
    read_state_dict,
)
from tests.core.reference import ref_activation, ref_conv2d

#: every layer type, with the awkward cases: even kernels with "same" padding, groups, dilation, leaky slope,
#: weighted pooling with the default (Gaussian) and given windows, pooling padding
EVERY_LAYER = {
    "input": {"height": 13, "width": 11, "channels": 3},
    "layers": [
        {"type": "conv", "filters": 4, "kernel_size": [2, 4], "padding": "same"},
        {"type": "leaky_relu", "slope": 0.2},
        {"type": "conv", "filters": 6, "kernel_size": 3, "groups": 2, "stride": 2, "padding": 1},
        {"type": "tanh"},
        {"type": "pool", "mode": "weighted", "size": 3, "stride": 1, "padding": 1},
        {"type": "conv", "filters": 6, "kernel_size": 3, "dilation": 2, "padding": "same", "bias": False},
        {"type": "sigmoid"},
        {"type": "pool", "mode": "avg", "size": 2, "padding": 1},
        {"type": "identity"},
        {"type": "pool", "mode": "max", "size": 2, "stride": 1, "padding": 1},
        {"type": "pool", "mode": "weighted", "size": 2, "weights": [[1, 2], [3, 4]]},
        {"type": "relu"},
    ],
}
TWO_CONVS = {
    "input": {"height": 8, "width": 8, "channels": 3},
    "layers": [{"type": "conv", "filters": 6, "kernel_size": 3}, {"type": "relu"},
               {"type": "conv", "filters": 10, "kernel_size": 3}, {"type": "relu"}],
}


def net_of(obj, seed=0):
    spec = parse_network(obj)
    return build_network(spec.input_shape, spec.layers, seed=seed)


def image(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


# --- .npz: the whole stack and one layer ------------------------------------------------------------------


def test_whole_stack_npz_round_trip(tmp_path):
    a, b = net_of(TWO_CONVS, seed=1), net_of(TWO_CONVS, seed=2)
    export_weights(a, tmp_path / "w.npz")
    loaded, note = load_weights_into(b, tmp_path / "w.npz")
    assert note is None
    for k, v in weights_to_arrays(a).items():
        assert_array_equal(weights_to_arrays(loaded)[k], v)
    x = image((8, 8, 3))
    assert_array_equal(forward(loaded, x)[-1], forward(a, x)[-1])


def test_one_layer_npz_moves_to_another_layer(tmp_path):
    a = net_of(TWO_CONVS, seed=1)
    same_shape = net_of({"input": {"height": 8, "width": 8, "channels": 6},
                         "layers": [{"type": "conv", "filters": 10, "kernel_size": 3}]}, seed=5)
    export_layer_weights(a, 2, tmp_path / "conv2.npz")
    with np.load(tmp_path / "conv2.npz") as data:
        assert sorted(data.files) == ["bias.2", "weight.2"]
    moved = layer_weights_from_file(same_shape, 0, tmp_path / "conv2.npz")
    assert_array_equal(moved.weights_of(0).weight, a.weights_of(2).weight)
    assert_array_equal(moved.weights_of(0).bias, a.weights_of(2).bias)
    with pytest.raises(ConvvizError, match="no weights"):
        export_layer_weights(a, 1, tmp_path / "relu.npz")


@pytest.mark.parametrize("bad, match", [
    ({"weight.0": np.zeros((6, 3, 3, 2), np.float32)}, r"weight\.0 has shape 6×3×3×2 but the layer needs 6×3×3×3"),
    ({"weight.0": np.full((6, 3, 3, 3), np.nan, np.float32)}, "NaN"),
])
def test_bad_weights_name_the_layer_and_change_nothing(tmp_path, bad, match):
    net = net_of(TWO_CONVS)
    before = {k: v.copy() for k, v in weights_to_arrays(net).items()}
    np.savez(tmp_path / "bad.npz", **bad)
    with pytest.raises(ConvvizError, match=match) as info:
        load_weights_into(net, tmp_path / "bad.npz")
    assert info.value.layer == 0 and "layer 0 (conv, kernel 3×3)" in info.value.message
    for k, v in weights_to_arrays(net).items():
        assert_array_equal(v, before[k])


def test_state_dict_without_torch_is_one_clear_error(tmp_path, monkeypatch):
    (tmp_path / "m.pt").write_bytes(b"not really")
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch raises ImportError
    with pytest.raises(ConvvizError, match=r"needs PyTorch.*pip install 'convviz\[torch\]'"):
        load_weights_into(net_of(TWO_CONVS), tmp_path / "m.pt")


def test_cli_weights_pt_without_torch(tmp_path, monkeypatch, capsys):
    net = tmp_path / "net.json"
    net.write_text(__import__("json").dumps(TWO_CONVS))
    (tmp_path / "m.pt").write_bytes(b"x")
    monkeypatch.setitem(sys.modules, "torch", None)
    rc = main(["run", str(net), "--weights", str(tmp_path / "m.pt"), "--out", str(tmp_path / "o.npz")])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and "needs PyTorch" in err
    assert not (tmp_path / "o.npz").exists()


def test_exported_module_source_compiles_without_torch(tmp_path):
    from convviz.torch_export import export_torch_module

    paths = export_torch_module(net_of(EVERY_LAYER), tmp_path / "model.py")
    compile(paths[-1].read_text(encoding="utf-8"), str(paths[-1]), "exec")
    big = export_torch_module(net_of(EVERY_LAYER), tmp_path / "beside.py", beside=True)
    assert [p.name for p in big] == ["beside.weights.bin", "beside.py"]
    n_params = sum(v.size for v in weights_to_arrays(net_of(EVERY_LAYER)).values())
    assert big[0].stat().st_size == 4 * n_params


# --- PyTorch (skipped without it) -------------------------------------------------------------------------


def _import_module(path, name="exported"):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _torch_forward(torch, model, x):
    with torch.no_grad():
        y = model(torch.from_numpy(x).permute(2, 0, 1)[None])
    return y[0].permute(1, 2, 0).numpy()


@pytest.mark.parametrize("beside", [False, True])
def test_exported_module_reproduces_the_engine(tmp_path, beside):
    torch = pytest.importorskip("torch")
    net = net_of(EVERY_LAYER, seed=3)
    from convviz.torch_export import export_torch_module

    paths = export_torch_module(net, tmp_path / "every.py", beside=beside)
    model = _import_module(paths[-1]).model()
    assert isinstance(model, torch.nn.Sequential) and len(model) == len(net.layers)
    assert all(p.dtype == torch.float32 for p in model.parameters())
    x = image((13, 11, 3), seed=4)
    ref = forward(net, x)[-1]
    y = _torch_forward(torch, model, x)
    assert y.shape == ref.shape
    assert np.abs(y - ref).max() <= 1e-4 * np.abs(ref).max()


def test_cli_export_runs_from_another_directory(tmp_path, capsys):
    pytest.importorskip("torch")
    import json

    (tmp_path / "net.json").write_text(json.dumps(EVERY_LAYER))
    out_dir = tmp_path / "models"
    out_dir.mkdir()
    assert main(["run", str(tmp_path / "net.json"), "--seed", "7", "--out", str(tmp_path / "run.npz")]) == 0
    assert main(["export", str(tmp_path / "net.json"), "--seed", "7", "--torch", str(out_dir / "every.py"),
                 "--weights-beside"]) == 0
    capsys.readouterr()
    with np.load(tmp_path / "run.npz") as data:
        x, last = data["input"], data[f"stage.{len(EVERY_LAYER['layers']) - 1}"]
    np.save(tmp_path / "x.npy", x)
    script = textwrap.dedent(f"""
        import sys, numpy as np, torch
        sys.path.insert(0, {str(out_dir)!r})
        from every import model
        x = torch.from_numpy(np.load({str(tmp_path / 'x.npy')!r})).permute(2, 0, 1)[None]
        with torch.no_grad():
            np.save({str(tmp_path / 'y.npy')!r}, model()(x)[0].permute(1, 2, 0).numpy())
    """)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    subprocess.run([sys.executable, "-c", script], cwd="/", check=True, env=env, timeout=300)
    y = np.load(tmp_path / "y.npy")
    assert np.abs(y - last).max() <= 1e-4 * np.abs(last).max()


def _save_state_dict(torch, path, tensors):
    torch.save({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in tensors.items()}, path)


def test_state_dict_fills_conv_layers_in_order_and_reports_the_rest(tmp_path):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    sd = {  # a bigger model: batch norm between convs, a third conv and a classifier after
        "features.0.weight": rng.standard_normal((6, 3, 3, 3)).astype(np.float32),
        "features.0.bias": rng.standard_normal(6).astype(np.float32),
        "features.1.weight": np.ones(6, np.float32),  # batch norm: 1-D, skipped
        "features.3.weight": rng.standard_normal((10, 6, 3, 3)).astype(np.float32),
        "features.3.bias": rng.standard_normal(10).astype(np.float32),
        "features.6.weight": rng.standard_normal((4, 10, 3, 3)).astype(np.float32),
        "classifier.weight": rng.standard_normal((5, 40)).astype(np.float32),
    }
    _save_state_dict(torch, tmp_path / "big.pth", sd)
    net = net_of(TWO_CONVS)
    loaded, note = load_weights_into(net, tmp_path / "big.pth")
    assert "features.6.weight" in note and "classifier.weight" in note and "features.1.weight" in note
    assert_array_equal(loaded.weights_of(0).weight, sd["features.0.weight"].transpose(0, 2, 3, 1))
    assert_array_equal(loaded.weights_of(2).bias, sd["features.3.bias"])
    # the same numbers as PyTorch's own convolutions, checked against the naive reference too
    x = image((8, 8, 3))
    t = torch.from_numpy(x).permute(2, 0, 1)[None]
    with torch.no_grad():
        y = torch.relu(torch.nn.functional.conv2d(t, torch.from_numpy(sd["features.0.weight"]),
                                                  torch.from_numpy(sd["features.0.bias"])))
        y = torch.relu(torch.nn.functional.conv2d(y, torch.from_numpy(sd["features.3.weight"]),
                                                  torch.from_numpy(sd["features.3.bias"])))
    ours = forward(loaded, x)[-1]
    assert_allclose(ours, y[0].permute(1, 2, 0).numpy(), rtol=1e-4, atol=1e-5)
    h1 = ref_activation("relu", ref_conv2d(x, loaded.weights_of(0).weight, loaded.weights_of(0).bias))
    ref = ref_activation("relu", ref_conv2d(h1, loaded.weights_of(2).weight, loaded.weights_of(2).bias))
    assert_allclose(ours, ref, rtol=1e-4, atol=1e-5)


def test_state_dict_errors_name_the_layer(tmp_path):
    torch = pytest.importorskip("torch")
    net = net_of(TWO_CONVS)
    _save_state_dict(torch, tmp_path / "one.pt", {"0.weight": np.zeros((6, 3, 3, 3), np.float32)})
    with pytest.raises(ConvvizError, match=r"layer 2 \(conv, kernel 3×3\): .* only 1 conv weight tensors .* 2 conv"):
        load_weights_into(net, tmp_path / "one.pt")
    _save_state_dict(torch, tmp_path / "shape.pt", {"0.weight": np.zeros((6, 3, 3, 3), np.float32),
                                                    "2.weight": np.zeros((10, 6, 5, 5), np.float32)})
    with pytest.raises(ConvvizError, match=r"layer 2 .*2\.weight .* has shape 10×6×5×5 but the layer needs 10×6×3×3"):
        load_weights_into(net, tmp_path / "shape.pt")
    _save_state_dict(torch, tmp_path / "nan.pt", {"0.weight": np.full((6, 3, 3, 3), np.nan, np.float32),
                                                  "2.weight": np.zeros((10, 6, 3, 3), np.float32)})
    with pytest.raises(ConvvizError, match="layer 0 .*NaN"):
        load_weights_into(net, tmp_path / "nan.pt")
    (tmp_path / "junk.pt").write_bytes(b"\x00" * 64)
    with pytest.raises(ConvvizError, match="not a PyTorch state_dict"):
        load_weights_into(net, tmp_path / "junk.pt")


def test_exported_model_state_dict_loads_back_to_the_same_numbers(tmp_path):
    torch = pytest.importorskip("torch")
    net = net_of(EVERY_LAYER, seed=9)
    from convviz.torch_export import export_torch_module

    model = _import_module(export_torch_module(net, tmp_path / "m.py")[-1]).model()
    torch.save(model.state_dict(), tmp_path / "m.pt")
    fresh = net_of(EVERY_LAYER, seed=1)
    loaded, note = load_weights_into(fresh, tmp_path / "m.pt")
    assert note is None
    for k, v in weights_to_arrays(net).items():
        assert_array_equal(weights_to_arrays(loaded)[k], v)


def test_build_the_stack_from_a_state_dict(tmp_path):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(1)
    _save_state_dict(torch, tmp_path / "s.pt", {
        "a.weight": rng.standard_normal((8, 3, 5, 5)).astype(np.float32),
        "a.bias": np.zeros(8, np.float32),
        "dw.weight": rng.standard_normal((8, 1, 3, 3)).astype(np.float32),  # depthwise
    })
    layers = conv_layers_from_state_dict(tmp_path / "s.pt")
    assert [s.type for s in layers] == ["conv", "relu", "conv", "relu"]
    assert (layers[0].filters, layers[0].kernel_size, layers[0].bias) == (8, (5, 5), True)
    assert (layers[2].groups, layers[2].bias) == (8, False)
    net = build_network((16, 16, 3), layers)
    loaded, note = load_weights_into(net, tmp_path / "s.pt")
    assert note is None
    assert len(read_state_dict(tmp_path / "s.pt")[0]) == 2
    assert_array_equal(loaded.weights_of(2).weight[:, :, :, 0],
                       np.asarray(torch.load(tmp_path / "s.pt")["dw.weight"])[:, 0])
