"""The explorer's state: an immutable snapshot of everything an edit can change.

Every edit produces a new :class:`StackState`; undo/redo swaps snapshots (arrays are shared, never copied), so a
restored state is exactly the one that was shown. A state may hold an impossible stack — the builder marks the
offending layer — while ``weights`` always keeps the last weights that fitted, so fixing the edit loses nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from .core.errors import ConvvizError
from .core.layers import Conv2D, LayerInfo, LayerSpec, infer_shapes, iter_infos
from .core.network import LayerWeights, Network, build_network, check_activation_memory
from .fit import CENTRE, DEFAULT_CHANNELS, DEFAULT_FIT, Placement


@dataclass(frozen=True, eq=False)
class StackState:
    input: np.ndarray  # (H, W, C) float32
    layers: tuple[LayerSpec, ...]
    weights: Mapping[str, LayerWeights] = field(default_factory=dict)
    seed: int = 0
    #: a sample's name (core.samples.SAMPLES) or the name of the file the input was read from
    input_name: str = "shapes"
    #: that file's path, so the input can be read again at another size (None for a sample)
    input_path: str | None = None
    #: how that file is made the input's size when read again (convviz.fit.FIT_MODES)
    input_fit: str = DEFAULT_FIT
    #: where the file's image went in the input, for saying so (None for a sample or an array)
    input_placement: Placement | None = None
    #: strokes drawn on the input since it was last set (convviz.draw.Stroke), oldest first; ``input`` holds their
    #: result and ``drawn_base`` the input before the first one (None while nothing is drawn)
    strokes: tuple = ()
    drawn_base: np.ndarray | None = None
    #: the input's channels (convviz.fit.CHANNEL_MODES): as read, RGB or grey; kept when read again
    input_channels: str = DEFAULT_CHANNELS
    #: which part of the file's image a crop keeps, (y, x) in [0, 1] (convviz.fit.placement)
    input_anchor: tuple[float, float] = CENTRE

    @property
    def input_shape(self) -> tuple[int, int, int]:
        h, w, c = self.input.shape
        return h, w, c

    @cached_property
    def _built(self) -> Network | ConvvizError:
        try:
            check_activation_memory(infer_shapes(self.input_shape, self.layers), self.layers)
            return build_network(self.input_shape, self.layers, self.weights, seed=self.seed)
        except ConvvizError as exc:
            return exc

    @property
    def network(self) -> Network | None:
        """The validated network with complete weights, or None when the stack is impossible."""
        built = self._built
        return built if isinstance(built, Network) else None

    @property
    def error(self) -> ConvvizError | None:
        built = self._built
        return built if isinstance(built, ConvvizError) else None

    def infos(self) -> list[LayerInfo | None]:
        """Per-layer arithmetic as far as the stack is valid; None from the first impossible layer on."""
        out: list[LayerInfo | None] = []
        with contextlib.suppress(ConvvizError):
            for info in iter_infos(self.input_shape, self.layers):
                out.append(info)
        return out + [None] * (len(self.layers) - len(out))

    # --- edits: each returns a new state with weights reconciled where the stack is valid ---------------

    def _with_layers(self, layers: tuple[LayerSpec, ...]) -> StackState:
        candidate = replace(self, layers=layers)
        net = candidate.network
        if net is not None:
            return replace(candidate, weights=dict(net.weights))
        return candidate

    def replace_layer(self, index: int, spec: LayerSpec) -> StackState:
        """Edit a layer's hyperparameters; a new initialisation (scheme, seed, preset) gives fresh weights."""
        old = self.layers[index]
        layers = list(self.layers)
        layers[index] = spec
        state = self
        if isinstance(old, Conv2D) and isinstance(spec, Conv2D) and old.init != spec.init:
            state = replace(self, weights={k: v for k, v in self.weights.items() if k != spec.uid})
        return state._with_layers(tuple(layers))

    def insert_layer(self, index: int, spec: LayerSpec) -> StackState:
        layers = list(self.layers)
        layers.insert(index, spec)
        return self._with_layers(tuple(layers))

    def remove_layer(self, index: int) -> StackState:
        layers = list(self.layers)
        del layers[index]
        return self._with_layers(tuple(layers))

    def move_layer(self, src: int, dst: int) -> StackState:
        layers = list(self.layers)
        spec = layers.pop(src)
        layers.insert(dst, spec)
        return self._with_layers(tuple(layers))

    def with_input(self, x: np.ndarray, name: str, path: str | None = None, fit: str | None = None,
                   placement: Placement | None = None, channels: str | None = None,
                   anchor: tuple[float, float] | None = None) -> StackState:
        """A new input (another size or source; ``fit``, ``channels``, ``anchor`` None keep theirs); conv layers
        whose input depth changed get fresh weights."""
        candidate = replace(self, input=np.ascontiguousarray(x, dtype=np.float32), input_name=name,
                            input_path=path, input_fit=self.input_fit if fit is None else fit,
                            input_placement=placement, strokes=(), drawn_base=None,
                            input_channels=self.input_channels if channels is None else channels,
                            input_anchor=self.input_anchor if anchor is None else tuple(anchor))
        net = candidate.network
        return replace(candidate, weights=dict(net.weights)) if net is not None else candidate

    def with_drawing(self, x: np.ndarray, strokes: tuple) -> StackState:
        """The input with strokes drawn on it (same shape: the weights stay); the base is kept from the first."""
        base = self.drawn_base if self.drawn_base is not None else self.input
        return replace(self, input=x, strokes=tuple(strokes), drawn_base=base if strokes else None)

    def with_weights(self, uid: str, weights: LayerWeights) -> StackState:
        new = dict(self.weights)
        new[uid] = weights
        return replace(self, weights=new)


def state_from_network(net: Network, x: np.ndarray, seed: int = 0, name: str = "shapes",
                       path: str | None = None, fit: str = DEFAULT_FIT,
                       placement: Placement | None = None) -> StackState:
    return StackState(np.ascontiguousarray(x, dtype=np.float32), tuple(net.layers), dict(net.weights), seed, name,
                      path, fit, placement)


def state_from_scene(scene) -> StackState:
    """The explorer's state for a :class:`convviz.scene.Scene`."""
    state = state_from_network(scene.network, scene.input, scene.seed, scene.input_name, scene.input_path,
                               scene.input_fit, scene.input_placement)
    return replace(state, input_channels=scene.input_channels)  # the editor's combo shows `--channels`
