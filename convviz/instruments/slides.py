"""Where the lecture's slides give a wrong number, and for which layer.

Slide 3 counts a fully connected layer from 192 inputs to 36 outputs as 6913 = 192 × 36 + 1 (one bias for the
whole layer; each output has its own: 6948). Slide 6 answers 270 neurons for conv2, whose output has
4·4·10 = 160 units. A correction belongs only to the layer that *is* the slide's layer — recognised by its own
numbers (input, kernel, filters, output), never by its name or position — so a note about the slide never lands
on another layer's number. The correct values are the engine's arithmetic (``LayerInfo``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.layers import Conv2D, LayerInfo, LayerSpec

#: the number of neurons slide 6 gives for conv2 (a quotation of the slide: nothing computes it)
SLIDE6_NEURONS = 270


@dataclass(frozen=True)
class SlideNumber:
    """A number a slide gets wrong for this layer, beside the correct count."""

    slide: int  # the lecture's slide, 1-based
    kind: str  # "fc_params" or "neurons" (the quiz's and the counting table's names)
    slide_value: int  # what the slide says
    slide_formula: str  # how the slide gets it, "192 × 36 + 1" ("" when the slide gives none)
    value: int  # the correct count, the engine's
    formula: str  # "192·36 + 36"


def _is(spec: LayerSpec, info: LayerInfo, inp: tuple, kernel: tuple, filters: int, out: tuple) -> bool:
    return (isinstance(spec, Conv2D) and spec.groups == 1 and tuple(spec.kernel_size) == kernel
            and spec.filters == filters and tuple(info.input_shape) == inp and tuple(info.output_shape) == out)


def slide_numbers(spec: LayerSpec, info: LayerInfo) -> list[SlideNumber]:
    """The slides' wrong numbers about this layer: empty unless it is slide 3's or slide 6's layer."""
    out = []
    # slide 3: one 3×3×3 filter on the 8×8×3 image → a 6×6 map; "and a fully connected layer?"
    if _is(spec, info, (8, 8, 3), (3, 3), 1, (6, 6, 1)) and info.fc_params is not None:
        n_in = info.input_shape[0] * info.input_shape[1] * info.input_shape[2]
        n_out = info.neurons
        out.append(SlideNumber(3, "fc_params", n_in * n_out + 1, f"{n_in} × {n_out} + 1", info.fc_params,
                               f"{n_in}·{n_out} + {n_out}"))
    # slide 6: conv2 = 10 filters 3×3×6 on the 6×6×6 maps → 4×4×10; "number of neurons?"
    if _is(spec, info, (6, 6, 6), (3, 3), 10, (4, 4, 10)):
        ho, wo, co = info.output_shape
        out.append(SlideNumber(6, "neurons", SLIDE6_NEURONS, "", info.neurons, f"{ho}·{wo}·{co}"))
    return out
