"""File menu entries for weights from and for other programs: .npz of the whole stack or of one layer, PyTorch
state_dicts, and the PyTorch module export. The numbers are convviz.weights_io's and convviz.torch_export's;
this only asks for paths and applies the result to the document as one undoable step."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import ConvvizError
from ..core.layers import lecture_name
from ..core.network import build_network
from ..scene import sample_input
from ..weights_io import (
    conv_layers_from_state_dict,
    export_layer_weights,
    export_weights,
    layer_weights_from_file,
    load_weights_into,
    state_dict_input_channels,
)
from .text import tr

if TYPE_CHECKING:
    from .main_window import MainWindow

WEIGHTS_FILTER = "Weights (*.npz *.pt *.pth);;NumPy archive (*.npz);;PyTorch state_dict (*.pt *.pth);;All files (*)"


class WeightsActions:
    """Owned by the window; ``add_entries`` puts its actions in a menu."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window

    def add_entries(self, menu) -> None:
        w = self.w
        sub = menu.addMenu(tr("&Weights"))
        sub.setObjectName("weights-menu")
        w._action(sub, tr("&Load weights (.npz, PyTorch .pt)…"), self.load_dialog)
        w._action(sub, tr("Load weights into the &shown conv layer…"), self.load_layer_dialog)
        w._action(sub, tr("&Build the stack from a PyTorch state_dict…"), self.build_dialog)
        sub.addSeparator()
        w._action(sub, tr("&Export all weights (.npz)…"), self.export_dialog)
        w._action(sub, tr("Export the shown &conv layer's weights (.npz)…"), self.export_layer_dialog)
        w._action(sub, tr("Export as a &PyTorch module (.py)…"), self.export_torch_dialog)

    # --- loading --------------------------------------------------------------------------------------

    def load_dialog(self) -> None:
        path = self.w._ask_open(tr("Load weights"), tr(WEIGHTS_FILTER))
        if path:
            self.load(path)

    def load(self, path: str) -> bool:
        """The whole stack's weights from an .npz or a state_dict; a state_dict's unused tensors are noted."""
        state = self.w.doc.state
        net = state.network
        if net is None:
            self.w._show_error(state.error)
            return False
        try:
            net, note = load_weights_into(net, path)
        except ConvvizError as exc:
            self.w._show_error(exc)
            return False
        self.w.set_state(replace(state, weights=dict(net.weights)),
                         tr("Load weights {name}").format(name=Path(path).name))
        if note:
            self.w.statusBar().showMessage(note, 15000)
            self.w.last_message = note
        return True

    def _shown_conv(self) -> int | None:
        index = self.w.controller.kernel_layer()
        if index is None:
            self.w._show_message(tr("The stack has no convolution layer."))
        return index

    def load_layer_dialog(self) -> None:
        if self._shown_conv() is None:
            return
        path = self.w._ask_open(tr("Load one layer's weights"), tr(WEIGHTS_FILTER))
        if path:
            self.load_layer(self._shown_conv(), path)

    def load_layer(self, index: int, path: str) -> bool:
        state = self.w.doc.state
        net = state.network
        if net is None:
            self.w._show_error(state.error)
            return False
        try:
            net = layer_weights_from_file(net, index, path)
        except ConvvizError as exc:
            self.w._show_error(exc)
            return False
        self.w.set_state(replace(state, weights=dict(net.weights)),
                         tr("Load {layer}'s weights from {name}").format(layer=lecture_name(state.layers, index),
                                                                        name=Path(path).name))
        return True

    def build_dialog(self) -> None:
        path = self.w._ask_open(tr("Build the stack from a PyTorch state_dict"),
                                tr("PyTorch state_dict (*.pt *.pth);;All files (*)"))
        if path:
            self.build_from_state_dict(path)

    def build_from_state_dict(self, path: str) -> bool:
        """Conv layers (each followed by a ReLU) matching the state_dict, with its weights; the input keeps its
        size and its pixels when the first conv reads as many channels, else becomes a sample of that depth."""
        state = self.w.doc.state
        try:
            layers = conv_layers_from_state_dict(path)
            if not layers:
                raise ConvvizError("bad_state_dict", None, path=path, detail="it holds no 4-D *.weight tensor")
            channels = state_dict_input_channels(path)
            h, w, c = state.input_shape
            x = state.input if channels == c else sample_input((h, w, channels), "shapes")
            net = build_network((h, w, channels), layers, seed=state.seed)
            net, note = load_weights_into(net, path)
        except ConvvizError as exc:
            self.w._show_error(exc)
            return False
        name, input_path = (state.input_name, state.input_path) if channels == c else ("shapes", None)
        new = replace(state, input=x, layers=tuple(net.layers), weights=dict(net.weights), input_name=name,
                      input_path=input_path)
        self.w.set_state(new, tr("Build the stack from {name}").format(name=Path(path).name))
        self.w.show_scene_note(None)
        if note:
            self.w.statusBar().showMessage(note, 15000)
        return True

    # --- saving ---------------------------------------------------------------------------------------

    def _save_failed(self, path: str, exc: OSError) -> None:
        self.w._show_message(tr("Could not save {path}: {reason}").format(path=path, reason=exc.strerror or exc))

    def export_dialog(self) -> None:
        path = self.w._ask_save(tr("Export all weights"), tr("NumPy archive (*.npz)"), "weights.npz")
        if path:
            self.export(path)

    def _write(self, path: str, write) -> object | None:
        """``write(network)`` for the stack on screen; None, with the message shown, when it cannot be done."""
        state = self.w.doc.state
        if state.network is None:
            self.w._show_error(state.error)
            return None
        try:
            return write(state.network) or True
        except ConvvizError as exc:
            self.w._show_error(exc)
        except OSError as exc:
            self._save_failed(path, exc)
        return None

    def export(self, path: str) -> bool:
        return self._write(path, lambda net: export_weights(net, path)) is not None

    def export_layer_dialog(self) -> None:
        index = self._shown_conv()
        if index is None:
            return
        name = lecture_name(self.w.doc.state.layers, index)
        path = self.w._ask_save(tr("Export {layer}'s weights").format(layer=name), tr("NumPy archive (*.npz)"),
                                f"{name}.npz")
        if path:
            self.export_layer(index, path)

    def export_layer(self, index: int, path: str) -> bool:
        return self._write(path, lambda net: export_layer_weights(net, index, path)) is not None

    def export_torch_dialog(self) -> None:
        path = self.w._ask_save(tr("Export as a PyTorch module"), tr("Python module (*.py)"), "convviz_model.py")
        if path:
            self.export_torch(path)

    def export_torch(self, path: str) -> bool:
        from ..torch_export import export_torch_module

        written = self._write(path, lambda net: export_torch_module(net, path))
        if written is None:
            return False
        self.w.statusBar().showMessage(tr("Wrote {files}").format(files=", ".join(p.name for p in written)), 10000)
        return True
