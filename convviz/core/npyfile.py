""".npy arrays and .npz archives read from their headers first: no pickle, nothing allocated or decompressed
before the declared shape is checked against what the file holds and against the memory budget.

A header that claims more data than its file (or zip member) holds is refused from the header alone; an
archive's members are all checked before the first one is read, and a member is decompressed only up to the
size its header declared (``zipfile`` stops there), so a zip bomb costs nothing.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from typing import BinaryIO

import numpy as np

from .budget import check_items, size_text
from .errors import ConvvizError
from .files import open_user_file

__all__ = ["NpyHeader", "load_npy", "load_npz", "read_data", "read_header"]

_CHUNK = 16 * 1024**2
#: an archive with more members than this is not a weights file
MAX_MEMBERS = 4096


class NpyHeader:
    """What an .npy header declares."""

    __slots__ = ("dtype", "fortran", "nbytes", "shape")

    def __init__(self, shape: tuple[int, ...], fortran: bool, dtype: np.dtype) -> None:
        self.shape, self.fortran, self.dtype = shape, fortran, dtype
        n = 1
        for d in shape:
            n *= d
        self.nbytes = n * dtype.itemsize


def read_header(fh: BinaryIO, fail: Callable[[str], ConvvizError], kinds: str = "fiub") -> NpyHeader:
    """Parse the header at ``fh``'s position; any malformation is ``fail(detail)``."""
    try:
        version = np.lib.format.read_magic(fh)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(fh)
        elif version == (2, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(fh)
        else:
            raise ValueError(f"unsupported .npy format version {version}")
    except Exception as exc:  # numpy raises ValueError, SyntaxError, EOFError, … for random bytes
        raise fail(f"not a readable .npy array: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") \
            from None
    if dtype.hasobject:
        raise fail("not a readable .npy array: it must hold numbers, not Python objects (pickles are never loaded)")
    if dtype.kind not in kinds or dtype.itemsize == 0:
        raise fail(f"the array must be numeric: it must hold numbers, not {dtype}")
    if not all(isinstance(d, int) and d >= 0 for d in shape):
        raise fail(f"the header declares an impossible shape {shape}")
    return NpyHeader(tuple(int(d) for d in shape), bool(fortran), dtype)


def read_data(fh: BinaryIO, header: NpyHeader, fail: Callable[[str], ConvvizError]) -> np.ndarray:
    """The data after a checked header, read in chunks straight into the array (no second copy)."""
    shape = header.shape[::-1] if header.fortran else header.shape
    arr = np.empty(shape, dtype=header.dtype)
    view = memoryview(arr.reshape(-1).view(np.uint8)) if arr.size else memoryview(b"")
    done = 0
    while done < header.nbytes:
        got = fh.readinto(view[done: done + _CHUNK])
        if not got:
            raise fail("it is shorter than its header says (truncated?)")
        done += got
    return arr.T if header.fortran else arr


def load_npy(path: str | os.PathLike, *, kinds: str = "fiub", check: Callable[[NpyHeader], None] | None = None,
             what: str = "array") -> np.ndarray:
    """One .npy file. ``check(header)`` may refuse the declared shape before anything is read; the data must
    fit the file and, with its float32 copy, the memory budget."""
    p = os.fspath(path)

    def fail(detail: str) -> ConvvizError:
        return ConvvizError("bad_array", None, path=p, detail=detail)

    with open_user_file(p, what=what) as fh:
        size = os.fstat(fh.fileno()).st_size
        header = read_header(fh, fail, kinds)
        if header.nbytes > size - fh.tell():
            raise fail(f"its header declares {size_text(header.nbytes)} of data but the file holds "
                       f"{size_text(max(0, size - fh.tell()))} (truncated, or not made by NumPy?)")
        if check is not None:
            check(header)
        f32 = 0 if header.dtype == np.float32 else 4 * header.nbytes // header.dtype.itemsize
        check_items([(os.path.basename(p), header.nbytes, None), ("its float32 copy", f32, None)],
                    what=f"reading {os.path.basename(p)}")
        try:
            return read_data(fh, header, fail)
        except OSError as exc:
            raise fail(exc.strerror or str(exc)) from None


def load_npz(path: str | os.PathLike, fail: Callable[[str], ConvvizError], *, max_bytes: int | None = None,
             what: str = "weights file", check: Callable[[dict[str, NpyHeader]], None] | None = None,
             keep: Callable[[str], bool] | None = None, kinds: str = "fiub") -> dict[str, np.ndarray]:
    """Every array of an .npz, by name (without ``.npy``). Every member must be an .npy array; all their
    headers are checked (against their members' sizes, ``check(headers)`` — e.g. the layers' shapes — and the
    budget) before any data is read. Members that ``keep`` rejects are checked but never read."""
    p = os.fspath(path)
    with open_user_file(p, max_bytes=max_bytes, what=what) as fh:
        magic = fh.read(6)
        fh.seek(0)
        if magic.startswith(b"\x93NUMPY"):
            raise fail("an .npy file holds one bare array; weights are an .npz archive with weight.{i} and "
                       "bias.{i} arrays")
        if not magic.startswith(b"PK"):
            raise fail("not an .npz archive")
        try:
            with zipfile.ZipFile(fh) as zf:
                return _members(zf, fail, os.path.basename(p), check, keep, kinds)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError) as exc:
            raise fail(f"the archive is damaged or unsupported ({str(exc) or type(exc).__name__})") from None
        except OSError as exc:
            raise fail(exc.strerror or str(exc)) from None


def _members(zf: zipfile.ZipFile, fail: Callable[[str], ConvvizError], name: str,
             check: Callable[[dict[str, NpyHeader]], None] | None,
             keep: Callable[[str], bool] | None, kinds: str) -> dict[str, np.ndarray]:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise fail(f"{len(infos)} members; an .npz of weights has a few")
    headers: dict[str, tuple[zipfile.ZipInfo, NpyHeader]] = {}
    for info in infos:
        if info.is_dir():
            continue
        if not info.filename.endswith(".npy"):
            raise fail(f"it holds {info.filename!r}, which is not an .npy array (a PyTorch file? name it .pt)")
        key = info.filename[: -len(".npy")]
        if key in headers:
            raise fail(f"it holds {key!r} twice")

        def member_fail(detail: str, key=key) -> ConvvizError:
            return fail(f"{key}: {detail}")

        with zf.open(info) as m:
            header = read_header(m, member_fail, kinds)
            if header.nbytes > info.file_size - m.tell():
                raise member_fail(f"its header declares {size_text(header.nbytes)} of data but the member "
                                  f"holds {size_text(max(0, info.file_size - m.tell()))}")
        headers[key] = (info, header)
    if check is not None:
        check({k: h for k, (_i, h) in headers.items()})
    if keep is not None:
        headers = {k: v for k, v in headers.items() if keep(k)}
    items = []
    for key, (_info, h) in headers.items():
        items.append((f"{key} in {name}", h.nbytes, None))
        if h.dtype != np.float32:
            items.append((f"{key}'s float32 copy", 4 * h.nbytes // h.dtype.itemsize, None))
    check_items(items, what=f"reading {name}")
    out: dict[str, np.ndarray] = {}
    for key, (info, h) in headers.items():
        with zf.open(info) as m:
            read_header(m, fail, kinds)
            out[key] = read_data(m, h, lambda d, key=key: fail(f"{key}: {d}"))
    return out
