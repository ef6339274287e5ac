"""GUI responsiveness, measured (never asserted): `python benchmarks/bench_gui.py [--edits N] [--quick|--smoke]`.

On the engine issue's 512×512×3 stack (conv16 K3 → ReLU → maxpool2 → conv32 K3 → ReLU → maxpool2 → conv64 K3 →
ReLU → maxpool2), offscreen, it prints:

* edit → last paint: a hyperparameter changed through its widget (the F spin box of a conv layer) until the last
  paint of every visible view, debounce included; p50 and p95 over N edits;
* event-loop lag: the longest time the GUI thread was blocked while the worker computed (a 2 ms timer measures
  how late it fires), image uploads included;
* a drag: the F spin box stepped through 50 values at mouse-move pace (one step per ~16 ms), how many
  computations actually ran, and whether the final views match the final value;
* `convviz gui --screenshot` from start to exit, median of 5 runs.

``--smoke`` runs every step on a 32×32 input, a few edits and one screenshot each: it checks the script still runs
(a test does), its numbers mean nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import numpy as np  # noqa: E402
from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402

from convviz.core.layers import Activation, Conv2D, Pool2D  # noqa: E402
from convviz.core.network import build_network, forward  # noqa: E402
from convviz.core.samples import sample_image  # noqa: E402
from convviz.scene import Scene  # noqa: E402

SIDE = 512
SMOKE_SIDE = 32


def stack_json(side: int) -> str:
    """The network file of :func:`bench_scene` (for `convviz gui STACK.json`)."""
    layers = []
    for f in (16, 32, 64):
        layers += [{"type": "conv", "filters": f, "kernel_size": 3}, {"type": "relu"},
                   {"type": "pool", "mode": "max", "size": 2}]
    return json.dumps({"input": {"height": side, "width": side, "channels": 3}, "layers": layers})


def bench_scene(side: int = SIDE) -> Scene:
    layers = []
    for f in (16, 32, 64):
        layers += [Conv2D(f, (3, 3)), Activation("relu"), Pool2D("max", (2, 2))]
    net = build_network((side, side, 3), layers, seed=0)
    return Scene(net, sample_image(side, side, 3), 0)


class PaintClock(QObject):
    """Remembers when any watched widget last painted."""

    def __init__(self) -> None:
        super().__init__()
        self.last = 0.0
        self.count = 0

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint:
            self.last = time.perf_counter()
            self.count += 1
        return False


class LagMeter:
    """A 2 ms timer on the GUI thread; how late it fires is how long the event loop was blocked."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(2)
        self.timer.timeout.connect(self._tick)
        self.prev = None
        self.worst = 0.0
        self.gaps: list[float] = []

    def start(self) -> None:
        self.prev = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self._tick()  # the gap up to now counts too

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self.prev - 0.002
        self.prev = now
        self.gaps.append(gap)
        self.worst = max(self.worst, gap)


def pump_until(app, predicate, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the views did not finish in time")
        app.processEvents()
        time.sleep(0.0005)


def settle(app, clock: PaintClock, quiet: float = 0.05) -> None:
    """Process events until nothing has painted for ``quiet`` seconds."""
    while True:
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() - max(clock.last, 0) > quiet:
            return


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/bench_gui.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("--quick", action="store_true", help="20 edits, 2 screenshot runs")
    parser.add_argument("--smoke", action="store_true", help="a 32×32 input, 2 edits, 1 screenshot run: checks it runs")
    args = parser.parse_args(argv)
    edits = 2 if args.smoke else 20 if args.quick else args.edits
    side = SMOKE_SIDE if args.smoke else SIDE
    screenshots = 1 if args.smoke else 2 if args.quick else 5
    drag_values = range(8, 11) if args.smoke else range(8, 58)

    from convviz.qt.app import ensure_app
    from convviz.qt.main_window import MainWindow

    app = ensure_app()
    win = MainWindow(bench_scene(side))
    win.quiet = True
    win.show()
    ctl = win.controller
    pump_until(app, ctl.is_idle)

    clock = PaintClock()
    watched = [win.input_view, win.kernel_view, *win.stages.views().values()]
    for w in watched:
        for child in [w, *w.findChildren(QObject)]:
            if hasattr(child, "installEventFilter"):
                child.installEventFilter(clock)

    lag = LagMeter()
    spin = win.builder.conv_editor.filters
    print(f"convviz GUI benchmark · {side}×{side}×3 · conv16→ReLU→pool→conv32→ReLU→pool→conv64→ReLU→pool · "
          f"debounce {ctl._debounce.interval()} ms")

    # 1. edit → last paint, through the widget; alternate between editing the last and the middle conv layer
    latencies = []
    targets = [6, 3]
    for n in range(edits):
        layer = targets[n % 2]
        win.builder.select(layer)
        pump_until(app, ctl.is_idle)
        settle(app, clock)
        base = win.doc.state.layers[layer].filters
        t0 = time.perf_counter()
        lag.start()  # only while this edit is debounced, computed and painted
        spin.setValue(base + (1 if n % 4 < 2 else -1))
        pump_until(app, ctl.is_idle)
        settle(app, clock)
        lag.stop()
        latencies.append(clock.last - t0)
    ms = np.array(latencies) * 1000
    print(f"edit → last paint ({edits} edits, recomputing from the edited layer on): "
          f"p50 {np.percentile(ms, 50):.0f} ms, p95 {np.percentile(ms, 95):.0f} ms, max {ms.max():.0f} ms")
    print(f"event-loop lag while computing: worst {lag.worst * 1000:.1f} ms, "
          f"p99 {np.percentile(np.array(lag.gaps) * 1000, 99):.1f} ms over {len(lag.gaps)} ticks")

    # 2. a whole recompute from the first layer
    full = []
    win.builder.select(0)
    pump_until(app, ctl.is_idle)
    for n in range(1 if args.smoke else max(5, edits // 10)):
        settle(app, clock)
        t0 = time.perf_counter()
        spin.setValue(16 + (1 if n % 2 == 0 else 0))
        pump_until(app, ctl.is_idle)
        settle(app, clock)
        full.append(clock.last - t0)
    ms_full = np.array(full) * 1000
    print(f"edit of the first layer (everything recomputes): p50 {np.percentile(ms_full, 50):.0f} ms, "
          f"p95 {np.percentile(ms_full, 95):.0f} ms")

    # 3. a drag through 50 values (3 with --smoke) at mouse-move pace
    win.builder.select(3)
    pump_until(app, ctl.is_idle)
    runs_before = ctl.computations
    lag = LagMeter()
    lag.start()
    for value in drag_values:
        spin.setValue(value)
        t_next = time.perf_counter() + 0.016
        while time.perf_counter() < t_next:
            app.processEvents()
            time.sleep(0.001)
    pump_until(app, ctl.is_idle)
    lag.stop()
    runs = ctl.computations - runs_before
    state = win.doc.state
    ref = forward(build_network(state.input_shape, state.layers, state.weights), state.input)
    shown = [win.stages.view(i).rendered.raw for i in range(len(state.layers))]
    match = state.layers[3].filters == drag_values[-1] and all(
        np.array_equal(a, b) for a, b in zip(shown, ref, strict=True))
    print(f"drag through {len(drag_values)} values: {runs} computations ran; "
          f"final views match the final value: {match}; worst event-loop lag {lag.worst * 1000:.1f} ms")
    win.close()

    # 4. convviz gui --screenshot, start to exit
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        net_path = os.path.join(tmp, "stack.json")
        with open(net_path, "w") as fh:
            fh.write(stack_json(side))
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        for _ in range(screenshots):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "convviz", "gui", net_path, "--screenshot",
                            os.path.join(tmp, "shot.png")], env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
        t_default = []
        for _ in range(screenshots):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "convviz", "gui", "--screenshot", os.path.join(tmp, "d.png")],
                           env=env, check=True, capture_output=True)
            t_default.append(time.perf_counter() - t0)
    print(f"`convviz gui STACK.json --screenshot` start → exit: median {statistics.median(times):.2f} s "
          f"({', '.join(f'{t:.2f}' for t in times)}); default scene: median {statistics.median(t_default):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
