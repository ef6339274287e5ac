"""Render resources/icons/convviz.svg into the icons Windows and macOS builds need (convviz.ico, convviz.icns
beside it; convviz.spec picks them up when present). Qt writes both formats, so no other tool is needed:

    python packaging/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QIcon

    app = QGuiApplication(sys.argv[:1])  # noqa: F841 (rendering an SVG icon needs one)
    image = QIcon(str(ICONS / "convviz.svg")).pixmap(256, 256).toImage()
    for name in ("convviz.ico", "convviz.icns"):
        if not image.save(str(ICONS / name)):
            print(f"make_icons: could not write {name} (Qt's ico/icns image plugins missing?)", file=sys.stderr)
            return 1
        print(f"wrote {ICONS / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
