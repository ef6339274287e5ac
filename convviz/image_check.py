"""Is an image file complete? Qt's readers decode a truncated JPEG or BMP without an error (the missing rows
come out grey or black), so the window would silently show half a photo. These walks of the file's structure find
the end each format promises and say what is missing; they never decode pixels. Qt-free.

PNG and WebP are refused by Qt's own readers when cut short; PNG is checked here too (its chunk walk is cheap).
"""

from __future__ import annotations

import struct


def missing_part(data: bytes) -> str | None:
    """Why ``data`` is not a complete image file (an English phrase), or None when it looks whole or is of a
    format not checked here."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return _png(data)
    if data[:2] == b"\xff\xd8":
        return _jpeg(data)
    if data[:2] == b"BM":
        return _bmp(data)
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return _gif(data)
    return None


def _png(data: bytes) -> str | None:
    pos = 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        pos += 12 + length  # length, type, data, CRC
        if pos > len(data):
            return "the file ends inside a chunk"
        if kind == b"IEND":
            return None
    return "the end-of-image chunk is missing"


def _jpeg(data: bytes) -> str | None:
    pos, n = 2, len(data)
    while pos < n:
        if data[pos] != 0xFF:
            return "the file is damaged (a marker is missing)"
        while pos < n and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= n:
            break
        marker = data[pos]
        pos += 1
        if marker == 0xD9:  # end of image
            return None
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # restart markers and TEM carry no length
            continue
        if pos + 2 > n:
            break
        length = int.from_bytes(data[pos:pos + 2], "big")
        pos += length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next marker that is not a restart
            while True:
                pos = data.find(b"\xff", pos)
                if pos < 0 or pos + 1 >= n:
                    return "the file ends before the end of the image data"
                nxt = data[pos + 1]
                if nxt == 0x00 or 0xD0 <= nxt <= 0xD7 or nxt == 0xFF:
                    pos += 1 if nxt == 0xFF else 2
                    continue
                break
    return "the file ends before the end of the image data"


def _bmp(data: bytes) -> str | None:
    if len(data) < 30:
        return "the file ends inside its header"
    declared = int.from_bytes(data[2:6], "little")
    offset = int.from_bytes(data[10:14], "little")
    header = int.from_bytes(data[14:18], "little")
    if header == 12:  # OS/2 BITMAPCOREHEADER
        width, height = struct.unpack("<HH", data[18:22])
        bpp, compression = int.from_bytes(data[24:26], "little"), 0
    else:
        if len(data) < 34:
            return "the file ends inside its header"
        width, height = struct.unpack("<ii", data[18:26])
        bpp = int.from_bytes(data[28:30], "little")
        compression = int.from_bytes(data[30:34], "little")
    # uncompressed rows (BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS); run-length encoded: the declared file size
    rows = offset + abs(height) * ((abs(width) * bpp + 31) // 32 * 4)
    needed = rows if compression in (0, 3, 6) else declared
    return "the file ends before its last row of pixels" if len(data) < needed else None


def _gif(data: bytes) -> str | None:
    """The first frame must be whole (only it is shown)."""
    n = len(data)
    if n < 13:
        return "the file ends inside its header"
    pos = 13
    flags = data[10]
    if flags & 0x80:
        pos += 3 * (2 << (flags & 7))
    while pos < n:
        block = data[pos]
        if block == 0x3B:  # trailer before any image
            return "the file holds no image"
        if block == 0x21:  # extension: label, then sub-blocks
            pos = _sub_blocks(data, pos + 2)
        elif block == 0x2C:  # image descriptor, optional local colour table, LZW code size, sub-blocks
            if pos + 10 > n:
                break
            local = data[pos + 9]
            pos += 10 + (3 * (2 << (local & 7)) if local & 0x80 else 0) + 1
            return None if _sub_blocks(data, pos) <= n else "the file ends inside the first image"
        else:
            return "the file is damaged (an unknown block)"
        if pos > n:
            break
    return "the file ends before the first image"


def _sub_blocks(data: bytes, pos: int) -> int:
    """The position after a chain of sub-blocks (past the end of ``data`` when it is cut short)."""
    n = len(data)
    while pos < n:
        size = data[pos]
        pos += 1
        if size == 0:
            return pos
        pos += size
    return n + 1
