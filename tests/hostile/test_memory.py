"""Memory (issue 8): a request is refused from shapes and headers before anything big is allocated — header bombs,
a sparse multi-GB .npy, a zip bomb as weights, absurd shapes in a network file. Each case runs in its own
process so that its peak RSS (VmHWM; resource.getrusage where /proc is missing) is its own; the numbers are
printed (pytest -s) for the record.
"""

import json
import subprocess
import sys
import zipfile

import numpy as np
import pytest

RUNNER = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from convviz.cli import main
t1 = time.perf_counter()
rc = main(sys.argv[1:])
# ru_maxrss counts the parent's RSS at fork (a big pytest process); VmHWM is this program's own peak
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
try:
    with open("/proc/self/status") as fh:
        peak = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024
except (OSError, StopIteration):
    pass
print(json.dumps({"rc": rc, "seconds": time.perf_counter() - t1, "import_seconds": t1 - t0, "peak_mib": peak}))
"""
#: far below the 4 GiB budget: what convviz itself costs (NumPy, the CLI) plus small arrays
PEAK_MIB = 400


def run_case(*argv):
    done = subprocess.run([sys.executable, "-c", RUNNER, *map(str, argv)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["stderr"] = done.stderr.strip()
    return result


def npy_header(shape, dtype="<f4") -> bytes:
    header = {"descr": dtype, "fortran_order": False, "shape": tuple(shape)}
    import io

    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, header)
    return buf.getvalue()


def write_net(path, layers, input_block=None):
    obj = {"layers": layers}
    if input_block is not None:
        obj["input"] = dict(zip(("height", "width", "channels"), input_block, strict=True))
    path.write_text(json.dumps(obj), encoding="utf-8")
    return path


CONV8 = [{"type": "conv", "filters": 8, "kernel_size": 3}, {"type": "relu"}]


def zip_bomb(path, member_shape, key="weight.0"):
    """An .npz whose one member unpacks to prod(shape)·4 bytes of zeros (deflated to ~1/1000)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf, \
            zf.open(f"{key}.npy", "w", force_zip64=True) as m:
        m.write(npy_header(member_shape))
        left = int(np.prod(member_shape)) * 4
        chunk = bytes(16 * 1024**2)
        while left > 0:
            m.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)


def cases(tmp):
    no_input = write_net(tmp / "no_input.json", CONV8)
    small = write_net(tmp / "small.json", CONV8, (8, 8, 3))
    out = tmp / "o.npz"
    # an .npy whose 128-byte header claims 3.6 TiB
    (tmp / "header_bomb.npy").write_bytes(npy_header((100_000, 100_000, 100)) + b"\0" * 16)
    # an honest but sparse 2.5 GiB .npy (nothing on disk): read in full before, now refused by the budget
    sparse = tmp / "sparse.npy"
    with open(sparse, "wb") as fh:
        fh.write(npy_header((26_000, 26_000, 1)))
        fh.truncate(fh.tell() + 26_000 * 26_000 * 4)
    zip_bomb(tmp / "zip_bomb.npz", (1, 512, 1024, 256))  # 512 MiB of zeros in a ~0.5 MiB file
    absurd = {
        "input 30000×30000×3": write_net(tmp / "a1.json", CONV8, (30_000, 30_000, 3)),
        "1e9 filters": write_net(tmp / "a2.json", [{"type": "conv", "filters": 10**9, "kernel_size": 1}],
                                 (8, 8, 3)),
        "kernel 40001²": write_net(tmp / "a3.json", [{"type": "conv", "filters": 1, "kernel_size": 40_001,
                                                      "padding": 20_000}], (8, 8, 3)),
        "pool window 40001²": write_net(tmp / "a4.json", [{"type": "pool", "size": 40_001, "padding": 20_000}],
                                        (8, 8, 3)),
        "1e18 rows": write_net(tmp / "a5.json", CONV8, (10**18, 8, 3)),
    }
    yield ".npy header bomb as input", ("run", no_input, "--input", tmp / "header_bomb.npy", "--out", out), \
        "the input alone needs 3.6 TiB"
    yield ".npy header bomb, 8×8×3 input block", ("run", small, "--input", tmp / "header_bomb.npy", "--out", out), \
        "the network expects 8×8×3"
    (tmp / "lying.npy").write_bytes(npy_header((64, 64, 3)) + b"\0" * 16)
    yield ".npy whose header claims more than its file", ("run", no_input, "--input", tmp / "lying.npy", "--out",
                                                          out), "header declares 48 KiB"
    yield "sparse 2.5 GiB .npy, no input block", ("run", no_input, "--input", sparse, "--out", out), "memory"
    yield "sparse 2.5 GiB .npy, 8×8×3 input block", ("run", small, "--input", sparse, "--out", out), \
        "the network expects 8×8×3"
    yield "zip bomb .npz as weights", ("run", small, "--weights", tmp / "zip_bomb.npz", "--out", out), \
        "weight.0 has shape 1×512×1024×256"
    project = tmp / "bomb.convviz"
    zip_bomb(project, (1, 512, 1024, 256), key="input")
    with zipfile.ZipFile(project, "a") as zf:
        zf.writestr("project.json", json.dumps({"format": "convviz-project", "version": 1}))
    yield "zip bomb as a project, 256M limit", ("run", project, "--out", out, "--memory-limit", "256M"), \
        "opening bomb.convviz needs 512 MiB of memory, more than the limit of 256 MiB"
    for name, net in absurd.items():
        yield f"network: {name}", ("run", net, "--out", out), None


def test_bombs_are_refused_from_headers_with_a_small_peak(tmp_path):
    rows = []
    for name, argv, needle in cases(tmp_path):
        r = run_case(*argv)
        rows.append((name, r))
        lines = r["stderr"].splitlines()
        assert r["rc"] == 2 and len(lines) == 1, (name, r)
        if needle is not None:
            assert needle in lines[0], (name, lines[0])
        assert r["peak_mib"] < PEAK_MIB, (name, r)
        assert not (tmp_path / "o.npz").exists()
    print()
    for name, r in rows:
        print(f"{name:45s} exit {r['rc']}  peak RSS {r['peak_mib']:6.0f} MiB  {r['seconds'] * 1000:7.0f} ms  "
              f"| {r['stderr'][:150]}")


def test_summary_counts_absurd_shapes_without_allocating(tmp_path):
    net = write_net(tmp_path / "a.json", [{"type": "conv", "filters": 10**9, "kernel_size": 3}],
                    (30_000, 30_000, 3))
    r = run_case("summary", net, "--json")
    assert r["rc"] == 0 and r["peak_mib"] < PEAK_MIB, r
    print(f"\nsummary of 30000×30000×3 → 1e9 filters: peak RSS {r['peak_mib']:.0f} MiB, {r['seconds'] * 1000:.0f} ms")


def test_the_budget_names_the_biggest_item_and_the_limit(tmp_path, capsys):
    from convviz.cli import main

    net = write_net(tmp_path / "n.json", CONV8, (512, 512, 3))
    assert main(["run", str(net), "--out", str(tmp_path / "o.npz"), "--memory-limit", "10M"]) == 2
    line = capsys.readouterr().err.strip()
    assert "layer 0 (conv, kernel 3×3) alone needs 8 MiB" in line and "limit of 10 MiB" in line, line
    assert main(["run", str(net), "--out", str(tmp_path / "o.npz"), "--memory-limit", "100M"]) == 0


@pytest.mark.parametrize("value", ["lots", "-1", "0"])
def test_a_bad_memory_limit_is_a_usage_error(tmp_path, capsys, value):
    from convviz.cli import main

    with pytest.raises(SystemExit) as ei:
        main(["run", str(write_net(tmp_path / "n.json", CONV8, (8, 8, 3))), "--out", "o.npz", "--memory-limit", value])
    assert ei.value.code == 2


def test_the_window_honours_convviz_memory_limit(monkeypatch):
    from convviz.core.layers import Conv2D
    from convviz.model import StackState

    state = StackState(np.zeros((64, 64, 3), np.float32), (Conv2D(8, (3, 3)),))
    assert state.network is not None
    monkeypatch.setenv("CONVVIZ_MEMORY_LIMIT", "100K")
    state = StackState(np.zeros((64, 64, 3), np.float32), (Conv2D(8, (3, 3)),))
    assert state.network is None and state.error.code == "too_much_memory"
