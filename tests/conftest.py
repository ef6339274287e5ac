import os

# Every test runs without a screen; pyqtgraph must pick PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")


import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _private_user_folders(tmp_path_factory, monkeypatch):
    """Autosaves, the clean-exit marker and recent files go to a temporary folder, never the user's."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("CONVVIZ_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("CONVVIZ_CONFIG_DIR", str(base / "config"))
