"""The feature maps of every layer, grouped as the lecture's "architecture of a convolutional layer".

Each conv layer starts a row: after the convolution, after the activation(s) that follow it (the detector
stage), after the pooling that follows — side by side. A layer that no conv precedes starts its own row. The
views are created when the structure changes and reused afterwards: a new result only uploads an image.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ..blocks import group_rows
from ..mosaic import fit_columns
from ..render import RenderedTensor
from .tensor_view import TensorView
from .text import scale_note, stage_name, tr

__all__ = ["StagesPanel", "group_rows", "stage_name"]

StageItem = tuple[int, str, str]  # (layer index, kind, label)
#: a stage's view never squashes below this: rows that do not fit scroll (and reveal() brings one into sight).
#: A block's three stages fit side by side in the ~330 px the central area keeps beside the layers dock and the
#: inspector in a 1200 px window (a map 96 px wide still shows its tiles, its colour bar its two numbers).
VIEW_MIN_WIDTH, VIEW_MIN_HEIGHT = 96, 230
ASPECT_SETTLE_MS = 250


class StagesPanel(QWidget):
    """Feature maps of every layer, in rows of conv → detector → pooling, inside a scroll area.

    ``hovered`` emits ``(layer_index, channel, y, x, value)`` (the exact raw value) or None.
    """

    hovered = Signal(object)
    #: (layer index, side): a zoomed-in view wants a finer image of its stage
    resolution_wanted = Signal(int, int)
    #: ``(layer_index, channel, y, x)``: a single click on a unit (nothing else happens on click)
    clicked = Signal(object)
    #: the views' map area changed shape (width / height, in steps of ~19 %): render stages tiled for it
    #: (``DisplayOptions.aspect``)
    aspect_wanted = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._structure: tuple[StageItem, ...] | None = None
        self._views: dict[int, TensorView] = {}
        self._keys: dict[int, tuple[int, str]] = {}  # index -> (index, kind) of the view shown there
        self._index_of: dict[TensorView, int] = {}
        self._headers: list[QLabel] = []
        self._columns = 0
        self._rows = 0
        self._aspect: float | None = None
        self._aspect_seen = 1.5
        self._aspect_timer = QTimer(self, singleShot=True, interval=ASPECT_SETTLE_MS)
        self._aspect_timer.timeout.connect(self._check_aspect)
        self._reveal_wanted: int | None = None

        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._content = QWidget()
        self._grid = QGridLayout(self._content)
        self._grid.setContentsMargins(6, 8, 6, 10)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(6)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._scroll.setWidget(self._content)
        # The central area never narrows below a block's three stages side by side: a dock beside it (the
        # inspector) gives way instead, so three stages never need a horizontal scrollbar.
        margins = self._grid.contentsMargins()
        self.setMinimumWidth(3 * VIEW_MIN_WIDTH + 2 * self._grid.horizontalSpacing() + margins.left()
                             + margins.right() + self._scroll.verticalScrollBar().sizeHint().width() + 2)
        self._empty = QLabel(tr("No layers yet: add a convolution to see its feature maps."), self._content)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._grid.addWidget(self._empty, 0, 0)
        # says so when the stages are not the builder's stack (the last valid one is kept, dimmed)
        self.banner = QLabel(self)
        self.banner.setObjectName("staleBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setStyleSheet("#staleBanner { background: #fff3cd; color: #5c4400; border-bottom: 1px solid "
                                  "#e0c36a; padding: 6px 10px; }")
        self.banner.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self._scroll)

    # ------------------------------------------------------------------------------------------------ API

    @property
    def structure(self) -> tuple[StageItem, ...]:
        return self._structure or ()

    def view(self, index: int) -> TensorView | None:
        """The view of the layer with this index (None if the structure has no such stage)."""
        return self._views.get(index)

    def views(self) -> dict[int, TensorView]:
        return dict(self._views)

    def set_structure(self, items: Sequence[StageItem]) -> None:
        """Lay out one view per stage. Does nothing when the structure is unchanged; otherwise views are reused
        (a stage that keeps its index and kind keeps its view and its image, marked stale)."""
        structure = tuple((int(i), str(k), str(lab)) for i, k, lab in items)
        if structure == self._structure:
            return
        if self._structure is not None and [s[:2] for s in structure] == [s[:2] for s in self._structure]:
            self._relabel(structure)  # only labels changed (e.g. F): no re-layout, no repaint of every view
            return
        self._structure = structure
        old_views, old_keys = self._views, self._keys
        for w in (*old_views.values(), *self._headers):
            self._grid.removeWidget(w)
        for h in self._headers:
            h.deleteLater()
        self._headers = []

        kept = {old_keys[i]: v for i, v in old_views.items()}
        new_keys = {i: (i, k) for i, k, _ in structure}
        spare = [v for key, v in kept.items() if key not in new_keys.values()]
        self._views, self._keys, self._index_of = {}, {}, {}
        for index, kind, label in structure:
            view = kept.get((index, kind))
            if view is not None:
                view.set_stale(True)
            else:
                view = spare.pop() if spare else self._new_view()
                view.clear()
            view.set_caption(tr("{index} · {stage}").format(index=index, stage=stage_name(kind, label)))
            self._views[index] = view
            self._keys[index] = (index, kind)
            self._index_of[view] = index
        for view in spare:
            view.hide()
            view.deleteLater()
        self._place(structure)
        if self._reveal_wanted is not None and self._reveal_wanted in self._views:
            self.reveal(self._reveal_wanted)

    def _relabel(self, structure: tuple[StageItem, ...]) -> None:
        self._structure = structure
        for index, kind, label in structure:
            self._views[index].set_caption(tr("{index} · {stage}").format(index=index,
                                                                          stage=stage_name(kind, label)))
        for header, row in zip(self._headers, group_rows(structure), strict=True):
            header.setText(" → ".join(label for _, _, label in row))

    def set_stage(self, index: int, rendered: RenderedTensor, title: str) -> bool:
        """Show a stage's result; False if the structure has no such stage (a late result of an old stack).
        The colour bar says which stages share its scale."""
        view = self._views.get(index)
        if view is None:
            return False
        span = getattr(rendered, "span", ())
        labels = {i: label for i, _, label in self.structure}
        view.set_scale_note(scale_note(getattr(rendered, "scope", ""), span, labels.get(span[0], "") if span
                                       else ""))
        view.set_rendered(rendered, title)
        if not self._aspect_timer.isActive():
            self._aspect_timer.start()  # tiled for another area (the first results)? ask again once settled
        return True

    def reveal(self, index: int | None) -> None:
        """Scroll the row holding this stage (its block's header and views) into sight. A stage not laid out
        yet (a layer just added) is revealed when the structure that holds it arrives."""
        self._reveal_wanted = index if index is not None and index not in self._views else None
        if index is None or index not in self._views:
            return
        self._reveal_now(index)
        QTimer.singleShot(0, lambda: self._reveal_now(index))  # again once a new structure is laid out

    def _reveal_now(self, index: int) -> None:
        view = self._views.get(index)
        if view is None:
            return
        self._grid.activate()
        header = next((h for h, row in zip(self._headers, group_rows(self.structure), strict=False)
                       if any(i == index for i, _, _ in row)), None)
        top = header.geometry().top() if header is not None else view.geometry().top()
        bottom = view.geometry().bottom()
        bar = self._scroll.verticalScrollBar()
        height = self._scroll.viewport().height()
        if top < bar.value():
            bar.setValue(top)
        elif bottom > bar.value() + height:
            bar.setValue(min(top, bottom - height + 1))
        self._scroll.ensureVisible(view.geometry().center().x(), view.geometry().center().y(),
                                   view.width() // 2, 0)

    def set_pending(self, from_index: int) -> None:
        """Dim every stage from ``from_index`` on: a newer result is being computed."""
        for index, view in self._views.items():
            if index >= from_index:
                view.set_stale(True)

    def set_marks(self, marks: dict[int, tuple]) -> None:
        """The instruments' marks per stage (layer index → marks); every other stage loses its marks."""
        for index, view in self._views.items():
            view.set_marks(marks.get(index, ()))

    def set_banner(self, text: str | None) -> None:
        """A line above the stages (None hides it): e.g. that they show the last valid stack."""
        self.banner.setText(text or "")
        self.banner.setVisible(bool(text))

    def clear_stage(self, index: int, message: str = "") -> None:
        view = self._views.get(index)
        if view is not None:
            view.clear(message)

    # ------------------------------------------------------------------------------------------- internals

    def _new_view(self) -> TensorView:
        view = TensorView(self._content)
        view.setMinimumSize(VIEW_MIN_WIDTH, VIEW_MIN_HEIGHT)
        view.hovered.connect(lambda payload, v=view: self._on_hovered(v, payload))
        view.resolution_wanted.connect(lambda side, v=view: self._on_resolution_wanted(v, side))
        view.clicked.connect(lambda payload, v=view: self._on_clicked(v, payload))
        view.aspect_changed.connect(self._on_aspect_changed)
        return view

    def _on_clicked(self, view: TensorView, payload) -> None:
        index = self._index_of.get(view)
        if index is not None:
            self.clicked.emit((index, *payload))

    def _on_aspect_changed(self, aspect: float) -> None:
        self._aspect_seen = aspect
        self._aspect_timer.start()  # once the size settles (a window drag resizes every few ms)

    def _check_aspect(self) -> None:
        # The views of a grid share their size. Steps of 2^(1/4) keep a resize from re-rendering at each pixel,
        # and only a change that re-tiles a shown stage asks for one.
        stepped = round(2 ** (round(math.log2(self._aspect_seen) * 4) / 4), 3)
        if stepped == self._aspect:
            return
        if any(v.looking_closer for v in self._views.values()):
            return  # never re-tile under a zoomed-in view; the next resize or result asks again
        shown = [v.rendered for v in self._views.values() if v.rendered is not None]
        if any(fit_columns(r.n_tiles, r.raw.shape[0], r.raw.shape[1], stepped, r.gap) != r.columns for r in shown):
            self._aspect = stepped
            self.aspect_wanted.emit(stepped)

    def _on_resolution_wanted(self, view: TensorView, side: int) -> None:
        index = self._index_of.get(view)
        if index is not None:
            self.resolution_wanted.emit(index, side)

    def _on_hovered(self, view: TensorView, payload) -> None:
        index = self._index_of.get(view)
        if index is None:
            return
        self.hovered.emit(None if payload is None else (index, *payload))

    def _place(self, structure: tuple[StageItem, ...]) -> None:
        rows = group_rows(structure)
        self._empty.setVisible(not rows)
        columns = max((len(r) for r in rows), default=1)
        for c in range(max(columns, self._columns)):
            self._grid.setColumnStretch(c, 1 if c < columns else 0)
        self._columns = columns
        for r in range(max(len(rows), self._rows)):  # every row of views equally tall
            self._grid.setRowStretch(2 * r + 1, 1 if r < len(rows) else 0)
        self._rows = len(rows)
        for r, row in enumerate(rows):
            header = QLabel(" → ".join(label for _, _, label in row), self._content)
            header.setObjectName("rowHeader")
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            pal = header.palette()
            pal.setColor(QPalette.ColorRole.WindowText, pal.color(QPalette.ColorRole.PlaceholderText))
            header.setPalette(pal)
            header.setContentsMargins(0, 8 if r else 0, 0, 0)
            self._headers.append(header)
            self._grid.addWidget(header, 2 * r, 0, 1, columns)
            for c, (index, _, _) in enumerate(row):
                view = self._views[index]
                self._grid.addWidget(view, 2 * r + 1, c)
                view.show()
