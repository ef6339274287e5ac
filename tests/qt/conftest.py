"""Shared checks for every widget test: no Qt warnings, no leaked top-level widgets, no leaked threads."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

#: Messages of the offscreen platform that say nothing about the code under test.
HARMLESS_QT_MESSAGES = ("propagateSizeHints",)


@pytest.fixture(autouse=True)
def qt_checks(qapp):
    """Fail a test that makes Qt print a warning or leaves a visible top-level widget behind."""
    messages: list[str] = []

    def handler(kind, context, text):
        if kind != QtMsgType.QtDebugMsg and not any(h in text for h in HARMLESS_QT_MESSAGES):
            messages.append(text)

    before = set(map(id, QApplication.topLevelWidgets()))
    threads_before = {t.ident for t in threading.enumerate()}
    previous = qInstallMessageHandler(handler)
    yield
    qapp.processEvents()
    qInstallMessageHandler(previous)
    assert not messages, messages
    leaked = [w for w in QApplication.topLevelWidgets() if id(w) not in before and w.isVisible()]
    assert not leaked, leaked
    deadline = time.monotonic() + 2.0
    while True:
        extra = [t for t in threading.enumerate() if t.ident not in threads_before and t.is_alive()]
        if not extra or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    assert not extra, f"threads left running: {extra}"
