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

    t = sub.add_parser("train", help="train the stack (ending in flatten/global_avg_pool → dense) on a dataset")
    t.add_argument("network", help="network file (JSON) or project (.convviz)")
    _add_data_args(t)
    t.add_argument("--weights", help="start from these weights (.npz) instead of the initialisation")
    t.add_argument("--epochs", type=int, default=3)
    t.add_argument("--batch", type=int, default=64)
    t.add_argument("--lr", type=float, default=1e-3)
    t.add_argument("--optimizer", choices=("adam", "sgd"), default="adam")
    t.add_argument("--momentum", type=float, default=0.9, help="SGD momentum (default 0.9)")
    t.add_argument("--weight-decay", type=float, default=0.0, help="L2 weight decay on the weights (default 0)")
    t.add_argument("--count", type=int, default=None, help="training images of a generated set (default 20 000)")
    t.add_argument("--test-count", type=int, default=None, help="test images of a generated set (default 5 000)")
    t.add_argument("--out", required=True, help="trained weights .npz (weight.{i}, bias.{i}), usable as --weights")
    t.add_argument("--json", action="store_true", help="print a JSON array of per-epoch objects at the end")

    e = sub.add_parser("evaluate", help="accuracy and confusion matrix of trained weights on a dataset")
    e.add_argument("network", help="network file (JSON) or project (.convviz)")
    e.add_argument("--weights", required=True, help="weights .npz")
    _add_data_args(e)
    e.add_argument("--split", choices=("test", "train"), default="test")
    e.add_argument("--count", type=int, default=None, help="images of a generated set (default: the split's)")
    e.add_argument("--json", action="store_true")


def _add_data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, help="digits, shapes, a folder of class sub-folders or a dataset .npz")
    p.add_argument("--seed", type=int, default=0, help="seed of the data, the shuffle and the initialisation")


def _load_net(args: argparse.Namespace):
    """The network with --weights, else a project's own weights, else the network file's initialisation — also for
    a lecture scene's file, whose scene shows designed or trained weights: training starts from what the file and
    the seed say, whatever the file's name (resources/weights/lecture8_learned.npz is reproduced that way)."""
    from .core.netfile import load_network
    from .project import is_project
    from .scene import build_scene, load_scene

    weights = getattr(args, "weights", None)
    if is_project(args.network):
        return load_scene(args.network, weights_path=weights, seed=args.seed).network
    return build_scene(load_network(args.network), weights_path=weights, seed=args.seed).network


def _load_data(args: argparse.Namespace, net, split: str, count: int | None):
    """The --data set's ``split``: generated, a dataset .npz (train and test alike: the whole file) or a folder."""
    from .core.budget import check_items
    from .train.data import DEFAULT_COUNT, GENERATED, generate, load_folder, load_npz_dataset
    from .train.live import LIVE_DATASETS

    if args.data in GENERATED:
        n = DEFAULT_COUNT[split] if count is None else count
        h, w, c = LIVE_DATASETS[args.data]
        check_items([(f"{n} {args.data} images", 4 * n * h * w * c, None)], what="generating the images",
                    code="too_much_memory_training")
        return generate(args.data, count, args.seed, split, progress=_progress_bar(f"generating {split}"))
    p = Path(args.data)
    if p.is_dir():
        h, w, c = net.input_shape
        return load_folder(p, (h, w), c)
    return load_npz_dataset(p)


def _train(args: argparse.Namespace) -> int:
    import json

    from .core.netfile import save_npz, weights_to_arrays
    from .train.trainer import TrainConfig, Trainer

    for key in ("epochs", "batch"):
        if getattr(args, key) < 1:
            raise ConvvizError("bad_value", None, where=f"--{key}", key=key, expected="a positive integer",
                               value=getattr(args, key))
    if not args.lr > 0:
        raise ConvvizError("bad_value", None, where="--lr", key="lr", expected="a positive number", value=args.lr)
    out = _check_out(args.out)
    net = _load_net(args)
    train = _load_data(args, net, "train", args.count)
    test = _load_data(args, net, "test", args.test_count) if args.data in ("digits", "shapes") else None
    config = TrainConfig(epochs=args.epochs, batch=args.batch, lr=args.lr, optimizer=args.optimizer,
                         momentum=args.momentum, weight_decay=args.weight_decay, seed=args.seed)
    trainer = Trainer(net, train, test, config)
    for epoch in range(args.epochs):
        record = trainer.run_epoch(_progress_bar(f"epoch {epoch + 1}/{args.epochs}"))
        test_text = "" if record.test_accuracy is None else f", test accuracy {record.test_accuracy:.4f}"
        print(f"epoch {record.epoch}: loss {record.train_loss:.4f}, train accuracy {record.train_accuracy:.4f}"
              f"{test_text} ({record.seconds:.1f} s)", file=sys.stderr)
    save_npz(out, weights_to_arrays(trainer.network()))
    if args.json:
        print(json.dumps([r.to_dict() for r in trainer.history], indent=2))
    else:
        print(f"wrote {out}")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    import json

    from .train.trainer import evaluate_network

    net = _load_net(args)
    data = _load_data(args, net, args.split, args.count)
    accuracy, confusion = evaluate_network(net, data)
    if args.json:
        print(json.dumps({"accuracy": accuracy, "count": len(data), "confusion": confusion.tolist()}))
        return 0
    print(f"accuracy {accuracy:.4f} on {len(data)} images")
    width = max(4, len(str(confusion.max())) + 1)
    print("true \\ predicted")
    print(" " * 6 + "".join(f"{c:>{width}}" for c in range(len(confusion))))
    for k, row in enumerate(confusion):
        print(f"{k:>5} " + "".join(f"{v:>{width}}" for v in row))
    return 0


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


TRAIN_VERBS = {"dataset": _dataset, "train": _train, "evaluate": _evaluate}
