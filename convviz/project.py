"""A whole session in one ``.convviz`` file: the network, its weights, the input's pixels, the display settings
and the drawn strokes. Qt-free.

The file is a zip archive::

    project.json            {"format": "convviz-project", "version": 1, "network": {…network file…},
                             "seed": 0, "input": {"array": "input.npy", "name": "cat.png", "path": "/…/cat.png",
                                                  "fit": "fit", "channels": "own", "anchor": [0.5, 0.5]},
                             "weights": {"0": {"weight": "weights/weight.0.npy", "bias": "weights/bias.0.npy"}},
                             "display": {"colormap": "auto", "scope": "block", "centring": "symmetric"},
                             "strokes": [], "view": {"selected_layer": null}}
    input.npy               the input's pixels (H × W × C float32), not a path
    weights/weight.{i}.npy  conv layer i's weights (F, K_h, K_w, C_in/groups) and bias (F,); a dense layer's
                            (units, inputs) and (units,)

Members are read with ``allow_pickle=False`` after their declared sizes are checked. ``strokes`` lists what was
drawn on the input (:class:`convviz.draw.Stroke`: ``{"tool": "brush", "size": 3, "value": [1, 0, 0],
"channel": null, "points": [[y, x], …]}``); the input's pixels already hold their result, so a reader that ignores
strokes still shows what was saved. With strokes, ``"input": {"base": "input_base.npy"}`` holds the input before
the first stroke, and replaying the strokes onto it gives ``input.npy`` again (see :mod:`convviz.draw`).
The input's ``path``, ``fit``, ``channels`` and ``anchor`` say how to read its image again when the input's size
changes (the path is dropped on load when it no longer names a file). ``display`` and ``view`` take new keys
without a new version: unknown keys are kept and
ignored. A file that is truncated, from a newer version or of another kind raises :class:`ConvvizError` and
nothing is changed; writes are atomic.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from .core.budget import check_items
from .core.errors import ConvvizError
from .core.files import atomic_write, open_user_file
from .core.layers import Conv2D, Dense
from .core.netfile import apply_weights, network_to_dict, parse_json, parse_network
from .core.network import LayerWeights, build_network, check_input
from .core.npyfile import read_data, read_header
from .model import StackState

__all__ = ["FORMAT", "SUFFIX", "VERSION", "Project", "is_project", "load_project", "project_bytes",
           "project_scene", "save_project"]

FORMAT = "convviz-project"
VERSION = 1
SUFFIX = ".convviz"
MAX_JSON_BYTES = 16 * 1024**2
DISPLAY_DEFAULTS = {"colormap": "auto", "scope": "block", "centring": "symmetric"}


@dataclass(frozen=True, eq=False)
class Project:
    """A session: the explorer's state, the display settings, strokes and view (plain JSON values)."""

    state: StackState
    display: dict[str, Any] = field(default_factory=lambda: dict(DISPLAY_DEFAULTS))
    strokes: tuple[dict, ...] = ()
    view: dict[str, Any] = field(default_factory=dict)


def is_project(path: str | os.PathLike | None) -> bool:
    """A ``.convviz`` file (by name: an invalid one should say why, not be read as a network file)."""
    return path is not None and Path(path).suffix.lower() == SUFFIX


# --- writing ---------------------------------------------------------------------------------------------


def _npy(arr: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(arr)


def project_bytes(project: Project) -> bytes:
    """The ``.convviz`` archive of a project."""
    buf = io.BytesIO()
    write_project(buf, project)
    return buf.getvalue()


def write_project(fh, project: Project) -> None:
    """The ``.convviz`` archive of a project, written into ``fh`` member by member."""
    state = project.state
    weights: dict[str, dict[str, str]] = {}
    members: dict[str, np.ndarray] = {"input.npy": _npy(np.asarray(state.input, dtype=np.float32))}
    inp = {"array": "input.npy", "name": state.input_name, "fit": state.input_fit, "channels": state.input_channels,
           "anchor": list(state.input_anchor)}
    if state.input_path is not None:  # where the image came from: read again (fitted as saved) at another size
        inp["path"] = os.path.abspath(state.input_path)
    strokes = list(project.strokes)
    if state.strokes and state.drawn_base is not None:
        inp["base"] = "input_base.npy"
        members["input_base.npy"] = _npy(np.asarray(state.drawn_base, dtype=np.float32))
        strokes = [s.to_dict() for s in state.strokes]
    for i, spec in enumerate(state.layers):
        lw = state.weights.get(spec.uid) if isinstance(spec, (Conv2D, Dense)) else None
        if lw is None:
            continue
        entry = {"weight": f"weights/weight.{i}.npy"}
        members[entry["weight"]] = _npy(lw.weight)
        if lw.bias is not None:
            entry["bias"] = f"weights/bias.{i}.npy"
            members[entry["bias"]] = _npy(lw.bias)
        weights[str(i)] = entry
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "network": network_to_dict(state.input_shape, state.layers),
        "seed": state.seed,
        "input": inp,
        "weights": weights,
        "display": dict(project.display),
        "strokes": strokes,
        "view": dict(project.view),
    }
    with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("project.json", json.dumps(doc, indent=2, ensure_ascii=False))  # first: `unzip -l` shows it
        for name, arr in members.items():
            with zf.open(name, "w", force_zip64=True) as m:  # streamed: no copy of the archive in memory
                np.lib.format.write_array(m, arr, allow_pickle=False)


def save_project(path: str | os.PathLike, project: Project) -> None:
    """Write atomically: the file is the new project or, on any failure, the old one."""
    atomic_write(path, lambda fh: write_project(fh, project))


# --- reading ---------------------------------------------------------------------------------------------


def _bad(path: Path, detail: str) -> ConvvizError:
    return ConvvizError("bad_project", None, path=str(path), detail=detail)


def load_project(path: str | os.PathLike) -> Project:
    """Read and check a project; any problem raises :class:`ConvvizError` naming the file."""
    p = Path(path)
    try:
        with open_user_file(p, what="project") as fh:
            if fh.read(4) != b"PK\x03\x04":
                raise _bad(p, "not a zip archive; is it another kind of file?")
            fh.seek(0)
            with zipfile.ZipFile(fh) as zf:
                return _read(p, zf)
    except zipfile.BadZipFile as exc:
        raise _bad(p, f"the archive is damaged or truncated ({exc})") from None
    except (OSError, EOFError, zipfile.LargeZipFile, NotImplementedError, RuntimeError) as exc:
        if isinstance(exc, ConvvizError):
            raise
        raise _bad(p, f"cannot be read ({getattr(exc, 'strerror', None) or exc})") from None


def _read(p: Path, zf: zipfile.ZipFile) -> Project:
    infos = {i.filename: i for i in zf.infolist()}
    if "project.json" not in infos:
        raise _bad(p, "no project.json inside; another kind of zip file")
    if len(infos) != len(zf.infolist()):
        raise _bad(p, "a member name appears twice")
    check_items([(f"{name} in {p.name}", i.file_size, None) for name, i in infos.items()],
                what=f"opening {p.name}")  # declared sizes: zipfile never unpacks more than it declares
    if infos["project.json"].file_size > MAX_JSON_BYTES:
        raise _bad(p, "project.json is too large")
    try:
        doc = parse_json(zf.read("project.json"), f"{p.name}: project.json")
    except ConvvizError as exc:
        raise _bad(p, f"project.json is not valid ({exc.params.get('detail') or exc.message})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _bad(p, 'project.json does not say "format": "convviz-project"; another kind of file')
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _bad(p, f"format version must be a positive integer (got {json.dumps(version)})")
    if version > VERSION:
        raise ConvvizError("project_too_new", None, path=str(p), version=version, supported=VERSION)

    spec = parse_network(doc.get("network"), f"{p.name}: network")
    if spec.input_shape is None:
        raise _bad(p, "the network has no input block")
    inp = doc.get("input")
    if not isinstance(inp, dict) or not isinstance(inp.get("array"), str):
        raise _bad(p, 'missing "input": {"array": "input.npy"}')
    x = _array(p, zf, infos, inp["array"], 3)
    if tuple(x.shape) != tuple(spec.input_shape):
        raise _bad(p, f"input.npy has shape {x.shape} but the network's input block says {spec.input_shape}")
    if not np.all(np.isfinite(x)):
        raise _bad(p, "the input contains NaN or infinite values")
    seed = doc.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise _bad(p, f"seed must be a non-negative integer (got {json.dumps(seed)})")

    arrays = _weights(p, zf, infos, doc.get("weights", {}), spec.layers)
    layers = spec.layers
    state = replace(StackState(np.ascontiguousarray(x, dtype=np.float32), layers, {}, seed,
                               str(inp.get("name") or p.name), _source_path(inp.get("path"))),
                    **_input_settings(p, inp))
    try:  # a valid stack: every shape checked, NaN refused, with the layer named
        net = build_network(spec.input_shape, layers, seed=seed)
        net = apply_weights(net, arrays)
        weights = dict(net.weights)
    except ConvvizError as exc:
        if exc.code.startswith("weights") or exc.code == "bad_weights_file":
            raise _bad(p, exc.message) from None
        # saved while the stack was impossible (the builder marks it): keep the last weights that fitted
        weights = {}
        for i, s in enumerate(layers):
            if f"weight.{i}" in arrays:
                w = arrays[f"weight.{i}"]
                if not np.all(np.isfinite(w)):
                    raise _bad(p, f"weight.{i} contains NaN or infinite values") from None
                weights[s.uid] = LayerWeights(w, arrays.get(f"bias.{i}"))
    state = replace(state, weights=weights)

    display = doc.get("display", {})
    strokes = doc.get("strokes", [])
    view = doc.get("view", {})
    if not isinstance(display, dict) or not isinstance(view, dict):
        raise _bad(p, '"display" and "view" must be objects')
    if not isinstance(strokes, list) or not all(isinstance(s, dict) for s in strokes):
        raise _bad(p, '"strokes" must be a list of objects')
    _check_display(p, display)
    if isinstance(inp.get("base"), str) and strokes:
        state = _with_strokes(p, zf, infos, state, inp["base"], strokes)
    return Project(state, {**DISPLAY_DEFAULTS, **display}, tuple(strokes), view)


def _with_strokes(p: Path, zf: zipfile.ZipFile, infos: dict, state: StackState, base_name: str,
                  strokes: list) -> StackState:
    """The drawn strokes and their base, checked: replayed onto the base they must give the saved input."""
    from .draw import Stroke, check_stroke, replay

    base = _array(p, zf, infos, base_name, 3)
    if base.shape != state.input.shape or not np.all(np.isfinite(base)):
        raise _bad(p, f"{base_name} must be finite and of the input's shape {state.input.shape}")
    try:
        parsed = tuple(Stroke.from_dict(s) for s in strokes)
        for s in parsed:
            check_stroke(s, state.input_shape)
    except ValueError as exc:
        raise _bad(p, f"a stroke is not valid: {exc}") from None
    if not np.allclose(replay(base, parsed), state.input, atol=1e-3):  # (points are saved rounded)
        return state  # edited by hand or by another program: the pixels win, the strokes stay in the file
    return replace(state, strokes=parsed, drawn_base=np.ascontiguousarray(base, dtype=np.float32))


def _source_path(path: object) -> str | None:
    """The saved image path while it still names a file (the pixels are in the project either way)."""
    return path if isinstance(path, str) and os.path.isfile(path) else None


def _input_settings(p: Path, inp: dict) -> dict[str, Any]:
    """How the input's file is read again (fit, channels, crop anchor); older projects have none: the defaults."""
    from .fit import CHANNEL_MODES, FIT_MODES

    out: dict[str, Any] = {}
    if "fit" in inp:
        if inp["fit"] not in FIT_MODES:
            raise _bad(p, f"input fit {json.dumps(inp['fit'])} is not one of {', '.join(FIT_MODES)}")
        out["input_fit"] = inp["fit"]
    if "channels" in inp:
        if inp["channels"] not in CHANNEL_MODES:
            raise _bad(p, f"input channels {json.dumps(inp['channels'])} is not one of {', '.join(CHANNEL_MODES)}")
        out["input_channels"] = inp["channels"]
    if "anchor" in inp:
        a = inp["anchor"]
        if not (isinstance(a, list) and len(a) == 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                           and 0 <= v <= 1 for v in a)):
            raise _bad(p, f"input anchor must be [y, x] with both in [0, 1] (got {json.dumps(a)})")
        out["input_anchor"] = (float(a[0]), float(a[1]))
    return out


def _check_display(p: Path, display: dict) -> None:
    from .render import CENTRINGS, COLORMAPS, SCOPES

    allowed = {"colormap": ("auto", *COLORMAPS), "scope": (*SCOPES, "layer"), "centring": CENTRINGS}
    for key, values in allowed.items():
        if key in display and display[key] not in values:
            raise _bad(p, f"display {key} {json.dumps(display[key])} is not one of {', '.join(values)}")


def _array(p: Path, zf: zipfile.ZipFile, infos: dict, name: str, ndim: int) -> np.ndarray:
    """One ``.npy`` member: numeric, ``ndim`` dimensions, header checked against its size before reading."""
    info = infos.get(name)
    if info is None:
        raise _bad(p, f"{name} is missing")
    def fail(detail: str) -> ConvvizError:
        return _bad(p, f"{name}: {detail}")

    with zf.open(info) as fh:
        header = read_header(fh, fail, "fiu")
        if len(header.shape) != ndim:
            raise _bad(p, f"{name} must have {ndim} dimensions (got shape {header.shape})")
        if header.nbytes > info.file_size - fh.tell():
            raise _bad(p, f"{name} is shorter than its header says (truncated?)")
        try:
            arr = read_data(fh, header, fail)
        except OSError as exc:
            raise _bad(p, f"{name} cannot be read ({exc})") from None
    return arr.astype(np.float32, copy=False)


def _weights(p: Path, zf: zipfile.ZipFile, infos: dict, obj: Any, layers) -> dict[str, np.ndarray]:
    n_layers = len(layers)
    if not isinstance(obj, dict):
        raise _bad(p, '"weights" must be an object {"layer index": {"weight": …, "bias": …}}')
    arrays: dict[str, np.ndarray] = {}
    for key, entry in obj.items():
        if not (isinstance(key, str) and key.isdigit() and int(key) < n_layers and isinstance(entry, dict)
                and isinstance(entry.get("weight"), str)):
            raise _bad(p, f"weights entry {json.dumps(key)} must name a layer and its weight member")
        ndim = 2 if isinstance(layers[int(key)], Dense) else 4  # dense: (units, inputs)
        arrays[f"weight.{int(key)}"] = _array(p, zf, infos, entry["weight"], ndim)
        if entry.get("bias") is not None:
            arrays[f"bias.{int(key)}"] = _array(p, zf, infos, entry["bias"], 1)
    return arrays


# --- a project where a scene is expected (the CLI) -------------------------------------------------------


def project_scene(path: str | os.PathLike, *, input_path=None, weights_path=None, fit: str | None = None,
                  channels: str | None = None, partial: bool = False):
    """A :class:`convviz.scene.Scene` from a project; ``--input``/``--weights`` given on the command line
    override the project's (an image is fitted to the project's input size), and so does ``channels`` its
    channel mode (None: the project's own, which its input already has)."""
    from .scene import Scene, read_input

    project = load_project(path)
    state = project.state
    x, name, src = state.input, state.input_name, None
    mode = channels or state.input_channels
    if input_path is not None:
        from .fit import DEFAULT_FIT

        shape = None if mode != "own" and str(input_path).lower().endswith(".npy") else state.input_shape
        x = read_input(shape, Path(input_path).name, input_path, fit or DEFAULT_FIT, mode)[0]  # as the window
        name, src = Path(input_path).name, str(input_path)
    elif channels is not None:  # the project's input made RGB or grey, as the window's editor would
        from .fit import convert_channels

        try:
            x = convert_channels(x, channels)
        except ValueError as exc:
            raise ConvvizError("bad_array", None, path=f"{Path(path).name}'s input", detail=str(exc)) from None
    net = state.network
    if net is None:
        raise state.error
    if weights_path is not None:
        from .weights_io import load_weights_into

        net = load_weights_into(net, weights_path, partial=partial)[0]
    check_input(net, x)
    return Scene(net, x, state.seed, name, src, input_channels=mode)

