"""The quiz asks the lecture's questions about the stack on screen, hides answers until answered, accepts a shape
in either notation, explains a wrong answer, speaks Russian in the lecture's words, and makes random stacks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from convviz.core import forward
from convviz.instruments import all_questions
from convviz.instruments.random_stack import random_stack
from convviz.qt.main_window import MainWindow
from convviz.qt.quiz_panel import QuizPanel, quiz_language
from convviz.scene import LECTURE_SCENES, builtin_scene

pytestmark = pytest.mark.usefixtures("qt_checks")


@pytest.fixture
def window(make_window):
    """A window on lecture scene ``scene_index`` (scene 3 by default)."""
    return lambda scene_index=2: make_window(builtin_scene(LECTURE_SCENES[scene_index]))


def every_question(win: MainWindow) -> QuizPanel:
    panel = win.teaching.quiz
    panel.size = None
    panel.next_questions()
    return panel


def shown(answer) -> str:
    return "×".join(map(str, answer)) if isinstance(answer, tuple) else str(answer)


def test_menu_opens_the_quiz_with_answers_hidden(window):
    win = window()
    quiz = win.teaching.quiz
    assert not win.teaching.quiz_dock.isVisible()
    win.teaching.quiz_action.trigger()
    assert win.teaching.quiz_dock.isVisible() and len(quiz.rows) == 6
    for row in quiz.rows:
        assert not row.verdict.isVisible() and row.edit.text() == ""
        assert row.question.explanation not in row.label.text()


def test_right_answers_in_both_notations_and_wrong_ones_explained(window, qtbot):
    win = window()
    win.teaching.show_quiz()
    panel = every_question(win)
    net = win.doc.state.network
    assert [(r.question.layer, r.question.kind, r.question.answer) for r in panel.rows] == \
        [(q.layer, q.kind, q.answer) for q in all_questions(net, panel.lang)]
    stages = forward(net, win.doc.state.input)
    shapes = [r for r in panel.rows if r.question.kind == "output_shape"]
    assert [r.question.answer for r in shapes] == [stages[r.question.layer].shape for r in shapes]
    for row in panel.rows:
        a = row.question.answer
        notations = ["×".join(map(str, a)), " ".join(map(str, a)), "x".join(map(str, a))] \
            if isinstance(a, tuple) else [str(a)]
        for text in notations:
            row.edit.setText(text)
            qtbot.keyClick(row.edit, Qt.Key.Key_Return)
            assert row.correct is True and row.verdict.text() == "✓", (row.question, text)
        wrong = "9 9 9" if isinstance(a, tuple) else str(a + 1)
        row.edit.setText(wrong)
        qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
        assert row.correct is False and row.verdict.isVisible()
        assert row.question.explanation in row.verdict.text() and shown(a) in row.verdict.text()
    assert panel.score.text() == f"0 of {len(panel.rows)} right"
    conv2_neurons = next(r for r in panel.rows if r.question.layer == 2 and r.question.kind == "neurons")
    conv2_neurons.edit.setText("270")  # the slide's answer
    conv2_neurons.check()
    assert "160 = 4·4·10" in conv2_neurons.verdict.text()


def test_unreadable_answer_is_not_counted_wrong(window):
    win = window()
    panel = every_question(win)
    row = next(r for r in panel.rows if r.question.kind == "output_shape")
    row.edit.setText("four by four")
    row.check()
    assert row.correct is None and row.verdict.isVisibleTo(panel) and "4 4 10" in row.verdict.text()
    assert panel.score.text() == ""


def test_russian_questions_use_the_lecture_s_words(window, monkeypatch):
    monkeypatch.setenv("CONVVIZ_LANG", "ru")
    assert quiz_language() == "ru"
    win = window()
    panel = every_question(win)
    conv2 = [r.label.text().split(". ", 1)[1] for r in panel.rows if r.question.layer == 2]
    assert conv2 == ["Размер фильтра conv2?", "Глубина входа conv2?", "Глубина выхода conv2?", "conv2: размерность?",
                     "Число параметров conv2?", "Число нейронов conv2?",
                     "conv2: Сколько параметров у полносвязного слоя с теми же входами и выходами?"]
    params = next(r for r in panel.rows if r.question.layer == 2 and r.question.kind == "params")
    params.edit.setText("540")
    params.check()
    assert "550 = 10·3·3·6 + 10" in params.verdict.text() and "смещение" in params.verdict.text()
    monkeypatch.setenv("CONVVIZ_LANG", "en_GB")
    assert quiz_language() == "en"


def test_new_random_stack_is_applied_undoably_and_asked_about(window, qtbot):
    win = window()
    before = win.doc.state
    win.teaching.show_quiz()
    quiz = win.teaching.quiz
    qtbot.mouseClick(quiz.new_stack, Qt.MouseButton.LeftButton)
    stack = random_stack(quiz.random_seed)
    state = win.doc.state
    assert state is not before and state.input_shape == stack.input_shape
    assert [s.label() for s in state.layers] == [s.label() for s in stack.layers]
    assert win.controller.finished_state is state  # on screen
    expected = {(q.layer, q.kind, q.answer) for q in all_questions(state.network, quiz.lang)}
    assert quiz.rows and {(r.question.layer, r.question.kind, r.question.answer) for r in quiz.rows} <= expected
    qtbot.mouseClick(quiz.new_stack, Qt.MouseButton.LeftButton)
    assert win.doc.state.layers != state.layers or win.doc.state.input_shape != state.input_shape
    win.doc.undo_stack.undo()
    win.doc.undo_stack.undo()
    assert win.doc.state is before


def test_an_edit_that_keeps_the_answers_keeps_what_was_typed(window):
    win = window()
    quiz = win.teaching.quiz
    quiz.rows[0].edit.setText("3 3")
    state = win.doc.state
    weights = state.network.weights_of(0)
    win.doc.apply(state.with_weights(state.layers[0].uid, type(weights)(weights.weight * 2, weights.bias)), "w")
    assert quiz.rows[0].edit.text() == "3 3"
