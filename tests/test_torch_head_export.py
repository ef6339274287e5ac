"""The classifier head (flatten, global average pooling, dense, softmax) in `convviz export --torch` and in
state_dict import (the torch tests are skipped when PyTorch is not installed)."""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from convviz.cli import main
from convviz.core.errors import ConvvizError
from convviz.core.netfile import parse_network, weights_to_arrays
from convviz.core.network import build_network, forward
from convviz.weights_io import load_weights_into, read_state_dict

FLATTEN_HEAD = {
    "input": {"height": 12, "width": 10, "channels": 3},
    "layers": [{"type": "conv", "filters": 4, "kernel_size": 3}, {"type": "relu"},
               {"type": "pool", "mode": "max", "size": 2}, {"type": "flatten"},
               {"type": "dense", "units": 7}, {"type": "softmax"}],
}
GAP_HEAD = {
    "input": {"height": 9, "width": 11, "channels": 2},
    "layers": [{"type": "conv", "filters": 5, "kernel_size": 3, "padding": "same"}, {"type": "relu"},
               {"type": "pool", "mode": "avg", "size": 2}, {"type": "global_avg_pool"},
               {"type": "dense", "units": 4}, {"type": "softmax"}],
}
#: a dense layer straight after a conv (it reads its input flattened itself), without bias; a 1×1 conv and
#: pooling on the 1×1×N stage after it; a second dense
AWKWARD = {
    "input": {"height": 5, "width": 4, "channels": 3},
    "layers": [{"type": "conv", "filters": 3, "kernel_size": 2}, {"type": "dense", "units": 6, "bias": False},
               {"type": "tanh"}, {"type": "conv", "filters": 5, "kernel_size": 1},
               {"type": "pool", "mode": "max", "size": 1}, {"type": "flatten"}, {"type": "global_avg_pool"},
               {"type": "dense", "units": 3}, {"type": "softmax"}],
}


def net_of(obj, seed=0):
    spec = parse_network(obj)
    return build_network(spec.input_shape, spec.layers, seed=seed)


def _import(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _as_stage(torch, y):
    """A torch output as convviz's H×W×C stage of the first image: (N, K) → 1×1×K, NCHW → HWC."""
    y = y[0]
    return (y.reshape(1, 1, -1) if y.ndim == 1 else y.permute(1, 2, 0)).numpy()


@pytest.mark.parametrize("name, obj", [("flat", FLATTEN_HEAD), ("gap", GAP_HEAD), ("awkward", AWKWARD)])
def test_cli_export_reproduces_run_through_the_head(tmp_path, capsys, name, obj):
    torch = pytest.importorskip("torch")
    (tmp_path / "net.json").write_text(json.dumps(obj))
    assert main(["run", str(tmp_path / "net.json"), "--seed", "7", "--out", str(tmp_path / "run.npz")]) == 0
    assert main(["export", str(tmp_path / "net.json"), "--seed", "7", "--torch", str(tmp_path / f"{name}.py")]) == 0
    capsys.readouterr()
    model = _import(tmp_path / f"{name}.py", f"head_{name}").model()
    assert len(model) == len(obj["layers"])
    with np.load(tmp_path / "run.npz") as data:
        x = data["input"]
        stages = [data[f"stage.{i}"] for i in range(len(obj["layers"]))]
    t = torch.from_numpy(x).permute(2, 0, 1)[None]
    with torch.no_grad():
        for i, stage in enumerate(stages):  # module i is layer i: every prefix gives that stage
            y = _as_stage(torch, model[: i + 1](t))
            assert y.shape == stage.shape, i
            assert np.abs(y - stage).max() <= 1e-4 * max(np.abs(stage).max(), 1e-30), i
    if obj is not AWKWARD:  # the head is torch's usual one: Linear with convviz's (units, inputs) weight
        assert isinstance(model[4], torch.nn.Linear)
        assert_array_equal(model[4].weight.detach().numpy(),
                           weights_to_arrays(net_of(obj, seed=7))["weight.4"])


def test_flatten_reads_h_then_w_then_c_in_torch(tmp_path):
    torch = pytest.importorskip("torch")
    from convviz.torch_export import export_torch_module

    net = net_of({"input": {"height": 2, "width": 3, "channels": 4}, "layers": [{"type": "flatten"}]})
    model = _import(export_torch_module(net, tmp_path / "f.py")[-1], "flat_only").model()
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    with torch.no_grad():
        y = model(torch.from_numpy(x).permute(2, 0, 1)[None])[0].numpy()
    assert_array_equal(y, np.arange(24))  # C order of the H×W×C input


def _save(torch, path, tensors):
    torch.save({k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in tensors.items()}, path)


def test_state_dict_fills_dense_layers_in_order(tmp_path):
    torch = pytest.importorskip("torch")
    from convviz.torch_export import export_torch_module

    net = net_of(AWKWARD, seed=3)
    model = _import(export_torch_module(net, tmp_path / "m.py")[-1], "awk_sd").model()
    torch.save(model.state_dict(), tmp_path / "m.pt")
    loaded, note = load_weights_into(net_of(AWKWARD, seed=11), tmp_path / "m.pt")
    assert note is None
    ref = weights_to_arrays(net)
    assert set(weights_to_arrays(loaded)) == set(ref)
    for k, v in ref.items():
        assert_array_equal(weights_to_arrays(loaded)[k], v)
    x = np.random.default_rng(0).standard_normal((5, 4, 3)).astype(np.float32)
    assert_array_equal(forward(loaded, x)[-1], forward(net, x)[-1])
    # the conv-only view of the same file still lists the linear tensors as skipped
    convs, others = read_state_dict(tmp_path / "m.pt")
    assert len(convs) == 2 and sum(k.endswith("weight") for k in others) == 2


def test_state_dict_dense_errors_and_notes(tmp_path):
    torch = pytest.importorskip("torch")
    net = net_of(FLATTEN_HEAD, seed=0)  # conv 4@3×3 on 3 channels; dense 7 on 5·4·4 = 80 inputs
    conv = {"c.weight": np.ones((4, 3, 3, 3), np.float32), "c.bias": np.zeros(4, np.float32)}
    _save(torch, tmp_path / "features.pt", conv)  # a feature extractor: the head keeps its weights
    loaded, note = load_weights_into(net, tmp_path / "features.pt")
    assert "dense layers keep their weights" in note
    assert_array_equal(loaded.weights_of(4).weight, net.weights_of(4).weight)
    assert_array_equal(loaded.weights_of(0).weight, np.ones((4, 3, 3, 3), np.float32))
    _save(torch, tmp_path / "shape.pt", {**conv, "fc.weight": np.ones((7, 81), np.float32)})
    with pytest.raises(ConvvizError, match=r"layer 4 \(dense, 7 units\).*fc\.weight.*7×81.*7×80"):
        load_weights_into(net, tmp_path / "shape.pt")
    two = net_of({**FLATTEN_HEAD, "layers": FLATTEN_HEAD["layers"][:5] + [{"type": "dense", "units": 2}]})
    _save(torch, tmp_path / "one.pt", {**conv, "fc.weight": np.ones((7, 80), np.float32)})
    with pytest.raises(ConvvizError, match=r"layer 5 \(dense, 2 units\).*only 1 linear.*2 dense"):
        load_weights_into(two, tmp_path / "one.pt")
    _save(torch, tmp_path / "more.pt", {**conv, "fc.weight": np.full((7, 80), 2, np.float32),
                                        "extra.weight": np.ones((3, 7), np.float32)})
    loaded, note = load_weights_into(net, tmp_path / "more.pt")
    assert "loaded 1 conv layer and 1 dense layer" in note and "1 linear tensor (extra.weight)" in note
    assert_array_equal(loaded.weights_of(4).weight, np.full((7, 80), 2, np.float32))
    assert_array_equal(loaded.weights_of(4).bias, np.zeros(7, np.float32))  # no bias in the file: zeros
