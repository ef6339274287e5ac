"""Projects in the window: save and reopen exactly, a bad file changes nothing, recent files, the close
prompt, autosave and recovery, and `convviz gui P.convviz`."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from convviz.core.netfile import weights_to_arrays
from convviz.project import load_project
from convviz.qt.project_actions import cache_dir

pytestmark = pytest.mark.usefixtures("qt_checks")


def edit(win):
    """A user edit: conv1 gets 4 filters, the colour map becomes magma."""
    state = win.doc.state
    win.set_state(state.replace_layer(0, state.layers[0].__class__(**{**state.layers[0].__dict__, "filters": 4})),
                  "edit")
    win.colormap_box.setCurrentIndex(win.colormap_box.findData("magma"))


def test_save_and_reopen_in_a_new_window_is_identical(tmp_path, make_window):
    a = make_window()
    assert not a.project_actions.dirty
    edit(a)
    a.builder.select(2)
    assert a.project_actions.dirty and a.isWindowModified()
    assert a.project_actions.save_to(str(tmp_path / "s.convviz"))
    assert not a.project_actions.dirty and "s.convviz" in a.windowTitle()
    b = make_window()
    assert b.project_actions.open(str(tmp_path / "s.convviz"))
    assert_array_equal(b.doc.state.input, a.doc.state.input)
    wa, wb = weights_to_arrays(a.doc.state.network), weights_to_arrays(b.doc.state.network)
    assert all(np.array_equal(wa[k], wb[k]) for k in wa) and wa.keys() == wb.keys()
    assert b.controller.options == a.controller.options and b.colormap_box.currentData() == "magma"
    assert b.controller.selected == 2
    assert not b.project_actions.dirty
    assert b.project_actions.recent_files()[0] == str((tmp_path / "s.convviz").resolve())


def test_a_bad_project_changes_nothing(tmp_path, make_window):
    w = make_window()
    state, options = w.doc.state, w.controller.options
    (tmp_path / "t.convviz").write_bytes(b"PK\x03\x04 truncated")
    assert not w.project_actions.open(str(tmp_path / "t.convviz"))
    assert "damaged or truncated" in w.last_message
    assert w.doc.state is state and w.controller.options == options


@pytest.mark.parametrize("code", [errno.EACCES, errno.ENOSPC])
def test_a_failed_save_keeps_the_old_file_and_the_session_unsaved(tmp_path, make_window, monkeypatch, code):
    w = make_window()
    target = tmp_path / "keep.convviz"
    assert w.project_actions.save_to(str(target))
    before = target.read_bytes()
    edit(w)

    def fail(*_a, **_k):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("os.open", fail)  # the temp file beside the target cannot be made
    assert not w.project_actions.save_to(str(target))
    assert os.strerror(code) in w.last_message
    assert target.read_bytes() == before and w.project_actions.dirty


def test_autosave_writes_while_dirty_and_a_clean_exit_removes_it(make_window):
    w = make_window()
    assert w.project_actions.autosave() is None  # nothing to save
    edit(w)
    w.project_actions.autosave().result(timeout=10)
    auto = w.project_actions.autosave_path()
    assert auto.parent == cache_dir()
    assert load_project(auto).state.layers[0].filters == 4
    assert w.project_actions.recoverable() == auto  # as after a crash
    w.close()
    assert not auto.exists() and (cache_dir() / "clean-exit").exists()


def test_a_crashed_session_is_recovered(make_window):
    w = make_window()
    edit(w)
    w.project_actions.autosave().result(timeout=10)
    auto = w.project_actions.recoverable()
    fresh = make_window()
    assert fresh.project_actions.recover(auto)
    assert fresh.doc.state.layers[0].filters == 4 and fresh.project_actions.dirty
    assert fresh.project_actions.path is None


def test_the_file_menu_has_the_project_entries(make_window):
    w = make_window()
    texts = [a.text() for a in w.menuBar().actions()[0].menu().actions()]
    assert texts[:4] == ["Open &project…", "Open &recent", "Save pro&ject", "Save project &as…"]


def test_gui_reopens_a_project_with_its_settings(tmp_path, make_window):
    w = make_window()
    edit(w)
    w.project_actions.save_to(str(tmp_path / "s.convviz"))
    shot = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run([sys.executable, "-m", "convviz", "gui", str(tmp_path / "s.convviz"), "--screenshot",
                           str(shot)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 1000


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(make_window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    w = make_window(quiet=False)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel)
    untouched = make_window(quiet=False)
    untouched.close()  # nothing changed: no question
    assert asked == [] and not untouched.isVisible()
    edit(w)
    w.close()
    assert asked and "Save the changes" in asked[0] and w.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    w.close()
    assert not w.isVisible()
