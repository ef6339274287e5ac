"""Shared by the hostile-file tests (issue 8)."""

import json
import os
import threading
import time

import pytest

NET = {"input": {"height": 8, "width": 8, "channels": 3},
       "layers": [{"type": "conv", "filters": 2, "kernel_size": 3}, {"type": "relu"}]}


@pytest.fixture
def net_file(tmp_path):
    p = tmp_path / "net.json"
    p.write_text(json.dumps(NET), encoding="utf-8")
    return p


class FifoWatch:
    """A FIFO and a watchdog: if anything ever blocks opening it for reading, the watchdog opens the other end
    (which unblocks the reader with an empty read) and records it — the test fails instead of hanging."""

    def __init__(self, path):
        self.path = str(path)
        os.mkfifo(self.path)
        self.blocked = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self):
        while not self._stop.is_set():
            try:  # succeeds only while a reader has the FIFO open, i.e. is blocked in open() or read()
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                time.sleep(0.02)
                continue
            self.blocked = True
            os.close(fd)

    def close(self):
        self._stop.set()
        self._thread.join(5)


@pytest.fixture
def fifo(tmp_path):
    made = []
    (tmp_path / "fifos").mkdir()

    def make(name):
        w = FifoWatch(tmp_path / "fifos" / name)
        made.append(w)
        return w

    yield make
    for w in made:
        w.close()
    assert not any(w.blocked for w in made), "something opened a FIFO for reading and blocked on it"
