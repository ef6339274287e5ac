"""The README's pictures of training in the window: `python docs/make_training_shots.py` (offscreen, ~15 s).

Scripted, not staged: the window opens on scene 8's stack with fresh seed-0 weights (what `convviz train` starts
from), the Training dock trains it on 6 000 digits (batch 32) until three epochs have closed, pauses, and the
window is grabbed with the dock's Curves page (docs/training.png), then the dock alone with its Kernels page
(docs/training-kernels.png). Training is seeded: the curves are the same every time up to where the pause
falls, a few batches after the third epoch's end (that depends on the machine's speed).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

EPOCHS = 3


def run_loop(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main() -> int:
    from convviz.core.netfile import parse_network
    from convviz.core.network import build_network
    from convviz.qt.app import ensure_app
    from convviz.resource_files import resource_path
    from convviz.scene import Scene

    ensure_app()
    from convviz.qt.main_window import MainWindow

    spec = parse_network(json.loads(resource_path("scenes", "lecture8_learned.json").read_text(encoding="utf-8")))
    net = build_network(spec.input_shape, spec.layers, seed=0)
    digit = resource_path("inputs", "lecture8_digit.npy")  # scene 8's input: a test digit
    win = MainWindow(Scene(net, np.load(digit), 0, digit.name, str(digit)))
    win.quiet = True
    win.resize(1400, 900)
    win.show()
    dock = win.teaching.training
    dock.dock.show()
    dock.panel.count.setValue(6000)
    dock.panel.batch.setValue(32)
    run_loop(500)
    dock.start()
    while len(dock._tests) < EPOCHS:
        run_loop(50)
    dock.pause()
    while dock.in_flight or dock.views._busy or dock.views._incoming is not None:
        run_loop(50)
    run_loop(500)
    out = ROOT / "docs" / "training.png"
    win.grab().save(str(out))
    print(f"wrote {out.relative_to(ROOT)}")
    dock.panel.tabs.setCurrentIndex(dock.kernels.index)
    while dock.kernels._shown_state is not win.doc.state or dock.kernels._busy:
        run_loop(50)
    run_loop(300)
    out = ROOT / "docs" / "training-kernels.png"
    dock.dock.widget().grab().save(str(out))
    print(f"wrote {out.relative_to(ROOT)}")
    win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
