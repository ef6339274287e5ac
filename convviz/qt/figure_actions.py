"""File → Save figure: any view as PNG or SVG at a chosen scale, with or without labels and colour bars.

The figure is built (convviz.figure) from the images the views already show, re-coloured at full resolution;
nothing is recomputed. The inspector is saved as it looks (its text stays text in SVG)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
)

from ..core.layers import lecture_name
from ..figure import Figure, mosaic_figure, stack_figure
from ..render import rerender
from .figure_paint import save_figure, save_widget
from .text import tr

if TYPE_CHECKING:
    from .main_window import MainWindow

FIGURE_VIEWS = ("input", "kernels", "maps", "stack", "inspector")
#: figures are re-rendered at most this large (pixels a side of one mosaic)
FIGURE_SIDE = 8192


class FigureDialog(QDialog):
    def __init__(self, parent, view: str = "maps") -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Save figure"))
        form = QFormLayout(self)
        self.view_box = QComboBox()
        names = {"input": tr("Input"), "kernels": tr("Kernels of the shown conv layer"),
                 "maps": tr("Maps of the selected layer"), "stack": tr("The whole stack"),
                 "inspector": tr("Unit inspector")}
        for key in FIGURE_VIEWS:
            self.view_box.addItem(names[key], key)
        self.view_box.setCurrentIndex(self.view_box.findData(view))
        self.scale_box = QDoubleSpinBox(minimum=0.25, maximum=16, singleStep=0.5, value=2.0, decimals=2)
        self.scale_box.setSuffix(" ×")
        self.labels_box = QCheckBox(tr("Titles, names and values"), checked=True)
        self.colorbar_box = QCheckBox(tr("Colour bars"), checked=True)
        form.addRow(tr("View"), self.view_box)
        form.addRow(tr("Scale"), self.scale_box)
        form.addRow("", self.labels_box)
        form.addRow("", self.colorbar_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class FigureActions:
    def __init__(self, window: MainWindow) -> None:
        self.w = window

    def add_entries(self, menu) -> None:
        self.action = self.w._action(menu, tr("Save &figure (PNG, SVG)…"), self.dialog, "Ctrl+Shift+F")

    def dialog(self) -> None:
        dlg = FigureDialog(self.w)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        view = dlg.view_box.currentData()
        path = self.w._ask_save(tr("Save figure"), tr("PNG image (*.png);;SVG drawing (*.svg)"), f"{view}.png")
        if path:
            self.save(view, path, dlg.scale_box.value(), labels=dlg.labels_box.isChecked(),
                      colorbar=dlg.colorbar_box.isChecked())

    def figure(self, view: str, *, labels: bool = True, colorbar: bool = True) -> Figure | None:
        """The figure of a view as it is on screen (None when that view shows nothing yet)."""
        c = self.w.controller
        state = c.finished_state
        if state is None or state.network is None:
            return None
        opts = c.options
        h, w, ch = state.input_shape
        layers = state.layers

        def full(r):
            return rerender(r, opts, FIGURE_SIDE) if r is not None and r.downsample > 1 else r

        def stage_title(i: int) -> str:
            s = c.last_stages[i].shape
            return f"{lecture_name(layers, i)} · {layers[i].label()} · {s[0]}×{s[1]}×{s[2]}"

        if view == "input":
            r = full(c._shown_input)
            return None if r is None else mosaic_figure(r, f"input · {h}×{w}×{ch}", labels=labels, colorbar=False)
        if view == "kernels":
            index = c.kernel_layer()
            r = c._kernels.get(index) if index is not None else None
            if r is None:
                return None
            f, kh, kw, cin = r.raw.shape
            return mosaic_figure(r, f"{lecture_name(layers, index)} · kernels {f} × {kh}×{kw} × {cin}",
                                 labels=labels, colorbar=colorbar)
        if view == "maps":
            i = c.selected if c.selected is not None and c.selected in c._rendered else len(layers) - 1
            r = full(c._rendered.get(i))
            return None if r is None else mosaic_figure(r, stage_title(i), labels=labels, colorbar=colorbar)
        if view == "stack":
            if c._shown_input is None or any(i not in c._rendered for i in range(len(layers))):
                return None
            parts = [(f"input · {h}×{w}×{ch}", full(c._shown_input))]
            parts += [(stage_title(i), full(c._rendered[i])) for i in range(len(layers))]
            return stack_figure(parts, labels=labels, colorbar=colorbar)
        raise ValueError(f"unknown view {view!r}")

    def save(self, view: str, path: str, scale: float = 2.0, *, labels: bool = True, colorbar: bool = True) -> bool:
        try:
            if view == "inspector":
                if self.w.inspector.unit is None:
                    self.w._show_message(tr("Click a unit of a map first: the inspector is empty."))
                    return False
                scroll = getattr(self.w.inspector, "_scroll", None)  # the whole breakdown, not the visible part
                body = scroll.widget() if scroll is not None and scroll.widget() is not None else None
                save_widget(body or self.w.inspector, path, scale)
                return True
            fig = self.figure(view, labels=labels, colorbar=colorbar)
            if fig is None:
                self.w._show_message(tr("Nothing has been computed yet."))
                return False
            save_figure(fig, path, scale)
        except OSError as exc:
            self.w._show_message(tr("Could not save {path}: {reason}").format(path=path,
                                                                             reason=exc.strerror or exc))
            return False
        self.w.statusBar().showMessage(tr("Saved {name}").format(name=Path(path).name), 5000)
        return True
