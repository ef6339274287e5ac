"""The lecture's arithmetic for a whole stack, in one table: shapes, parameters with their formula in the layer's
own numbers, neurons, multiply-accumulates, receptive fields and the fully connected comparison. The numbers are
core.layers' (``Network.infos``); this module only lays them out and writes the formulas."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.layers import Activation, Conv2D, Dense, LayerInfo, LayerSpec, Pool2D, fmt_shape
from ..core.network import Network

_ACTIVATION_NAMES = {"relu": "ReLU", "leaky_relu": "LeakyReLU", "tanh": "tanh", "sigmoid": "sigmoid",
                     "identity": "identity"}


def layer_names(layers: tuple[LayerSpec, ...] | list[LayerSpec]) -> list[str]:
    """Names as the lecture gives them: conv1, conv2 …, pool1 …, ReLU1 … counted from 1 within each type."""
    counts: dict[str, int] = {}
    names = []
    for spec in layers:
        if isinstance(spec, Conv2D):
            base = "conv"
        elif isinstance(spec, Pool2D):
            base = "pool"
        elif isinstance(spec, Activation):
            base = _ACTIVATION_NAMES.get(spec.kind, spec.kind)
        else:  # the classifier head: flatten1, dense1, softmax1 …
            base = spec.type
        counts[base] = counts.get(base, 0) + 1
        names.append(f"{base}{counts[base]}")
    return names


def params_formula(spec: LayerSpec, info: LayerInfo) -> str:
    """``550 = 10·3·3·6 + 10``: weights F·K_h·K_w·(C_in/groups) plus one bias per filter; ``0`` elsewhere."""
    if isinstance(spec, Dense):
        n_in = _prod(info.input_shape)
        return f"{info.params} = {spec.units}·{n_in}" + (f" + {info.biases}" if info.biases else "")
    if not isinstance(spec, Conv2D):
        return "0"
    kh, kw = spec.kernel_size
    cin = info.input_shape[2] // spec.groups
    text = f"{info.params} = {spec.filters}·{kh}·{kw}·{cin}"
    return text + (f" + {info.biases}" if info.biases else "")


def fc_formula(info: LayerInfo) -> str:
    """``6948 = 192·36 + 36``: a fully connected layer with the same inputs and outputs, one bias per output."""
    n_in = _prod(info.input_shape)
    n_out = _prod(info.output_shape)
    return f"{n_in * n_out + n_out} = {n_in}·{n_out} + {n_out}"


def _prod(shape) -> int:
    out = 1
    for v in shape:
        out *= v
    return out


@dataclass(frozen=True)
class CountRow:
    index: int
    name: str  # conv1, ReLU1, pool1 …
    label: str  # "conv 10@3×3"
    type: str
    output_shape: tuple[int, int, int]
    params: int
    weights: int
    biases: int
    params_formula: str  # "550 = 10·3·3·6 + 10"
    neurons: int
    macs: int
    receptive_field: tuple[int, int]
    jump: tuple[int, int]
    fc_params: int | None  # conv layers only
    fc_formula: str | None  # "6948 = 192·36 + 36"
    #: fc_params / params: how many times more parameters the fully connected layer needs
    fc_ratio: float | None


@dataclass(frozen=True)
class Counting:
    input_shape: tuple[int, int, int]
    rows: tuple[CountRow, ...]
    total_params: int
    total_neurons: int
    total_macs: int
    #: the fully connected layers replacing every conv layer, together (None without conv layers)
    total_fc_params: int | None

    def to_dict(self) -> dict:
        return {"input": list(self.input_shape),
                "layers": [{**r.__dict__, "output_shape": list(r.output_shape),
                            "receptive_field": list(r.receptive_field), "jump": list(r.jump)} for r in self.rows],
                "total_params": self.total_params, "total_neurons": self.total_neurons,
                "total_macs": self.total_macs, "total_fc_params": self.total_fc_params}

    def to_text(self) -> str:
        """The table as plain text, copyable (columns aligned with spaces)."""
        header = ["#", "layer", "", "output", "params", "neurons", "MACs", "RF", "jump", "FC layer", "FC / conv"]
        body = [["", "input", "", fmt_shape(self.input_shape), "", "", "", "", "", "", ""]]
        for r in self.rows:
            body.append([str(r.index), r.name, r.label, fmt_shape(r.output_shape), r.params_formula, str(r.neurons),
                         str(r.macs), fmt_shape(r.receptive_field), fmt_shape(r.jump), r.fc_formula or "",
                         "" if r.fc_ratio is None else f"{r.fc_ratio:.0f}×"])
        body.append(["", "total", "", "", str(self.total_params), str(self.total_neurons), str(self.total_macs), "",
                     "", "" if self.total_fc_params is None else str(self.total_fc_params), ""])
        widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
        lines = ["  ".join(c.ljust(w) if i < 4 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths,
                 strict=True))).rstrip() for row in [header, *body]]
        rule = "─" * max(len(ln) for ln in lines)
        return "\n".join([lines[0], rule, *lines[1:-1], rule, lines[-1], "",
                          "params = weights + biases (F·K_h·K_w·C_in/groups + F); neurons = output units H·W·F;",
                          "FC layer = a fully connected layer with the same inputs and outputs "
                          "(inputs·outputs + one bias per output)"])


def counting(net: Network) -> Counting:
    """The counting table of a validated network."""
    names = layer_names(net.layers)
    rows = []
    for spec, info, name in zip(net.layers, net.infos, names, strict=True):
        fc = info.fc_params
        rows.append(CountRow(
            info.index, name, spec.label(), info.type, info.output_shape, info.params, info.weights, info.biases,
            params_formula(spec, info), info.neurons, info.macs, info.receptive_field, info.receptive_field_jump,
            fc, None if fc is None else fc_formula(info),
            None if fc is None or info.params == 0 else fc / info.params))
    fcs = [r.fc_params for r in rows if r.fc_params is not None]
    return Counting(tuple(net.input_shape), tuple(rows), net.total_params, sum(r.neurons for r in rows),
                    net.total_macs, sum(fcs) if fcs else None)
