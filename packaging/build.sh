#!/usr/bin/env bash
# Build the one-folder desktop bundle (dist/convviz/convviz) and its archive (dist/convviz-VERSION-OS-ARCH.tar.gz)
# from a clean export of the checkout's HEAD, in a private virtual environment with a pinned PyInstaller — so the
# bundle holds only what convviz installs, whatever the machine's Python has (torch, scipy, test tools …).
#   packaging/build.sh            # from anywhere; writes dist/ in the repository root
#   KEEP_BUILD=1 packaging/build.sh   # keep build/pkg/ (the venv is reused on the next run anyway)
set -euo pipefail
PYINSTALLER_VERSION=6.22.3
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/build/pkg"
python="${PYTHON:-python3}"

rm -rf "$work/src" "$work/pyinstaller" "$root/dist/convviz"
mkdir -p "$work/src" "$root/dist"
git -C "$root" archive --format=tar HEAD | tar -x -C "$work/src"   # committed files only

if [ ! -x "$work/venv/bin/python" ]; then
  "$python" -m venv "$work/venv"
fi
venv="$work/venv/bin/python"
"$venv" -m pip install -q --upgrade pip
"$venv" -m pip install -q "pyinstaller==$PYINSTALLER_VERSION" "$work/src"

cd "$work/src"
"$venv" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$root/dist" --workpath "$work/pyinstaller" packaging/convviz.spec

# Strip debug symbols from the shared libraries (about 27 MiB) — except NumPy's bundled OpenBLAS, which stripping
# corrupts ("ELF load command address/offset not page-aligned"); PyInstaller's own strip option cannot except it.
if [ "$(uname -s)" = Linux ] && command -v strip >/dev/null; then
  find "$root/dist/convviz" -type f -name '*.so*' ! -path '*/numpy.libs/*' -exec strip --strip-unneeded {} + 2>/dev/null || true
fi

version="$("$venv" -c 'import convviz; print(convviz.__version__)')"
archive="$root/dist/convviz-$version-$(uname -s | tr 'A-Z' 'a-z')-$(uname -m).tar.gz"
tar -C "$root/dist" -czf "$archive" convviz
echo "bundle:  $root/dist/convviz ($(du -sm "$root/dist/convviz" | cut -f1) MiB)"
echo "archive: $archive ($(du -m "$archive" | cut -f1) MiB)"
[ -n "${KEEP_BUILD:-}" ] || rm -rf "$work/src" "$work/pyinstaller"
