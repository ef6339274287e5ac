"""The lecture's quiz about the stack on screen: questions in the UI's language, answers hidden until answered.

Questions, answers, answer parsing and the worked explanations are :mod:`convviz.instruments.quiz`'s (English
and, word for word, the lecture's Russian); this panel lays them out and says right or wrong. A shape is typed
``4×4×10``, ``4x4x10`` or ``4 4 10``. "New questions" samples again; "New random stack" asks the window for a
random valid stack (:func:`convviz.instruments.random_stack.random_stack`), applied as an undoable step, and the
quiz asks about it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..core.network import Network
from ..instruments import Question, all_questions, check_answer, make_quiz
from .text import tr

#: questions per quiz (all of them when the stack has fewer)
QUIZ_SIZE = 6
_RIGHT, _WRONG = QColor("#1b7f3b"), QColor("#b3261e")


def quiz_language() -> str:
    """The quiz's language: the UI's (qt/language.py: CONVVIZ_LANG, the menu's choice, the system's)."""
    from .language import current_language, env_language

    return "ru" if (env_language() or current_language()) == "ru" else "en"


def _placeholder(kind: str) -> str:
    # the lecture's notation, no words: the quiz speaks the lecture's language even without a translation file
    if kind == "output_shape":
        return tr("H×W×C: 4×4×10 / 4 4 10")
    if kind == "filter_size":
        return tr("K_h×K_w: 3×3")
    return "N"


class QuestionRow:
    """One question: its text, the answer field, and the verdict (empty until the student answers)."""

    def __init__(self, question: Question, grid: QGridLayout, row: int, parent: QWidget) -> None:
        self.question = question
        self.correct: bool | None = None
        self.label = QLabel(f"{row // 2 + 1}. {question.question}", parent)
        self.label.setWordWrap(True)
        self.edit = QLineEdit(parent)
        self.edit.setPlaceholderText(_placeholder(question.kind))
        self.edit.setMinimumWidth(150)
        self.button = QPushButton(tr("Check"), parent)
        self.verdict = QLabel(parent)
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict.hide()
        grid.addWidget(self.label, row, 0)
        grid.addWidget(self.edit, row, 1)
        grid.addWidget(self.button, row, 2)
        grid.addWidget(self.verdict, row + 1, 0, 1, 3)
        self.edit.returnPressed.connect(self.check)
        self.button.clicked.connect(self.check)
        self.on_checked = lambda: None

    def check(self) -> None:
        """Check what was typed: right, wrong (with the worked answer), or not read as an answer at all."""
        q = self.question
        result = check_answer(q, self.edit.text())
        if result.given is None:
            self._say(tr("Type a shape, e.g. 4×4×10 or 4 4 10.") if q.kind == "output_shape" else
                      tr("Type the size, e.g. 3×3.") if q.kind == "filter_size" else tr("Type a number."), None)
            return
        self.correct = result.correct
        if result.correct:
            self._say("✓", _RIGHT)
        else:
            answer = "×".join(map(str, q.answer)) if isinstance(q.answer, tuple) else str(q.answer)
            self._say(tr("✗ {answer} — {why}").format(answer=answer, why=result.explanation), _WRONG)
        self.on_checked()

    def _say(self, text: str, color: QColor | None) -> None:
        pal = self.verdict.palette()
        pal.setColor(QPalette.ColorRole.WindowText, color if color is not None else
                     self.label.palette().color(QPalette.ColorRole.WindowText))
        self.verdict.setPalette(pal)
        self.verdict.setText(text)
        self.verdict.show()


class QuizPanel(QWidget):
    """The questions about the stack given to :meth:`set_network`, kept while the stack's answers stay the same."""

    #: the student wants a new random stack: apply ``random_stack(seed)`` to the window
    random_stack_wanted = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, lang: str | None = None) -> None:
        super().__init__(parent)
        self.lang = lang or quiz_language()
        self.seed = 0
        #: questions per quiz (None: every question about the stack)
        self.size: int | None = QUIZ_SIZE
        self.random_seed = 0
        self.net: Network | None = None
        self.rows: list[QuestionRow] = []
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.score = QLabel()
        self.new_questions = QPushButton(tr("New questions"))
        self.new_questions.setToolTip(tr("Ask other questions about the same stack"))
        self.new_questions.clicked.connect(self.next_questions)
        self.new_stack = QPushButton(tr("New random stack"))
        self.new_stack.setToolTip(tr("Put a random valid stack in the window (undo brings yours back) and ask "
                                     "about it"))
        self.new_stack.clicked.connect(self._want_random_stack)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_questions)
        buttons.addWidget(self.new_stack)
        buttons.addStretch(1)
        buttons.addWidget(self.score)
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setColumnStretch(0, 1)
        self.grid.setVerticalSpacing(4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.body)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.title)
        lay.addLayout(buttons)
        lay.addWidget(scroll, 1)

    # --- input -----------------------------------------------------------------------------------------

    def set_network(self, net: Network | None) -> None:
        """Ask about ``net`` (None: the stack is impossible; the questions about the last valid one stay)."""
        if net is None:
            return
        self.net = net
        questions = make_quiz(net, self.size, self.seed, self.lang)
        same = [(q.layer, q.kind, q.question, q.answer) for q in questions] == \
               [(r.question.layer, r.question.kind, r.question.question, r.question.answer) for r in self.rows]
        if not same:  # an edit that changes no answer keeps what the student typed
            self._show(questions)

    def next_questions(self) -> None:
        self.seed += 1
        if self.net is not None:
            self._show(make_quiz(self.net, self.size, self.seed, self.lang))

    def _want_random_stack(self) -> None:
        self.random_seed += 1
        self.random_stack_wanted.emit(self.random_seed)

    def _show(self, questions: list[Question]) -> None:
        for row in self.rows:
            for w in (row.label, row.edit, row.button, row.verdict):
                self.grid.removeWidget(w)
                w.hide()  # deleted later: never drawn over the new rows meanwhile
                w.deleteLater()
        self.rows = []
        for i, q in enumerate(questions):
            row = QuestionRow(q, self.grid, 2 * i, self.body)
            row.on_checked = self._update_score
            self.rows.append(row)
        self.grid.setRowStretch(2 * len(questions), 1)
        self.title.setText(tr("Questions about the stack on screen ({n} of {total}):").format(
            n=len(questions), total=self._total()) if questions else
            tr("This stack has no convolution or pooling layer to ask about."))
        self._update_score()

    def _total(self) -> int:
        return 0 if self.net is None else len(all_questions(self.net, self.lang))

    def _update_score(self) -> None:
        answered = [r for r in self.rows if r.correct is not None]
        self.score.setText(tr("{right} of {n} right").format(right=sum(r.correct for r in answered),
                                                             n=len(self.rows)) if answered else "")
