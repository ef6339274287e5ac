"""Where a conv or pool layer's window falls on its input, from the engine's own resolved padding."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.layers import Activation, Conv2D, Pool2D
from ..core.network import Network
from ..core.ops import resolve_padding
from ._common import InstrumentError, check_layer


@dataclass(frozen=True)
class WindowGeometry:
    """The sliding window of one conv or pool layer (an activation is a 1×1 window, stride 1, no padding).

    Tap ``i`` of output row ``y`` reads input row ``y·stride − pad_top + i·dilation`` (columns alike); a row
    outside ``0…input_size − 1`` lies in the padding.
    """

    layer: int
    kernel: tuple[int, int]
    stride: tuple[int, int]
    dilation: tuple[int, int]
    #: ``((top, bottom), (left, right))``, exactly as ``core.ops.conv2d``/``pool2d`` pad
    pads: tuple[tuple[int, int], tuple[int, int]]
    #: input H, W
    input_size: tuple[int, int]
    #: output H_out, W_out
    output_size: tuple[int, int]

    def rows(self, y: int) -> np.ndarray:
        """The K_h input rows output row ``y`` reads (int, may be < 0 or ≥ H: padding)."""
        return y * self.stride[0] - self.pads[0][0] + np.arange(self.kernel[0]) * self.dilation[0]

    def cols(self, x: int) -> np.ndarray:
        """The K_w input columns output column ``x`` reads."""
        return x * self.stride[1] - self.pads[1][0] + np.arange(self.kernel[1]) * self.dilation[1]

    def padding_mask(self, y: int, x: int) -> np.ndarray:
        """``(K_h, K_w)`` bool: True where the tap falls in the padding."""
        r, c = self.rows(y), self.cols(x)
        h, w = self.input_size
        return ((r < 0) | (r >= h))[:, None] | ((c < 0) | (c >= w))[None, :]

    @property
    def extent(self) -> tuple[int, int]:
        """The span the window covers on the (padded) input: ``dilation·(K − 1) + 1``."""
        return (self.dilation[0] * (self.kernel[0] - 1) + 1, self.dilation[1] * (self.kernel[1] - 1) + 1)


def window_geometry(net: Network, layer: int) -> WindowGeometry:
    """The window of layer ``layer`` of ``net`` (raises :class:`InstrumentError` for a bad index)."""
    spec = check_layer(net, layer)
    info = net.infos[layer]
    size = info.input_shape[:2]
    out = info.output_shape[:2]
    if isinstance(spec, Conv2D):
        pads = resolve_padding(spec.padding, spec.kernel_size, spec.dilation)
        return WindowGeometry(layer, spec.kernel_size, spec.stride, spec.dilation, pads, size, out)
    if isinstance(spec, Pool2D):
        ph, pw = spec.padding
        return WindowGeometry(layer, spec.size, spec.effective_stride, (1, 1), ((ph, ph), (pw, pw)), size, out)
    if isinstance(spec, Activation):
        return WindowGeometry(layer, (1, 1), (1, 1), (1, 1), ((0, 0), (0, 0)), size, out)
    raise InstrumentError("not_sliding", layer, where=f"layer {layer}")
