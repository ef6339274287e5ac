"""The network file (JSON written by hand) and the weights file (.npz)."""

from __future__ import annotations

import json
import os
import re
import stat
import zipfile

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from convviz.core import (
    Activation,
    Conv2D,
    ConvvizError,
    InitSpec,
    Pool2D,
    apply_weights,
    build_network,
    forward,
    load_network,
    load_weights_file,
    netfile,
    network_to_dict,
    parse_network,
    save_npz,
    weights_to_arrays,
)

ISSUE_EXAMPLE = """
{"input": {"height": 8, "width": 8, "channels": 3},
 "layers": [
   {"type": "conv", "filters": 6, "kernel_size": 3},
   {"type": "relu"},
   {"type": "conv", "filters": 10, "kernel_size": 3, "stride": 1, "padding": 0, "dilation": 1, "bias": true},
   {"type": "relu"},
   {"type": "pool", "mode": "max", "size": 2, "stride": 2}]}
"""


def test_the_issue_example_parses_into_the_lecture_network():
    nf = parse_network(json.loads(ISSUE_EXAMPLE))
    assert nf.input_shape == (8, 8, 3)
    conv1, relu1, conv2, relu2, pool = nf.layers
    assert isinstance(conv1, Conv2D) and (conv1.filters, conv1.kernel_size) == (6, (3, 3))
    defaults = ((1, 1), (0, 0), (1, 1), 1, True)
    assert (conv1.stride, conv1.padding, conv1.dilation, conv1.groups, conv1.bias) == defaults
    assert conv1.init == InitSpec()
    assert isinstance(relu1, Activation) and relu1.kind == "relu" and relu2.kind == "relu"
    assert (conv2.filters, conv2.kernel_size, conv2.bias) == (10, (3, 3), True)
    assert isinstance(pool, Pool2D) and (pool.mode, pool.size, pool.stride) == ("max", (2, 2), (2, 2))
    net = build_network(nf.input_shape, nf.layers)
    assert [i.output_shape for i in net.infos] == [(6, 6, 6), (6, 6, 6), (4, 4, 10), (4, 4, 10), (2, 2, 10)]


def test_every_layer_type_and_option_parses():
    obj = {"version": 1, "layers": [
        {"type": "conv", "filters": 4, "kernel_size": [3, 5], "stride": [1, 1], "padding": "same",
         "dilation": 1, "groups": 1, "bias": False, "init": {"scheme": "xavier", "seed": 9}},
        {"type": "conv", "filters": 4, "kernel_size": 3, "padding": [1, 0], "groups": 2,
         "init": {"preset": "gabor"}},
        {"type": "leaky_relu", "slope": 0.2}, {"type": "leaky_relu"}, {"type": "tanh"}, {"type": "sigmoid"},
        {"type": "pool", "mode": "avg", "size": 3, "stride": 1, "padding": 1},
        {"type": "pool", "mode": "weighted", "size": 3, "weights": [[1, 2, 1], [2, 4, 2], [1, 2, 1]]},
        {"type": "conv", "filters": 2, "kernel_size": 1, "padding": "valid"},
    ]}
    nf = parse_network(obj)
    assert nf.input_shape is None  # the input block is optional
    c0, c1, lr, lr_default, th, sg, avg, wtd, c8 = nf.layers
    assert (c0.kernel_size, c0.stride, c0.padding, c0.bias) == ((3, 5), (1, 1), "same", False)
    assert c0.init == InitSpec(scheme="xavier", seed=9)
    assert (c1.padding, c1.groups, c1.init.preset) == ((1, 0), 2, "gabor")
    assert (lr.kind, lr.slope, lr_default.slope) == ("leaky_relu", 0.2, 0.01)
    assert (th.kind, sg.kind) == ("tanh", "sigmoid")
    assert (avg.mode, avg.size, avg.stride, avg.padding) == ("avg", (3, 3), (1, 1), (1, 1))
    assert wtd.weights == ((1, 2, 1), (2, 4, 2), (1, 2, 1)) and wtd.stride is None
    assert c8.padding == "valid"
    net = build_network((9, 9, 2), nf.layers)
    # 9×9 → same → 9×9 → pad (1, 0), K 3 → 9×7 → avg 3/1 pad 1 → 9×7 → weighted 3/3 → 3×2 → 1×1 conv
    assert [i.output_shape[:2] for i in net.infos if i.type in ("conv", "pool")] == [
        (9, 9), (9, 7), (9, 7), (3, 2), (3, 2)]
    assert net.output_shape == (3, 2, 2)


def err_of(obj) -> ConvvizError:
    with pytest.raises(ConvvizError) as ei:
        parse_network(obj, "net.json")
    return ei.value


def with_layer(layer) -> dict:
    return {"input": {"height": 8, "width": 8, "channels": 3}, "layers": [{"type": "relu"}, layer]}


CONV = {"type": "conv", "filters": 6, "kernel_size": 3}

BAD_LAYERS = [
    # (layer object at index 1, code, key the message must name)
    ({**CONV, "kernel": 3}, "unknown_key", "kernel"),
    ({"type": "relu", "slope": 0.1}, "unknown_key", "slope"),
    ({"type": "pool", "size": 2, "filters": 3}, "unknown_key", "filters"),
    ({**CONV, "init": {"scheme": "he", "sead": 1}}, "unknown_key", "init.sead"),
    ({**CONV, "filters": "6"}, "wrong_type", "filters"),
    ({**CONV, "filters": 6.0}, "wrong_type", "filters"),
    ({**CONV, "filters": True}, "wrong_type", "filters"),
    ({**CONV, "kernel_size": [3, 3, 3]}, "wrong_type", "kernel_size"),
    ({**CONV, "stride": "2"}, "wrong_type", "stride"),
    ({**CONV, "padding": "full"}, "wrong_type", "padding"),
    ({**CONV, "bias": 1}, "wrong_type", "bias"),
    ({**CONV, "init": "he"}, "wrong_type", "init"),
    ({**CONV, "init": {"seed": -1}}, "wrong_type", "init.seed"),
    ({"type": "leaky_relu", "slope": "x"}, "wrong_type", "slope"),
    ({"type": "pool", "size": 3, "mode": "weighted", "weights": [[1, "a"]]}, "wrong_type", "weights"),
    ({**CONV, "filters": 0}, "bad_value", "filters"),
    ({**CONV, "kernel_size": [3, 0]}, "bad_value", "kernel_size"),
    ({**CONV, "stride": 0}, "bad_value", "stride"),
    ({**CONV, "dilation": -1}, "bad_value", "dilation"),
    ({**CONV, "padding": -1}, "bad_value", "padding"),
    ({**CONV, "groups": 0}, "bad_value", "groups"),
    ({**CONV, "init": {"scheme": "lecun"}}, "bad_value", "init.scheme"),
    ({"type": "pool", "size": 2, "mode": "median"}, "bad_value", "mode"),
    ({"type": "pool", "size": 2, "weights": [[1, 1], [1, 1]]}, "bad_value", "weights"),
    ({"type": "pool", "size": 0}, "bad_value", "size"),
    ({"type": "conv", "kernel_size": 3}, "missing_key", "filters"),
    ({"type": "conv", "filters": 3}, "missing_key", "kernel_size"),
    ({"type": "pool"}, "missing_key", "size"),
    ({"filters": 3}, "missing_key", "type"),
]


@pytest.mark.parametrize(("layer", "code", "key"), BAD_LAYERS)
def test_bad_layers_name_the_layer_and_the_key(layer, code, key):
    err = err_of(with_layer(layer))
    assert err.code == code
    assert err.layer == 1
    assert err.params["key"] == key
    assert str(err).startswith("layer 1")
    assert key in str(err)


def test_an_unknown_layer_type_lists_the_known_ones():
    err = err_of(with_layer({"type": "lstm", "units": 10}))
    assert (err.code, err.layer) == ("unknown_type", 1)
    assert str(err).startswith("layer 1")
    assert "'lstm'" in str(err) and "conv" in str(err) and "pool" in str(err)


def test_an_unknown_preset_lists_the_known_ones():
    err = err_of(with_layer({**CONV, "init": {"preset": "emboss"}}))
    assert (err.code, err.layer) == ("unknown_preset", 1)
    assert "emboss" in str(err) and "sobel_x" in str(err)


def test_a_layer_that_is_not_an_object():
    err = err_of(with_layer(["conv", 6, 3]))
    assert (err.code, err.layer) == ("wrong_type", 1)
    assert str(err).startswith("layer 1")


@pytest.mark.parametrize(
    ("obj", "code", "needle"),
    [
        ([{"type": "relu"}], "bad_json", "object"),
        ("layers", "bad_json", "object"),
        ({"input": {"height": 8, "width": 8, "channels": 3}}, "bad_json", '"layers"'),
        ({"layers": {"type": "relu"}}, "bad_json", '"layers"'),
        ({"layers": [], "name": "x"}, "unknown_key", "name"),
        ({"layers": [], "version": 2}, "unsupported_version", "version 2"),
        ({"layers": [], "version": "1"}, "wrong_type", "version"),
        ({"layers": [], "version": 0}, "wrong_type", "version"),
        ({"layers": [], "input": [8, 8, 3]}, "wrong_type", "input"),
        ({"layers": [], "input": {"height": 8, "width": 8}}, "bad_value", "channels"),
        ({"layers": [], "input": {"height": 8, "width": 0, "channels": 3}}, "bad_value", "width"),
        ({"layers": [], "input": {"height": 8, "width": 8, "channels": 3, "depth": 1}}, "unknown_key",
         "depth"),
    ],
)
def test_bad_top_level(obj, code, needle):
    err = err_of(obj)
    assert err.code == code
    assert err.layer is None
    assert needle in str(err)


def test_version_1_and_absent_version_are_the_same():
    a = parse_network({"version": 1, "layers": [{"type": "relu"}]})
    b = parse_network({"layers": [{"type": "relu"}]})
    assert [s.kind for s in a.layers] == [s.kind for s in b.layers] == ["relu"]


# --- round trip ----------------------------------------------------------------------------------------

def spec_fields(spec) -> dict:
    return {k: v for k, v in vars(spec).items() if k != "uid"}


def test_round_trip_through_json():
    layers = [
        Conv2D(filters=4, kernel_size=(3, 5), stride=(1, 2), padding=(1, 2), dilation=(2, 1), bias=False,
               init=InitSpec(scheme="uniform", seed=3)),
        Conv2D(filters=4, kernel_size=3, padding=(1, 0), groups=2, init=InitSpec(preset="sobel_y")),
        Activation("leaky_relu", slope=0.25), Activation("tanh"), Activation("sigmoid"), Activation("relu"),
        Pool2D(mode="avg", size=3, stride=1, padding=1),
        Pool2D(mode="weighted", size=(2, 3), weights=((1.0, 2.0, 1.0), (1.0, 2.0, 1.0))),
        Pool2D(mode="max", size=2, stride=(1, 2)),
        Conv2D(filters=2, kernel_size=1, padding="valid"),
        Conv2D(filters=2, kernel_size=(4, 2), padding="same"),
    ]
    text = json.dumps(network_to_dict((12, 12, 2), layers))
    back = parse_network(json.loads(text))
    assert back.input_shape == (12, 12, 2)
    assert [spec_fields(s) for s in back.layers] == [spec_fields(s) for s in layers]
    assert network_to_dict(None, layers)["version"] == 1
    assert "input" not in network_to_dict(None, layers)


def test_load_network_reads_a_file_and_reports_file_errors(tmp_path):
    good = tmp_path / "net.json"
    good.write_text(ISSUE_EXAMPLE, encoding="utf-8")
    assert len(load_network(good).layers) == 5

    with pytest.raises(ConvvizError) as ei:
        load_network(tmp_path / "absent.json")
    assert ei.value.code == "file_not_found" and "absent.json" in str(ei.value)

    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text('{"layers": [\n  {"type": "relu"},\n', encoding="utf-8")
    with pytest.raises(ConvvizError) as ei:
        load_network(corrupt)
    assert ei.value.code == "bad_json"
    assert "corrupt.json" in str(ei.value) and "line 3" in str(ei.value)

    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ConvvizError) as ei:
        load_network(binary)
    assert ei.value.code == "file_unreadable"


def test_bundled_scenes_are_valid_files():
    from convviz.scene import resource_path

    files = sorted(resource_path("scenes").glob("*.json"))
    assert len(files) >= 6
    for f in files:
        nf = load_network(f)
        build_network(nf.input_shape, nf.layers)


# --- weights files -------------------------------------------------------------------------------------

def lecture_net(seed=0):
    return build_network((8, 8, 3), parse_network(json.loads(ISSUE_EXAMPLE)).layers, seed=seed)


def test_weights_round_trip(tmp_path):
    net = lecture_net(seed=1)
    path = tmp_path / "w.npz"
    save_npz(path, weights_to_arrays(net))
    arrays = load_weights_file(path)
    assert sorted(arrays) == ["bias.0", "bias.2", "weight.0", "weight.2"]
    net2 = apply_weights(lecture_net(seed=2), arrays)
    for i in (0, 2):
        assert_array_equal(net2.weights_of(i).weight, net.weights_of(i).weight)
        assert_array_equal(net2.weights_of(i).bias, net.weights_of(i).bias)


def test_a_layer_the_file_does_not_cover_keeps_its_seeded_init():
    net = lecture_net(seed=3)
    w = np.full((10, 3, 3, 6), 0.5, np.float32)
    net2 = apply_weights(net, {"weight.2": w})
    assert_array_equal(net2.weights_of(0).weight, net.weights_of(0).weight)
    assert_array_equal(net2.weights_of(2).weight, w)
    assert_array_equal(net2.weights_of(2).bias, net.weights_of(2).bias)  # bias.2 absent: kept


def test_keys_other_than_weights_are_ignored():
    net = lecture_net()
    x = np.zeros((8, 8, 3), np.float32)
    arrays = {"input": x, "stage.0": np.zeros((6, 6, 6)), "notes": np.array([1, 2]), **weights_to_arrays(net)}
    net2 = apply_weights(net, arrays)
    assert_array_equal(net2.weights_of(2).weight, net.weights_of(2).weight)


@pytest.mark.parametrize(
    ("arrays", "code", "layer", "needles"),
    [
        ({"weight.0": np.zeros((6, 3, 3, 1))}, "weights_shape", 0, ["weight.0", "6×3×3×1", "6×3×3×3"]),
        ({"weight.2": np.zeros((10, 5, 5, 6))}, "weights_shape", 2,
         ["layer 2 (conv, kernel 3×3)", "10×5×5×6"]),
        ({"bias.2": np.zeros(6)}, "weights_shape", 2, ["bias.2", "10"]),
        ({"weight.0": np.full((6, 3, 3, 3), np.nan)}, "weights_not_finite", 0, ["weight.0", "NaN"]),
        ({"bias.0": np.array([0, 0, 0, np.inf, 0, 0])}, "weights_not_finite", 0, ["bias.0"]),
        ({"weight.1": np.zeros((6, 3, 3, 3))}, "weights_unexpected", 1, ["layer 1", "weight.1"]),
        ({"weight.9": np.zeros((6, 3, 3, 3))}, "weights_unexpected", 9, ["weight.9"]),
        ({"weight.0": np.zeros((6, 3, 3, 3), dtype=complex)}, "bad_weights_file", 0, ["numeric"]),
    ],
)
def test_wrong_weights_are_refused_with_a_clear_message(arrays, code, layer, needles):
    with pytest.raises(ConvvizError) as ei:
        apply_weights(lecture_net(), arrays)
    assert (ei.value.code, ei.value.layer) == (code, layer)
    for needle in needles:
        assert needle in str(ei.value)


def test_weights_files_are_loaded_without_pickles(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, **{"weight.0": np.array([{"a": 1}], dtype=object)})
    with pytest.raises(ConvvizError) as ei:
        load_weights_file(path)
    assert ei.value.code == "bad_weights_file" and "evil.npz" in str(ei.value)


@pytest.mark.parametrize("content", [b"", b"not a zip at all", b"PK\x03\x04broken"])
def test_unreadable_weights_files(tmp_path, content):
    path = tmp_path / "bad.npz"
    path.write_bytes(content)
    with pytest.raises(ConvvizError) as ei:
        load_weights_file(path)
    assert ei.value.code == "bad_weights_file"


def test_a_npy_is_not_a_weights_file(tmp_path):
    path = tmp_path / "w.npy"
    np.save(path, np.zeros((6, 3, 3, 3)))
    with pytest.raises(ConvvizError) as ei:
        load_weights_file(path)
    assert ei.value.code == "bad_weights_file" and ".npz" in str(ei.value)


def test_a_missing_weights_file(tmp_path):
    with pytest.raises(ConvvizError) as ei:
        load_weights_file(tmp_path / "none.npz")
    assert ei.value.code == "file_not_found"


def test_a_run_output_is_a_weights_file(tmp_path):
    net = lecture_net(seed=5)
    x = np.random.default_rng(0).uniform(0, 1, (8, 8, 3)).astype(np.float32)
    stages = forward(net, x)
    out = {"input": x, **{f"stage.{i}": s for i, s in enumerate(stages)}, **weights_to_arrays(net)}
    path = tmp_path / "run.npz"
    save_npz(path, out)
    net2 = apply_weights(lecture_net(seed=6), load_weights_file(path))
    for a, b in zip(forward(net2, x), stages, strict=True):
        assert_array_equal(a, b)


# --- save_npz ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["out", "out.data", "out.npz", "out.tar.gz"])
def test_save_npz_writes_exactly_the_path_given(tmp_path, name):
    path = tmp_path / name
    save_npz(path, {"a": np.arange(3)})
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert zipfile.is_zipfile(path)
    with np.load(path, allow_pickle=False) as data:
        assert_array_equal(data["a"], np.arange(3))


def test_save_npz_replaces_an_existing_file(tmp_path):
    path = tmp_path / "x.npz"
    save_npz(path, {"a": np.zeros(100)})
    save_npz(path, {"b": np.ones(2)})
    with np.load(path) as data:
        assert data.files == ["b"]


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "x.npz"
    save_npz(path, {"old": np.arange(5)})
    before = path.read_bytes()

    def boom(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(netfile.os, "fsync", boom)  # fails after part of the data went to the temp file
    with pytest.raises(OSError) as ei:
        save_npz(path, {"new": np.zeros(100_000)})
    assert ei.value.filename == str(path)  # the error names the user's file, not the temp file
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["x.npz"]


def test_an_interrupted_write_leaves_no_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "fresh.npz"

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(netfile.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_npz(path, {"a": np.arange(3)})
    assert list(tmp_path.iterdir()) == []


def test_saved_files_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        save_npz(tmp_path / "x.npz", {"a": np.arange(3)})
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "x.npz").stat().st_mode) == 0o644


def test_saving_into_a_missing_folder_names_the_path(tmp_path):
    target = tmp_path / "no" / "such" / "x.npz"
    with pytest.raises(FileNotFoundError) as ei:
        save_npz(target, {"a": np.arange(3)})
    assert ei.value.filename == str(target)


def test_a_weights_key_with_leading_zeros_is_an_error_not_ignored(tmp_path):
    from convviz.core.layers import Conv2D
    from convviz.core.netfile import apply_weights, load_weights_file
    from convviz.core.network import build_network

    net = build_network((8, 8, 3), [Conv2D(2, (3, 3))])
    path = tmp_path / "w.npz"
    np.savez(path, **{"weight.00": np.ones((2, 3, 3, 3), np.float32)})
    with pytest.raises(ConvvizError) as err:
        apply_weights(net, load_weights_file(path))
    assert "weight.0" in err.value.message and "leading zeros" in err.value.message


# --- defect 14: sizes in messages read 2×2, never [2, 2] ---------------------------------------------------


@pytest.mark.parametrize(("layer", "needles"), [
    ({"type": "conv", "filters": 2, "kernel_size": 3, "stride": 2, "padding": "same"}, ["got stride 2×2"]),
    ({"type": "conv", "filters": 2, "kernel_size": 3, "stride": [2, 0]}, ["got 2×0"]),
    ({"type": "conv", "filters": 2, "kernel_size": [3, 0]}, ["got 3×0"]),
    ({"type": "pool", "size": 2, "weights": [[1, -1], [1, -1]]}, ["[1, -1; 1, -1]"]),
])
def test_errors_write_sizes_in_human_notation(layer, needles):
    from convviz.core.network import build_network

    with pytest.raises(ConvvizError) as info:
        spec = parse_network({"input": {"height": 8, "width": 8, "channels": 1}, "layers": [layer]}, "net.json")
        build_network(spec.input_shape, spec.layers)
    message = info.value.message
    for needle in needles:
        assert needle in message, message
    assert not re.search(r"\[\d+, \d+\]", message), message


def test_show_value_reads_as_a_student_writes():
    from convviz.core.errors import show_value

    assert show_value((2, 2)) == "2×2" and show_value([3, 5]) == "3×5" and show_value((8, 8, 3)) == "8×8×3"
    assert show_value([[1.0, 0.5], [0, 2]]) == "[1, 0.5; 0, 2]"
    assert show_value("same") == "same" and show_value(1.5) == "1.5" and show_value([1, 2, 3, 4]) == "[1, 2, 3, 4]"
