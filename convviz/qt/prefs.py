"""What the window remembers across runs (QSettings): its layout, the colormap, the recent lecture scenes, whether
the tour was seen; the language is kept by :mod:`convviz.qt.language`, recent projects by project_actions.

Only an interactive window (``window.use_settings``, set by `convviz` / `convviz gui` without --screenshot) reads
or writes them: screenshots, the CLI and tests always start from the defaults and leave no trace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSignalBlocker

from .project_actions import settings

if TYPE_CHECKING:
    from .main_window import MainWindow

MAX_RECENT_SCENES = 5


def restore(window: MainWindow) -> None:
    """Geometry, docks and toolbars, and the colormap as last left."""
    s = settings()
    for key, apply in (("window/geometry", window.restoreGeometry), ("window/state", window.restoreState)):
        value = s.value(key)
        if isinstance(value, QByteArray | bytes):
            apply(QByteArray(value))
    cmap = s.value("display/colormap", "")
    box = window.colormap_box
    index = box.findData(cmap) if isinstance(cmap, str) and cmap else -1
    if index >= 0 and index != box.currentIndex():
        with QSignalBlocker(box):  # a preference, not an edit of the session
            box.setCurrentIndex(index)
        from dataclasses import replace

        window.controller.set_options(replace(window.controller.options, colormap=cmap))


def save(window: MainWindow) -> None:
    s = settings()
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/state", window.saveState())
    s.setValue("display/colormap", window.controller.options.colormap)
    s.sync()


def recent_scenes() -> list[str]:
    value = settings().value("recent/scenes", [])
    keys = [value] if isinstance(value, str) else list(value or [])
    return [k for k in keys if isinstance(k, str)]


def remember_scene(key: str) -> None:
    keys = [key] + [k for k in recent_scenes() if k != key]
    s = settings()
    s.setValue("recent/scenes", keys[:MAX_RECENT_SCENES])
    s.sync()


def tour_seen() -> bool:
    return settings().value("tour/seen", "false") in (True, "true")


def set_tour_seen(seen: bool = True) -> None:
    s = settings()
    s.setValue("tour/seen", seen)
    s.sync()


def reset() -> None:
    """Forget everything: layout, language, colormap, recent scenes and projects, the tour."""
    s = settings()
    s.clear()
    s.sync()
