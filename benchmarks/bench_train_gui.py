"""Event-loop stalls during live training in the window, measured (never asserted):
`python benchmarks/bench_train_gui.py [--runs N] [--seconds S] [--smoke]`.

A fresh window per run holds the issue's digits stack (conv(8, 5) → ReLU → max pool 2 → conv(16, 5) → ReLU → max
pool 2 → flatten → dense(10)), its Training dock shown; Start trains 2 000 digits (batch 32) for S seconds while a
1 ms heartbeat timer on the GUI thread records the gaps between its beats — how long the event loop could not run
(curve and view repaints, uploads, Python holding the GIL). The loop is a real QEventLoop, as in the app. Prints the
median, p99 and worst gap and the batches trained of every run, then the median and worst over the runs (on a
shared machine quote the worst, never the best run). ``--smoke`` trains 64 images for a second, once (a test does).
Run it with ``PYTHONPATH=<checkout>`` to measure that checkout rather than the installed convviz.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
from bench_stalls import Control, Heartbeat  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402


def digits_scene():
    from convviz.core.layers import Activation, Conv2D, Dense, Flatten, Pool2D
    from convviz.core.network import build_network
    from convviz.scene import Scene

    layers = [Conv2D(8, (5, 5)), Activation("relu"), Pool2D("max", (2, 2)), Conv2D(16, (5, 5)),
              Activation("relu"), Pool2D("max", (2, 2)), Flatten(), Dense(10)]
    net = build_network((28, 28, 1), layers, seed=0)
    return Scene(net, np.zeros((28, 28, 1), np.float32), 0, "blank")


def run_loop(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def one_run(seconds: float, count: int) -> tuple[float, float, float, int, float]:
    """(median gap ms, p99 gap ms, worst gap ms, batches trained, the control process's worst gap ms) of one fresh
    window (the control: see bench_stalls.py)."""
    from convviz.qt.main_window import MainWindow

    win = MainWindow(digits_scene())
    win.quiet = True
    win.resize(1400, 900)
    win.show()
    dock = win.teaching.training
    dock.dock.show()
    dock.panel.count.setValue(count)
    dock.panel.batch.setValue(32)
    run_loop(500)  # the first paints
    beat = Heartbeat()
    control = Control()
    dock.start()
    beat.start()
    run_loop(int(seconds * 1000))
    beat.stop()
    control_worst = control.stop()
    batches = sum(len(a) for a in dock._xs)
    dock.pause()
    while dock.in_flight:
        run_loop(20)
    win.close()
    gaps = np.array(beat.gaps[1:]) * 1000  # the first gap is the start's own work
    return float(np.median(gaps)), float(np.percentile(gaps, 99)), float(gaps.max()), batches, control_worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/bench_train_gui.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--count", type=int, default=2000, help="training images (default 2000)")
    parser.add_argument("--smoke", action="store_true", help="64 images, one run of a second: checks it runs")
    args = parser.parse_args(argv)
    runs, seconds, count = (1, 1.0, 64) if args.smoke else (args.runs, args.seconds, args.count)

    from convviz.qt.app import ensure_app

    ensure_app()
    print(f"event-loop gaps during live training (1 ms heartbeat) · {runs} runs × {seconds:g} s · {count} digits · "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    results = [one_run(seconds, count) for _ in range(runs)]
    for i, (median, p99, worst, batches, control) in enumerate(results):
        print(f"  run {i + 1}: median {median:.1f} ms, p99 {p99:.1f} ms, worst {worst:.1f} ms, "
              f"{batches} batches trained (control process worst {control:.1f} ms)")
    worsts = [r[2] for r in results]
    print(f"worst gap: median over runs {statistics.median(worsts):.1f} ms, worst of all runs {max(worsts):.1f} ms; "
          f"median gap: worst run {max(r[0] for r in results):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
