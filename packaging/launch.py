"""Entry point of the PyInstaller bundle."""

import sys

from convviz.cli import main

sys.exit(main())
