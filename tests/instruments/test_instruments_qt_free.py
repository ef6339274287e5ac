"""convviz.instruments is numbers first: importing and using it loads no Qt, and no source mentions a Qt import."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import convviz.instruments

QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6", "PySide2")
PACKAGE = Path(convviz.instruments.__file__).parent


def test_using_every_instrument_loads_no_qt():
    code = (
        "import sys, json\n"
        "import numpy as np\n"
        "import convviz.core as core\n"
        "import convviz.instruments as ins\n"
        "from convviz.instruments import text\n"
        "net = core.build_network((8, 8, 3), [core.Conv2D(filters=6, kernel_size=3), core.Activation('relu'),"
        " core.Pool2D(size=2)])\n"
        "x = core.sample_image(8, 8, 3)\n"
        "text.format_unit(ins.explain(net, x, 0, 0, (1, 1)))\n"
        "ins.sliding_window(net, 0, 0).state(3)\n"
        "ins.receptive_field(net, 2, (1, 1))\n"
        "text.format_invariance(ins.invariance(net, x, 2))\n"
        "text.format_quiz(ins.make_quiz(net, seed=1, lang='ru'))\n"
        "ins.counting(net).to_text()\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r})))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYQTGRAPH_QT_LIB"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60,
                          cwd=PACKAGE.parent.parent)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip()) == []


def test_no_instrument_source_mentions_a_qt_import():
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|pyqtgraph|PyQt[56]|PySide2|qtpy)\b|"
                         r"^\s*from\s+\.\.(qt|imageio|compute)\b|import_module\(", re.MULTILINE)
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) >= 9
    assert [f.name for f in files if pattern.search(f.read_text(encoding="utf-8"))] == []
    assert pattern.search("from ..qt.app import run_gui\n") and pattern.search("  import PySide6\n")
