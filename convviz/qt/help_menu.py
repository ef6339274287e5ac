"""The Settings and Help menus: the UI language, resetting what is remembered, the lecture's scenes, the guided
tour, the keyboard shortcuts and About (version, licence, where the numbers come from)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QTableWidget, QTableWidgetItem, QVBoxLayout

from .. import __version__
from ..scene import LECTURE_SCENES
from . import language, prefs
from .text import tr

if TYPE_CHECKING:
    from .main_window import MainWindow


class HelpMenus:
    def __init__(self, window: MainWindow) -> None:
        self.w = window
        mb = window.menuBar()
        settings_menu = mb.addMenu(tr("&Settings"))
        lang_menu = settings_menu.addMenu(tr("&Language"))
        lang_menu.setObjectName("language-menu")
        lang_menu.setToolTipsVisible(True)
        group = QActionGroup(window)
        self.language_actions: dict[str, QAction] = {}
        current = language.current_language()
        for code, name in language.LANGUAGES.items():
            act = QAction(name, window, checkable=True)  # each language in its own words
            act.setChecked(code == current)
            act.setToolTip(tr("Applies at once; remembered for the next start (CONVVIZ_LANG overrides it)"))
            act.triggered.connect(lambda _c=False, c=code: self.set_language(c))
            group.addAction(act)
            lang_menu.addAction(act)
            self.language_actions[code] = act
        settings_menu.addSeparator()
        window._action(settings_menu, tr("&Reset settings…"), self.reset_settings)

        help_menu = mb.addMenu(tr("&Help"))
        scenes = help_menu.addMenu(tr("Lecture &scenes"))
        scenes.setToolTipsVisible(True)
        for scene in LECTURE_SCENES:
            act = scenes.addAction(tr(scene.title))
            act.setToolTip(tr(scene.note))
            act.triggered.connect(lambda _c=False, s=scene: window.open_builtin(s))
        self.tour_action = window._action(help_menu, tr("Guided &tour"), self.show_tour)
        window._action(help_menu, tr("&Keyboard shortcuts"), self.show_shortcuts, "F1")
        help_menu.addSeparator()
        window._action(help_menu, tr("&About convviz"), self.about)

    def set_language(self, code: str) -> None:
        language.switch_language(self.w, code)

    def show_tour(self) -> None:
        from .tour import show_tour

        show_tour(self.w)

    def reset_settings(self) -> None:
        w = self.w
        if not getattr(w, "quiet", False):
            answer = QMessageBox.question(w, tr("convviz"), tr(
                "Forget the window layout, language, colormap, recent scenes and projects, and show the tour "
                "again at the next start?"))
            if answer != QMessageBox.StandardButton.Yes:
                return
        prefs.reset()
        w.use_settings_reset = True  # closing must not write the layout back
        w.statusBar().showMessage(tr("Settings reset: the next start uses the defaults."), 8000)

    def shortcuts(self) -> list[tuple[str, str]]:
        """(what, keys) for every menu action with a shortcut, then the views' mouse and keys."""
        rows = []
        for act in self.w.findChildren(QAction):
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts() if not k.isEmpty()]
            if keys and act.text():
                rows.append((act.text().replace("&", "").rstrip("…"), ", ".join(keys)))
        rows.sort(key=lambda r: r[0].lower())
        rows += [
            (tr("Read a value"), tr("hover over a map")),
            (tr("Inspect a unit: its window, products and sum"), tr("click a map")),
            (tr("Move the inspected unit"), tr("arrow keys")),
            (tr("Show one map or kernel alone, with its numbers"), tr("double-click; Esc goes back")),
        ]
        return rows

    def show_shortcuts(self) -> QDialog:
        dialog = QDialog(self.w)
        dialog.setObjectName("shortcuts")
        dialog.setWindowTitle(tr("Keyboard shortcuts"))
        rows = self.shortcuts()
        table = QTableWidget(len(rows), 2, dialog)
        table.setHorizontalHeaderLabels([tr("Action"), tr("Keys")])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (what, keys) in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(what))
            table.setItem(r, 1, QTableWidgetItem(keys))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(dialog)
        layout.addWidget(table)
        dialog.resize(560, 520)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def about_text(self) -> str:
        return tr(
            "<h3>convviz {version}</h3><p>convviz makes the convolutional layer something you can see, touch and "
            "count: convolution → detector nonlinearity → pooling, live.</p><p>Every number on screen and in the "
            "figures is computed by convviz's own NumPy engine (float32, tensors H × W × C) from the network, "
            "weights and input shown; the tests check it against plain loops. Where the lecture's slides are off "
            "(slide 3: 6913 → 6948 parameters, slide 6: 270 → 160 neurons), convviz gives the correct count and "
            "says why.</p><p>Licence: MIT. Qt for Python (PySide6) under the LGPL v3, pyqtgraph and NumPy under "
            "their BSD-style licences.</p>").format(version=__version__)

    def about(self) -> None:
        QMessageBox.about(self.w, tr("About convviz"), self.about_text())
