"""The stack edits of the builder as plain functions: add, duplicate, remove, move and change a layer.

Each returns an :class:`Edit` — the new :class:`~convviz.model.StackState`, the undo step's name, the key under
which consecutive steps of one gesture merge, and the layer to select afterwards — or None when the edit does
nothing. No Qt here: the window applies an ``Edit`` through its document, and tests run without a display.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from .core.layers import LayerSpec, new_uid
from .model import StackState


@dataclass(frozen=True)
class Edit:
    state: StackState
    #: the undo step's name as English source text, a template for the translator: "Remove layer {index}"
    text: str
    args: Mapping[str, object] = field(default_factory=dict)
    #: the uid of the layer to select once the edit is shown (None: the input row)
    select: str | None = None
    #: steps with the same key, one after the other, are one undo step (None: never merges)
    merge_key: str | None = None

    def describe(self, translate: Callable[[str], str] = lambda text: text) -> str:
        """The undo step's name, translated by ``translate`` (identity: English)."""
        return translate(self.text).format(**self.args)


def add_layer(state: StackState, index: int, spec: LayerSpec, name: str) -> Edit:
    """Insert ``spec`` at ``index`` (0: first layer); ``name`` is how the undo text calls it ("max pool")."""
    index = max(0, min(index, len(state.layers)))
    return Edit(state.insert_layer(index, spec), "Add {layer}", {"layer": name}, select=spec.uid)


def duplicate_layer(state: StackState, index: int) -> Edit | None:
    """Insert a copy of layer ``index`` after it, with a new uid; the copy starts from the same weights."""
    if not 0 <= index < len(state.layers):
        return None
    source = state.layers[index]
    spec = replace(source, uid=new_uid())
    held = state.weights.get(source.uid)
    if held is not None:  # kept where they fit (the copy may see another input depth)
        state = state.with_weights(spec.uid, held)
    return Edit(state.insert_layer(index + 1, spec), "Duplicate layer {index}", {"index": index}, select=spec.uid)


def remove_layer(state: StackState, index: int) -> Edit | None:
    """Remove layer ``index``; the next layer takes the selection, else the previous one, else the input."""
    layers = state.layers
    if not 0 <= index < len(layers):
        return None
    neighbours = [s.uid for s in layers[index + 1:index + 2] + layers[max(0, index - 1):index]]
    return Edit(state.remove_layer(index), "Remove layer {index}", {"index": index},
                select=neighbours[0] if neighbours else None)


def move_layer(state: StackState, src: int, dst: int) -> Edit | None:
    """Move layer ``src`` so that it ends up at index ``dst``; the moved layer stays selected."""
    n = len(state.layers)
    if not (0 <= src < n and 0 <= dst < n) or src == dst:
        return None
    return Edit(state.move_layer(src, dst), "Move layer", select=state.layers[src].uid)


def change_layer(state: StackState, spec: LayerSpec, field_key: str, field_name: str,
                 gesture: object = None) -> Edit | None:
    """Replace the layer with ``spec``'s uid by ``spec`` (one field, ``field_key``, changed).

    Steps merge when they change the same field of the same layer within one ``gesture`` (a drag, held arrow
    keys): the caller names the gesture; two gestures on the same field are two undo steps.
    """
    index = next((i for i, s in enumerate(state.layers) if s.uid == spec.uid), None)
    if index is None or state.layers[index] == spec:
        return None
    key = f"{spec.uid}:{field_key}" if gesture is None else f"{spec.uid}:{field_key}:{gesture}"
    return Edit(state.replace_layer(index, spec), "Change {field} of layer {index}",
                {"field": field_name, "index": index}, select=spec.uid, merge_key=key)
