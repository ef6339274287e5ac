"""keep_freed_memory: arrays freed and allocated again do not fault their pages in again (glibc only)."""

import subprocess
import sys
import textwrap

import pytest

# a fresh process, so that no earlier allocation history decides the outcome: six 3 MB arrays made, touched and
# freed ten times over — the pattern of a training step — and the minor page faults that costs per round
PROBE = textwrap.dedent("""
    import resource, sys
    import numpy as np
    from convviz.allocator import keep_freed_memory
    kept = keep_freed_memory() if sys.argv[1] == "on" else None
    def one():
        arrays = [np.ones(750_000, np.float32) for _ in range(6)]
        del arrays
    one()
    r0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(10):
        one()
    print(kept, (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - r0) / 10)
""")
PAGES_PER_ROUND = 6 * 3_000_000 // 4096


def _faults(mode: str) -> tuple[str, float]:
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True).stdout
    kept, faults = out.split()
    return kept, float(faults)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc thresholds")
def test_freed_arrays_are_reused_without_faulting_their_pages_in_again():
    kept, faults = _faults("on")
    if kept != "True":
        pytest.skip("not glibc: mallopt refused")
    assert faults < PAGES_PER_ROUND / 20
    # the probe can tell: without the thresholds the same rounds fault (nearly) every page in again
    _, without = _faults("off")
    assert without > PAGES_PER_ROUND / 2, without


def test_it_is_idempotent():
    from convviz.allocator import keep_freed_memory

    assert keep_freed_memory() == keep_freed_memory()
