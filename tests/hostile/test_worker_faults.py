"""Worker faults (issue 8): whatever a job raises — any Exception, a bare MemoryError, KeyboardInterrupt,
SystemExit — becomes a Failed event in words, and the worker computes the next request."""

import threading

import numpy as np
import pytest

import convviz.compute as compute
from convviz.compute import Failed, Finished, InputMade, Request, Scheduler
from convviz.core.layers import Activation, Conv2D
from convviz.core.network import build_network

FAULTS = [KeyboardInterrupt(), MemoryError(), SystemExit(3), RuntimeError("boom"), TypeError("bad"),
          RecursionError(), ZeroDivisionError(), GeneratorExit()]


class Collector:
    def __init__(self):
        self.events, self.cond = [], threading.Condition()

    def __call__(self, event):
        with self.cond:
            self.events.append(event)
            self.cond.notify_all()

    def wait_for(self, pred):
        with self.cond:
            assert self.cond.wait_for(lambda: any(pred(e) for e in self.events), timeout=60), self.events
            return next(e for e in self.events if pred(e))


@pytest.mark.parametrize("fault", FAULTS, ids=lambda e: type(e).__name__)
def test_the_worker_survives_any_fault_and_computes_again(monkeypatch, fault):
    net = build_network((8, 8, 3), [Conv2D(2, (3, 3)), Activation("relu")], seed=0)
    x = np.ones((8, 8, 3), np.float32)
    real = compute.run_layer
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise fault
        return real(*args, **kwargs)

    monkeypatch.setattr(compute, "run_layer", flaky)
    got = Collector()
    sched = Scheduler(got)
    try:
        sched.submit(Request(1, net, x))
        failed = got.wait_for(lambda e: isinstance(e, Failed) and e.generation == 1)
        assert failed.message.strip(), "a failure is said in words, never an empty message"
        if isinstance(fault, MemoryError):
            assert "memory" in failed.message
        elif isinstance(fault, KeyboardInterrupt):
            assert "interrupted" in failed.message
        else:
            assert "a bug in convviz" in failed.message and "crash-" in failed.message
        sched.submit(Request(2, net, x))
        done = got.wait_for(lambda e: isinstance(e, Finished) and e.generation == 2)
        assert len(done.stages) == 2
        # the input lane survives too
        sched.submit_input(lambda: (_ for _ in ()).throw(fault))
        made = got.wait_for(lambda e: isinstance(e, InputMade))
        assert made.result is fault
        sched.submit(Request(3, net, x))
        got.wait_for(lambda e: isinstance(e, Finished) and e.generation == 3)
    finally:
        sched.shutdown()


def test_the_window_shows_a_worker_fault_and_recomputes_on_the_next_edit(qtbot, monkeypatch):
    from dataclasses import replace

    from convviz.qt.main_window import MainWindow
    from convviz.scene import DEFAULT_SCENE, builtin_scene

    real = compute.run_layer
    faults = [MemoryError(), KeyboardInterrupt()]

    def flaky(*args, **kwargs):
        if faults:
            raise faults.pop(0)
        return real(*args, **kwargs)

    monkeypatch.setattr(compute, "run_layer", flaky)
    w = MainWindow(builtin_scene(DEFAULT_SCENE), mode="thread", debounce_ms=0)
    qtbot.addWidget(w)
    w.quiet = True
    qtbot.waitUntil(lambda: "memory" in w.statusBar().currentMessage(), timeout=30_000)
    for expected in ("interrupted", None):  # two edits: the second fault is shown, then the worker computes
        state = w.doc.state
        w.set_state(state.replace_layer(0, replace(state.layers[0], filters=state.layers[0].filters + 1)), "edit")
        if expected:
            qtbot.waitUntil(lambda e=expected: e in w.statusBar().currentMessage(), timeout=30_000)
        else:
            qtbot.waitUntil(lambda: w.controller.finished_state is not None and w.controller.is_idle(),
                            timeout=30_000)
            assert not w.busy.isVisible()
            assert len(w.controller.last_stages) == len(w.doc.state.layers)


SCREENSHOT = r"""
import sys
import convviz.compute as compute
from convviz.cli import main

def fail(*a, **k):
    raise MemoryError()

compute.run_layer = fail
sys.exit(main(["gui", "--screenshot", sys.argv[1]]))
"""


def test_screenshot_exits_at_once_with_the_cause_when_the_computation_fails(tmp_path):
    import os
    import subprocess
    import sys

    shot = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", SCREENSHOT, str(shot)], capture_output=True, text=True,
                          timeout=50, env=env)  # the old code waited 60 s: a timeout fails the test
    err = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(err) == 1, done.stderr
    assert "memory" in err[0] and "no screenshot" in err[0], err
    assert not shot.exists()
