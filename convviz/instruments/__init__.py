"""Instruments that explain the engine's numbers: a unit's computation, the sliding window, receptive fields,
translation invariance, the lecture's quiz and the counting table. NumPy only, no Qt: the CLI and the window
both call them, and the window only draws what they return."""

from ._common import TEMPLATES, InstrumentError
from .counting import Counting, CountRow, counting, layer_names
from .explain import ActivationUnit, ConvUnit, PoolUnit, Unit, explain, pool_weights
from .geometry import WindowGeometry, window_geometry
from .invariance import ShiftResult, StageChange, invariance, shift_input
from .quiz import KINDS, Check, Question, all_questions, check_answer, make_quiz, parse_answer
from .receptive import MapBox, ReceptiveField, receptive_field
from .sliding import AnimationState, SlidingWindow, WindowStep, sliding_window

__all__ = [
    "TEMPLATES", "InstrumentError", "ActivationUnit", "ConvUnit", "PoolUnit", "Unit", "explain", "pool_weights",
    "WindowGeometry", "window_geometry", "AnimationState", "SlidingWindow", "WindowStep", "sliding_window",
    "MapBox", "ReceptiveField", "receptive_field", "ShiftResult", "StageChange", "invariance", "shift_input",
    "Counting", "CountRow", "counting", "layer_names", "KINDS", "Check", "Question", "all_questions",
    "check_answer", "make_quiz", "parse_answer",
]
