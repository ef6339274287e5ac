"""Where errors leave convviz: a user's mistake is one line; anything else is a bug, said in one line that names
the crash log holding its full traceback (``<user cache dir>/convviz/crash-<time>.log``). Qt-free: the CLI's
main and the window's handlers, threads and worker all describe failures through here."""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path

from .core.errors import MAX_MESSAGE, ConvvizError, cut

__all__ = ["BUG_PREFIX", "crash_dir", "describe", "is_user_error", "write_crash_log"]

#: how the one line of an internal error begins
BUG_PREFIX = "internal error, a bug in convviz"


def crash_dir() -> Path:
    """$CONVVIZ_CACHE_DIR (convviz's own cache folder) or the platform's user cache folder + ``convviz``."""
    env = os.environ.get("CONVVIZ_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "convviz"


def is_user_error(exc: BaseException) -> bool:
    """A refusal of the user's input or environment (a bad file, a full disk, too little memory), not a bug."""
    return isinstance(exc, (ConvvizError, OSError, MemoryError))


def write_crash_log(exc: BaseException) -> Path | None:
    """The full traceback of ``exc`` in a new crash log (written atomically); None if even that fails."""
    from . import __version__
    from .core.files import atomic_write_bytes

    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = crash_dir() / f"crash-{stamp}-{os.getpid()}-{id(exc) % 10000:04d}.log"
    text = (f"convviz {__version__}, Python {sys.version.split()[0]} on {sys.platform}\n"
            f"command: {' '.join(sys.argv)[:2000]}\n\n"
            + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, text.encode("utf-8", "replace"))
    except Exception:  # noqa: BLE001 (nothing may escape the reporter of errors)
        return None
    return path


def describe(exc: BaseException, *, log: bool = True) -> tuple[str, bool]:
    """``(one line, is_user_error)``. A bug's line says so and names its crash log (written when ``log``)."""
    if isinstance(exc, ConvvizError):
        return cut(exc.message, MAX_MESSAGE), True
    if isinstance(exc, OSError):
        what = exc.strerror or str(exc) or type(exc).__name__
        return cut(f"{exc.filename}: {what}" if exc.filename else what, MAX_MESSAGE), True
    if isinstance(exc, MemoryError):
        return ("not enough memory for this request; use a smaller input or fewer filters, or a lower "
                "--memory-limit / CONVVIZ_MEMORY_LIMIT so that convviz refuses it before trying"), True
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted", False
    path = write_crash_log(exc) if log else None
    where = f"the full traceback is in {path}" if path is not None else "no crash log could be written"
    detail = cut(f"{type(exc).__name__}: {_safe_str(exc)}".rstrip(": "), 120)
    return cut(f"{BUG_PREFIX} ({detail}); {where}", MAX_MESSAGE + len(str(path or ""))), False


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)[:1000]
    except Exception:  # noqa: BLE001 (a broken __str__ must not hide the bug it reports)
        return "?"
