"""Smoke run of the frozen app against the source install (too slow for every CI run: `.ci/run` runs it when
packaging/ changed or CONVVIZ_PACKAGING=1; see the README).

    python packaging/smoke.py [--bundle dist/convviz/convviz] [--out build/smoke] [--xvfb]

Offscreen, the frozen `gui --screenshot` of the default scene and of a lecture scene must match the source
install's render (at most 0.5 % of pixels differing by more than 8/255), `summary` must print the same table and
`.pt` weights must get the one-line "needs PyTorch". With --xvfb (and Xvfb installed) the frozen app also starts
under a real X server with Qt's xcb platform and a screenshot taken from the X server must show its window.
Prints the start-to-exit time of each screenshot run, frozen and source. Exit status 0 when everything passed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MAX_DIFFERING = 0.005
THRESHOLD = 8
CASES = {"default": [], "lecture7": [str(ROOT / "resources" / "scenes" / "lecture7_hierarchy.json")]}


def read_png(path: Path) -> np.ndarray:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage

    img = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    arr = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())
    return arr[:, : img.width() * 3].reshape(img.height(), img.width(), 3).copy()


def differing(a: np.ndarray, b: np.ndarray) -> float:
    if a.shape != b.shape:
        return 1.0
    return float((np.abs(a.astype(int) - b.astype(int)).max(axis=2) > THRESHOLD).mean())


def run(cmd: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess, float]:
    t0 = time.perf_counter()
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    return res, time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bundle", default=str(ROOT / "dist" / "convviz" / "convviz"))
    ap.add_argument("--out", default=str(ROOT / "build" / "smoke"))
    ap.add_argument("--xvfb", action="store_true", help="also start the frozen app under Xvfb (xcb)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of each screenshot (the best is printed)")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    frozen, source = [args.bundle], [sys.executable, "-m", "convviz"]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CONVVIZ_LANG="en", CONVVIZ_CONFIG_DIR=str(out / "config"),
               CONVVIZ_CACHE_DIR=str(out / "cache"))
    failures = []
    for name, extra in CASES.items():
        shots, times = {}, {}
        for kind, cmd in (("frozen", frozen), ("source", source)):
            best = None
            for _ in range(args.repeat):
                png = out / f"{name}-{kind}.png"
                res, seconds = run(cmd + ["gui", *extra, "--screenshot", str(png)], env)
                if res.returncode != 0:
                    failures.append(f"{kind} {name}: exit {res.returncode}: {res.stderr.strip()[-500:]}")
                    break
                best = seconds if best is None else min(best, seconds)
            shots[kind], times[kind] = out / f"{name}-{kind}.png", best
        if all(p.exists() for p in shots.values()):
            frac = differing(read_png(shots["frozen"]), read_png(shots["source"]))
            ok = frac <= MAX_DIFFERING
            print(f"{name}: {frac:.4%} of pixels differ by > {THRESHOLD}/255 ({'ok' if ok else 'FAIL'}); "
                  f"start to exit: frozen {times['frozen']:.2f} s, source {times['source']:.2f} s")
            if not ok:
                failures.append(f"{name}: screenshots differ ({frac:.2%})")
    net = str(ROOT / "resources" / "scenes" / "lecture3_two_convs.json")
    a, _ = run(frozen + ["summary", net], env)
    b, _ = run(source + ["summary", net], env)
    same = a.returncode == 0 and a.stdout == b.stdout
    print(f"summary: {'same table' if same else 'DIFFERENT'}")
    if not same:
        failures.append(f"summary differs:\n{a.stdout}{a.stderr}\n---\n{b.stdout}")
    fake = out / "model.pt"
    fake.write_bytes(b"PK\x03\x04 not really a state_dict")
    res, _ = run(frozen + ["run", net, "--weights", str(fake), "--out", str(out / "x.npz")], env)
    needs = res.returncode == 2 and "needs PyTorch" in res.stderr
    print(f".pt weights: {'needs PyTorch' if needs else 'UNEXPECTED: ' + res.stderr.strip()}")
    if not needs:
        failures.append(".pt weights did not answer 'needs PyTorch'")
    if args.xvfb:
        from tools import xvfb

        if not xvfb.available():
            failures.append("--xvfb: Xvfb is not installed")
        else:
            with xvfb.xvfb() as display:
                shot, proc = xvfb.run_until_shown(frozen, display, dict(env, QT_QPA_PLATFORM="xcb"))
                err = xvfb.stop(proc)
            if shot is None or not xvfb.window_on_screen(shot):
                failures.append(f"xvfb: no window on the X server; stderr: {err[-500:]}")
            else:
                xvfb.save_png(shot, out / "xvfb-frozen.png")
                print(f"xvfb: the frozen window is on the X server ({out / 'xvfb-frozen.png'})")
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
