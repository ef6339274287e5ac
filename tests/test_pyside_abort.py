"""PySide6-Essentials 6.12 on CPython < 3.12 aborts after a few thousand void Qt calls (none_dealloc).

pytest can report "passed" and the process still exit 134, so the reproducer runs in its own process.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

REPRODUCER = """
from PySide6.QtCore import QObject
for _ in range(100_000):
    QObject().setObjectName("x")
print("survived")
"""


def crashing_combination(pyside_version: str, python: tuple[int, int]) -> bool:
    major, minor = (int(p) for p in re.findall(r"\d+", pyside_version)[:2])
    return (major, minor) == (6, 12) and python < (3, 12)


def test_many_void_qt_calls_do_not_abort_the_process():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", REPRODUCER], capture_output=True, text=True, env=env,
                          timeout=120)
    assert proc.returncode == 0, (proc.returncode, proc.stderr[-2000:])
    assert proc.stdout.strip() == "survived"
    assert "none_dealloc" not in proc.stderr


def test_the_installed_pyside6_is_not_the_crashing_combination():
    import PySide6

    assert not crashing_combination(PySide6.__version__, sys.version_info[:2]), (
        f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} aborts after many void calls; "
        "pin PySide6-Essentials<6.12 on Python < 3.12")


def test_the_check_knows_the_crashing_combination():
    assert crashing_combination("6.12.0", (3, 11))
    assert crashing_combination("6.12.1", (3, 10))
    assert not crashing_combination("6.12.0", (3, 12))
    assert not crashing_combination("6.11.3", (3, 11))
    assert not crashing_combination("6.1.2", (3, 11))
