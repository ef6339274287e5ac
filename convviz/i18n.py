"""The translation hook of Qt-free text (the CLI's tables, the instruments' plain-text renderings).

``core`` and ``instruments`` never import Qt, yet their text must follow the UI's language: they call
:func:`translate` (which tools/i18n.py extracts like Qt's own), and whoever knows the language installs the lookup —
the window QCoreApplication.translate, the CLI a QTranslator loaded from the same .qm (:func:`use_language`).
"""

from __future__ import annotations

import os
from collections.abc import Callable

LANGUAGES = ("en", "ru")

_lookup: Callable[[str, str], str] | None = None


def translate(context: str, text: str) -> str:
    """``text`` in the installed language (English, the source, when none is installed or it has no translation)."""
    return (_lookup(context, text) or text) if _lookup is not None else text


def plural(forms: str, n: int) -> str:
    """The form of ``forms`` for the count ``n``: ``"one|other"`` (English, the source) or ``"one|few|many"``
    (Russian: 1, 21 → one; 2–4, 22 → few; 5–20, 11–14, 0 → many). A translation carries its own language's forms,
    so how many there are says which rule applies; text without ``|`` is returned as it is."""
    parts = forms.split("|")
    n = abs(int(n))
    if len(parts) == 3:
        i = 0 if n % 10 == 1 and n % 100 != 11 else 1 if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else 2
    elif len(parts) == 2:
        i = 0 if n == 1 else 1
    else:
        i = 0
    return parts[i]


def install(lookup: Callable[[str, str], str] | None) -> None:
    global _lookup
    _lookup = lookup


def normalise(lang: str | None) -> str | None:
    """"ru_RU.UTF-8" → "ru"; None for a language convviz does not have."""
    if not lang:
        return None
    code = lang.replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else None


def cli_language(given: str | None) -> str:
    """The CLI's language: ``--lang``, else CONVVIZ_LANG, else English (never the settings nor the locale, so a
    script's output does not depend on the machine)."""
    return normalise(given) or normalise(os.environ.get("CONVVIZ_LANG")) or "en"


def use_language(lang: str) -> str:
    """Install ``lang``'s lookup from the compiled .qm (the bundle ships the .qm, not the .ts). Needs no
    QCoreApplication: a standalone QTranslator answers ``translate`` by itself."""
    if lang == "en":
        install(None)
        return lang
    from PySide6.QtCore import QTranslator

    from .scene import resource_path

    translator = QTranslator()
    if not translator.load(str(resource_path("i18n", f"convviz_{lang}.qm"))):
        install(None)
        return "en"
    install(lambda context, text: translator.translate(context, text))
    return lang
