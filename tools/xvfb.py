"""A private X server (Xvfb) for smoke tests, and a screenshot taken from the X server itself (XGetImage on the
root window through libX11), not from Qt — so it shows what the xcb platform really put on screen."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

SCREEN = (1600, 1000)


def available() -> bool:
    return shutil.which("Xvfb") is not None and ctypes.util.find_library("X11") is not None


@contextlib.contextmanager
def xvfb(size: tuple[int, int] = SCREEN) -> Iterator[str]:
    """Start Xvfb on a free display; yields ":N"."""
    proc = None
    for n in range(90, 140):
        if Path(f"/tmp/.X11-unix/X{n}").exists() or Path(f"/tmp/.X{n}-lock").exists():
            continue
        proc = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            if Path(f"/tmp/.X11-unix/X{n}").exists():
                break
            time.sleep(0.05)
        if proc.poll() is None:
            break
        proc = None
    if proc is None:
        raise RuntimeError("could not start Xvfb")
    try:
        yield f":{n}"
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()


class _XImage(ctypes.Structure):
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                ("format", ctypes.c_int), ("data", ctypes.POINTER(ctypes.c_ubyte)), ("byte_order", ctypes.c_int),
                ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
                ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int)]


def grab(display: str) -> np.ndarray:
    """The whole screen of ``display`` as an H × W × 3 uint8 array (RGB)."""
    x11 = ctypes.CDLL(ctypes.util.find_library("X11"))
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XGetImage.restype = ctypes.POINTER(_XImage)
    x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint,
                              ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
    x11.XDestroyImage = None  # a macro in Xlib; free through XFree of the data and the struct
    x11.XFree.argtypes = [ctypes.c_void_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    dpy = x11.XOpenDisplay(display.encode())
    if not dpy:
        raise RuntimeError(f"cannot open display {display}")
    try:
        root = x11.XDefaultRootWindow(dpy)
        w, h = SCREEN
        img = x11.XGetImage(dpy, root, 0, 0, w, h, 0xFFFFFFFF, 2)  # ZPixmap
        if not img:
            raise RuntimeError("XGetImage failed")
        im = img.contents
        if im.bits_per_pixel != 32:
            raise RuntimeError(f"unexpected {im.bits_per_pixel} bits per pixel")
        raw = np.ctypeslib.as_array(im.data, shape=(im.height, im.bytes_per_line)).copy()
        x11.XFree(ctypes.cast(im.data, ctypes.c_void_p))
        x11.XFree(ctypes.cast(img, ctypes.c_void_p))
    finally:
        x11.XCloseDisplay(dpy)
    bgra = raw[:, : w * 4].reshape(h, w, 4)
    return bgra[:, :, 2::-1].copy()  # BGRX (little-endian TrueColor) → RGB


def save_png(rgb: np.ndarray, path: str | os.PathLike) -> None:
    """Write with zlib alone (no Qt: the grab must not depend on the toolkit under test)."""
    import struct
    import zlib

    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].tobytes() for y in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))
    Path(path).write_bytes(png)


def window_on_screen(rgb: np.ndarray) -> bool:
    """Something real is drawn: many distinct colours over a large area (an empty Xvfb screen is one colour)."""
    flat = rgb.reshape(-1, 3)
    background = flat[0]
    drawn = np.any(flat != background, axis=1).mean()
    colours = len(np.unique(flat[:: 7].view([("", flat.dtype)] * 3)))
    return drawn > 0.3 and colours > 50


def run_until_shown(cmd: list[str], display: str, env: dict[str, str], timeout: float = 90.0,
                    settle: float = 2.0) -> tuple[np.ndarray | None, subprocess.Popen]:
    """Start ``cmd`` on ``display`` (Qt's xcb platform) and grab the screen once a window is drawn and has stayed
    the same for ``settle`` seconds (the views finish computing); the process is left running for the caller."""
    env = dict(env, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + timeout
    last, since = None, None
    while time.monotonic() < deadline and proc.poll() is None:
        shot = grab(display)
        if window_on_screen(shot):
            if last is not None and np.array_equal(shot, last):
                if time.monotonic() - since >= settle:
                    return shot, proc
            else:
                last, since = shot, time.monotonic()
        time.sleep(0.25)
    return last, proc


def stop(proc: subprocess.Popen) -> str:
    """End the app; its stderr."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.stderr.read() if proc.stderr else ""
