"""The quiz: answers equal what the engine computes on random stacks; the lecture's Russian words; seeded sampling;
answers typed every way a student types them; worked explanations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from convviz.core import Activation, Conv2D, Pool2D, build_network, forward
from convviz.instruments import KINDS, InstrumentError, all_questions, check_answer, make_quiz, parse_answer
from tests.instruments.stacks import networks

LECTURE = [Conv2D(6, 3), Activation("relu"), Conv2D(10, 3), Activation("relu"), Pool2D("max", 2)]


def lecture_net():
    return build_network((8, 8, 3), LECTURE)


@settings(max_examples=40, deadline=None)
@given(networks())
def test_answers_equal_the_engine_on_random_stacks(case):
    net, x = case
    stages = forward(net, x)
    questions = all_questions(net)
    expected_kinds = []
    for i, spec in enumerate(net.layers):
        if isinstance(spec, Conv2D):
            expected_kinds += [(i, k) for k in KINDS]
        elif isinstance(spec, Pool2D):
            expected_kinds += [(i, k) for k in ("output_depth", "output_shape", "neurons")]
    assert [(q.layer, q.kind) for q in questions] == expected_kinds
    for q in questions:
        src = x if q.layer == 0 else stages[q.layer - 1]
        out = stages[q.layer]
        lw = net.weights_of(q.layer)
        truth = {
            "output_shape": tuple(out.shape), "output_depth": out.shape[2], "neurons": out.size,
            "input_depth": src.shape[2],
            "filter_size": None if lw is None else tuple(lw.weight.shape[1:3]),
            "params": None if lw is None else lw.weight.size + (0 if lw.bias is None else lw.bias.size),
            "fc_params": src.size * out.size + out.size,
        }[q.kind]
        assert q.answer == truth, q
        shown = "×".join(map(str, q.answer)) if isinstance(q.answer, tuple) else str(q.answer)
        assert check_answer(q, shown).correct
        assert shown.split("×")[-1] in q.explanation or str(q.answer) in q.explanation


def test_the_lecture_questions_in_its_own_russian_words():
    qs = [q for q in all_questions(lecture_net(), "ru") if q.layer == 2]
    assert [q.question for q in qs] == [
        "Размер фильтра conv2?", "Глубина входа conv2?", "Глубина выхода conv2?", "conv2: размерность?",
        "Число параметров conv2?", "Число нейронов conv2?",
        "conv2: Сколько параметров у полносвязного слоя с теми же входами и выходами?",
    ]
    assert [q.answer for q in qs] == [(3, 3), 6, 10, (4, 4, 10), 550, 160, 216 * 160 + 160]
    params = next(q for q in qs if q.kind == "params")
    assert "550 = 10·3·3·6 + 10" in params.explanation and "смещение" in params.explanation
    en = [q.question for q in all_questions(lecture_net(), "en") if q.layer == 2]
    assert en[0] == "Filter size of conv2?" and en[3] == "Output shape of conv2?"
    assert en[6] == "conv2: How many parameters would a fully connected layer with the same inputs and outputs have?"


def test_layers_are_named_as_the_lecture_does_and_pools_get_three_questions():
    net = build_network((16, 16, 3), [Conv2D(4, 3), Activation("relu"), Pool2D("max", 2), Conv2D(8, 3),
                                      Pool2D("avg", 2)])
    names = {(q.layer, q.question.split()[-1].rstrip("?")) for q in all_questions(net) if "of" in q.question}
    assert {n for _, n in names} == {"conv1", "conv2", "pool1", "pool2"}
    assert sorted({q.layer for q in all_questions(net) if q.question.endswith("pool2?")}) == [4]
    assert [q.kind for q in all_questions(net) if q.layer == 2] == ["output_depth", "output_shape", "neurons"]


def test_the_fc_comparison_for_the_single_filter_is_6948():
    net = build_network((8, 8, 3), [Conv2D(1, 3)])
    (fc,) = [q for q in all_questions(net, "ru") if q.kind == "fc_params"]
    assert fc.answer == 6948 == 192 * 36 + 36
    assert "6948 = 192·36 + 36" in fc.explanation


def test_sampling_is_seeded_and_takes_all_when_fewer():
    net = lecture_net()
    total = len(all_questions(net))
    assert total == 7 + 7 + 3
    a = make_quiz(net, 5, seed=3)
    assert [q.to_dict() for q in a] == [q.to_dict() for q in make_quiz(net, 5, seed=3)]
    assert [(q.layer, q.kind) for q in a] == [(q.layer, q.kind) for q in make_quiz(net, 5, seed=3, lang="ru")]
    assert len({tuple((q.layer, q.kind) for q in make_quiz(net, 5, seed=s)) for s in range(10)}) > 1
    assert len(make_quiz(net, 100, seed=1)) == total and len(make_quiz(net)) == total
    with pytest.raises(InstrumentError, match="≥ 1"):
        make_quiz(net, 0)
    with pytest.raises(InstrumentError, match="en or ru"):
        make_quiz(net, lang="de")


@pytest.mark.parametrize("text", ["4×4×10", "4x4x10", "4X4X10", "4 4 10", "4, 4, 10", " 4 × 4 × 10 ", "4*4*10"])
def test_shapes_typed_every_way_are_accepted(text):
    q = next(q for q in all_questions(lecture_net()) if q.layer == 2 and q.kind == "output_shape")
    assert check_answer(q, text).correct and check_answer(q, text).explanation is None


@pytest.mark.parametrize(("kind", "text", "value"), [
    ("params", "550", 550), ("params", "6 948", 6948), ("params", "6,948", 6948), ("params", "5 5 0", None),
    ("params", "abc", None), ("filter_size", "3", (3, 3)), ("filter_size", "3x3", (3, 3)),
    ("output_shape", "4×4×", (4, 4)), ("output_shape", "", None), ("output_shape", "4.5×4", None),
])
def test_parse_answer(kind, text, value):
    assert parse_answer(text, kind) == value


def test_a_wrong_answer_gets_the_worked_explanation_in_its_language():
    for lang, words in (("en", "depth F = 10"), ("ru", "глубина F = 10")):
        q = next(q for q in all_questions(lecture_net(), lang) if q.layer == 2 and q.kind == "output_shape")
        c = check_answer(q, "6 6 10")
        assert not c.correct and c.given == (6, 6, 10)
        assert words in c.explanation and "⌊(6 + 0 + 0 − 1·(3 − 1) − 1)/1⌋ + 1 = 4" in c.explanation
    q = next(q for q in all_questions(lecture_net(), "en") if q.layer == 2 and q.kind == "neurons")
    assert check_answer(q, "270").explanation.startswith("160 = 4·4·10")
