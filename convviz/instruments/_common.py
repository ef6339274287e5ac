"""What every instrument shares: its errors, the engine's stages, and the checks of a unit's address."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..core.errors import ConvvizError, format_message
from ..core.layers import Activation, Conv2D, Pool2D, fmt_shape, where
from ..core.network import Network, forward

#: English templates of the instruments' errors (a front end may translate them, as with core.errors.TEMPLATES).
TEMPLATES: dict[str, str] = {
    "layer_out_of_range": "layer {index} does not exist: the network has layers 0…{last}",
    "no_layers": "the network has no layers",
    "channel_out_of_range": "{where} has channels 0…{last} (got {channel})",
    "position_out_of_range": "{where} outputs a {shape} map: y must be in 0…{last_y} and x in 0…{last_x} (got {y},{x})",
    "not_sliding": "{where} has no sliding window; choose a conv or pool layer",
    "bad_shift": "the shift must be ≥ 0 (got {value})",
    "bad_axis": "the shift axis must be x, y or xy (got {value})",
    "bad_count": "the number of questions must be ≥ 1 (got {value})",
    "bad_lang": "the language must be en or ru (got {value})",
}


class InstrumentError(ConvvizError):
    """A user-facing error of an instrument: a :class:`ConvvizError` with its own templates."""

    @property
    def template(self) -> str:
        return TEMPLATES.get(self.code, "{where}: " + self.code)

    def __reduce__(self):
        return (_rebuild, (self.code, self.layer, self.params))


def _rebuild(code: str, layer: int | None, params: dict[str, Any]) -> InstrumentError:
    return InstrumentError(code, layer, **params)


def message(code: str, **params: Any) -> str:
    return format_message(TEMPLATES[code], params)


def engine_stages(net: Network, x: np.ndarray, stages: Sequence[np.ndarray] | None) -> list[np.ndarray]:
    """The engine's output of every layer: the ones given (the window has them already) or a forward pass."""
    if stages is None:
        return forward(net, x)
    if len(stages) != len(net.layers):
        raise ValueError(f"expected {len(net.layers)} stages, got {len(stages)}")
    return list(stages)


def stage_input(x: np.ndarray, stages: Sequence[np.ndarray], layer: int) -> np.ndarray:
    """The tensor layer ``layer`` reads: the input for layer 0, else the previous stage."""
    return np.asarray(x, dtype=np.float32) if layer == 0 else stages[layer - 1]


def check_layer(net: Network, layer: int) -> Conv2D | Pool2D | Activation:
    n = len(net.layers)
    if n == 0:
        raise InstrumentError("no_layers", None)
    if not 0 <= layer < n:
        raise InstrumentError("layer_out_of_range", None, index=layer, last=n - 1)
    return net.layers[layer]


def check_unit(net: Network, layer: int, channel: int, at: tuple[int, int] | None = None) -> None:
    """Raise :class:`InstrumentError` (naming the valid range) unless (layer, channel, at) is a unit of ``net``."""
    spec = check_layer(net, layer)
    ho, wo, c = net.infos[layer].output_shape
    name = where(layer, spec)
    if not 0 <= channel < c:
        raise InstrumentError("channel_out_of_range", layer, where=name, last=c - 1, channel=channel)
    if at is not None:
        y, x = at
        if not (0 <= y < ho and 0 <= x < wo):
            raise InstrumentError("position_out_of_range", layer, where=name, shape=fmt_shape((ho, wo)),
                                  last_y=ho - 1, last_x=wo - 1, y=y, x=x)
