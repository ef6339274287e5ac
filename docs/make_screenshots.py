"""Regenerate the README's screenshots: `python docs/make_screenshots.py` (offscreen, a few seconds each).

Every picture is `convviz gui … --screenshot` (or, for one view, `convviz render`), so what the README shows is what
the window shows for these arguments, nothing staged by hand.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENES = ROOT / "resources" / "scenes"

SHOTS = {
    "screenshot.png": [],
    "inspector-conv.png": [str(SCENES / "lecture3_two_convs.json"), "--inspect", "2,3,1,1"],
    "inspector-pool.png": [str(SCENES / "lecture5_three_stages.json"), "--inspect", "2,1,9,11"],
    "animation.png": [str(SCENES / "lecture1_one_filter.json"), "--animate", "0,0", "--animate-step", "15"],
    "hierarchy.png": [str(SCENES / "lecture7_hierarchy.json")],
    "learned.png": [str(SCENES / "lecture8_learned.json")],
}
#: figures of one view (`convviz render`), where the window's tiles are too small to read
FIGURES = {
    "learned-kernels.png": [str(SCENES / "lecture8_learned.json"), "--view", "kernels", "--scale", "1"],
}


def main() -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for name, args in SHOTS.items():
        out = ROOT / "docs" / name
        subprocess.run([sys.executable, "-m", "convviz", "gui", *args, "--screenshot", str(out)], env=env,
                       check=True, cwd=ROOT)
        print(f"wrote {out.relative_to(ROOT)}")
    for name, args in FIGURES.items():
        out = ROOT / "docs" / name
        subprocess.run([sys.executable, "-m", "convviz", "render", *args, "--out", str(out)], env=env, check=True,
                       cwd=ROOT, stdout=subprocess.DEVNULL)
        print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
