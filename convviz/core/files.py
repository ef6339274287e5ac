"""Where user files enter and leave convviz: one guard for reading, one atomic writer.

Every reader (network JSON, weights .npz/.pt, images, .npy inputs, projects) opens its file through
:func:`open_user_file`: only a regular file is opened (a FIFO, a device or a socket would block or never end), and
its size is known before a byte is read. Every file convviz writes (networks, weights, stages, figures,
screenshots, projects, autosaves, crash logs) goes through :func:`atomic_write`: a symlink is resolved first, a
target that is not a regular file is refused, and the data goes to a temp file beside the target, is fsynced and
renamed over it, so the target is either complete or untouched.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .errors import ConvvizError

__all__ = ["atomic_write", "atomic_write_bytes", "file_kind", "open_user_file", "read_user_bytes",
           "resolve_write_target"]


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def open_user_file(path: str | os.PathLike, *, max_bytes: int | None = None, what: str = "file") -> BinaryIO:
    """``path`` opened for binary reading, or :class:`ConvvizError`: missing, not a regular file (checked before
    opening, and again on the open descriptor, which is opened non-blocking so that a FIFO swapped in meanwhile
    cannot block), unreadable, or larger than ``max_bytes``."""
    p = os.fspath(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise ConvvizError("file_not_found", None, path=p) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        raise ConvvizError("file_unreadable", None, path=p, detail=getattr(exc, "strerror", None) or str(exc)) \
            from None
    if not stat.S_ISREG(st.st_mode):
        raise ConvvizError("not_a_file", None, path=p, kind=file_kind(st.st_mode), what=what)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(p, flags)
    except OSError as exc:
        raise ConvvizError("file_unreadable", None, path=p, detail=exc.strerror or str(exc)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ConvvizError("not_a_file", None, path=p, kind=file_kind(st.st_mode), what=what)
        if max_bytes is not None and st.st_size > max_bytes:
            from .budget import size_text

            raise ConvvizError("file_too_large", None, path=p, what=what, size=size_text(st.st_size),
                               limit=size_text(max_bytes))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_user_bytes(path: str | os.PathLike, *, max_bytes: int, what: str = "file") -> bytes:
    """The whole content of a regular file of at most ``max_bytes``."""
    with open_user_file(path, max_bytes=max_bytes, what=what) as fh:
        try:
            return fh.read()
        except OSError as exc:
            raise ConvvizError("file_unreadable", None, path=os.fspath(path), detail=exc.strerror or str(exc)) \
                from None


# --- writing ---------------------------------------------------------------------------------------------


def resolve_write_target(path: str | os.PathLike) -> Path:
    """Where a write to ``path`` lands: a symlink's target (a dangling link: the file it names, created), which
    must be a regular file or absent; anything else raises OSError naming ``path``."""
    requested = os.fspath(path)
    target = Path(os.path.realpath(requested))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, requested) from None
    if not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EEXIST if stat.S_ISDIR(st.st_mode) else errno.EINVAL,
                      f"{file_kind(st.st_mode)}, not a regular file; convviz writes only regular files",
                      requested)
    return target


def atomic_write(path: str | os.PathLike, write: Callable[[BinaryIO], object]) -> None:
    """Call ``write(fh)`` on a temp file beside the (resolved) target, fsync it and rename it over the target:
    the file is either complete or untouched. Every failure is an OSError naming ``path``."""
    requested = os.fspath(path)
    target = resolve_write_target(requested)
    fd, tmp = _create_temp_beside(target, requested)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno is not None:  # name the file the user asked for
            raise OSError(exc.errno, exc.strerror, requested) from None
        raise
    _sync_folder(target.parent)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """:func:`atomic_write` of a bytes object."""
    atomic_write(path, lambda fh: fh.write(data))


def _create_temp_beside(p: Path, requested: str) -> tuple[int, str]:
    """An exclusive new file next to ``p``; unlike mkstemp's 0600, its mode follows the umask like any file
    the user saves."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = str(p.parent / f".{p.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, requested) from None


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows (POSIX); a failure here loses nothing."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
