"""Rebuild digit_glyphs.npz: the digits 0–9 of a few DejaVu faces, rasterised once by Qt.

    python packaging/make_digit_glyphs.py [FONT_DIR]   # default /usr/share/fonts/truetype/dejavu

The `digits` dataset warps these bitmaps in NumPy (convviz/train/data.py). Shipping the rasterised glyphs instead of
the fonts keeps generation Qt-free and identical on every machine (font rasterisers differ between platforms and
versions), and the file small (about 100 KB instead of several MB of TTFs). The faces are DejaVu (Bitstream Vera
licence, free to redistribute; Debian package fonts-dejavu-core / fonts-dejavu-extra).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

CELL = 48  # glyph bitmap side; the digit's height is about 36 px in it, centred on its ink
FACES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSansMono.ttf",
         "DejaVuSans-Oblique.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSansCondensed-Bold.ttf",
         "DejaVuSans-ExtraLight.ttf"]


def render(font_dir: Path) -> tuple[np.ndarray, list[str]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    out, names = [], []
    for face in FACES:
        fid = QFontDatabase.addApplicationFont(str(font_dir / face))
        if fid < 0:
            raise SystemExit(f"cannot load {font_dir / face}")
        family = QFontDatabase.applicationFontFamilies(fid)[0]
        styles = QFontDatabase.styles(family)
        glyphs = []
        for d in "0123456789":
            big = QImage(128, 128, QImage.Format.Format_Grayscale8)
            big.fill(QColor(0, 0, 0))
            p = QPainter(big)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            font = QFont(family)
            stem = face.removesuffix(".ttf").split("-")[-1]
            for style in styles:  # the face's own style, not the family's regular one
                if style.replace(" ", "").lower() == stem.lower():
                    font = QFontDatabase.font(family, style, 72)
            font.setPixelSize(72)
            p.setFont(font)
            p.setPen(QColor(255, 255, 255))
            p.drawText(QRectF(0, 0, 128, 128), Qt.AlignmentFlag.AlignCenter, d)
            p.end()
            a = np.frombuffer(big.constBits(), np.uint8, count=big.bytesPerLine() * 128)
            a = a.reshape(128, big.bytesPerLine())[:, :128].astype(np.float32) / 255.0
            glyphs.append(_normalise(a))
        out.append(glyphs)
        names.append(face.removesuffix(".ttf"))
    return np.round(np.array(out) * 255).astype(np.uint8), names


def _normalise(a: np.ndarray) -> np.ndarray:
    """Crop to the ink, scale so the height is 36 px (box filter on a 4× grid), centre in a CELL×CELL bitmap."""
    ys, xs = np.nonzero(a > 0.05)
    a = a[ys.min(): ys.max() + 1, xs.min(): xs.max() + 1]
    h, w = a.shape
    scale = 36 / h
    th, tw = 36, max(1, round(w * scale))
    # sample on a 4× finer grid then average 4×4 blocks: a simple antialiased resize
    yy = (np.arange(th * 4) + 0.5) / (th * 4) * h - 0.5
    xx = (np.arange(tw * 4) + 0.5) / (tw * 4) * w - 0.5
    y0 = np.clip(np.floor(yy).astype(int), 0, h - 1)
    x0 = np.clip(np.floor(xx).astype(int), 0, w - 1)
    y1, x1 = np.minimum(y0 + 1, h - 1), np.minimum(x0 + 1, w - 1)
    fy, fx = np.clip(yy - y0, 0, 1)[:, None], np.clip(xx - x0, 0, 1)[None, :]
    s = (a[y0][:, x0] * (1 - fy) * (1 - fx) + a[y0][:, x1] * (1 - fy) * fx + a[y1][:, x0] * fy * (1 - fx)
         + a[y1][:, x1] * fy * fx)
    s = s.reshape(th, 4, tw, 4).mean(axis=(1, 3))
    cell = np.zeros((CELL, CELL), np.float32)
    top, left = (CELL - th) // 2, (CELL - tw) // 2
    cell[top: top + th, left: left + tw] = s
    return cell


if __name__ == "__main__":
    font_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu")
    glyphs, names = render(font_dir)
    target = Path(__file__).resolve().parents[1] / "resources" / "datasets" / "digit_glyphs.npz"
    np.savez_compressed(target, glyphs=glyphs, faces=np.array(names))
    print(f"{target}: {glyphs.shape} from {', '.join(names)}")
