"""Shared checks for widget tests: opt in with ``pytestmark = pytest.mark.usefixtures("qt_checks")``."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

#: Messages of the offscreen platform that say nothing about the code under test.
HARMLESS_QT_MESSAGES = ("propagateSizeHints",)


@pytest.fixture
def qt_checks(qapp):
    """Fail a test that makes Qt print a warning or leaves a visible top-level widget behind."""
    messages: list[str] = []

    def handler(kind, context, text):
        if kind != QtMsgType.QtDebugMsg and not any(h in text for h in HARMLESS_QT_MESSAGES):
            messages.append(text)

    before = set(map(id, QApplication.topLevelWidgets()))
    previous = qInstallMessageHandler(handler)
    yield
    qapp.processEvents()
    qInstallMessageHandler(previous)
    assert not messages, messages
    leaked = [w for w in QApplication.topLevelWidgets() if id(w) not in before and w.isVisible()]
    assert not leaked, leaked
