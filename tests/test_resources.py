"""resources/ is found from a checkout, an installed package and a PyInstaller bundle, through one helper."""

from __future__ import annotations

import fnmatch
import importlib.util
import shutil
import sys
import tomllib
from pathlib import Path

import pytest

import convviz.resource_files as resource_files
from convviz.scene import DEFAULT_SCENE, LECTURE_SCENES, builtin_scene

ROOT = Path(__file__).resolve().parents[1]
HELPER = Path(resource_files.__file__)


def load_helper_from(package_dir: Path):
    """The helper module as if it were imported from ``package_dir`` (a fake install or checkout)."""
    package_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(HELPER, package_dir / "resource_files.py")
    spec = importlib.util.spec_from_file_location(f"fake_{abs(hash(package_dir))}", package_dir / "resource_files.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_resources(base: Path) -> Path:
    (base / "scenes").mkdir(parents=True)
    (base / "scenes" / "default.json").write_text("{}")
    return base


def test_every_builtin_scene_resolves_and_loads():
    for scene in (*LECTURE_SCENES, DEFAULT_SCENE):
        assert resource_files.resource_path("scenes", scene.file).is_file(), scene.file
        assert builtin_scene(scene).network.layers


def test_this_checkout_resolves_to_its_own_resources():
    assert resource_files.resources_dir() == ROOT / "resources"


def test_installed_layout_finds_resources_inside_the_package(tmp_path):
    site = tmp_path / "site-packages"
    inside = make_resources(site / "convviz" / "resources")
    make_resources(tmp_path / "elsewhere" / "resources")  # unrelated folders are never looked at
    helper = load_helper_from(site / "convviz")
    assert helper.resources_dir() == inside
    assert helper.resource_path("scenes", "default.json").read_text() == "{}"


def test_checkout_layout_finds_resources_beside_the_package(tmp_path):
    beside = make_resources(tmp_path / "checkout" / "resources")
    helper = load_helper_from(tmp_path / "checkout" / "convviz")
    assert helper.resources_dir() == beside


def test_pyinstaller_bundle_wins(tmp_path, monkeypatch):
    make_resources(tmp_path / "checkout" / "resources")
    bundled = make_resources(tmp_path / "bundle" / "convviz" / "resources")
    helper = load_helper_from(tmp_path / "checkout" / "convviz")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    assert helper.resources_dir() == bundled


def test_no_resources_is_a_clear_error(tmp_path):
    helper = load_helper_from(tmp_path / "lonely" / "convviz")
    with pytest.raises(FileNotFoundError, match="convviz resources not found in .*lonely"):
        helper.resource_path("scenes", "default.json")


def test_every_resource_file_is_installed_as_package_data():
    """A resource added without a matching package-data glob works in the checkout but not in a wheel."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert setuptools["package-dir"]["convviz.resources"] == "resources"
    globs = setuptools["package-data"]["convviz.resources"]
    for f in (ROOT / "resources").rglob("*"):
        rel = f.relative_to(ROOT / "resources").as_posix()
        if f.is_dir() or "__pycache__" in rel or rel == "__init__.py":
            continue
        # setuptools' "**/" also matches files at the top level
        assert any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(rel, g.removeprefix("**/")) for g in globs), rel


def test_every_subpackage_is_installed():
    """A package missing from pyproject's list imports in a checkout and is absent from `pip install .`."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "convviz").rglob("__init__.py")
             if "__pycache__" not in p.parts}
    assert found <= listed, sorted(found - listed)


def test_pyinstaller_spec_bundles_resources_where_the_helper_looks():
    spec = (ROOT / "packaging" / "convviz.spec").read_text()
    assert '(str(root / "resources"), "convviz/resources")' in spec
