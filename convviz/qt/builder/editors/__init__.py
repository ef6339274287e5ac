"""One editor per layer type, found through :data:`EDITORS` (layer type → editor class).

A new layer type adds one module here with an ``@register``-ed :class:`Editor` (importing it registers it)
and its import below; the builder then offers it in the Add menu and shows its editor when such a layer is selected.
"""

from __future__ import annotations

from .activation import ActivationEditor
from .base import EDITORS, Editor, PairEditor, editor_classes, menu_section, register
from .conv import ConvEditor
from .head import DenseEditor, FlattenEditor, GlobalAvgPoolEditor, SoftmaxEditor
from .pool import PoolEditor

__all__ = ["EDITORS", "ActivationEditor", "ConvEditor", "DenseEditor", "Editor", "FlattenEditor",
           "GlobalAvgPoolEditor", "PairEditor", "PoolEditor", "SoftmaxEditor", "editor_classes", "menu_section",
           "register"]
