"""A scene: a network with its weights and the input it runs on — what `convviz run` computes and what the
window opens. Built-in scenes (the default one and the lecture's) live in resources/scenes/."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .core.errors import ConvvizError
from .core.layers import fmt_shape
from .core.netfile import NetworkFile, apply_weights, load_network, parse_network
from .core.network import Network, build_network, check_input
from .core.samples import sample_image
from .fit import CENTRE, DEFAULT_CHANNELS, DEFAULT_FIT, Placement, channel_count, convert_channels
from .i18n import translate
from .resource_files import resource_path  # also imported from here by the window and the tests


@dataclass(frozen=True)
class BuiltinScene:
    key: str
    title: str  # English source text; the window translates it
    file: str
    sample: str
    #: English text that goes with the scene (what to look at; whether its weights were designed or learned)
    note: str = ""
    #: designed weights for some conv layers: a JSON file in resources/weights holding ``weight.{i}`` and
    #: ``bias.{i}`` as nested lists (readable, unlike an .npz), applied over the network file's own init; or
    #: learned ones, the ``.npz`` that `convviz train --out` wrote
    weights: str | None = None
    #: display options the scene opens with (``DisplayOptions`` field → value), e.g. ``(("scope", "stage"),)``
    display: tuple[tuple[str, str], ...] = ()
    #: a unit ``(layer, channel, y, x)`` the scene opens inspected: its window and receptive field outlined
    inspect: tuple[int, int, int, int] | None = None
    #: an input array file in resources/inputs (``.npy``) instead of the generated ``sample``
    input: str | None = None


#: The lecture's scenes in the lecture's order, then the default scene.
LECTURE_SCENES = (
    BuiltinScene("lecture-1", "1. An 8×8×3 image and one 3×3×3 filter", "lecture1_one_filter.json", "lecture",
                 note="Slides 1–3: the filter slides over the image and computes one dot product per position, "
                      "y = wᵀx + b over a 3×3×3 window. Click any value of the map to see its products and sums; "
                      "the counting table below gives the filter's parameters and the fully connected layer's."),
    BuiltinScene("lecture-2", "2. Six filters: maps 6×6×6", "lecture2_six_filters.json", "lecture",
                 note="Slide 4: the number of filters F is a hyperparameter. Each filter makes one map (f0…f5); "
                      "together they form the tensor that the next layer reads as its input image."),
    BuiltinScene("lecture-3", "3. conv1 → ReLU → conv2 → ReLU: 4×4×10", "lecture3_two_convs.json", "lecture",
                 note="Slides 5–6: a convolutional network is a sequence of convolutions. conv2's filters are "
                      "3×3×6 because its input has depth 6; its neurons are its output units H·W·F (the counting "
                      "table says where the slide's count differs, and why)."),
    BuiltinScene("lecture-4", "4. 2×2 max pooling: 8×8×3 → 4×4×3", "lecture4_pooling.json", "lecture",
                 note="Slide 8: pooling replaces each 2×2 neighbourhood by a statistic of it, map by map. Click a "
                      "pooled value to see which input won; try average and weighted pooling in the layer's "
                      "editor."),
    BuiltinScene("lecture-5", "5. A convolutional layer: convolution → detector → pooling",
                 "lecture5_three_stages.json", "shapes",
                 note="Slide 9: the three stages of a convolutional layer — convolution with a set of kernels, a "
                      "nonlinear detector (ReLU), pooling of neighbouring activations — side by side, on one "
                      "colour scale per block."),
    BuiltinScene("lecture-6", "6. Pooling and small shifts: the pooled maps change less",
                 "lecture6_invariance.json", "shapes",
                 note="Shift the input by a pixel or two (`convviz invariance … --shift-max 3 --axis x`): the edge "
                      "maps change along every edge, each 2×2 max pooling changes less — 0.51 → 0.24 → 0.17 "
                      "relative change for a 1-pixel shift, while the fraction of units that changed at all can "
                      "rise (0.14 → 0.18): pooling shrinks the changes, it does not remove them. Whether a feature "
                      "is present matters more than exactly where."),
    BuiltinScene("lecture-7", "7. A designed hierarchy: edges → corners (designed by hand, not learned)",
                 "lecture7_hierarchy.json", "shapes",
                 note="conv1 finds edges (Sobel presets); conv2's four kernels were designed by hand, not learned: "
                      "each is a corner — a vertical and a horizontal edge of conv1 meeting at its centre, minus "
                      "where either edge would run on (a straight edge gives 0) and minus the neighbouring cells "
                      "(a diagonal edge gives nothing). Each corner map lights up at one corner of the square. "
                      "The receptive field grows from 3×3 pixels (edges) to 8×8 (corners) and 10×10 after pooling: "
                      "the corner unit inspected here has it outlined on the input and on every map before it. "
                      "Learned weights find their own patterns; random ones are no hierarchy. (One colour scale per "
                      "stage: conv2's −12 would leave the corner maps faint.)",
                 weights="lecture7_hierarchy.json",
                 # one scale per stage: on the block's scale conv2's −12.4 leaves the corners (≤ 4.5) faint
                 display=(("scope", "stage"),),
                 # the bottom-right corner of the square, after pool2: a 10×10 receptive field on the input
                 inspect=(5, 3, 12, 7)),
    BuiltinScene("lecture-8", "8. A learned hierarchy: digits (trained by convviz, not designed)",
                 "lecture8_learned.json", "shapes",
                 note="Every weight here was learned: convviz trained this stack on its `digits` set (20 000 "
                      "images, 3 epochs, Adam; `python tools/train_learned.py --check` repeats it bit for "
                      "bit), and it classifies 97.6 % of the 5 000 test digits. The input is a test digit it never "
                      "trained on. Look at conv1's 5×5 kernels: some became oriented edge detectors — f2 dark "
                      "above and light below, f7 the reverse, f5 dark on the left and light on the right — so "
                      "their maps light up along one side of the strokes of one direction (f2 and f7: the top and "
                      "the bottom of the 4's bar); others still carry the noise of their random start after only "
                      "three epochs. conv2 combines them over 14×14 pixels into parts of digits; the dense layer "
                      "reads the 4×4×16 pooled maps and gives one score per digit: the largest is the answer. "
                      "Nobody designed these kernels — compare scene 7.",
                 weights="lecture8_learned.npz",
                 input="lecture8_digit.npy",
                 display=(("scope", "stage"),)),
)
DEFAULT_SCENE = BuiltinScene("default", "Edges of shapes", "default.json", "shapes")


@dataclass(frozen=True, eq=False)
class Scene:
    network: Network
    input: np.ndarray
    seed: int = 0
    #: where the input came from: a sample's name (see core.samples.SAMPLES) or an image file's name
    input_name: str = "shapes"
    #: the image or array file the input was read from (None for a generated sample)
    input_path: str | None = None
    #: how an image of another size was made the input's size (convviz.fit.FIT_MODES)
    input_fit: str = DEFAULT_FIT
    #: where that image went in the input (None for a sample or an array)
    input_placement: Placement | None = None
    #: the input's channels as read: own, RGB or grey (convviz.fit.CHANNEL_MODES), as the window's editor sets them
    input_channels: str = DEFAULT_CHANNELS


def make_input(shape: tuple[int, int, int], name: str, path: str | Path | None = None,
               fit: str = DEFAULT_FIT) -> np.ndarray:
    """The input tensor of a given shape from a sample (``path`` None) or an image/array file."""
    return read_input(shape, name, path, fit)[0]


def read_input(shape: tuple[int, int, int] | None, name: str, path: str | Path | None = None,
               fit: str = DEFAULT_FIT, channels: str = DEFAULT_CHANNELS,
               anchor: tuple[float, float] = CENTRE) -> tuple[np.ndarray, Placement | None]:
    """:func:`make_input` and where an image went in the input (None for a sample or an array). ``channels``
    (convviz.fit.CHANNEL_MODES) overrides the shape's C; ``shape`` None reads an array as it is."""
    from .imageio import read_input as read_file  # Qt-backed image reading

    if shape is not None:
        shape = (shape[0], shape[1], channel_count(channels, shape[2]))
    if path is None:
        return sample_input(shape, name), None
    p = Path(path)
    if p.suffix.lower() != ".npy" or channels == "own":
        return read_file(path, shape, fit, anchor)
    x = read_file(p, None)[0]  # the array as it is, then made RGB or grey
    try:
        x = convert_channels(x, channels)
    except ValueError as exc:
        raise ConvvizError("bad_array", None, path=str(p), detail=str(exc)) from None
    if shape is not None and x.shape != shape:
        raise ConvvizError("input_shape_mismatch", None, path=str(p), shape=fmt_shape(x.shape),
                           expected=fmt_shape(shape))
    return x, None


def sample_input(shape: tuple[int, int, int], name: str = "shapes") -> np.ndarray:
    return sample_image(shape[0], shape[1], shape[2], name)


def build_scene(
    spec: NetworkFile,
    *,
    input_path: str | Path | None = None,
    weights_path: str | Path | None = None,
    seed: int = 0,
    sample: str = "shapes",
    fit: str = DEFAULT_FIT,
    channels: str = DEFAULT_CHANNELS,
    partial: bool = False,
) -> Scene:
    """Network + weights + input, exactly as `convviz run` and `convviz gui` compute it; ``channels`` converts
    the input as the window's channel mode does (the network's input must then have that many channels). The
    input's shape is read from its file's header and the whole request checked against the memory budget before
    the input, the weights or any output is allocated."""
    if input_path is not None:
        shape = input_shape_for(input_path, spec.input_shape, channels)
    elif spec.input_shape is None:
        raise ConvvizError("missing_key", None, where="the network file", key="input")
    else:
        shape = spec.input_shape
        _check_channels(f"the {sample} sample", shape, channels)
    net = build_network(shape, spec.layers, seed=seed)  # checks the whole request's memory first
    if weights_path is not None:
        from .weights_io import load_weights_into  # .npz or a PyTorch state_dict

        net = load_weights_into(net, weights_path, partial=partial)[0]
    name, path = sample, None
    if input_path is not None:
        name, path = Path(input_path).name, str(input_path)
    x, where = read_input(shape, name, input_path, fit, channels)  # the window's own reading
    check_input(net, x)
    return Scene(net, x, seed, name, path, fit, where, channels)


def input_shape_for(path: str | Path, shape: tuple[int, int, int] | None,
                    channels: str = DEFAULT_CHANNELS) -> tuple[int, int, int]:
    """The input's shape as reading ``path`` with ``channels`` makes it, from the file's header alone: the
    network file's ``shape`` when it gives one (a file or channel mode that cannot give it is refused here,
    before anything is allocated), else the array's or the image's own with the mode's channel count."""
    from .imageio import input_shape_of

    if channels == DEFAULT_CHANNELS:
        return input_shape_of(path, shape)
    if Path(path).suffix.lower() == ".npy":  # read as it is, then converted: its own C decides
        h, w, c = input_shape_of(path, None)
        try:
            convert_channels(np.zeros((1, 1, c), dtype=np.float32), channels)
        except ValueError as exc:
            raise ConvvizError("bad_array", None, path=str(path), detail=str(exc)) from None
        got = (h, w, channel_count(channels, c))
        if shape is not None and got != tuple(shape):
            raise ConvvizError("input_shape_mismatch", None, path=str(path), shape=_as_mode(got, channels),
                               expected=fmt_shape(shape))
        return got
    h, w, c = input_shape_of(path, shape)  # an image is scaled to the network's size; its channels are made
    if shape is None:
        return h, w, channel_count(channels, c)
    _check_channels(path, shape, channels)
    return shape


def _check_channels(what: str | Path, shape: tuple[int, int, int], channels: str) -> None:
    """An input made ``channels`` has the network's ``shape`` C, or the one clear error."""
    c = channel_count(channels, shape[2])
    if c != shape[2]:
        raise ConvvizError("input_shape_mismatch", None, path=str(what),
                           shape=_as_mode((shape[0], shape[1], c), channels), expected=fmt_shape(shape))


def _as_mode(shape: tuple[int, int, int], channels: str) -> str:
    """"28×28×1 (read as grayscale)": the shape says which conversion made it (the path may be cut)."""
    if channels == "gray":
        return translate("errors", "{shape} (read as grayscale)").format(shape=fmt_shape(shape))
    return translate("errors", "{shape} (read as RGB)").format(shape=fmt_shape(shape))


def load_scene(
    net_path: str | Path | None = None,
    *,
    input_path: str | Path | None = None,
    weights_path: str | Path | None = None,
    seed: int = 0,
    fit: str = DEFAULT_FIT,
    channels: str | None = None,
    partial: bool = False,
) -> Scene:
    """The scene of a network file, a project or a lecture scene's file (the default scene for None).
    ``channels`` None: a project's own channel mode, else own."""
    if net_path is None:
        return builtin_scene(DEFAULT_SCENE, seed=seed, input_path=input_path, weights_path=weights_path, fit=fit,
                             channels=channels or DEFAULT_CHANNELS, partial=partial)
    from .project import is_project, project_scene

    if is_project(net_path):  # a saved session: its own input and weights unless given here
        return project_scene(net_path, input_path=input_path, weights_path=weights_path, fit=fit,
                             channels=channels, partial=partial)
    channels = channels or DEFAULT_CHANNELS
    builtin = builtin_for_path(net_path)
    if builtin is not None:  # a lecture scene's file: the same scene as from the menu (sample, designed weights)
        return builtin_scene(builtin, seed=seed, input_path=input_path, weights_path=weights_path, fit=fit,
                             channels=channels, partial=partial)
    return build_scene(load_network(net_path), input_path=input_path, weights_path=weights_path, seed=seed,
                       fit=fit, channels=channels, partial=partial)


def builtin_scene(scene: BuiltinScene, *, seed: int = 0, input_path=None, weights_path=None,
                  fit: str = DEFAULT_FIT, channels: str = DEFAULT_CHANNELS, partial: bool = False) -> Scene:
    import json

    spec = parse_network(json.loads(resource_path("scenes", scene.file).read_text(encoding="utf-8")), scene.file)
    if input_path is None and scene.input is not None:
        input_path = resource_path("inputs", scene.input)
    loaded = build_scene(spec, input_path=input_path, weights_path=weights_path, seed=seed, sample=scene.sample,
                         fit=fit, channels=channels, partial=partial)
    if scene.weights is not None and weights_path is None:  # a weights file given by the user wins
        loaded = replace(loaded, network=apply_weights(loaded.network, designed_weights(scene.weights)))
    return loaded


def builtin_for_path(path: str | Path) -> BuiltinScene | None:
    """The built-in scene whose network file this is: the same name and the same network (an edited copy is the
    user's own stack, which the designed weights may no longer fit), or None."""
    import json

    from .core.files import read_user_bytes
    from .core.netfile import MAX_NETWORK_BYTES

    p = Path(path)
    for scene in (*LECTURE_SCENES, DEFAULT_SCENE):
        if p.name != scene.file:
            continue
        try:
            ours = json.loads(resource_path("scenes", scene.file).read_text(encoding="utf-8"))
            theirs = json.loads(read_user_bytes(p, max_bytes=MAX_NETWORK_BYTES).decode("utf-8"))
        except (ValueError, RecursionError):  # incl. ConvvizError: not the lecture's file, say why later
            return None
        return scene if ours == theirs else None
    return None


def designed_weights(file: str) -> dict[str, np.ndarray]:
    """The ``weight.{i}``/``bias.{i}`` arrays of a scene's weights file: JSON (other keys, e.g. "about", skipped)
    or a trained .npz."""
    import json

    path = resource_path("weights", file)
    if path.suffix == ".npz":
        from .core.netfile import load_weights_file

        return load_weights_file(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: np.asarray(v, dtype=np.float32) for k, v in data.items() if k.startswith(("weight.", "bias."))}
