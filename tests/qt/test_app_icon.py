"""The application's icon: an SVG drawn by the project, every window's icon, and the Linux desktop entry."""

from __future__ import annotations

import configparser
from pathlib import Path

from PySide6.QtGui import QIcon

from convviz.qt.app import set_identity
from convviz.scene import resource_path

ROOT = Path(__file__).resolve().parents[2]


def test_the_icon_renders_at_every_size(qapp):
    icon = QIcon(str(resource_path("icons", "convviz.svg")))
    for size in (16, 32, 256):
        image = icon.pixmap(size, size).toImage()
        assert image.width() == size
        colours = {image.pixelColor(x, y).name() for x in range(size) for y in range(size)}
        assert len(colours) > 4  # drawn, not blank


def test_the_window_carries_the_icon(qapp, qtbot):
    from convviz.qt.main_window import MainWindow
    from convviz.scene import LECTURE_SCENES, builtin_scene

    app = qapp  # pytest-qt's; ensure_app gives its own the same identity
    set_identity(app)
    assert not app.windowIcon().isNull() and app.desktopFileName() == "convviz" and app.applicationVersion()
    win = MainWindow(builtin_scene(LECTURE_SCENES[0]), mode="sync", debounce_ms=0)
    win.quiet = True
    qtbot.addWidget(win)
    assert not win.windowIcon().isNull()
    assert win.windowIcon().pixmap(32, 32).toImage() == app.windowIcon().pixmap(32, 32).toImage()


def test_the_desktop_entry_names_the_icon_and_the_command():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(ROOT / "packaging" / "convviz.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application" and d["Icon"] == "convviz" and d["Exec"].split()[0] == "convviz"
    assert d["Name"] == "convviz" and d["Comment[ru]"] and "Education" in d["Categories"].split(";")
