"""Exceptions that escape (issue 8): any bytes as a network, weights or input file give exit 0 or 2 and at most
one stderr line — never a traceback, never exit 1; a bug is one line naming its crash log (--debug: the
traceback too); the window says every failure of its handlers in words."""

import contextlib
import io
import json
import os
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convviz.cli import main
from convviz.core.errors import MAX_MESSAGE

from .conftest import NET

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
NPY_HEAD = b"\x93NUMPY\x01\x00"


def run(argv):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning that escaped would fail here
        rc = main([str(a) for a in argv])
    return rc, err.getvalue()


def assert_clean(rc, err):
    assert rc in (0, 2), (rc, err)
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) <= 1, err
    assert all(len(line) <= MAX_MESSAGE + len("convviz: ") for line in lines), err


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("fuzz")
    (d / "net.json").write_text(json.dumps(NET), encoding="utf-8")
    return d


@FUZZ
@given(data=st.one_of(st.binary(max_size=400), st.binary(max_size=200).map(lambda b: b"{" + b)))
def test_any_bytes_as_a_network(folder, data):
    (folder / "n.json").write_bytes(data)
    assert_clean(*run(["run", folder / "n.json", "--out", folder / "o.npz"]))


@FUZZ
@given(data=st.one_of(st.binary(max_size=400), st.binary(max_size=300).map(lambda b: b"PK\x03\x04" + b),
                      st.binary(max_size=300).map(lambda b: NPY_HEAD + b)))
def test_any_bytes_as_weights(folder, data):
    (folder / "w.npz").write_bytes(data)
    assert_clean(*run(["run", folder / "net.json", "--weights", folder / "w.npz", "--out", folder / "o.npz"]))


@FUZZ
@given(data=st.one_of(st.binary(max_size=400), st.binary(max_size=300).map(lambda b: NPY_HEAD + b)),
       suffix=st.sampled_from([".npy", ".png", ".jpg"]))
def test_any_bytes_as_an_input(folder, data, suffix):
    (folder / f"i{suffix}").write_bytes(data)
    assert_clean(*run(["run", folder / "net.json", "--input", folder / f"i{suffix}", "--out", folder / "o.npz"]))


def test_the_testers_cases(tmp_path):
    def net(obj, name="n.json"):
        p = tmp_path / name
        p.write_text(obj if isinstance(obj, str) else json.dumps(obj), encoding="utf-8")
        return p

    conv = {"type": "conv", "filters": 2, "kernel_size": 3}
    block = {"height": 8, "width": 8, "channels": 3}
    cases = {
        "JSON nested 100k deep": net("[" * 100_000 + "]" * 100_000),
        "a 5000-digit integer": net('{"layers": [{"type": "conv", "filters": ' + "9" * 5000 + ', "kernel_size": 3}]}'),
        "a 4000-digit integer": net('{"layers": [{"type": "conv", "filters": ' + "9" * 4000 + ', "kernel_size": 3}]}'),
        "pool weights of 1e308": net({"input": block, "layers": [{"type": "pool", "mode": "weighted", "size": 2,
                                                                  "weights": [[1e308, 1e308], [1e308, 1e308]]}]}),
        "leaky slope 1e300": net({"input": block, "layers": [{"type": "leaky_relu", "slope": 1e300}]}),
        "dilation 10**300": net('{"input": {"height": 8, "width": 8, "channels": 3}, "layers": [{"type": "conv", '
                                '"filters": 2, "kernel_size": 3, "dilation": 1' + "0" * 300 + '}]}'),
        "filters 1e30": net({"input": block, "layers": [{**conv, "filters": 1e30}]}),
        "duplicate key": net('{"layers": [], "layers": []}'),
    }
    for name, path in cases.items():
        rc, err = run(["run", path, "--out", tmp_path / "o.npz"])
        assert_clean(rc, err)
        assert rc == 2, (name, err)
    good = net({"input": block, "layers": [conv]}, "good.json")
    np.savez(tmp_path / "w.npz", **{"weight.²": np.zeros(3)})
    (tmp_path / "r.npy").write_bytes(NPY_HEAD + os.urandom(200))
    for argv in (["--weights", tmp_path / "w.npz"], ["--input", tmp_path / "r.npy"]):
        rc, err = run(["run", good, *argv, "--out", tmp_path / "o.npz"])
        assert_clean(rc, err)
        assert rc == 2, err


def test_a_bug_is_one_line_naming_its_crash_log_and_debug_prints_the_traceback(tmp_path, monkeypatch, capsys):
    import convviz.cli as cli

    def broken(_args):
        raise TypeError("an internal mistake")

    monkeypatch.setitem(cli.INSTRUMENT_VERBS, "quiz", broken)
    assert main(["quiz", "whatever.json"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "a bug in convviz" in err[0] and "TypeError: an internal mistake" in err[0], err
    log = err[0].rsplit("the full traceback is in ", 1)[1]
    assert log.startswith(os.environ["CONVVIZ_CACHE_DIR"]) and "crash-" in log
    with open(log, encoding="utf-8") as fh:
        assert "Traceback" in fh.read()
    assert main(["quiz", "whatever.json", "--debug"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and err.strip().splitlines()[-1].startswith("convviz: internal error")

    def interrupted(_args):
        raise KeyboardInterrupt

    monkeypatch.setitem(cli.INSTRUMENT_VERBS, "quiz", interrupted)
    assert main(["quiz", "whatever.json"]) == 130
    assert capsys.readouterr().err.strip() == "convviz: interrupted"


@pytest.mark.parametrize("fault", [RecursionError(), MemoryError(), KeyboardInterrupt(), OSError(5, "I/O error")],
                         ids=lambda e: type(e).__name__)
def test_the_windows_menu_handlers_say_every_failure(qtbot, monkeypatch, tmp_path, fault):
    import convviz.qt.main_window as mw
    from convviz.scene import DEFAULT_SCENE, builtin_scene

    w = mw.MainWindow(builtin_scene(DEFAULT_SCENE), mode="sync")
    qtbot.addWidget(w)
    w.quiet = True

    def boom(_path):
        raise fault

    monkeypatch.setattr(mw, "load_network", boom)
    monkeypatch.setattr(w, "_ask_open", lambda *a: str(tmp_path / "n.json"))
    action = next(a for a in w.findChildren(mw.QAction) if a.text() == mw.tr("Open &network…"))
    w.last_message = None
    action.trigger()
    assert w.last_message, "the failure is said in the window"
    if isinstance(fault, (RecursionError,)):
        assert "a bug in convviz" in w.last_message and "crash-" in w.last_message


def test_the_input_thread_says_any_failure(qtbot, monkeypatch):
    import convviz.qt.input_editor as ie
    from convviz.qt.main_window import MainWindow
    from convviz.scene import DEFAULT_SCENE, builtin_scene

    w = MainWindow(builtin_scene(DEFAULT_SCENE), mode="thread")
    qtbot.addWidget(w)
    w.quiet = True
    monkeypatch.setattr(ie, "read_input", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    monkeypatch.setattr(ie, "SYNC_PIXELS", 0)  # on the worker's input lane
    w.last_message = None
    w.builder.input_editor.request_input((64, 64, 3), "shapes", None, "edit")
    qtbot.waitUntil(lambda: w.last_message == "interrupted", timeout=30_000)
    assert w.builder.input_editor.message.isVisible() or w.builder.input_editor.message.text()
