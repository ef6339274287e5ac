"""The window's words for a slide's wrong number (:mod:`convviz.instruments.slides`): the correct count and why.

Shared by the counting table and the builder's ⓘ note, so both say the same thing, and only about the layer
that is the slide's layer."""

from __future__ import annotations

from ..instruments.slides import SlideNumber
from .text import fmt_int, tr, tr_n


def slide_note(n: SlideNumber, name: str) -> str:
    """"Slide 3 counts … as 6 913 = 192 × 36 + 1: …; one bias per output: 192·36 + 36 = 6 948."""
    if n.kind == "fc_params":
        return tr("Slide {slide} counts the fully connected layer with the inputs and outputs of {name} as "
                  "{wrong} = {wrong_formula}: one bias for the whole layer. Each of its {n_out} outputs has its "
                  "own bias: {formula} = {value}.").format(
            slide=n.slide, name=name, wrong=fmt_int(n.slide_value), wrong_formula=n.slide_formula,
            n_out=n.formula.rsplit("+", 1)[-1].strip(), formula=n.formula, value=fmt_int(n.value))
    if n.kind == "neurons":
        return tr_n("Slide {slide} answers {wrong} neuron for {name}. A layer's neurons are its output units: "
                    "{formula} = {value}.|Slide {slide} answers {wrong} neurons for {name}. A layer's neurons are its "
                    "output units: {formula} = {value}.", n.slide_value).format(
            slide=n.slide, name=name, wrong=fmt_int(n.slide_value), formula=n.formula, value=fmt_int(n.value))
    raise ValueError(n.kind)
