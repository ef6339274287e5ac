"""Rebuild resources/datasets/plain_digits.npz: plain digits drawn independently of the training data.

    python tools/make_plain_digits.py [FONT_DIR]   # default /usr/share/fonts/truetype/liberation

Issue 12's check of what the digits network learned: "≥ 85 % on plain digits drawn independently (a common sans-serif
font, 16–22 px, centred, white on black)". The `digits` dataset warps glyphs of DejaVu faces, so these come from
another common sans-serif, Liberation Sans (metric-compatible with Arial; SIL Open Font Licence; Debian package
fonts-liberation), regular and bold, rasterised straight to 28×28 by Qt's own antialiased path filling — not
through the dataset's glyph bitmaps or its warp. Each digit is scaled so its ink is 16, 17, … 22 px high and the
ink's bounding box is centred; no rotation, shear or noise. 2 faces × 7 heights × 10 digits = 140 images.

Shipped as data (x: 140×28×28×1 float32 in [0, 1], y: 140 int64, classes "0"…"9"; a `--data` file for `convviz
evaluate`) so the tests never need the font. This lives in tools/, not packaging/: it only generates data, and a
change under packaging/ makes CI build and smoke-test the bundle (packaging/README.md).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

SIDE = 28
HEIGHTS = range(16, 23)  # the ink's height in pixels
FACES = ["LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"]


def render(font_dir: Path) -> tuple[np.ndarray, np.ndarray, list[str]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter, QPainterPath

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    xs, ys, names = [], [], []
    for face in FACES:
        fid = QFontDatabase.addApplicationFont(str(font_dir / face))
        if fid < 0:
            raise SystemExit(f"cannot load {font_dir / face} (Debian: apt-get install fonts-liberation)")
        family = QFontDatabase.applicationFontFamilies(fid)[0]
        font = QFont(family)
        font.setBold("Bold" in face)
        font.setPixelSize(100)  # outlines at a large size, scaled down by the painter: no hinting at 16 px
        names.append(face.removesuffix(".ttf"))
        for height in HEIGHTS:
            for d in range(10):
                path = QPainterPath()
                path.addText(QPointF(0, 0), font, str(d))
                box = path.boundingRect()
                scale = height / box.height()
                img = QImage(SIDE, SIDE, QImage.Format.Format_Grayscale8)
                img.fill(QColor(0, 0, 0))
                p = QPainter(img)
                p.setRenderHint(QPainter.RenderHint.Antialiasing)
                p.translate(SIDE / 2, SIDE / 2)  # the ink's centre on the image's centre
                p.scale(scale, scale)
                p.translate(-box.center())
                p.fillPath(path, QColor(255, 255, 255))
                p.end()
                a = np.frombuffer(img.constBits(), np.uint8, count=img.bytesPerLine() * SIDE)
                xs.append(a.reshape(SIDE, img.bytesPerLine())[:, :SIDE].astype(np.float32) / 255.0)
                ys.append(d)
    return np.stack(xs)[..., None], np.array(ys, np.int64), names


if __name__ == "__main__":
    font_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/liberation")
    x, y, names = render(font_dir)
    target = Path(__file__).resolve().parents[1] / "resources" / "datasets" / "plain_digits.npz"
    np.savez_compressed(target, x=x, y=y, classes=np.array([str(d) for d in range(10)]),
                        faces=np.array(names), heights=np.array(list(HEIGHTS)))
    print(f"{target}: {x.shape} from {', '.join(names)}, ink {HEIGHTS.start}–{HEIGHTS.stop - 1} px high")
