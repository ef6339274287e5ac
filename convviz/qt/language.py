"""The UI language: which one (CONVVIZ_LANG, else the menu's remembered choice, else the system's), loading its
translators (convviz_<lang>.qm and Qt's own qtbase_<lang>.qm for standard buttons and file dialogs), and switching
it while the window is open.

Switching rebuilds the window from its session rather than re-translating each widget on ``LanguageChange``: every
widget sets its text once, from ``tr()``, when it is built, and a dozen panels (some built by other modules) would
each need a ``retranslate`` kept in step with their constructors. A rebuild translates everything by construction;
it keeps the stack, weights, input, display settings, selection, the open scene's note, the window's geometry and
docks, the project path, whether it is saved, and the undo history (its steps keep the names they were made with).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..scene import resource_path

if TYPE_CHECKING:
    from .main_window import MainWindow

#: language code → its own name (a language menu names each language in itself)
LANGUAGES = {"en": "English", "ru": "Русский"}
SETTINGS_KEY = "ui/language"


def normalise(lang: str | None) -> str | None:
    """"ru_RU.UTF-8" → "ru"; None for a language convviz does not have."""
    if not lang:
        return None
    code = lang.replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else None


def system_language() -> str:
    return normalise(QLocale.system().name()) or "en"


def env_language() -> str | None:
    return normalise(os.environ.get("CONVVIZ_LANG"))


def saved_language() -> str | None:
    from .project_actions import settings

    value = settings().value(SETTINGS_KEY, "")
    return normalise(value if isinstance(value, str) else None)


def choose_language(*, use_settings: bool) -> str:
    """CONVVIZ_LANG overrides the menu's choice, which overrides the system locale. ``use_settings`` False (a
    --screenshot run, tests): the settings are not read."""
    return env_language() or (saved_language() if use_settings else None) or system_language()


def remember_language(lang: str) -> None:
    from .project_actions import settings

    s = settings()
    s.setValue(SETTINGS_KEY, lang)
    s.sync()


def current_language() -> str:
    """The language the UI is in now (what :func:`install_language` last installed)."""
    app = QCoreApplication.instance()
    return getattr(app, "_convviz_language", None) or env_language() or system_language()


def install_language(lang: str) -> str:
    """Replace the application's translators by ``lang``'s; English needs none. Returns the language installed."""
    app = QCoreApplication.instance()
    lang = normalise(lang) or "en"
    for old in getattr(app, "_convviz_translators", ()):
        app.removeTranslator(old)
    translators = []
    if lang != "en":
        qm = resource_path("i18n", f"convviz_{lang}.qm")
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for path in (str(qm), os.path.join(qt_dir, f"qtbase_{lang}.qm")):
            t = QTranslator(app)
            if os.path.exists(path) and t.load(path):
                app.installTranslator(t)
                translators.append(t)
    app._convviz_translators = translators  # keep them alive
    app._convviz_language = lang
    return lang


def switch_language(window: MainWindow, lang: str) -> MainWindow:
    """Remember ``lang``, install it and rebuild the window in it; returns the new window (the old one closes)."""
    if not getattr(window, "quiet", False):
        remember_language(lang)
    if lang == current_language():
        return window
    install_language(lang)
    return rebuild_window(window)


def rebuild_window(old: MainWindow) -> MainWindow:
    """A new window on the old one's session, in the language installed now; the old one is closed quietly."""
    from .main_window import MainWindow

    actions = old.project_actions
    project = actions.snapshot()
    mode, debounce_ms = old.compute_mode
    new = MainWindow(old.doc.state, mode=mode, debounce_ms=debounce_ms)
    new.quiet = getattr(old, "quiet", False)
    new.use_settings = old.use_settings
    new.project_actions.apply_settings(project)
    new.project_actions.path = actions.path
    new.doc.adopt_history(old.doc)
    new.project_actions._display_dirty = actions._display_dirty  # unsaved display settings stay unsaved
    new.project_actions._update_title()
    new.show_scene_note(getattr(old, "current_scene", None))
    new.restoreGeometry(old.saveGeometry())
    new.restoreState(old.saveState())
    app = QCoreApplication.instance()
    app._convviz_window = new
    if old.use_settings:  # exceptions are reported in the window that is on screen now
        from .app import install_error_hooks

        install_error_hooks(new)
    if old.isVisible():
        new.show()
    old.quiet = True  # no unsaved-changes prompt: the session lives on in the new window
    actions.shutdown(clean=False)
    old.close()
    old.deleteLater()
    return new
