"""convviz.core is the engine the window, the CLI and users share: NumPy only, no Qt."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import convviz.core

QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6", "PySide2")
CORE = Path(convviz.core.__file__).parent


def test_importing_and_using_the_core_loads_no_qt():
    code = (
        "import sys, json\n"
        "import convviz.core as core\n"
        "from convviz.core import netfile, kernels, layers, network, samples, errors, ops\n"
        "net = core.build_network((8, 8, 3), [core.Conv2D(filters=6, kernel_size=3), core.Activation('relu'),"
        " core.Pool2D(size=2)])\n"
        "core.forward(net, core.sample_image(8, 8, 3))\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r})))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYQTGRAPH_QT_LIB"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60,
                          cwd=CORE.parent.parent)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_no_core_source_mentions_a_qt_import():
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|pyqtgraph|PyQt[56]|PySide2|qtpy)\b|"
                         r"import_module\(\s*['\"](PySide6|pyqtgraph|shiboken6)", re.MULTILINE)
    files = sorted(CORE.rglob("*.py"))
    assert len(files) >= 8
    offenders = [f.name for f in files if pattern.search(f.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_pattern_would_catch_an_import():
    # guard against a grep that can never match
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|pyqtgraph)\b", re.MULTILINE)
    assert pattern.search("x = 1\n    from PySide6.QtCore import QObject\n")
    assert pattern.search("import pyqtgraph as pg\n")
