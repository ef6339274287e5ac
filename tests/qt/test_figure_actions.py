"""File → Save figure: every view of the window as PNG and SVG; a read-only folder gives a message."""

from __future__ import annotations

import errno
import os
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.usefixtures("qt_checks")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("view", ["input", "kernels", "maps", "stack"])
def test_every_view_saves_as_png_and_svg(tmp_path, win, view):
    assert win.figure_actions.save(view, str(tmp_path / "f.svg"), 2.0)
    root = ET.parse(tmp_path / "f.svg").getroot()
    assert root.findall(f"{SVG}image") and [t.text for t in root.iter(SVG + "text")]
    assert win.figure_actions.save(view, str(tmp_path / "f.png"), 1.0, labels=False, colorbar=False)
    small = QImage(str(tmp_path / "f.png"))
    assert win.figure_actions.save(view, str(tmp_path / "g.png"), 2.0, labels=False, colorbar=False)
    assert QImage(str(tmp_path / "g.png")).width() == 2 * small.width()


def test_the_maps_figure_follows_the_selected_layer(win):
    win.builder.select(1)
    fig = win.figure_actions.figure("maps")
    assert any(getattr(it, "text", "").startswith("relu1") for it in fig.items)


def test_the_inspector_saves_with_its_text(tmp_path, win, qtbot):
    assert not win.figure_actions.save("inspector", str(tmp_path / "i.svg"))
    assert "inspector is empty" in win.last_message
    win.inspect(2, 0, 1, 1)
    qtbot.waitUntil(lambda: win.inspector.unit is not None, timeout=5000)
    assert win.figure_actions.save("inspector", str(tmp_path / "i.svg"))
    assert "<text" in (tmp_path / "i.svg").read_text(encoding="utf-8")
    assert win.figure_actions.save("inspector", str(tmp_path / "i.png"), 2.0)
    assert not QImage(str(tmp_path / "i.png")).isNull()


def test_a_read_only_folder_gives_a_message_and_writes_nothing(tmp_path, win, monkeypatch):
    def denied(*_a, **_k):
        raise OSError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr("os.open", denied)
    assert not win.figure_actions.save("stack", str(tmp_path / "f.svg"))
    assert os.strerror(errno.EACCES) in win.last_message
    assert list(tmp_path.iterdir()) == []
