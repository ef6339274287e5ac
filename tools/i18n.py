"""The translation catalogue: extract every user-visible English string, update the .ts, compile the .qm.

    python tools/i18n.py update     # resources/i18n/convviz_ru.ts: new strings added unfinished, gone ones dropped
    python tools/i18n.py release    # pyside6-lrelease → resources/i18n/convviz_ru.qm (committed)
    python tools/i18n.py check      # strings without a finished translation (exit 1 if any)

Why not ``pyside6-lupdate`` alone: the window's text goes through a module-level ``tr()`` (context "convviz") and
``QCoreApplication.translate("errors", …)``; lupdate files a bare ``tr()`` under the enclosing class (or no
context), and it cannot see strings that live in data — the engine's error templates (``core`` never imports
Qt), the lecture scenes' titles and notes, the undo steps' names of :mod:`convviz.edits`. This reads the same
calls from the syntax tree, adds those data sources, and writes a standard .ts (no line numbers, so edits
elsewhere in a file do not churn it) that Qt Linguist opens and ``pyside6-lrelease`` compiles.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "i18n" / "convviz_ru.ts"
QM = TS.with_suffix(".qm")
SOURCES = ROOT / "convviz"


#: strings of libraries that translate through Qt and show up in convviz's window
THIRD_PARTY = (("GraphicsScene", "Export..."), ("ImageView", "Export"))


@dataclass(frozen=True)
class Found:
    context: str
    source: str
    where: str  # file:line, for reports


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _call_name(node: ast.Call) -> str:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


#: appended to where a tr_n() string was found: its text is "one|other", its Russian "one|few|many"
PLURAL_MARK = " (plural)"


def scan_file(path: Path) -> tuple[list[Found], list[str]]:
    """The literal strings passed to tr()/_t()/translate()/QT_TRANSLATE_NOOP()/Edit(); and the f-strings passed to
    tr() (their text cannot be looked up: a bug)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    rel = path.relative_to(ROOT).as_posix()
    found: list[Found] = []
    bad: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        where = f"{rel}:{node.lineno}"
        if (name == "tr" and len(node.args) == 1) or (name == "tr_n" and len(node.args) == 2):
            text = _literal(node.args[0])
            if text is not None:  # a plural's place says so: its forms are checked (see PLURAL_MARK)
                found.append(Found("convviz", text, where + (PLURAL_MARK if name == "tr_n" else "")))
            elif isinstance(node.args[0], ast.JoinedStr):
                bad.append(f"{where}: tr() of an f-string")
        elif name == "_t" and len(node.args) == 1:  # the CLI's text (convviz.i18n.translate, context "text")
            text = _literal(node.args[0])
            if text is not None:
                found.append(Found("text", text, where))
            elif isinstance(node.args[0], ast.JoinedStr):
                bad.append(f"{where}: _t() of an f-string")
        elif name in ("translate", "QT_TRANSLATE_NOOP") and len(node.args) >= 2:
            ctx, text = _literal(node.args[0]), _literal(node.args[1])
            if ctx is not None and text is not None:
                found.append(Found(ctx, text, where))
            elif ctx is not None and isinstance(node.args[1], ast.JoinedStr):
                bad.append(f"{where}: translate() of an f-string")
        elif name == "Edit" and len(node.args) >= 2:  # convviz.edits: the undo step's name, translated by tr
            text = _literal(node.args[1])
            if text is not None:
                found.append(Found("convviz", text, where))
        # short fragments of error messages ("a positive integer") that errors_text translates
        for kw in node.keywords:
            if kw.arg in ("expected", "detail") and (text := _literal(kw.value)) is not None \
                    and name in ("ConvvizError", "InstrumentError", "_bad", "bad", "_error"):
                found.append(Found("errors", text, where))
            if kw.arg == "what" and name == "check_items" and (text := _literal(kw.value)) is not None:
                found.append(Found("errors", text, where))  # "training needs 2 GiB …": the subject
    return found, bad


def data_strings() -> list[Found]:
    """Strings kept in data rather than in calls: engine error templates, lecture scenes."""
    sys.path.insert(0, str(ROOT))
    from convviz.core import errors
    from convviz.instruments import _common
    from convviz.scene import LECTURE_SCENES

    out = [Found("errors", t, "convviz/core/errors.py TEMPLATES") for t in errors.TEMPLATES.values()]
    out += [Found("errors", t, "convviz/instruments/_common.py TEMPLATES") for t in _common.TEMPLATES.values()]
    # pyqtgraph's own menu entries that reach the window (a right-click on a plot)
    out += [Found(ctx, text, "pyqtgraph") for ctx, text in THIRD_PARTY]
    for scene in LECTURE_SCENES:
        out.append(Found("convviz", scene.title, f"convviz/scene.py {scene.key}"))
        if scene.note:
            out.append(Found("convviz", scene.note, f"convviz/scene.py {scene.key}"))
    return out


def extract() -> tuple[dict[tuple[str, str], list[str]], list[str]]:
    """(context, source) → where it occurs; and the problems found."""
    messages: dict[tuple[str, str], list[str]] = {}
    problems: list[str] = []
    for path in sorted(SOURCES.rglob("*.py")):
        found, bad = scan_file(path)
        problems += bad
        for f in found:
            messages.setdefault((f.context, f.source), []).append(f.where)
    for f in data_strings():
        messages.setdefault((f.context, f.source), []).append(f.where)
    return messages, problems


def read_ts(path: Path = TS) -> dict[tuple[str, str], tuple[str, bool]]:
    """(context, source) → (translation, finished)."""
    if not path.exists():
        return {}
    out = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr_el = msg.find("translation")
            text = (tr_el.text or "") if tr_el is not None else ""
            finished = tr_el is not None and tr_el.get("type") not in ("unfinished", "vanished", "obsolete")
            out[(name, msg.findtext("source") or "")] = (text, finished and bool(text))
    return out


def write_ts(entries: dict[tuple[str, str], tuple[str, bool]], path: Path = TS) -> None:
    root = ET.Element("TS", version="2.1", language="ru_RU", sourcelanguage="en")
    for context in sorted({c for c, _ in entries}):
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = context
        for (c, source), (text, finished) in sorted(entries.items()):
            if c != context:
                continue
            msg = ET.SubElement(ctx, "message")
            ET.SubElement(msg, "source").text = source
            el = ET.SubElement(msg, "translation")
            el.text = text
            if not finished:
                el.set("type", "unfinished")
    ET.indent(root, "    ")
    body = ET.tostring(root, encoding="unicode")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def update() -> int:
    messages, problems = extract()
    old = read_ts()
    entries = {key: old.get(key, ("", False)) for key in messages}
    write_ts(entries)
    gone = len(set(old) - set(messages))
    todo = sum(1 for _, done in entries.values() if not done)
    print(f"{TS.relative_to(ROOT)}: {len(entries)} messages, {todo} unfinished, {gone} dropped")
    for p in problems:
        print("problem:", p)
    return 0


def lrelease() -> str:
    exe = shutil.which("pyside6-lrelease")
    if exe is None:
        import PySide6

        exe = str(Path(PySide6.__file__).parent / "lrelease")
    return exe


def release(ts: Path = TS, qm: Path = QM) -> None:
    subprocess.run([lrelease(), "-silent", "-nounfinished", str(ts), "-qm", str(qm)], check=True)


def check() -> int:
    messages, problems = extract()
    ts = read_ts()
    missing = [f"{c}: {s!r} ({where[0]})" for (c, s), where in sorted(messages.items())
               if not ts.get((c, s), ("", False))[1]]
    for line in problems + missing:
        print(line)
    return 1 if problems or missing else 0


if __name__ == "__main__":
    verb = sys.argv[1] if len(sys.argv) > 1 else "check"
    if verb == "update":
        sys.exit(update())
    if verb == "release":
        release()
        sys.exit(0)
    sys.exit(check())
