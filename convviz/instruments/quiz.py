"""The lecture's questions about a stack, in the lecture's own words (Russian) and in English, with answers
from core.layers' arithmetic, seeded sampling, lenient answer parsing and a worked explanation of each answer."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from ..core.layers import Conv2D, LayerInfo, LayerSpec, Pool2D, fmt_shape
from ..core.network import Network
from ..core.ops import resolve_padding
from ._common import InstrumentError
from .counting import fc_formula, layer_names, params_formula

KINDS = ("filter_size", "input_depth", "output_depth", "output_shape", "params", "neurons", "fc_params")
POOL_KINDS = ("output_depth", "output_shape", "neurons")
LANGS = ("en", "ru")

#: The questions; the Russian ones are the lecture's slides word for word (the FC one gains the layer's name).
QUESTIONS = {
    "ru": {
        "filter_size": "Размер фильтра {name}?",
        "input_depth": "Глубина входа {name}?",
        "output_depth": "Глубина выхода {name}?",
        "params": "Число параметров {name}?",
        "neurons": "Число нейронов {name}?",
        "output_shape": "{name}: размерность?",
        "fc_params": "{name}: Сколько параметров у полносвязного слоя с теми же входами и выходами?",
    },
    "en": {
        "filter_size": "Filter size of {name}?",
        "input_depth": "Input depth of {name}?",
        "output_depth": "Output depth of {name}?",
        "params": "Number of parameters of {name}?",
        "neurons": "Number of neurons of {name}?",
        "output_shape": "Output shape of {name}?",
        "fc_params": "{name}: How many parameters would a fully connected layer with the same inputs and outputs "
                     "have?",
    },
}

Answer = int | tuple[int, ...]


@dataclass(frozen=True)
class Question:
    layer: int  # 0-based index in the stack
    name: str  # conv2, pool1 …
    kind: str  # one of KINDS
    question: str  # in ``lang``
    answer: Answer  # an int, or (K_h, K_w) / (H, W, C)
    explanation: str  # the worked answer in ``lang``, in this layer's numbers
    lang: str

    def to_dict(self) -> dict:
        """The JSON of `convviz quiz --json`."""
        answer = list(self.answer) if isinstance(self.answer, tuple) else self.answer
        return {"layer": self.layer, "kind": self.kind, "question": self.question, "answer": answer}


@dataclass(frozen=True)
class Check:
    correct: bool
    #: what was read from the answer (None when no number could be read)
    given: Answer | None
    #: the worked answer when wrong, else None
    explanation: str | None


def _explain(kind: str, spec: LayerSpec, info: LayerInfo, name: str, prev: str, lang: str) -> str:
    ru = lang == "ru"
    h, w, c = info.input_shape
    ho, wo, co = info.output_shape
    if prev == "":
        src = "на вход изображение" if ru else "the input image"
    else:
        src = f"на вход выход {prev}" if ru else f"the output of {prev}"
    cin = "C_in/groups" if isinstance(spec, Conv2D) and spec.groups > 1 else "C_in"
    if kind == "filter_size" and isinstance(spec, Conv2D):
        kh, kw = spec.kernel_size
        wshape = fmt_shape((spec.filters, kh, kw, c // spec.groups))
        return (f"Каждый фильтр {name} охватывает K_h×K_w = {kh}×{kw} позиций входа (веса F×K_h×K_w×{cin} = "
                f"{wshape})." if ru else
                f"Each filter of {name} covers K_h×K_w = {kh}×{kw} positions of its input (weights "
                f"F×K_h×K_w×{cin} = {wshape}).")
    if kind == "input_depth":
        return (f"{name} получает {src} размером {fmt_shape(info.input_shape)}: глубина {c}." if ru else
                f"{name} reads {src}, {fmt_shape(info.input_shape)}: depth {c}.")
    if kind == "output_depth":
        if isinstance(spec, Conv2D):
            return (f"Каждый фильтр даёт одну карту: у {name} F = {spec.filters} фильтров, глубина выхода {co}."
                    if ru else f"One map per filter: {name} has F = {spec.filters} filters, so depth {co}.")
        return (f"Пулинг применяется к каждой карте отдельно: глубина остаётся {co}." if ru else
                f"Pooling acts on each map separately: the depth stays {co}.")
    if kind == "output_shape":
        if isinstance(spec, Conv2D):
            (pt, pb), (pl, pr) = resolve_padding(spec.padding, spec.kernel_size, spec.dilation)
            k, s, d = spec.kernel_size, spec.stride, spec.dilation
            depth = f"F = {co}"
        else:
            assert isinstance(spec, Pool2D)
            (pt, pb), (pl, pr) = (spec.padding[0],) * 2, (spec.padding[1],) * 2
            k, s, d = spec.size, spec.effective_stride, (1, 1)
            depth = f"{co}"
        hh = f"⌊({h} + {pt} + {pb} − {d[0]}·({k[0]} − 1) − 1)/{s[0]}⌋ + 1 = {ho}"
        ww = f"⌊({w} + {pl} + {pr} − {d[1]}·({k[1]} − 1) − 1)/{s[1]}⌋ + 1 = {wo}"
        return (f"H_out = ⌊(H + P_верх + P_низ − D·(K − 1) − 1)/S⌋ + 1 = {hh}; W_out = {ww}; глубина {depth}: "
                f"{fmt_shape(info.output_shape)}." if ru else
                f"H_out = ⌊(H + P_top + P_bottom − D·(K − 1) − 1)/S⌋ + 1 = {hh}; W_out = {ww}; depth {depth}: "
                f"{fmt_shape(info.output_shape)}.")
    if kind == "params":
        return (f"{params_formula(spec, info)}: веса F·K_h·K_w·{cin} плюс одно смещение на фильтр." if ru else
                f"{params_formula(spec, info)}: F·K_h·K_w·{cin} weights plus one bias per filter.")
    if kind == "neurons":
        return (f"{info.neurons} = {ho}·{wo}·{co}: нейроны слоя — это его выходы H_out·W_out·F." if ru else
                f"{info.neurons} = {ho}·{wo}·{co}: the neurons of a layer are its output units H_out·W_out·F.")
    if kind == "fc_params":
        n_in, n_out = h * w * c, ho * wo * co
        return (f"Входов {h}·{w}·{c} = {n_in}, выходов {ho}·{wo}·{co} = {n_out}: {fc_formula(info)} "
                "(вес на каждую пару вход–выход и по смещению на каждый выход)." if ru else
                f"Inputs {h}·{w}·{c} = {n_in}, outputs {ho}·{wo}·{co} = {n_out}: {fc_formula(info)} "
                "(a weight for every input–output pair and one bias per output).")
    raise ValueError(kind)


def _answer(kind: str, spec: LayerSpec, info: LayerInfo) -> Answer:
    if kind == "filter_size":
        return tuple(spec.kernel_size)
    if kind == "input_depth":
        return info.input_shape[2]
    if kind == "output_depth":
        return info.output_shape[2]
    if kind == "output_shape":
        return tuple(info.output_shape)
    if kind == "params":
        return info.params
    if kind == "neurons":
        return info.neurons
    if kind == "fc_params":
        return info.fc_params
    raise ValueError(kind)


def all_questions(net: Network, lang: str = "en") -> list[Question]:
    """Every question about the stack, in stack order: seven per conv layer, three per pool layer."""
    if lang not in LANGS:
        raise InstrumentError("bad_lang", None, value=lang)
    names = layer_names(net.layers)
    out = []
    for i, (spec, info) in enumerate(zip(net.layers, net.infos, strict=True)):
        kinds = KINDS if isinstance(spec, Conv2D) else POOL_KINDS if isinstance(spec, Pool2D) else ()
        prev = names[i - 1] if i else ""
        for kind in kinds:
            out.append(Question(i, names[i], kind, QUESTIONS[lang][kind].format(name=names[i]),
                                _answer(kind, spec, info), _explain(kind, spec, info, names[i], prev, lang), lang))
    return out


def make_quiz(net: Network, count: int | None = None, seed: int = 0, lang: str = "en") -> list[Question]:
    """``count`` questions (all when fewer exist or count is None) sampled with ``seed``, in stack order.

    The same seed gives the same quiz, in either language."""
    pool = all_questions(net, lang)
    if count is None or count >= len(pool):
        return pool
    if count < 1:
        raise InstrumentError("bad_count", None, value=count)
    picked = sorted(random.Random(seed).sample(range(len(pool)), count))
    return [pool[i] for i in picked]


_SEPARATORS = re.compile(r"[×xX*,;\s]+")


def parse_answer(text: str, kind: str) -> Answer | None:
    """Read an answer: ``4×4×10``, ``4x4x10``, ``4 4 10`` or ``4, 4, 10`` for shapes; ``550``, ``6 948`` or
    ``6,948`` for counts; ``3×3`` or ``3`` (square) for a filter size. None when it is not a number."""
    text = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    if kind in ("output_shape", "filter_size"):
        parts = [p for p in _SEPARATORS.split(text) if p]
        if not parts or not all(p.isdigit() for p in parts):
            return None
        values = tuple(int(p) for p in parts)
        if kind == "filter_size" and len(values) == 1:
            return values * 2  # "3" for a square 3×3 filter
        return values
    digits = re.sub(r"(?<=\d)[\s,'_](?=\d{3}\b)", "", text)  # thousands separators: 6 948, 6,948
    return int(digits) if re.fullmatch(r"\d+", digits) else None


def check_answer(question: Question, text: str) -> Check:
    """Whether ``text`` answers ``question``; the worked explanation when it does not."""
    given = parse_answer(text, question.kind)
    correct = given == question.answer
    return Check(correct, given, None if correct else question.explanation)
