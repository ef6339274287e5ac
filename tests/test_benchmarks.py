"""The benchmark scripts still run (tiny `--smoke` cases, a few seconds); their numbers are never asserted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_script(name: str) -> str:
    # this checkout's convviz, also in the `convviz gui` runs bench_gui.py starts
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / name), "--smoke"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_engine_benchmark_runs():
    pytest.importorskip("scipy")
    out = run_script("bench.py")
    assert "8×8×3 F=6 K=3 (lecture)" in out and "stack 32×32×3" in out and "peak memory" in out


def test_gui_benchmark_runs_and_its_drag_ends_on_the_final_value():
    out = run_script("bench_gui.py")
    assert "edit → last paint" in out and "start → exit" in out
    assert "final views match the final value: True" in out



def test_stall_benchmark_runs():
    out = run_script("bench_stalls.py")
    assert "worst of all runs" in out and out.count("run 1: p99") == 2 and out.count("control process worst") == 2


def test_training_benchmark_runs():
    out = run_script("bench_train.py")
    assert "run 1 epoch 1: convviz test" in out and "plain digits" in out and "memory of one training step" in out
    assert "load average before" in out and "load average after" in out


def test_training_stall_benchmark_runs():
    out = run_script("bench_train_gui.py")
    assert "run 1: median" in out and "batches trained" in out and "worst of all runs" in out
