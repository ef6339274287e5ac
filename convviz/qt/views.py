"""The views as the controller sees them: small interfaces of ``set_*`` setters, written and never read.

The controller keeps its own record of what it has shown; the views only draw. Tests drive the controller with
fakes of these (tests/qt/test_controller.py), as ndv tests its controller against mock views. Intent signals
(hover, a zoom that wants a finer image) are wired by the window, not read by the controller.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

StageItem = tuple[int, str, str]  # (layer index, stage kind, layer label)


class MosaicView(Protocol):
    """One tensor as a mosaic: the input, or a layer's kernels."""

    def set_rendered(self, rendered, title: str) -> None: ...

    def set_stale(self, stale: bool) -> None: ...

    def clear(self, message: str = "") -> None: ...

    def set_title(self, title: str) -> None: ...

    def setVisible(self, visible: bool) -> None: ...  # noqa: N802 (Qt API)

    def set_marks(self, marks) -> None:
        """The instruments' marks (:class:`convviz.marks.Mark`) over the maps; ``()`` removes them."""


class StagesView(Protocol):
    """Every layer's output, grouped by block (convolution → detector → pooling)."""

    def set_structure(self, items: Sequence[StageItem]) -> None: ...

    def set_stage(self, index: int, rendered, title: str) -> bool: ...

    def set_pending(self, from_index: int) -> None:
        """Dim every stage from ``from_index`` on: what they show is not (yet) the current stack's."""

    def set_marks(self, marks: dict) -> None:
        """Marks per stage (layer index → marks); stages not named lose theirs."""

    def set_banner(self, text: str | None) -> None:
        """A line above the stages saying what they show when it is not the builder's stack (None: hide)."""


class Views(Protocol):
    input_view: MosaicView
    kernel_view: MosaicView
    stages: StagesView
