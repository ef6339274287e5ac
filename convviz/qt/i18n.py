"""Every user-visible string passes through here (English source text; translations load as .qm files)."""

from PySide6.QtCore import QCoreApplication

CONTEXT = "convviz"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)
