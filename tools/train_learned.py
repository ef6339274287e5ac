"""Rebuild the "learned hierarchy" lecture scene's weights by training with convviz itself, or check that doing so
gives the shipped file bit for bit.

    python tools/train_learned.py           # rewrites resources/weights/lecture8_learned.npz (+ .train.json)
                                            # and resources/inputs/lecture8_digit.npy
    python tools/train_learned.py --check   # trains into a temporary folder and compares (exit 1 if different)

The weights come from exactly this command, run from the repository root (issue 12's defaults: Adam, lr 1e-3,
batch 64; about 5 s of training on two cores)::

    convviz train resources/scenes/lecture8_learned.json --data digits --epochs 3 --seed 0 \
        --out resources/weights/lecture8_learned.npz --json

A weights .npz holds weights only (the loader refuses keys that fill no layer), so what made them is recorded
beside it in lecture8_learned.train.json: the command, the per-epoch numbers it printed (without the seconds,
which vary) and the weights' SHA-256. The scene's input is one image of the `digits` test split of seed 0, which
the network never trained on. Lives in tools/, not packaging/: it only makes data (a change under packaging/ makes
CI build the bundle).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
NET = "resources/scenes/lecture8_learned.json"
WEIGHTS = "resources/weights/lecture8_learned.npz"
RECORD = "resources/weights/lecture8_learned.train.json"
INPUT = "resources/inputs/lecture8_digit.npy"
#: the `convviz` arguments; --out is appended
TRAIN_ARGS = ["train", NET, "--data", "digits", "--epochs", "3", "--seed", "0"]
#: the scene's input: image INPUT_INDEX of `convviz dataset digits --split test --seed 0` (a bold sans "4": vertical,
#: horizontal and diagonal strokes for conv1's detectors)
INPUT_INDEX = 32


def command(out: str = WEIGHTS) -> list[str]:
    return [*TRAIN_ARGS, "--out", out, "--json"]


def train(out: Path) -> list[dict]:
    """Run the command (this checkout's convviz) with ``--out`` ``out``; its per-epoch records."""
    proc = subprocess.run([sys.executable, "-m", "convviz", *command(str(out))], cwd=ROOT, check=True,
                          stdout=subprocess.PIPE, text=True)
    return json.loads(proc.stdout)


def weights_sha256(path: Path) -> str:
    """The digest of the arrays (names, dtypes, shapes, bytes), not of the zip file around them."""
    h = hashlib.sha256()
    with np.load(path, allow_pickle=False) as f:
        for key in sorted(f.files):
            a = f[key]
            h.update(f"{key}:{a.dtype.str}:{a.shape}".encode())
            h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()


def scene_input() -> np.ndarray:
    sys.path.insert(0, str(ROOT))
    from convviz.train.data import generate

    return generate("digits", INPUT_INDEX + 1, seed=0, split="test").x[INPUT_INDEX]


def rebuild() -> None:
    history = train(ROOT / WEIGHTS)
    record = {
        "about": "Weights of lecture8_learned.json trained by convviz itself; tools/train_learned.py reruns the "
                 "command and --check compares the result with the shipped file.",
        "command": "convviz " + " ".join(command()),
        "epochs": [{k: v for k, v in r.items() if k != "seconds"} for r in history],
        "weights_sha256": weights_sha256(ROOT / WEIGHTS),
        "input": {"file": INPUT, "dataset": "digits", "split": "test", "seed": 0, "index": INPUT_INDEX},
    }
    (ROOT / RECORD).write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (ROOT / INPUT).parent.mkdir(exist_ok=True)
    np.save(ROOT / INPUT, scene_input())
    for r in history:
        print(f"epoch {r['epoch']}: test accuracy {r['test_accuracy']:.4f}")
    print(f"wrote {WEIGHTS}, {RECORD}, {INPUT}")


def check() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "w.npz"
        history = train(out)
        shipped = json.loads((ROOT / RECORD).read_text(encoding="utf-8"))
        with np.load(ROOT / WEIGHTS) as a, np.load(out) as b:
            diff = {k: float(np.max(np.abs(a[k] - b[k]))) for k in a.files}
            same = sorted(a.files) == sorted(b.files) and all(np.array_equal(a[k], b[k]) for k in a.files)
        for k, d in diff.items():
            print(f"{k}: largest difference {d:.3g}")
        print(f"retrained test accuracy per epoch: {[r['test_accuracy'] for r in history]}, "
              f"shipped: {[r['test_accuracy'] for r in shipped['epochs']]}")
    print("identical bit for bit" if same else "DIFFERENT from the shipped weights")
    return 0 if same else 1


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="retrain into a temporary folder and compare")
    sys.exit(check() if ap.parse_args().check else rebuild())
