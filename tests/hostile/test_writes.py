"""Writes that destroy (issue 8): every file convviz writes goes through the one atomic writer — a symlink is
resolved and its target written, a device, FIFO or folder is refused, a full disk or a refused permission
(injected: the tests run as root) leaves the old file intact and is reported."""

import errno
import os
import re
import stat
from pathlib import Path

import numpy as np
import pytest

import convviz.core.files as files
from convviz.cli import main
from convviz.core.files import atomic_write_bytes


@pytest.fixture
def device(tmp_path):
    p = tmp_path / "null"
    os.mknod(p, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null, but ours to lose
    return p


def test_a_device_a_fifo_and_a_folder_are_refused(tmp_path, device, net_file, capsys):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target in (device, fifo, tmp_path):
        before = os.stat(target).st_mode
        with pytest.raises(OSError) as ei:
            atomic_write_bytes(target, b"x")
        assert ei.value.filename == str(target) and "not a regular file" in ei.value.strerror
        assert os.stat(target).st_mode == before
    assert main(["run", str(net_file), "--out", str(device)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "character device" in err[0], err
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_symlink_is_resolved_and_a_dangling_one_creates_its_target(tmp_path, net_file):
    target = tmp_path / "real.npz"
    target.write_bytes(b"old")
    link = tmp_path / "link.npz"
    link.symlink_to(target)
    assert main(["run", str(net_file), "--out", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert "stage.0" in np.load(target).files
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "sub" / ".." / "made.json")
    atomic_write_bytes(dangling, b"{}")
    assert dangling.is_symlink() and (tmp_path / "made.json").read_bytes() == b"{}"


def _writers(tmp_path, qtbot):
    """Every writer of convviz, each as (name, write(path))."""
    from convviz.core.netfile import save_npz
    from convviz.project import Project, save_project
    from convviz.qt.main_window import MainWindow
    from convviz.scene import load_scene
    from convviz.torch_export import export_torch_module
    from convviz.weights_io import export_weights

    scene = load_scene(None)
    w = MainWindow(scene, mode="sync")
    qtbot.addWidget(w)
    w.quiet = True

    def window(call):
        def write(path):
            w.last_message = None
            call(str(path))
            if w.last_message:
                raise OSError(errno.EIO, w.last_message, str(path))
        return write

    return {
        "save_npz": lambda p: save_npz(p, {"a": np.zeros(3)}),
        "export_weights": lambda p: export_weights(scene.network, p),
        "save_project": lambda p: save_project(p, Project(w.doc.state)),
        "export_torch_module": lambda p: export_torch_module(scene.network, p, beside=False),
        "window: Save network": window(w.save_network),
        "window: Export stages": window(w.export_stages),
        "window: screenshot": window(w.save_screenshot),
        "window: figure": window(lambda p: w.figure_actions.save("input", p, 1.0)),
    }


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES])
def test_a_full_disk_or_a_refused_permission_leaves_the_old_file(tmp_path, qtbot, monkeypatch, code):
    writers = _writers(tmp_path, qtbot)
    real_open = os.open

    def failing_fsync(fd):
        raise OSError(code, os.strerror(code))

    def failing_open(path, flags, *a, **k):  # EACCES: the temp file cannot be created
        if str(path).endswith(".tmp"):
            raise PermissionError(code, os.strerror(code), str(path))
        return real_open(path, flags, *a, **k)

    for name, write in writers.items():
        target = tmp_path / f"{name.replace(':', '').replace(' ', '_')}.out"
        target.write_bytes(b"precious")
        with monkeypatch.context() as m:
            if code == errno.ENOSPC:
                m.setattr(files.os, "fsync", failing_fsync)
            else:
                m.setattr(files.os, "open", failing_open)
            with pytest.raises(OSError) as ei:
                write(target)
        assert os.strerror(code) in str(ei.value), (name, ei.value)
        assert target.read_bytes() == b"precious", name
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")], name
        write(target)  # and without the fault it writes
        assert target.read_bytes() != b"precious", name


def test_every_write_goes_through_the_one_writer():
    """No module but convviz/core/files.py opens a file for writing or saves one by itself."""
    root = Path(__file__).resolve().parents[2] / "convviz"
    pattern = re.compile(r"""(?<![\w.])open\([^)]*["'](w|a|x)b?["']|\.write_(text|bytes)\(|\.touch\("""
                         r"""|np\.save(z|txt)?\((?!buf|fh)|\.save\((str\(|path|out|screenshot)|os\.replace\(|shutil\.(copy|move)""")
    for bad in ('Path(p).write_text("x")', 'with open(p, "wb") as fh:', 'img.save(str(p), "PNG")', "marker.touch()"):
        assert pattern.search(bad), bad  # the scan can fail
    offenders = []
    for path in root.rglob("*.py"):
        if path.name == "files.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(root)}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
