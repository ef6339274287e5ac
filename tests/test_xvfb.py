"""The window under a real X server: Xvfb with Qt's xcb platform (the plugin's libraries, fonts and input methods
that the offscreen platform never loads), checked with a screenshot taken from the X server, not from Qt.
Skipped when Xvfb is not installed (`.ci/run` installs it)."""

from __future__ import annotations

import os
import sys

import pytest

from tools import xvfb

pytestmark = pytest.mark.skipif(not xvfb.available(), reason="Xvfb (package xvfb) is not installed")


def test_the_source_app_shows_its_window_on_an_x_server(tmp_path):
    env = dict(os.environ, CONVVIZ_LANG="en")
    env.pop("QT_QPA_PLATFORM", None)
    with xvfb.xvfb() as display:
        shot, proc = xvfb.run_until_shown([sys.executable, "-m", "convviz"], display, env)
        alive = proc.poll() is None
        err = xvfb.stop(proc)
    assert alive, f"convviz exited under Xvfb: {err[-2000:]}"
    assert shot is not None and xvfb.window_on_screen(shot), f"no window on the X server; stderr: {err[-2000:]}"
    path = os.environ.get("CONVVIZ_XVFB_SHOT") or str(tmp_path / "xvfb.png")
    xvfb.save_png(shot, path)
    # the window sits at the top left (no window manager): its menu bar row is not the empty screen's colour
    assert (shot[:30, :400] != shot[-1, -1]).any(axis=2).mean() > 0.5
    assert "could not load the Qt platform plugin" not in err
