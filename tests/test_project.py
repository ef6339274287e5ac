"""Projects (.convviz): save → open gives identical arrays and settings; bad files say why and change nothing;
`run`/`summary`/`export` accept a project, and --input/--weights override it."""

from __future__ import annotations

import errno
import io
import json
import zipfile
from dataclasses import replace

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from convviz.cli import main
from convviz.core.errors import ConvvizError
from convviz.core.layers import Conv2D
from convviz.core.netfile import apply_weights, weights_to_arrays
from convviz.core.network import forward
from convviz.model import state_from_scene
from convviz.project import Project, load_project, project_bytes, save_project
from convviz.scene import LECTURE_SCENES, builtin_scene

STROKES = ({"tool": "brush", "size": 3, "value": [1.0, 0.0, 0.0], "points": [[1, 2], [3, 4]]},)
DISPLAY = {"colormap": "magma", "scope": "stack", "centring": "minmax"}


def session(seed=0):
    state = state_from_scene(builtin_scene(LECTURE_SCENES[2], seed=seed))
    rng = np.random.default_rng(seed)
    x = rng.random(state.input.shape).astype(np.float32)  # pixels no sample or file could give back
    return Project(state.with_input(x, "drawn"), dict(DISPLAY), STROKES, {"selected_layer": 2})


def assert_same_session(a: Project, b: Project) -> None:
    assert_array_equal(a.state.input, b.state.input)
    assert a.state.input.dtype == b.state.input.dtype == np.float32
    assert [s.type for s in a.state.layers] == [s.type for s in b.state.layers]
    assert [replace(s, uid="") for s in a.state.layers] == [replace(s, uid="") for s in b.state.layers]
    wa, wb = weights_to_arrays(a.state.network), weights_to_arrays(b.state.network)
    assert wa.keys() == wb.keys()
    for k in wa:
        assert_array_equal(wa[k], wb[k])
    assert (a.state.seed, a.state.input_name) == (b.state.seed, b.state.input_name)
    assert a.display == b.display and a.strokes == b.strokes and a.view == b.view


def test_save_then_open_gives_identical_arrays_and_settings(tmp_path):
    p = session(seed=3)
    save_project(tmp_path / "s.convviz", p)
    q = load_project(tmp_path / "s.convviz")
    assert_same_session(p, q)
    assert_array_equal(forward(q.state.network, q.state.input)[-1], forward(p.state.network, p.state.input)[-1])
    with zipfile.ZipFile(tmp_path / "s.convviz") as zf:
        assert zf.namelist()[0] == "project.json"
        assert {"input.npy", "weights/weight.0.npy", "weights/bias.2.npy"} <= set(zf.namelist())
        doc = json.loads(zf.read("project.json"))
    assert doc["format"] == "convviz-project" and doc["version"] == 1 and doc["strokes"] == list(STROKES)


def test_an_impossible_stack_is_saved_as_it_is(tmp_path):
    p = session()
    bad = p.state.replace_layer(2, replace(p.state.layers[2], kernel_size=(9, 9)))  # does not fit 6×6
    assert bad.error is not None
    save_project(tmp_path / "bad.convviz", replace(p, state=bad))
    q = load_project(tmp_path / "bad.convviz")
    assert q.state.error is not None and q.state.layers[2].kernel_size == (9, 9)
    assert_array_equal(q.state.weights[q.state.layers[0].uid].weight, p.state.network.weights_of(0).weight)


def _rewrite(src, dst, change):
    """A copy of a project with project.json changed by ``change(doc)`` or members by ``change(members)``."""
    with zipfile.ZipFile(src) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    doc = json.loads(members["project.json"])
    change(doc, members)
    members["project.json"] = json.dumps(doc).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    dst.write_bytes(buf.getvalue())
    return dst


def _nan_weights(doc, members):
    buf = io.BytesIO()
    np.save(buf, np.full((6, 3, 3, 3), np.nan, np.float32))
    members["weights/weight.0.npy"] = buf.getvalue()


def _wrong_shape(doc, members):
    buf = io.BytesIO()
    np.save(buf, np.zeros((6, 5, 5, 3), np.float32))
    members["weights/weight.0.npy"] = buf.getvalue()


def _pickled_input(doc, members):
    buf = io.BytesIO()
    np.save(buf, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    members["input.npy"] = buf.getvalue()


@pytest.mark.parametrize("make, match", [
    (lambda good, tmp: tmp.joinpath("t.convviz").write_bytes(good.read_bytes()[:-200]) and tmp / "t.convviz",
     "damaged or truncated"),
    (lambda good, tmp: _rewrite(good, tmp / "new.convviz", lambda d, m: d.update(version=2)),
     "format version 2 is newer than this convviz understands"),
    (lambda good, tmp: tmp.joinpath("n.convviz").write_text('{"layers": []}') and tmp / "n.convviz",
     "not a zip archive; is it another kind of file"),
    (lambda good, tmp: _rewrite(good, tmp / "k.convviz", lambda d, m: d.update(format="other")),
     "another kind of file"),
    (lambda good, tmp: _rewrite(good, tmp / "nan.convviz", _nan_weights), r"layer 0 \(conv.*NaN"),
    (lambda good, tmp: _rewrite(good, tmp / "sh.convviz", _wrong_shape), r"layer 0 .*6×5×5×3 but the layer needs"),
    (lambda good, tmp: _rewrite(good, tmp / "pk.convviz", _pickled_input), "must hold numbers"),
    (lambda good, tmp: _rewrite(good, tmp / "f.convviz", lambda d, m: d["input"].update(fit="squash")),
     'input fit "squash" is not one of fit, crop, stretch'),
    (lambda good, tmp: _rewrite(good, tmp / "a.convviz", lambda d, m: d["input"].update(anchor=[0.5, 2])),
     r"input anchor must be \[y, x\] with both in \[0, 1\]"),
])
def test_bad_projects_say_why(tmp_path, make, match):
    good = tmp_path / "good.convviz"
    save_project(good, session())
    with pytest.raises(ConvvizError, match=match):
        load_project(make(good, tmp_path))


def test_a_failed_save_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "keep.convviz"
    save_project(target, session(seed=1))
    before = target.read_bytes()
    for code in (errno.EACCES, errno.ENOSPC):
        def fail(*_a, _code=code, **_k):
            raise OSError(_code, __import__("os").strerror(_code))

        monkeypatch.setattr("os.replace", fail)
        with pytest.raises(OSError) as info:
            save_project(target, session(seed=2))
        assert info.value.filename == str(target)
        assert target.read_bytes() == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.convviz"]


def test_cli_run_summary_and_overrides_accept_a_project(tmp_path, capsys):
    p = session(seed=4)
    save_project(tmp_path / "s.convviz", p)
    assert main(["run", str(tmp_path / "s.convviz"), "--out", str(tmp_path / "o.npz")]) == 0
    with np.load(tmp_path / "o.npz") as data:
        assert_array_equal(data["input"], p.state.input)
        assert_array_equal(data["stage.3"], forward(p.state.network, p.state.input)[-1])
    capsys.readouterr()
    assert main(["summary", str(tmp_path / "s.convviz"), "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["total_params"] == p.state.network.total_params
    # --input and --weights override the project's
    x = np.zeros(p.state.input.shape, np.float32)
    np.save(tmp_path / "zeros.npy", x)
    w = {k: v * 0 + 1 for k, v in weights_to_arrays(p.state.network).items()}
    np.savez(tmp_path / "ones.npz", **w)
    assert main(["run", str(tmp_path / "s.convviz"), "--input", str(tmp_path / "zeros.npy"), "--weights",
                 str(tmp_path / "ones.npz"), "--out", str(tmp_path / "o2.npz")]) == 0
    with np.load(tmp_path / "o2.npz") as data:
        assert not data["input"].any() and (data["weight.0"] == 1).all()
    (tmp_path / "bad.convviz").write_bytes(project_bytes(p)[:100])
    assert main(["run", str(tmp_path / "bad.convviz"), "--out", str(tmp_path / "o3.npz")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "damaged or truncated" in err and not (tmp_path / "o3.npz").exists()


def test_every_conv_layer_keeps_its_weights_in_a_project(tmp_path):
    p = session()
    save_project(tmp_path / "s.convviz", p)
    q = load_project(tmp_path / "s.convviz")
    convs = [i for i, s in enumerate(q.state.layers) if isinstance(s, Conv2D)]
    assert convs == [0, 2] and all(q.state.layers[i].uid in q.state.weights for i in convs)


def test_a_stack_with_a_classifier_head_keeps_its_dense_weights(tmp_path):
    from convviz.core.layers import Activation, Dense, Flatten, Pool2D, Softmax
    from convviz.core.network import build_network
    from convviz.model import state_from_network

    layers = (Conv2D(4, (3, 3)), Activation("relu"), Pool2D("max", (2, 2)), Flatten(), Dense(5),
              Dense(3, bias=False), Softmax())
    x = np.random.default_rng(1).random((8, 8, 2)).astype(np.float32)
    net = build_network(x.shape, layers, seed=4)
    trained = weights_to_arrays(net)  # weights no seed gives back: as after training
    trained["weight.4"] = np.random.default_rng(2).standard_normal((5, 36)).astype(np.float32)
    trained["bias.4"] = np.arange(5, dtype=np.float32)
    p = Project(state_from_network(apply_weights(net, trained), x, name="head"), dict(DISPLAY), (),
                {"selected_layer": 4})
    save_project(tmp_path / "h.convviz", p)
    q = load_project(tmp_path / "h.convviz")
    assert_same_session(p, q)
    assert_array_equal(weights_to_arrays(q.state.network)["weight.4"], trained["weight.4"])
    assert "bias.5" not in weights_to_arrays(q.state.network)
    assert_array_equal(forward(q.state.network, x)[-1], forward(p.state.network, x)[-1])
    with zipfile.ZipFile(tmp_path / "h.convviz") as zf:
        assert {"weights/weight.4.npy", "weights/bias.4.npy", "weights/weight.5.npy"} <= set(zf.namelist())


def test_the_input_s_source_and_how_it_was_read_are_kept(tmp_path):
    """Fit, channel mode and crop anchor come back, and the image's path while it exists, so a later change of the
    input's size reads the image again as the user set it (the pixels themselves are in the project)."""
    image = tmp_path / "cat.npy"
    np.save(image, np.zeros((4, 4, 3), np.float32))
    p = session()
    state = replace(p.state, input_path=str(image), input_name="cat.npy", input_fit="crop", input_channels="gray",
                    input_anchor=(0.25, 1.0))
    save_project(tmp_path / "s.convviz", replace(p, state=state))
    q = load_project(tmp_path / "s.convviz").state
    assert (q.input_fit, q.input_channels, q.input_anchor) == ("crop", "gray", (0.25, 1.0))
    assert q.input_path == str(image) and q.input_name == "cat.npy"
    image.unlink()  # moved away, or the project opened on another machine: the saved pixels only
    q = load_project(tmp_path / "s.convviz").state
    assert q.input_path is None and q.input_fit == "crop"
    assert_array_equal(q.input, state.input)


def test_a_project_without_input_settings_opens_with_the_defaults(tmp_path):
    from convviz.fit import CENTRE, DEFAULT_CHANNELS, DEFAULT_FIT

    good = tmp_path / "good.convviz"
    save_project(good, session())

    def strip(doc, members):
        for key in ("fit", "channels", "anchor", "path"):
            doc["input"].pop(key, None)

    q = load_project(_rewrite(good, tmp_path / "old.convviz", strip)).state
    assert (q.input_fit, q.input_channels, q.input_anchor, q.input_path) == (DEFAULT_FIT, DEFAULT_CHANNELS, CENTRE,
                                                                             None)
