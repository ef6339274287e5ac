"""Hangs (issue 8): a FIFO, a device, a socket or a folder given as any file is refused at once, in the CLI and in
the window; a huge string in a file becomes a short message. A reader that blocked on the FIFO is unblocked by
the fixture's watchdog and fails the test (see conftest.FifoWatch) rather than hanging the suite."""

import json
import socket

import pytest

from convviz.cli import main
from convviz.core.errors import MAX_MESSAGE, ConvvizError
from convviz.core.netfile import load_network


def one_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert len(lines[0]) <= MAX_MESSAGE + len("convviz: "), len(lines[0])
    return lines[0]


@pytest.mark.parametrize("role", ["network", "input.npy", "input.png", "weights", "project"])
def test_a_fifo_is_refused_at_once_in_the_cli(fifo, net_file, tmp_path, capsys, role):
    out = str(tmp_path / "o.npz")
    if role == "network":
        f = fifo("net.json")
        argv = ["run", f.path, "--out", out]
    elif role == "project":
        f = fifo("s.convviz")
        argv = ["run", f.path, "--out", out]
    elif role == "weights":
        f = fifo("w.npz")
        argv = ["run", str(net_file), "--weights", f.path, "--out", out]
    else:
        f = fifo(role)
        argv = ["run", str(net_file), "--input", f.path, "--out", out]
    assert main(argv) == 2
    line = one_line(capsys)
    assert "named pipe" in line and "not a regular file" in line, line


def test_summary_input_and_a_device_a_socket_and_a_folder(tmp_path, net_file, capsys):
    sock_path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(sock_path))
        for path, kind in (("/dev/zero", "character device"), (str(sock_path), "socket"),
                           (str(tmp_path), "folder")):
            assert main(["summary", path]) == 2
            assert kind in one_line(capsys)
            assert main(["summary", str(net_file), "--input", path]) == 2
            assert kind in one_line(capsys)


def test_a_huge_string_in_a_layer_is_cut_in_the_message(tmp_path, capsys):
    p = tmp_path / "net.json"
    p.write_text(json.dumps({"layers": [{"type": "x" * 5_000_000}]}), encoding="utf-8")
    with pytest.raises(ConvvizError) as ei:
        load_network(p)
    assert len(ei.value.message) <= MAX_MESSAGE and "x…" in ei.value.message
    assert main(["summary", str(p), "--input", "/dev/null"]) == 2
    line = one_line(capsys)
    assert "x…" in line or "character device" in line
    big = tmp_path / "big.json"
    big.write_bytes(b'{"layers": [{"type": "' + b"y" * (20 * 1024**2) + b'"}]}')
    assert main(["summary", str(big)]) == 2
    assert "too large" in one_line(capsys)


def test_the_window_refuses_a_fifo_without_blocking_its_thread(qtbot, fifo, net_file):
    from convviz.qt.main_window import MainWindow
    from convviz.scene import load_scene

    w = MainWindow(load_scene(net_file), mode="sync")
    qtbot.addWidget(w)
    w.quiet = True
    for name, action in (("n.json", w.open_network), ("w.npz", w.load_weights), ("p.convviz", w.project_actions.open),
                         ("i.npy", w.open_input), ("i.png", w.open_input)):
        f = fifo(name)
        w.last_message = ""
        w.guarded(action, f.path)
        qtbot.waitUntil(lambda: "not a regular file" in (w.last_message or "")
                        or "not a regular file" in w.builder.input_editor.message.text())
