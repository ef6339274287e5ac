"""The explorer window: the layer builder beside live views of the input, the kernels and every stage."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import ConvvizError
from ..core.netfile import (
    atomic_write_bytes,
    load_network,
    network_to_dict,
    save_npz,
    weights_to_arrays,
)
from ..core.network import build_network
from ..model import StackState, state_from_network, state_from_scene
from ..scene import LECTURE_SCENES, BuiltinScene, Scene, build_scene, builtin_scene
from . import prefs
from .builder import LayerBuilder
from .controller import Controller
from .document import Document
from .draw_tool import DrawTool
from .errors_text import error_text
from .figure_actions import FigureActions
from .help_menu import HelpMenus
from .input_actions import InputActions
from .inspector_dock import InspectorDock
from .kernel_editor import KernelEditor
from .project_actions import ProjectActions
from .stages_panel import StagesPanel
from .teaching_docks import TeachingDocks
from .tensor_view import InputView, KernelView
from .text import MENU_COLORMAPS, colormap_names, fmt_value, layer_label, stage_kind, tr
from .undo_keys import UndoKeys
from .weights_actions import WeightsActions


class _Views:
    def __init__(self, input_view: InputView, kernel_view: KernelView, stages: StagesPanel) -> None:
        self.input_view, self.kernel_view, self.stages = input_view, kernel_view, stages


class MainWindow(QMainWindow):
    """Owns the document and the controller; menus, the colour toolbar, the status bar."""

    closed = Signal()
    #: an interactive window reads and writes the user's settings (prefs.py); tests and --screenshot never do
    use_settings = False

    def __init__(self, scene: Scene | StackState, *, mode: str = "thread", debounce_ms: int = 30) -> None:
        super().__init__()
        self.setWindowTitle(tr("convviz — the convolutional layer, live"))
        # a StackState: the session of a window rebuilt in another language (qt/language.py)
        self.doc = Document(scene if isinstance(scene, StackState) else state_from_scene(scene), self)
        self.current_scene: BuiltinScene | None = None  # the lecture scene whose note is shown
        self.compute_mode = (mode, debounce_ms)  # a rebuilt window computes the same way

        self.input_view = InputView()
        self.kernel_view = KernelView()
        self.stages = StagesPanel()
        self.views = _Views(self.input_view, self.kernel_view, self.stages)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.input_view)
        top.addWidget(self.kernel_view)
        top.setSizes([1, 1])
        central = QSplitter(Qt.Orientation.Vertical)
        central.addWidget(top)
        central.addWidget(self.stages)
        central.setStretchFactor(0, 2)
        central.setStretchFactor(1, 3)
        central.setSizes([330, 570])
        # what a lecture scene is about, above its views (hidden for other stacks)
        self.scene_note = QLabel()
        self.scene_note.setObjectName("sceneNote")
        self.scene_note.setWordWrap(True)
        self.scene_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.scene_note.setStyleSheet("#sceneNote { background: #e8f0fb; color: #1d3557; padding: 6px 10px; "
                                      "border-bottom: 1px solid #b8cce8; }")
        self.scene_note.hide()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.scene_note)
        column.addWidget(central, 1)
        self.setCentralWidget(holder)

        self.builder = LayerBuilder(self.doc)
        self.builder.setMinimumWidth(360)
        dock = QDockWidget(tr("Layers"), self)
        dock.setObjectName("layers-dock")
        dock.setWidget(self.builder)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)

        self.controller = Controller(self.doc, self.views, mode=mode, debounce_ms=debounce_ms, parent=self)
        self.inspector_dock = InspectorDock(self, self.controller)  # opens on the first click on a unit
        self.inspector = self.inspector_dock.panel
        self.teaching = TeachingDocks(self, self.doc, self.controller)  # counting, quiz, invariance (issue 7)
        self.weights_actions = WeightsActions(self)
        self._build_status_bar()
        self._build_toolbar()
        self.project_actions = ProjectActions(self)  # save/open sessions, recent files, autosave (issue 9)
        self.figure_actions = FigureActions(self)  # any view as PNG/SVG
        self.input_actions = InputActions(self)  # .npy takes its shape, paste, drag and drop (issue 9)
        self.draw_tool = DrawTool(self)  # paint the input; one undo step per stroke
        self.addToolBar(self.draw_tool.toolbar)
        self.kernel_editor = KernelEditor(self)  # a click on a kernel edits its numbers
        self.kernel_view.clicked.connect(self._edit_kernel)
        self.kernel_view.setToolTip(tr("Click a kernel to edit its numbers"))
        self._build_menus()

        self.builder.selection_changed.connect(self.controller.set_selected_layer)
        self.builder.selection_changed.connect(self.stages.reveal)  # a selected layer's stages come into view
        self.stages.aspect_wanted.connect(self._on_aspect_wanted)
        self.kernel_view.area_changed.connect(lambda w, h: self._set_option(kernel_area=(w, h)))  # filters wrap
        self.stages.resolution_wanted.connect(self.controller.request_stage_resolution)
        self.input_view.resolution_wanted.connect(self.controller.request_input_resolution)
        self.builder.input_editor.open_image_requested.connect(self.open_input_dialog)
        self.builder.input_editor.failed.connect(self._show_error)
        self.builder.input_editor.use_worker(self.controller.scheduler, self.controller.input_made)
        self.controller.job_failed.connect(self._on_failed)
        self.controller.busy_changed.connect(self._on_busy)
        self.controller.finished.connect(self._on_finished)
        self.controller.failed.connect(self._on_failed)
        self.stages.hovered.connect(self._on_stage_hover)
        self.stages.clicked.connect(lambda unit: self.inspect(*unit))
        self.input_view.hovered.connect(self._on_input_hover)
        self.kernel_view.hovered.connect(self._on_kernel_hover)
        self.resize(1400, 900)
        self.controller.set_display_side(self._display_side())
        self.controller.request_now()

    # --- chrome --------------------------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.hover_label = QLabel(tr("Hover over any map to read its exact values."))
        self.hover_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.timing_label = QLabel("")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate
        self.busy.setMaximumWidth(120)
        policy = self.busy.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # showing it must not re-lay out (and repaint) every view
        self.busy.setSizePolicy(policy)
        self.busy.setVisible(False)
        bar.addWidget(self.hover_label, 1)
        bar.addPermanentWidget(self.busy)
        bar.addPermanentWidget(self.timing_label)

    def _combo(self, items: list[tuple[str, str]], current: str, on_change) -> QComboBox:
        box = QComboBox()
        for key, text in items:
            box.addItem(text, key)
        box.setCurrentIndex(max(0, box.findData(current)))
        box.currentIndexChanged.connect(lambda _i: on_change(box.currentData()))
        return box

    def _build_toolbar(self) -> None:
        tb = self.colours_toolbar = QToolBar(tr("Colours"), self)
        tb.setObjectName("colours-toolbar")
        self.addToolBar(tb)
        opts = self.controller.options
        names = colormap_names()
        tb.addWidget(QLabel(tr("Colormap ")))
        self.colormap_box = self._combo([(k, names[k]) for k in MENU_COLORMAPS], opts.colormap,
                                        lambda v: self._set_option(colormap=v))
        self.colormap_box.setToolTip(tr("How values become colours; auto: a diverging map (blue < 0 < red) when a "
                                        "stage has negative values, else a sequential one"))
        tb.addWidget(self.colormap_box)
        tb.addSeparator()
        tb.addWidget(QLabel(tr("Scale ")))
        self.scope_box = self._combo([("map", tr("per map")), ("stage", tr("per stage")),
                                      ("block", tr("per block (conv → detector → pool)")),
                                      ("stack", tr("whole stack"))], opts.scope,
                                     lambda v: self._set_option(scope=v))
        self.scope_box.setToolTip(tr("Which maps share one colour scale, so that equal colours mean equal values"))
        tb.addWidget(self.scope_box)
        self.centring_box = self._combo([("symmetric", tr("symmetric around 0")), ("minmax", tr("min–max"))],
                                        opts.centring, lambda v: self._set_option(centring=v))
        self.centring_box.setToolTip(tr("Symmetric: zero is the middle colour, so the sign of every value shows; "
                                        "min–max: the scale spans the values found"))
        tb.addWidget(self.centring_box)

    def _set_option(self, **changes) -> None:
        self.controller.set_options(replace(self.controller.options, **changes))

    def _build_menus(self) -> None:
        mb = self.menuBar()
        file_menu = mb.addMenu(tr("&File"))
        self.project_actions.add_entries(file_menu)
        file_menu.addSeparator()
        self._action(file_menu, tr("Open &network…"), self.open_network_dialog, QKeySequence.StandardKey.Open)
        self._action(file_menu, tr("Open &image or array…"), self.open_input_dialog, "Ctrl+I")
        self._action(file_menu, tr("Load &weights…"), self.open_weights_dialog)
        self.weights_actions.add_entries(file_menu)  # .npz per layer, PyTorch state_dicts and export
        file_menu.addSeparator()
        self._action(file_menu, tr("&Save network…"), self.save_network_dialog, QKeySequence.StandardKey.Save)
        self._action(file_menu, tr("&Export stages and weights (.npz)…"), self.export_dialog, "Ctrl+E")
        self._action(file_menu, tr("Save screens&hot…"), self.screenshot_dialog)
        self.figure_actions.add_entries(file_menu)
        file_menu.addSeparator()
        self._action(file_menu, tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        edit = mb.addMenu(tr("&Edit"))
        undo = self.doc.undo_stack.createUndoAction(self, tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.doc.undo_stack.createRedoAction(self, tr("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        edit.addAction(undo)
        edit.addAction(redo)
        self.undo_action, self.redo_action = undo, redo
        edit.addSeparator()
        self._action(edit, tr("Edit &kernels…"), lambda: self._edit_kernel((0, 0)), "Ctrl+K")
        # a focused text field takes Ctrl+V for itself (its ShortcutOverride), so this fires only elsewhere
        self.paste_action = self._action(edit, tr("&Paste image"), self.input_actions.paste,
                                         QKeySequence.StandardKey.Paste)
        self._undo_keys = UndoKeys(self, undo, redo)  # also while a spin box has the focus

        lecture = mb.addMenu(tr("&Lecture"))
        self.scene_actions: list[QAction] = []
        for i, scene in enumerate(LECTURE_SCENES):
            act = self._action(lecture, tr(scene.title), lambda _c=False, s=scene: self.open_builtin(s),
                               f"Ctrl+{i + 1}")
            self.scene_actions.append(act)
        self.teaching.add_menu_entries(lecture)

        self.help = HelpMenus(self)  # language, settings, the tour, shortcuts, About

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        """A menu entry whose handler runs inside :meth:`guarded`: whatever it raises is said in words."""
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False: self.guarded(slot))
        menu.addAction(act)
        return act

    def guarded(self, slot, *args):
        """Run a handler; any exception it lets out (a BaseException too) is reported, never lost on stderr."""
        try:
            return slot(*args)
        except BaseException as exc:  # noqa: BLE001 (the window's boundary for its handlers)
            self.report(exc)
            return None

    def report(self, exc: BaseException) -> None:
        """Say what went wrong: a user's error in its words, anything else as a bug naming its crash log."""
        from ..crash import describe

        if isinstance(exc, ConvvizError):
            self._show_message(error_text(exc))
            return
        line, _user = describe(exc)
        if isinstance(exc, OSError):
            line = tr("Could not complete this: {reason}").format(reason=line)
        self._show_message(line)

    # --- scenes and files ------------------------------------------------------------------------------

    def set_state(self, state: StackState, text: str) -> None:
        self.doc.apply(state, text)

    def open_builtin(self, scene: BuiltinScene) -> None:
        try:
            loaded = builtin_scene(scene)
        except ConvvizError as exc:
            self._show_error(exc)
            return
        self.set_state(state_from_scene(loaded), tr("Open “{title}”").format(title=tr(scene.title)))
        self.present_scene(scene)

    def present_scene(self, scene: BuiltinScene) -> None:
        """What a lecture scene opens with besides its stack: its note, its docks, its display options (e.g. a
        colour scale per stage) and the unit it inspects (its receptive field outlined)."""
        self.show_scene_note(scene)
        self.teaching.scene_opened(scene)
        if scene.display:
            options = replace(self.controller.options, **dict(scene.display))
            for key, box in (("colormap", self.colormap_box), ("scope", self.scope_box),
                             ("centring", self.centring_box)):
                with QSignalBlocker(box):
                    box.setCurrentIndex(max(0, box.findData(getattr(options, key))))
            self.controller.set_options(options)
        if scene.inspect is not None:
            self.inspect(*scene.inspect)
            self.stages.reveal(scene.inspect[0])

    def show_scene_note(self, scene: BuiltinScene | None) -> None:
        """Say what a lecture scene shows; nothing for the user's own stacks."""
        note = scene.note if scene is not None else ""
        self.current_scene = scene if note else None
        if self.current_scene is not None and self.use_settings:
            prefs.remember_scene(scene.key)
        self.scene_note.setText(f"<b>{tr(scene.title)}</b> — {tr(note)}" if note else "")
        self.scene_note.setVisible(bool(note))

    def _ask_open(self, title: str, filters: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self, title, str(Path.cwd()), filters)
        return path or None

    def open_network_dialog(self) -> None:
        path = self._ask_open(tr("Open network"), tr("Network files (*.json);;All files (*)"))
        if path:
            self.open_network(path)

    def open_network(self, path: str) -> None:
        state = self.doc.state
        try:
            spec = load_network(path)
            if spec.input_shape is None or spec.input_shape == state.input_shape:  # keep the current input
                net = build_network(state.input_shape, spec.layers, seed=state.seed)
                new = state_from_network(net, state.input, state.seed, state.input_name, state.input_path,
                                         state.input_fit, state.input_placement)
                new = replace(new, input_channels=state.input_channels, input_anchor=state.input_anchor)
            else:
                new = state_from_scene(build_scene(spec, seed=state.seed))
        except ConvvizError as exc:
            self._show_error(exc)
            return
        self.set_state(new, tr("Open network {name}").format(name=Path(path).name))
        self.show_scene_note(None)

    def open_input_dialog(self) -> None:
        path = self._ask_open(tr("Open image or array"),
                              tr("Images and arrays (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp *.npy);;"
                                 "All files (*)"))
        if path:
            self.open_input(path)

    def open_input(self, path: str) -> None:
        """Read an image as the input, fitted to the input's current size (large files on a thread); an array
        sets the input's shape to its own."""
        self.input_actions.open(path)

    def open_weights_dialog(self) -> None:
        self.weights_actions.load_dialog()

    def load_weights(self, path: str) -> bool:
        """An .npz or, with PyTorch installed, a state_dict (.pt/.pth) for the whole stack."""
        return self.weights_actions.load(path)

    def _ask_save(self, title: str, filters: str, default: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.cwd() / default), filters)
        return path or None

    def save_network_dialog(self) -> None:
        path = self._ask_save(tr("Save network"), tr("Network files (*.json)"), "network.json")
        if path:
            self.save_network(path)

    def save_network(self, path: str) -> None:
        state = self.doc.state
        text = json.dumps(network_to_dict(state.input_shape, state.layers), indent=2, ensure_ascii=False)
        try:
            atomic_write_bytes(path, (text + "\n").encode("utf-8"))
        except OSError as exc:
            self._show_message(tr("Could not save {path}: {reason}").format(path=path, reason=exc.strerror))

    def export_dialog(self) -> None:
        path = self._ask_save(tr("Export stages and weights"), tr("NumPy archive (*.npz)"), "stages.npz")
        if path:
            self.export_stages(path)

    def export_stages(self, path: str) -> bool:
        """Write what `convviz run` writes (input, stage.{i}, weight.{i}, bias.{i}) for what is on screen."""
        state = self.controller.finished_state
        if state is None or state.network is None:
            self._show_message(tr("Nothing has been computed yet."))
            return False
        arrays = {"input": state.input}
        arrays.update({f"stage.{i}": s for i, s in enumerate(self.controller.last_stages)})
        arrays.update(weights_to_arrays(state.network))
        try:
            save_npz(path, arrays)
        except OSError as exc:
            self._show_message(tr("Could not save {path}: {reason}").format(path=path, reason=exc.strerror))
            return False
        return True

    def screenshot_dialog(self) -> None:
        path = self._ask_save(tr("Save screenshot"), tr("PNG image (*.png)"), "convviz.png")
        if path:
            self.save_screenshot(path)

    def save_screenshot(self, path: str) -> bool:
        """The window as PNG, through the one atomic writer: a full disk or a missing folder is said, and an
        existing file is never left half-written."""
        from .figure_paint import png_bytes

        try:
            atomic_write_bytes(path, png_bytes(self.grab().toImage()))
        except OSError as exc:
            self._show_message(tr("Could not save {path}: {reason}").format(path=path, reason=exc.strerror or exc))
            return False
        return True

    # --- feedback -------------------------------------------------------------------------------------

    def _show_error(self, exc: BaseException | None) -> None:
        if exc is not None:
            self.report(exc)

    def _show_message(self, text: str) -> None:
        self.last_message = text
        if getattr(self, "quiet", False):  # tests and --screenshot: no modal dialogs
            self.statusBar().showMessage(text, 10000)
            return
        QMessageBox.warning(self, tr("convviz"), text)

    def _on_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)

    def _on_aspect_wanted(self, aspect: float) -> None:
        """Re-tile the maps for the views' shape: at once when idle, else once the running computation ends
        (a resize must not compute a half-typed edit)."""
        self._aspect_pending = aspect
        if self.controller.is_idle():
            self._apply_aspect()

    def _apply_aspect(self) -> None:
        aspect, self._aspect_pending = getattr(self, "_aspect_pending", None), None
        if aspect is not None:
            self._set_option(aspect=aspect)

    def _on_finished(self, _generation: int) -> None:
        if getattr(self, "_aspect_pending", None) is not None:
            QTimer.singleShot(0, lambda: self.controller.is_idle() and self._apply_aspect())
        ms = self.controller.last_seconds * 1000
        self.timing_label.setText(tr("computed in {ms:.0f} ms").format(ms=ms) if ms >= 1 else
                                  tr("computed in {ms:.2f} ms").format(ms=ms))

    def _edit_kernel(self, key) -> None:
        """Open the kernel editor on filter ``key[0]`` (input channel ``key[1]``) of the kernels on show."""
        layer = self.controller.kernel_layer()
        if layer is not None:
            self.kernel_editor.open_kernel(layer, int(key[0]), int(key[1]) if len(key) > 2 else None)

    def inspect(self, layer: int, channel: int, y: int, x: int) -> None:
        """Open the inspector on one unit of a stage (a click on a map, or --inspect)."""
        self.inspector_dock.inspect(layer, channel, y, x)
        self.stages.reveal(layer)

    def animate(self, layer: int, channel: int, step: int = 0) -> None:
        """Slide the window of a conv filter or pool channel (the inspector follows), at ``step``."""
        self.inspector_dock.animate(layer, channel, step)
        self.stages.reveal(layer)

    def _on_failed(self, err) -> None:
        if err is None:  # a later request succeeded: the old message no longer applies
            self.statusBar().clearMessage()
            return
        text = error_text(err) if isinstance(err, ConvvizError) else str(err)
        self.statusBar().showMessage(text, 8000)

    def _on_stage_hover(self, info) -> None:
        if info is None:
            return
        index, channel, y, x, value = info
        state = self.controller.shown_state
        if state is None or index >= len(state.layers):
            return
        spec = state.layers[index]
        stage = {"conv": tr("after convolution"), "pool": tr("after pooling"),
                 "head": tr("classifier head")}.get(stage_kind(spec), tr("after the detector"))
        self.hover_label.setText(tr("layer {index} ({label}) · {stage} · channel {c} · (y={y}, x={x}) · {value}")
                                 .format(index=index, label=layer_label(spec), stage=stage, c=channel, y=y, x=x,
                                         value=fmt_value(value)))

    def _on_input_hover(self, info) -> None:
        if info is None:
            return
        channel, y, x, value = info
        if channel < 0:  # the RGB composite: every channel's value
            self.hover_label.setText(tr("input · (y={y}, x={x}) · {values}").format(
                y=y, x=x, values=", ".join(fmt_value(v) for v in value)))
            return
        self.hover_label.setText(tr("input · channel {c} · (y={y}, x={x}) · {value}").format(
            c=channel, y=y, x=x, value=fmt_value(value)))

    def _on_kernel_hover(self, info) -> None:
        if info is None:
            return
        f, c, y, x, value = info
        index = self.controller.kernel_layer()
        self.hover_label.setText(tr("layer {index} · kernel of filter {f} · input channel {c} · (y={y}, x={x}) · "
                                    "{value}").format(index=index, f=f, c=c, y=y, x=x, value=fmt_value(value)))

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.input_actions.drag_enter(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.input_actions.drag_enter(event)

    def dropEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self.input_actions.drop(event)

    def _display_side(self) -> int:
        """The most device pixels any view shows a mosaic with."""
        views = [self.input_view, self.kernel_view, *self.stages.views().values()]
        return int(max(max(v.width(), v.height()) * v.devicePixelRatioF() for v in views))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._wrap_toolbars()
        self.controller.set_display_side(self._display_side())

    def _wrap_toolbars(self) -> None:
        """The draw toolbar on a row of its own when the two do not fit side by side (the Russian window at
        1280 px hid the brush size, value and Clear behind the toolbar's » button), beside the colours otherwise."""
        first, second = self.colours_toolbar, self.draw_tool.toolbar
        top = Qt.ToolBarArea.TopToolBarArea
        if self.toolBarArea(first) != top or self.toolBarArea(second) != top:
            return  # the user moved one: their layout stands
        fits = first.sizeHint().width() + second.sizeHint().width() + 8 <= self.width()
        if fits and self.toolBarBreak(second):
            self.removeToolBarBreak(second)
        elif not fits and not self.toolBarBreak(second):
            self.insertToolBarBreak(second)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if not self.project_actions.may_discard():  # the user cancelled the unsaved-changes prompt
            event.ignore()
            return
        if self.use_settings and not getattr(self, "use_settings_reset", False):
            prefs.save(self)  # layout and colormap for the next start
        self.project_actions.shutdown()
        self.controller.shutdown()
        self.closed.emit()
        super().closeEvent(event)
