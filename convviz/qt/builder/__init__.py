"""The layer builder: the stack as a list, an editor per layer type, the error box and the arithmetic.

Modules: ``widget`` (the :class:`LayerBuilder`), ``list_model``/``list_view`` (the rows), ``editors`` (one per
layer type, found through a registry), ``panels`` (error box, arithmetic), ``icons``, ``signals``. The stack
edits themselves are Qt-free, in :mod:`convviz.edits`.
"""

from __future__ import annotations

from .widget import LayerBuilder

__all__ = ["LayerBuilder"]
