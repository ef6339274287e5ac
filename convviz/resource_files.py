"""Where the files of the top-level resources/ folder are, however convviz runs.

The checkout keeps ``convviz/`` and ``resources/`` side by side; an install (``pip install .``) puts resources/
inside the package as ``convviz/resources``; a PyInstaller bundle unpacks it to ``sys._MEIPASS/convviz/resources``.
An editable install or a plain checkout on ``sys.path`` (``python -m pytest`` puts the checkout's ``convviz/``
ahead of any installed copy) finds the sibling folder. One helper looks in all three places.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["resource_path", "resources_dir"]

_PACKAGE_DIR = Path(__file__).resolve().parent


def _candidates() -> list[Path]:
    found = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        found.append(Path(bundle, "convviz", "resources"))
    found.append(_PACKAGE_DIR / "resources")  # installed package (and a PyInstaller bundle's package folder)
    found.append(_PACKAGE_DIR.parent / "resources")  # source checkout, editable install
    return found


def resources_dir() -> Path:
    """The resources folder; a clear error naming every place looked at when there is none."""
    candidates = _candidates()
    for base in candidates:
        if (base / "scenes").is_dir():  # a marker every resources folder has
            return base
    raise FileNotFoundError("convviz resources not found in " + ", ".join(str(c) for c in candidates))


def resource_path(*parts: str) -> Path:
    """A file of resources/ (``resource_path("scenes", "default.json")``); it may not exist (optional files)."""
    return resources_dir().joinpath(*parts)
