"""The training verbs of the command line: `convviz dataset`, `convviz train`, `convviz evaluate`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .core.errors import ConvvizError


def add_train_verbs(sub) -> None:
    d = sub.add_parser("dataset", help="write a generated dataset (digits or shapes) to an .npz file")
    d.add_argument("kind", choices=("digits", "shapes"))
    d.add_argument("--count", type=int, default=None, help="number of images (default 20 000 train, 5 000 test)")
    d.add_argument("--seed", type=int, default=0, help="the same seed gives the same images (default 0)")
    d.add_argument("--split", choices=("train", "test"), default="train")
    d.add_argument("--out", required=True, help="output .npz (x: N×H×W×C float32, y: N int)")


def _check_out(path: str) -> Path:
    out = Path(path)
    if not out.parent.exists():
        raise ConvvizError("file_not_found", None, path=str(out.parent))
    return out


def _dataset(args: argparse.Namespace) -> int:
    from .train.data import generate, save_dataset

    if args.count is not None and args.count < 1:
        raise ConvvizError("bad_value", None, where="--count", key="count", expected="a positive integer",
                           value=args.count)
    out = _check_out(args.out)
    data = generate(args.kind, args.count, args.seed, args.split, progress=_progress_bar("generating"))
    save_dataset(out, data)
    n, h, w, c = data.x.shape
    print(f"wrote {out} ({n} images {h}×{w}×{c}, {len(data.classes)} classes)")
    return 0


def _progress_bar(label: str):
    """A one-line progress bar on stderr (only when stderr is a terminal)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        filled = round(30 * done / max(1, total))
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


TRAIN_VERBS = {"dataset": _dataset}
