"""Projects in the window: save and open a whole session (convviz.project does the file), recent files, the
unsaved-changes prompt on close, and autosave with an offer to recover after a crash.

Autosave writes ``autosave.convviz`` to the user's cache folder on a timer while there are unsaved changes (the
archive is built and written on a helper thread: the state is immutable, so a snapshot is free). A clean exit
deletes it and touches ``clean-exit``; on the next start an autosave newer than that marker means the last
session ended without one, and :meth:`ProjectActions.offer_recovery` offers it back.
"""

from __future__ import annotations

import contextlib
import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QSettings, QSignalBlocker, QStandardPaths, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from ..core.errors import ConvvizError
from ..core.files import atomic_write_bytes
from ..project import SUFFIX, Project, load_project, save_project
from ..render import DisplayOptions
from .text import tr

if TYPE_CHECKING:
    from .main_window import MainWindow

AUTOSAVE_MS = 60_000
MAX_RECENT = 8
PROJECT_FILTER = "convviz projects (*.convviz);;All files (*)"


def cache_dir() -> Path:
    """Where autosaves go: $CONVVIZ_CACHE_DIR, else the platform's cache folder for convviz."""
    env = os.environ.get("CONVVIZ_CACHE_DIR")
    return Path(env) if env else Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation))


def settings() -> QSettings:
    """The user's settings (recent files): $CONVVIZ_CONFIG_DIR/convviz.ini when set (tests), else Qt's place."""
    env = os.environ.get("CONVVIZ_CONFIG_DIR")
    if env:
        return QSettings(str(Path(env) / "convviz.ini"), QSettings.Format.IniFormat)
    return QSettings()


class _AutosaveSignals(QObject):
    #: the autosave thread could not write (the reason in words): said in the status bar, queued to the GUI
    failed = Signal(str)


class ProjectActions:
    """Owned by the window. ``path`` is the project on disk (None until saved or opened)."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.signals = _AutosaveSignals(window)
        self.signals.failed.connect(self._autosave_failed)
        self.path: str | None = None
        self._display_dirty = False
        self._autosaved: tuple | None = None  # (state, options) last written to the autosave
        self._executor: ThreadPoolExecutor | None = None
        self._pending: Future | None = None
        self.autosave_timer = QTimer(window, interval=AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        window.doc.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self._connected = True
        for box in (window.colormap_box, window.scope_box, window.centring_box):
            box.currentIndexChanged.connect(self._on_display_changed)
        self._update_title()

    # --- menu -----------------------------------------------------------------------------------------

    def add_entries(self, menu) -> None:
        w = self.w
        self.open_action = w._action(menu, tr("Open &project…"), self.open_dialog, "Ctrl+Shift+O")
        self.recent_menu = menu.addMenu(tr("Open &recent"))
        self.recent_menu.setObjectName("recent-menu")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._fill_recent()
        self.save_action = w._action(menu, tr("Save pro&ject"), self.save, "Ctrl+Shift+S")
        self.save_as_action = w._action(menu, tr("Save project &as…"), self.save_as_dialog)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for path in files:
            act = self.recent_menu.addAction(Path(path).name)
            act.setToolTip(path)
            act.setStatusTip(path)
            act.triggered.connect(lambda _c=False, p=path: self.open(p))
        if not files:
            self.recent_menu.addAction(tr("(none yet)")).setEnabled(False)

    def recent_files(self) -> list[str]:
        value = settings().value("recent/projects", [])
        files = [value] if isinstance(value, str) else list(value or [])
        return [f for f in files if isinstance(f, str)]

    def _remember(self, path: str) -> None:
        path = str(Path(path).resolve())
        files = [path] + [f for f in self.recent_files() if f != path]
        s = settings()
        s.setValue("recent/projects", files[:MAX_RECENT])
        s.sync()

    # --- state ----------------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        return not self.w.doc.undo_stack.isClean() or self._display_dirty

    def _on_clean_changed(self, _clean: bool) -> None:
        if shiboken6.isValid(self.w):  # the undo stack also says so while the window is being deleted
            self._update_title()

    def _on_display_changed(self, _index: int) -> None:
        self._display_dirty = True
        self._update_title()

    def _mark_clean(self) -> None:
        self.w.doc.undo_stack.setClean()
        self._display_dirty = False
        self._update_title()

    def _update_title(self) -> None:
        name = Path(self.path).name if self.path else tr("untitled")
        self.w.setWindowTitle(tr("{name}[*] — convviz").format(name=name))
        self.w.setWindowModified(self.dirty)

    def snapshot(self) -> Project:
        """The session as it is now."""
        opts = self.w.controller.options
        display = {"colormap": opts.colormap, "scope": opts.scope, "centring": opts.centring}
        view = {"selected_layer": self.w.controller.selected}
        state = self.w.doc.state  # the strokes are in the state (drawn, undone and opened with it)
        return Project(state, display, tuple(s.to_dict() for s in state.strokes), view)

    # --- save -----------------------------------------------------------------------------------------

    def save(self) -> bool:
        if self.path is None:
            return self.save_as_dialog()
        return self.save_to(self.path)

    def save_as_dialog(self) -> bool:
        default = Path(self.path).name if self.path else f"session{SUFFIX}"
        path = self.w._ask_save(tr("Save project"), tr(PROJECT_FILTER), default)
        if not path:
            return False
        if not path.lower().endswith(SUFFIX):
            path += SUFFIX
        return self.save_to(path)

    def save_to(self, path: str) -> bool:
        """Write the session atomically; on failure the old file and the session are untouched."""
        try:
            save_project(path, self.snapshot())
        except OSError as exc:
            self.w._show_message(tr("Could not save {path}: {reason}").format(path=path,
                                                                             reason=exc.strerror or exc))
            return False
        self.path = str(path)
        self._mark_clean()
        self._remember(path)
        self.w.statusBar().showMessage(tr("Saved {name}").format(name=Path(path).name), 5000)
        return True

    # --- open -----------------------------------------------------------------------------------------

    def open_dialog(self) -> None:
        if not self.may_discard():
            return
        path = self.w._ask_open(tr("Open project"), tr(PROJECT_FILTER))
        if path:
            self.open(path)

    def open(self, path: str) -> bool:
        """Replace the session by a project's (one undoable step); a bad file changes nothing."""
        try:
            project = load_project(path)
        except ConvvizError as exc:
            self.w._show_error(exc)
            return False
        self.show_project(project, tr("Open project {name}").format(name=Path(path).name))
        self.path = str(path)
        self._mark_clean()
        self._remember(path)
        return True

    def show_project(self, project: Project, text: str) -> None:
        self.w.set_state(project.state, text)
        self.w.show_scene_note(None)
        self.apply_settings(project)

    def apply_settings(self, project: Project) -> None:
        """The project's display settings and selection, set in the toolbar without echoing back."""
        d = project.display
        current = self.w.controller.options
        try:
            options = DisplayOptions(colormap=d["colormap"], scope=d["scope"], centring=d["centring"],
                                     aspect=current.aspect)
        except (KeyError, ValueError):
            options = current
        boxes = {"colormap": self.w.colormap_box, "scope": self.w.scope_box, "centring": self.w.centring_box}
        for key, box in boxes.items():
            with QSignalBlocker(box):
                box.setCurrentIndex(max(0, box.findData(getattr(options, key))))
        self.w.controller.set_options(options)
        selected = project.view.get("selected_layer")
        if isinstance(selected, int) and 0 <= selected < len(project.state.layers):
            self.w.builder.select(selected)

    def adopt(self, project: Project, path: str) -> None:
        """The window was opened on this project (`convviz gui P.convviz`): its settings, path, clean."""
        self.apply_settings(project)
        self.path = str(path)
        self._mark_clean()
        self._remember(path)

    # --- closing, autosave, recovery --------------------------------------------------------------------

    def may_discard(self) -> bool:
        """True when the session may be replaced or closed: nothing unsaved, the user saved or discarded it,
        or the window is quiet (tests, --screenshot). False: the user cancelled."""
        if not self.dirty or getattr(self.w, "quiet", False):
            return True
        answer = QMessageBox.question(
            self.w, tr("convviz"), tr("Save the changes to {name}?").format(
                name=Path(self.path).name if self.path else tr("this session")),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def autosave_path(self) -> Path:
        return cache_dir() / "autosave.convviz"

    def autosave(self) -> Future | None:
        """Write the session to the autosave on a helper thread when it changed since the last autosave."""
        if not self.dirty:
            return None
        project = self.snapshot()
        key = (project.state, project.display.copy())
        if self._autosaved is not None and self._autosaved[0] is key[0] and self._autosaved[1] == key[1]:
            return None
        if self._pending is not None and not self._pending.done():
            return None  # still writing the previous one; the next tick catches up
        if self.path:
            project.view["autosave_of"] = self.path
        self._autosaved = key
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="convviz-autosave")
        target = self.autosave_path()

        signals = self.signals

        def write() -> None:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                save_project(target, project)
            except BaseException as exc:  # noqa: BLE001 (a thread: say it in the window, never lose it)
                from ..crash import describe

                with contextlib.suppress(RuntimeError):  # the window is gone
                    signals.failed.emit(describe(exc)[0])
                raise

        self._pending = self._executor.submit(write)
        return self._pending

    def _autosave_failed(self, reason: str) -> None:
        self._autosaved = None  # try again on the next tick
        text = tr("Autosave failed: {reason}").format(reason=reason)
        self.w.last_message = text
        self.w.statusBar().showMessage(text, 15000)

    def recoverable(self) -> Path | None:
        """The autosave of a session that ended without a clean exit, or None."""
        auto, marker = self.autosave_path(), cache_dir() / "clean-exit"
        try:
            if not auto.is_file():
                return None
            if marker.exists() and marker.stat().st_mtime >= auto.stat().st_mtime:
                return None
        except OSError:
            return None
        return auto

    def offer_recovery(self) -> bool:
        """At start: offer the autosave of a crashed session; True when it was opened."""
        auto = self.recoverable()
        if auto is None or getattr(self.w, "quiet", False):
            return False
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(auto.stat().st_mtime))
        answer = QMessageBox.question(
            self.w, tr("convviz"),
            tr("convviz did not close normally last time. Recover the session autosaved at {when}?").format(
                when=when))
        if answer != QMessageBox.StandardButton.Yes:
            with contextlib.suppress(OSError):
                auto.unlink()
            return False
        return self.recover(auto)

    def recover(self, auto: Path) -> bool:
        try:
            project = load_project(auto)
        except ConvvizError as exc:
            self.w._show_error(exc)
            return False
        self.show_project(project, tr("Recover the autosaved session"))
        self.path = None  # saving asks where: the autosave is not the user's file
        self._display_dirty = True  # recovered work is unsaved work
        self._update_title()
        return True

    def shutdown(self, clean: bool = True) -> None:
        """The window closes: stop autosaving; a clean exit removes the autosave and leaves its marker."""
        self.autosave_timer.stop()
        if not self._connected:
            return
        self._connected = False
        self.w.doc.undo_stack.cleanChanged.disconnect(self._on_clean_changed)
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
        if not clean:
            return
        with contextlib.suppress(OSError):
            self.autosave_path().unlink(missing_ok=True)
            marker = cache_dir() / "clean-exit"
            marker.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(marker, b"")  # every file convviz writes goes through the one writer
