"""The Russian UI: the catalogue is complete and compiled, the window shows no English in Russian, the language
switches without a restart and keeps the session."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDockWidget, QGroupBox, QLabel, QMenu, QTabWidget

from convviz.qt import language
from convviz.qt.main_window import MainWindow
from convviz.scene import LECTURE_SCENES, builtin_scene
from tools import i18n  # the checkout's catalogue tool (pytest puts the checkout on sys.path)

pytestmark = pytest.mark.usefixtures("qt_checks")

ROOT = Path(__file__).resolve().parents[2]

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def test_every_string_has_a_finished_russian_translation():
    messages, problems = i18n.extract()
    ts = i18n.read_ts()
    assert not problems, problems
    missing = [f"{ctx}: {src!r} ({where[0]})" for (ctx, src), where in messages.items()
               if not ts.get((ctx, src), ("", False))[1]]
    assert not missing, ("strings without a finished Russian translation — run `python tools/i18n.py update`, "
                         "translate them in resources/i18n/convviz_ru.ts, then `python tools/i18n.py release`:\n"
                         + "\n".join(missing))
    assert len(messages) > 400  # the extractor still finds the window's strings


def test_translations_keep_every_placeholder():
    bad = [src for (_ctx, src), (text, done) in i18n.read_ts().items()
           if done and set(PLACEHOLDER.findall(src)) != set(PLACEHOLDER.findall(text))]
    assert not bad, bad


def test_plural_strings_have_the_english_and_the_russian_number_of_forms():
    """tr_n text is "one|other" in English, "one|few|many" in Russian, and every form keeps every placeholder."""
    messages, _ = i18n.extract()
    ts = i18n.read_ts()
    plural = {key: ts[key][0] for key, where in messages.items() if any(w.endswith(i18n.PLURAL_MARK) for w in where)}
    assert len(plural) >= 6
    for (_ctx, src), text in plural.items():
        forms, ru = src.split("|"), text.split("|")
        assert len(forms) == 2 and len(ru) == 3, src
        assert all(set(PLACEHOLDER.findall(f)) == set(PLACEHOLDER.findall(forms[0])) for f in forms + ru), src


def test_russian_counts_take_their_plural_forms(russian, qapp):
    from convviz.qt.text import tr_n

    forms = "{params} param|{params} params"
    assert [tr_n(forms, n).format(params=n) for n in (1, 3, 5, 11, 21, 5994)] == [
        "1 параметр", "3 параметра", "5 параметров", "11 параметров", "21 параметр", "5994 параметра"]
    language.install_language("en")
    assert [tr_n(forms, n).format(params=n) for n in (1, 5994)] == ["1 param", "5994 params"]


@pytest.mark.skipif(not Path(i18n.lrelease()).exists() and shutil.which("pyside6-lrelease") is None,
                    reason="pyside6-lrelease not installed")
def test_committed_qm_is_compiled_from_the_ts(tmp_path):
    out = tmp_path / "convviz_ru.qm"
    i18n.release(i18n.TS, out)
    assert out.read_bytes() == i18n.QM.read_bytes(), "stale .qm: run `python tools/i18n.py release`"


def test_the_qm_is_installed_with_the_package():
    text = (ROOT / "pyproject.toml").read_text()
    assert '"**/*.qm"' in text


@pytest.fixture
def russian(qapp):
    language.install_language("ru")
    yield
    language.install_language("en")


@pytest.fixture
def window(qtbot):
    def make(scene=LECTURE_SCENES[2]) -> MainWindow:
        win = MainWindow(builtin_scene(scene), mode="sync", debounce_ms=0)
        win.quiet = True
        qtbot.addWidget(win)
        win.show()
        return win

    return make


def visible_texts(win) -> list[str]:
    """What the window says: labels, buttons, menus and their actions, docks, combo items, tooltips."""
    texts = [win.windowTitle()]
    for w in win.findChildren(QLabel):
        texts.append(w.text())
    for w in win.findChildren(QAbstractButton):
        texts += [w.text(), w.toolTip()]
    for w in win.findChildren(QDockWidget):
        texts.append(w.windowTitle())
    for w in win.findChildren(QGroupBox):
        texts.append(w.title())
    for w in win.findChildren(QTabWidget):
        texts += [w.tabText(i) for i in range(w.count())]
    for w in win.findChildren(QComboBox):
        texts += [w.itemText(i) for i in range(w.count())] + [w.toolTip()]
    for w in win.findChildren(QMenu):
        texts.append(w.title())
    for a in win.findChildren(QAction):
        texts += [a.text(), a.toolTip() if a.toolTip() != a.text().replace("&", "") else ""]
    return [t for t in texts if t]


#: Latin words the Russian UI keeps: names, symbols and the lecture's own English terms
LATIN_OK = {
    "convviz", "conv", "relu", "relu1", "relu2", "max", "avg", "leaky", "tanh", "png", "svg", "npz", "npy", "json",
    "jpg", "jpeg", "bmp", "gif", "tif", "tiff", "webp", "pt", "pth", "py", "pytorch", "numpy", "state_dict",
    "rgb", "f_out", "h_k", "w_k", "f_in", "k_h", "k_w", "c_in", "same", "valid", "he", "xavier", "fan", "in",
    "ctrl", "shift", "alt", "del", "delete", "up", "down", "esc", "english", "sobel", "gabor", "qt", "for",
    "python", "pyside6", "lgpl", "bsd", "mit", "pyqtgraph", "float32", "conv1", "conv2", "pool", "pooling",
    "average", "weighted", "viridis", "magma", "coolwarm", "softmax", "exp", "logits", "h", "w", "c", "f", "x",
    "y", "b", "d", "n", "s", "_lang", "convviz_lang", "wᵀx", "adam", "sgd", "groups", "pgup", "pgdown", "home",
    "end", "return", "enter", "space", "tab",
}


def english_words(text: str) -> list[str]:
    text = re.sub(r"<[^>]+>|&\w+;|`[^`]*`", " ", text)  # rich-text tags, entities, commands to type
    words = re.findall(r"[A-Za-z_][A-Za-z_0-9ᵀ]*", text)
    return [w for w in words if w.lower() not in LATIN_OK
            and not re.fullmatch(r"[fc]\d+|[A-Za-z]|(conv|relu|pool)\d+", w, re.IGNORECASE)]


@pytest.mark.parametrize("scene", [LECTURE_SCENES[0], LECTURE_SCENES[6]], ids=lambda s: s.key)
def test_the_russian_window_has_no_english_left(russian, window, scene):
    win = window(scene)
    win.present_scene(scene)
    win.teaching.show_counting()
    leftovers = sorted({t for t in visible_texts(win) if english_words(t)})
    assert not leftovers, leftovers


def test_the_language_switches_without_a_restart_and_keeps_the_session(qapp, qtbot, window):
    win = window(LECTURE_SCENES[3])
    win.present_scene(LECTURE_SCENES[3])
    state = win.doc.state
    assert win.menuBar().actions()[0].text() == "&File"
    try:
        new = language.switch_language(win, "ru")
        qtbot.addWidget(new)
        assert new is not win and not win.isVisible() and new.isVisible()
        assert language.current_language() == "ru"
        assert new.menuBar().actions()[0].text() == "&Файл"
        assert new.doc.state is state  # the same stack, weights and input
        assert new.current_scene is LECTURE_SCENES[3] and "Слайд 8" in new.scene_note.text()
        back = language.switch_language(new, "en")
        qtbot.addWidget(back)
        assert back.menuBar().actions()[0].text() == "&File" and back.doc.state is state
    finally:
        language.install_language("en")


def test_the_language_switch_keeps_the_undo_history_and_the_saved_point(qapp, qtbot, window):
    from dataclasses import replace

    win = window(LECTURE_SCENES[0])
    first = win.doc.state
    layers = list(first.layers)
    win.doc.apply(replace(first, layers=tuple([replace(layers[0], filters=2)] + layers[1:])), "two filters")
    win.doc.undo_stack.setClean()  # as a save does
    saved = win.doc.state
    win.doc.apply(replace(saved, layers=tuple([replace(layers[0], filters=3)] + layers[1:])), "three filters")
    win.doc.apply(replace(saved, layers=tuple([replace(layers[0], filters=4)] + layers[1:])), "four filters")
    win.doc.undo_stack.undo()  # back on "three filters", "four filters" redoable
    current = win.doc.state
    try:
        new = language.switch_language(win, "ru")
        qtbot.addWidget(new)
        stack = new.doc.undo_stack
        assert new.doc.state is current
        assert (stack.count(), stack.index(), stack.cleanIndex()) == (3, 2, 1)
        assert not stack.isClean() and new.project_actions.dirty
        seen = []
        new.doc.changed.connect(seen.append)
        stack.undo()
        assert new.doc.state is saved and stack.isClean() and seen == [saved]
        stack.undo()
        assert new.doc.state is first
        stack.redo(), stack.redo(), stack.redo()
        assert new.doc.state.layers[0].filters == 4 and stack.text(2) == "four filters"
    finally:
        language.install_language("en")


def test_language_order_env_then_menu_then_system(monkeypatch):
    monkeypatch.delenv("CONVVIZ_LANG", raising=False)
    assert language.choose_language(use_settings=True) == language.system_language()
    language.remember_language("ru")
    assert language.choose_language(use_settings=True) == "ru"
    assert language.choose_language(use_settings=False) == language.system_language()  # --screenshot, tests
    monkeypatch.setenv("CONVVIZ_LANG", "en_GB.UTF-8")
    assert language.choose_language(use_settings=True) == "en"
    assert language.normalise("ru_RU.UTF-8") == "ru" and language.normalise("de") is None


def test_screenshot_in_russian_writes_no_settings(tmp_path, monkeypatch):
    import os

    out = tmp_path / "ru.png"
    env = dict(os.environ, CONVVIZ_LANG="ru", QT_QPA_PLATFORM="offscreen")
    res = subprocess.run([sys.executable, "-m", "convviz", "gui", "--screenshot", str(out)], env=env,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert out.stat().st_size > 10_000
    assert not (Path(os.environ["CONVVIZ_CONFIG_DIR"]) / "convviz.ini").exists()


def test_a_memory_refusal_reads_whole_in_russian(russian):
    from convviz.core.budget import check_request
    from convviz.core.errors import ConvvizError
    from convviz.core.layers import Conv2D, infer_shapes
    from convviz.qt.errors_text import error_text

    layers = [Conv2D(64, (3, 3))]
    with pytest.raises(ConvvizError) as info:
        check_request((4096, 4096, 3), infer_shapes((4096, 4096, 3), layers), layers, limit=1 << 20)
    text = error_text(info.value, layers)
    assert text.startswith("этот запрос: нужно") and "слой 0" in text, text
