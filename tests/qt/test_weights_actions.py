"""The window's Weights menu: whole-stack and one-layer .npz, state_dicts (skipped without PyTorch)."""

from __future__ import annotations

import errno

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from convviz.core.netfile import weights_to_arrays
from convviz.qt.main_window import MainWindow
from convviz.scene import LECTURE_SCENES, builtin_scene

pytestmark = pytest.mark.usefixtures("qt_checks")


@pytest.fixture
def win(qtbot):
    w = MainWindow(builtin_scene(LECTURE_SCENES[2]), mode="sync", debounce_ms=0)  # conv6 → ReLU → conv10 → ReLU
    w.quiet = True
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def test_the_file_menu_has_the_weights_entries(win):
    texts = [a.text() for a in win.findChild(type(win.menuBar().actions()[0].menu()), "weights-menu").actions()]
    assert any("PyTorch module" in t for t in texts) and any("state_dict" in t for t in texts)


def test_export_all_and_one_layer_then_load_back_and_undo(tmp_path, win):
    before = weights_to_arrays(win.doc.state.network)
    assert win.weights_actions.export(str(tmp_path / "all.npz"))
    assert win.weights_actions.export_layer(2, str(tmp_path / "conv2.npz"))
    with np.load(tmp_path / "conv2.npz") as data:
        assert sorted(data.files) == ["bias.2", "weight.2"]
    zero = {k: np.zeros_like(v) for k, v in before.items()}
    np.savez(tmp_path / "zero.npz", **zero)
    assert win.load_weights(str(tmp_path / "zero.npz"))
    assert not win.doc.state.network.weights_of(0).weight.any()
    assert win.weights_actions.load_layer(2, str(tmp_path / "conv2.npz"))  # only conv2 comes back
    assert_array_equal(win.doc.state.network.weights_of(2).weight, before["weight.2"])
    assert not win.doc.state.network.weights_of(0).weight.any()
    win.doc.undo_stack.undo()
    win.doc.undo_stack.undo()
    assert_array_equal(win.doc.state.network.weights_of(0).weight, before["weight.0"])


def test_bad_weights_and_a_full_disk_give_a_message_and_change_nothing(tmp_path, win, monkeypatch):
    state = win.doc.state
    np.savez(tmp_path / "nan.npz", **{"weight.0": np.full((6, 3, 3, 3), np.nan, np.float32)})
    assert not win.load_weights(str(tmp_path / "nan.npz"))
    assert "NaN" in win.last_message and win.doc.state is state
    np.savez(tmp_path / "shape.npz", **{"weight.2": np.zeros((10, 3, 3, 3), np.float32)})
    assert not win.weights_actions.load_layer(2, str(tmp_path / "shape.npz"))
    assert "layer 2" in win.last_message and win.doc.state is state
    target = tmp_path / "keep.npz"
    target.write_bytes(b"old contents")

    def full(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.fsync", full)
    assert not win.weights_actions.export(str(target))
    assert "No space left" in win.last_message
    assert target.read_bytes() == b"old contents"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_a_state_dict_loads_and_builds_the_stack(tmp_path, win):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    sd = {"conv1.weight": torch.from_numpy(rng.standard_normal((4, 1, 5, 5)).astype(np.float32)),
          "conv1.bias": torch.zeros(4), "conv2.weight": torch.from_numpy(rng.standard_normal((8, 4, 3, 3))
                                                                          .astype(np.float32)),
          "fc.weight": torch.zeros(10, 8)}
    torch.save(sd, tmp_path / "lenet.pt")
    assert win.weights_actions.build_from_state_dict(str(tmp_path / "lenet.pt"))
    state = win.doc.state
    assert [s.type for s in state.layers] == ["conv", "relu", "conv", "relu"]
    assert state.input_shape[2] == 1
    assert_array_equal(state.network.weights_of(2).weight, sd["conv2.weight"].numpy().transpose(0, 2, 3, 1))
    assert "fc.weight" in win.statusBar().currentMessage()
