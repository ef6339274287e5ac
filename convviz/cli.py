"""The command line: `convviz summary`, `convviz run`, `convviz gui` (and plain `convviz`, the window)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
import warnings
from pathlib import Path

import numpy as np

from . import __version__
from .allocator import keep_freed_memory
from .core.budget import parse_size, set_memory_limit
from .core.errors import ConvvizError
from .core.layers import fmt_shape, where
from .core.netfile import load_network, save_npz, weights_to_arrays
from .core.network import Network, build_network, forward
from .fit import CHANNEL_MODES, DEFAULT_FIT, FIT_MODES
from .i18n import cli_language, translate, use_language
from .scene import LECTURE_SCENES, resource_path
from .train_cli import TRAIN_VERBS, add_train_verbs

EXIT_USAGE = 2


def _t(text: str) -> str:
    return translate("text", text)

EXIT_BUG = 1


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one clear line, status 2 (argparse's default prints usage too)
        self.exit(EXIT_USAGE, f"convviz: {message} (see 'convviz --help')\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="convviz", description="See, touch and count the convolutional layer.")
    p.add_argument("--version", action="version", version=f"convviz {__version__}")
    sub = p.add_subparsers(dest="verb", parser_class=_Parser)

    s = sub.add_parser("summary", help="per-layer shapes, parameters, neurons, MACs and receptive fields")
    s.add_argument("network", help="network file (JSON) or project (.convviz)")
    s.add_argument("--input", help="image or .npy whose shape is the input's, when the file has no input block")
    _add_channels_arg(s)
    s.add_argument("--json", action="store_true", help="print a JSON object instead of a table")
    _add_lang_arg(s)

    r = sub.add_parser("run", help="compute the network and save every stage to an .npz file")
    r.add_argument("network", help="network file (JSON) or project (.convviz)")
    _add_scene_args(r)
    r.add_argument("--out", required=True, help="output .npz file (written to exactly this path)")

    g = sub.add_parser("gui", help="open the explorer window")
    opened = g.add_mutually_exclusive_group()
    opened.add_argument("network", nargs="?",
                        help="network file (JSON) or project (.convviz); the default scene without it")
    opened.add_argument("--scene", choices=[s.key for s in LECTURE_SCENES],
                        help="open a lecture scene as from the Lecture menu (its file is inside the installation)")
    _add_scene_args(g)
    g.add_argument("--screenshot", help="save the window as PNG once every view is finished, then exit")
    g.add_argument("--inspect", type=_ints(4), metavar="LAYER,CHANNEL,Y,X",
                   help="open the unit inspector on this unit (with --screenshot: saved with it open)")
    g.add_argument("--animate", type=_ints(2), metavar="LAYER,CHANNEL",
                   help="slide the window of this conv filter or pool channel (with --screenshot: see --animate-step)")
    g.add_argument("--animate-step", type=int, default=0, metavar="N",
                   help="with --animate: the state after N output values (default 0)")
    _add_instrument_verbs(sub)
    _add_owndata_verbs(sub)
    add_train_verbs(sub)
    for verb in ("train", "evaluate"):
        _add_memory_arg(sub.choices[verb])
    p.add_argument("--debug", action="store_true", help="on an internal error, print its full traceback too")
    for verb in sub.choices.values():  # also after the verb: `convviz run … --debug`
        verb.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p


def _size(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_memory_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--memory-limit", type=_size, metavar="SIZE",
                   help="refuse a request (input, weights, every stage) that needs more memory than this, "
                        "before computing (default 4G, or CONVVIZ_MEMORY_LIMIT)")


def _add_weights_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--partial", action="store_true",
                   help="the weights file may fill only some conv layers; the others keep their own (said on "
                        "stderr). Without it, a file that leaves a conv layer out is refused")


def _add_lang_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=("en", "ru"), help="language of the text (default: CONVVIZ_LANG, else en)")


def _add_scene_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--input", help="input image (PNG, JPEG, …) or .npy array (H × W × C)")
    p.add_argument("--fit", choices=FIT_MODES, default=DEFAULT_FIT,
                   help="an image of another size: fit it whole, zero-padded (default); crop it to fill; or "
                        "stretch it (aspect ratio lost)")
    _add_channels_arg(p)
    p.add_argument("--weights", help="weights .npz (weight.{i}, bias.{i}); a `run` output works too")
    _add_weights_args(p)
    p.add_argument("--seed", type=int, default=0, help="seed for layers without their own (default 0)")
    _add_memory_arg(p)


def _add_channels_arg(p: argparse.ArgumentParser) -> None:
    # default None, not "own": a project keeps the channel mode it was saved with
    p.add_argument("--channels", choices=CHANNEL_MODES, default=None,
                   help="the input's channels, as the window's channel mode: own (default: an image gets the "
                        "network's C, an array keeps its own), rgb (three) or gray (one, the luminance); the "
                        "network's input must have that many channels")


def summary_rows(net: Network) -> dict:
    return {
        "input": list(net.input_shape),
        "layers": [info.to_dict() for info in net.infos],
        "total_params": net.total_params,
        "total_macs": net.total_macs,
    }


def _fmt_int(n: int | None) -> str:
    return "—" if n is None else f"{n:,}".replace(",", " ")


def format_summary(net: Network) -> str:
    from .instruments.text import layer_label

    header = ("#", _t("layer"), _t("output"), _t("params"), _t("neurons"), _t("MACs"), _t("RF"), _t("jump"),
              _t("FC params"))
    rows = [("", _t("input"), fmt_shape(net.input_shape), "", "", "", "", "", "")]
    for spec, info in zip(net.layers, net.infos, strict=True):
        params = f"{_fmt_int(info.params)}" + (f" ({info.weights}+{info.biases})" if info.params else "")
        rows.append((str(info.index), layer_label(spec), fmt_shape(info.output_shape), params, _fmt_int(info.neurons),
                     _fmt_int(info.macs), fmt_shape(info.receptive_field), fmt_shape(info.receptive_field_jump),
                     _fmt_int(info.fc_params)))
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
             for r in [header, *rows]]
    rule = "─" * len(lines[0])
    out = [lines[0], rule, *lines[1:], rule,
           _t("total params: {params}    total MACs: {macs}").format(params=_fmt_int(net.total_params),
                                                                        macs=_fmt_int(net.total_macs))]
    if any(i.fc_params is not None for i in net.infos):
        out.append(_t("params = weights + biases; neurons = output units H·W·F; FC params = a fully connected layer "
                      "with the same inputs and outputs, inputs·outputs + one bias per output"))
    return "\n".join(out)


def _summary(args: argparse.Namespace) -> int:
    """Counts from shapes alone: no weight, input or output is ever allocated, whatever the sizes."""
    from .core.network import shapes_only
    from .project import is_project
    from .scene import load_scene

    if is_project(args.network):  # a saved session: its stack on its own input
        net = load_scene(args.network, input_path=args.input, channels=args.channels).network
    else:
        spec = load_network(args.network)
        shape = spec.input_shape
        if args.input is not None:
            from .scene import input_shape_for

            # its header only; an array must match the input block
            shape = input_shape_for(args.input, shape, args.channels or "own")
        if shape is None:
            raise ConvvizError("missing_key", None, where="the network file", key="input")
        net = shapes_only(shape, spec.layers)
    print(json.dumps(summary_rows(net), indent=2) if args.json else format_summary(net))
    return 0


def _run(args: argparse.Namespace) -> int:
    from .scene import load_scene

    scene = load_scene(args.network, input_path=args.input, weights_path=args.weights, seed=args.seed, fit=args.fit,
                       channels=args.channels, partial=args.partial)
    out_path = Path(args.out)
    if out_path.parent and not out_path.parent.exists():
        raise ConvvizError("file_not_found", None, path=str(out_path.parent))
    stages = forward(scene.network, scene.input)
    arrays: dict[str, np.ndarray] = {"input": scene.input}
    arrays.update({f"stage.{i}": s for i, s in enumerate(stages)})
    arrays.update(weights_to_arrays(scene.network))
    save_npz(out_path, arrays)
    print(f"wrote {out_path}: input {fmt_shape(scene.input.shape)}, "
          + ", ".join(f"{where(i, s).split(' (')[0]} {fmt_shape(o.shape)}"
                      for i, (s, o) in enumerate(zip(scene.network.layers, stages, strict=True))))
    return 0


def _gui(args: argparse.Namespace) -> int:
    from .qt.app import run_gui

    network = args.network
    if args.scene is not None:  # the same as its file's path: builtin_for_path knows it
        network = str(resource_path("scenes", next(s.file for s in LECTURE_SCENES if s.key == args.scene)))
    return run_gui(network, input_path=args.input, weights_path=args.weights, seed=args.seed,
                   screenshot=args.screenshot, inspect=args.inspect, fit=args.fit, animate=args.animate,
                   animate_step=args.animate_step, partial=args.partial, channels=args.channels)


def main(argv: list[str] | None = None) -> int:
    """The one place where errors leave the CLI: a user error is one line and exit 2, whatever the input; an
    internal error is one line saying it is a bug and naming its crash log (``--debug`` prints the traceback
    too), exit 1."""
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    if not argv:
        argv = ["gui"]
    args = parser.parse_args(argv)
    if args.verb is None:
        args = parser.parse_args(["gui", *argv])
    debug = bool(getattr(args, "debug", False))
    if hasattr(args, "lang"):  # the text verbs
        use_language(cli_language(args.lang))
    handler = {"summary": _summary, "run": _run, "gui": _gui, **INSTRUMENT_VERBS, **OWNDATA_VERBS,
               **TRAIN_VERBS}[args.verb]
    _report_notes()
    keep_freed_memory()
    set_memory_limit(getattr(args, "memory_limit", None))
    debug_env = os.environ.get("CONVVIZ_DEBUG")
    if debug:
        os.environ["CONVVIZ_DEBUG"] = "1"  # Qt's own messages too
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            if not debug:  # one stderr line means one: no RuntimeWarning before it
                warnings.simplefilter("ignore")
            return handler(args)
    except (Exception, KeyboardInterrupt) as exc:  # noqa: BLE001 (the boundary: nothing escapes as a traceback)
        from .crash import describe

        line, user = describe(exc)
        if debug and not user:
            traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
        print(f"convviz: {line}", file=sys.stderr)
        if isinstance(exc, KeyboardInterrupt):
            return 130
        return EXIT_USAGE if user else EXIT_BUG
    finally:
        set_memory_limit(None)
        use_language("en")
        if debug and debug_env is None:
            os.environ.pop("CONVVIZ_DEBUG", None)


# --- instruments: explain, invariance, quiz (convviz.instruments does the numbers) -----------------------

def _ints(n: int):
    """An argparse type: ``n`` comma-separated integers."""
    def parse(text: str) -> tuple[int, ...]:
        parts = text.split(",")
        try:
            if len(parts) != n:
                raise ValueError
            return tuple(int(v) for v in parts)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {n} comma-separated integers, got {text[:80]!r}") from None
    return parse


def _position(text: str) -> tuple[int, int]:
    try:
        y, x = (int(v) for v in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected Y,X (two integers), got {text[:80]!r}") from None
    return y, x


def _add_instrument_verbs(sub) -> None:
    e = sub.add_parser("explain", help="the computation of one unit: inputs, kernel, products, sums, y")
    e.add_argument("network", help="network file (JSON)")
    _add_scene_args(e)
    e.add_argument("--layer", type=int, required=True, help="layer index (0-based)")
    e.add_argument("--channel", type=int, required=True, help="output channel (filter) of that layer")
    e.add_argument("--at", type=_position, required=True, metavar="Y,X", help="output position")
    e.add_argument("--json", action="store_true", help="print a JSON object instead of text")
    _add_lang_arg(e)

    v = sub.add_parser("invariance", help="how much each stage changes when the input shifts by 0…N pixels")
    v.add_argument("network", help="network file (JSON)")
    _add_scene_args(v)
    v.add_argument("--shift-max", type=int, required=True, metavar="N", help="largest shift in pixels")
    v.add_argument("--axis", choices=("x", "y", "xy"), default="xy", help="shift along x, y or both (default xy)")
    v.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    _add_lang_arg(v)

    q = sub.add_parser("quiz", help="the lecture's questions about this stack, with answers")
    q.add_argument("network", help="network file (JSON)")
    q.add_argument("--count", type=int, help="number of questions (default: all)")
    q.add_argument("--seed", type=int, default=0, help="seed of the sampling: the same seed gives the same quiz")
    _add_lang_arg(q)
    q.add_argument("--json", action="store_true", help="print a JSON list instead of text")


def _explain(args: argparse.Namespace) -> int:
    from .instruments import explain
    from .instruments.text import format_unit
    from .scene import load_scene

    scene = load_scene(args.network, input_path=args.input, weights_path=args.weights, seed=args.seed, fit=args.fit,
                       channels=args.channels, partial=args.partial)
    net = scene.network
    unit = explain(net, scene.input, args.layer, args.channel, args.at)
    if args.json:
        print(json.dumps(unit.to_dict(), indent=2))
    else:
        from .instruments.text import layer_label

        print(format_unit(unit, _t("layer {i} ({label})").format(i=args.layer,
                                                                 label=layer_label(net.layers[args.layer]))))
    return 0


def _invariance(args: argparse.Namespace) -> int:
    from .instruments import invariance
    from .instruments.text import format_invariance
    from .scene import load_scene

    scene = load_scene(args.network, input_path=args.input, weights_path=args.weights, seed=args.seed, fit=args.fit,
                       channels=args.channels, partial=args.partial)
    results = invariance(scene.network, scene.input, args.shift_max, args.axis)
    if args.json:
        print(json.dumps([r.to_dict() for r in results], indent=2))
    else:
        from .instruments.text import layer_label

        print(format_invariance(results, [layer_label(s) for s in scene.network.layers]))
    return 0


def _quiz(args: argparse.Namespace) -> int:
    from .instruments import make_quiz
    from .instruments.text import format_quiz

    spec = load_network(args.network)
    if spec.input_shape is None:  # the questions need the input's shape, not its pixels
        raise ConvvizError("missing_key", None, where="the network file", key="input")
    net = build_network(spec.input_shape, spec.layers, seed=0)
    questions = make_quiz(net, args.count, args.seed, cli_language(args.lang))
    if args.json:
        print(json.dumps([q.to_dict() for q in questions], indent=2, ensure_ascii=False))
    else:
        print(format_quiz(questions))
    return 0


INSTRUMENT_VERBS = {"explain": _explain, "invariance": _invariance, "quiz": _quiz}


# --- your own data: export to PyTorch, figures (issue 9) ------------------------------------------------

def _report_notes() -> None:
    """Notes of the library (e.g. a state_dict's tensors left unused) go to stderr as one line each."""
    import logging

    class ToStderr(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            print(f"convviz: note: {record.getMessage()}", file=sys.stderr)  # sys.stderr of this moment

    log = logging.getLogger("convviz")
    if not any(type(h).__name__ == "ToStderr" for h in log.handlers):
        log.addHandler(ToStderr())
        log.setLevel(logging.INFO)
        log.propagate = False


def _add_owndata_verbs(sub) -> None:
    x = sub.add_parser("export", help="write the network as a PyTorch module (model() → nn.Sequential)")
    x.add_argument("network", help="network file (JSON) or project (.convviz)")
    x.add_argument("--weights", help="weights .npz or PyTorch state_dict (.pt/.pth)")
    _add_weights_args(x)
    x.add_argument("--seed", type=int, default=0, help="seed for layers without their own (default 0)")
    _add_memory_arg(x)
    x.add_argument("--torch", required=True, metavar="MODEL.py", help="the Python module to write")
    x.add_argument("--weights-beside", action="store_true",
                   help="write the weights to MODEL.weights.bin beside the module even when small (by default "
                        "they are embedded up to 1 MiB)")

    f = sub.add_parser("render", help="save a view (input, kernels, maps, the whole stack) as PNG or SVG")
    f.add_argument("network", help="network file (JSON) or project (.convviz)")
    _add_scene_args(f)
    f.add_argument("--view", required=True, choices=("input", "kernels", "maps", "stack"), help="what to draw")
    f.add_argument("--layer", type=int, help="kernels: the conv layer (default: the first); maps: the stage "
                                             "(default: the last); input and stack ignore it")
    f.add_argument("--out", required=True, metavar="FIG.png|FIG.svg", help="the figure (PNG or SVG by suffix)")
    f.add_argument("--scale", type=float, default=2.0, help="size factor (default 2: sharp on slides)")
    f.add_argument("--no-labels", action="store_true", help="no title, map names or values")
    f.add_argument("--no-colorbar", action="store_true", help="no colour bar")
    f.add_argument("--colormap", default="auto", help="auto (default) or a colormap name, as in the window")
    f.add_argument("--scale-scope", choices=("map", "stage", "block", "stack"), default="block",
                   help="one colour scale per map, stage, block (default) or for the whole stack")


def _render(args: argparse.Namespace) -> int:
    from .figure import scene_figure
    from .render import DisplayOptions
    from .scene import load_scene

    out = Path(args.out)
    if out.suffix.lower() not in (".png", ".svg"):
        raise ConvvizError("bad_value", None, where="--out", key="suffix", expected=".png or .svg",
                           value=out.suffix or "none")
    if not out.parent.exists():
        raise ConvvizError("file_not_found", None, path=str(out.parent))
    if not (0 < args.scale <= 16):
        raise ConvvizError("bad_value", None, where="--scale", key="scale", expected="a number in (0, 16]",
                           value=args.scale)
    try:
        options = DisplayOptions(colormap=args.colormap, scope=args.scale_scope)
    except ValueError as exc:
        raise ConvvizError("bad_value", None, where="--colormap", key="colormap", expected="a known colormap",
                           value=str(exc)) from None
    fit = getattr(args, "fit", None)
    kwargs = {"fit": fit} if fit is not None else {}
    scene = load_scene(args.network, input_path=args.input, weights_path=args.weights, seed=args.seed,
                       channels=args.channels, partial=args.partial, **kwargs)
    fig = scene_figure(scene.network, scene.input, args.view, args.layer, options, labels=not args.no_labels,
                       colorbar=not args.no_colorbar)
    if out.suffix.lower() == ".svg":
        from .core.netfile import atomic_write_bytes
        from .figure import to_svg

        atomic_write_bytes(out, to_svg(fig, args.scale).encode("utf-8"))
    else:  # text needs a font engine: Qt's, offscreen
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from .qt.app import ensure_app  # a QApplication, so a window can still be made in this process
        from .qt.figure_paint import save_figure

        ensure_app()
        save_figure(fig, out, args.scale)
    print(f"wrote {out} ({round(fig.width * args.scale)}×{round(fig.height * args.scale)})")
    return 0


def _export(args: argparse.Namespace) -> int:
    from .scene import load_scene
    from .torch_export import export_torch_module

    scene = load_scene(args.network, weights_path=args.weights, seed=args.seed, partial=args.partial)
    out = Path(args.torch)
    if not out.parent.exists():
        raise ConvvizError("file_not_found", None, path=str(out.parent))
    written = export_torch_module(scene.network, out, beside=True if args.weights_beside else None,
                                  title=f"{Path(args.network).name} as a PyTorch model (written by convviz).")
    print("wrote " + ", ".join(str(p) for p in written))
    return 0


OWNDATA_VERBS = {"export": _export, "render": _render}
