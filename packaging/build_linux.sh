#!/usr/bin/env bash
# Build the Linux bundle (dist/fireside/) and a .deb (dist/fireside_<version>_amd64.deb), then run the
# smoke test from both (the bundle, and the .deb unpacked into a temporary root).
#
#   packaging/build_linux.sh [--gpu cpu|cuda|vulkan|rocm] [--model PATH] [--no-smoke]
#
# llama-cpp-python is compiled for shipping with GGML_NATIVE=OFF (no "illegal instruction" on older
# CPUs), in its own virtual environment (build/venv-<gpu>), once; later builds reuse it.
set -euo pipefail

GPU=cpu
MODEL=""
SMOKE=1
while [ $# -gt 0 ]; do
    case "$1" in
        --gpu) GPU="$2"; shift 2 ;;
        --model) MODEL="$2"; shift 2 ;;
        --no-smoke) SMOKE=0; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done
case "$GPU" in
    cpu) GPU_ARGS="" ;;
    cuda) GPU_ARGS="-DGGML_CUDA=on" ;;
    vulkan) GPU_ARGS="-DGGML_VULKAN=on" ;;
    rocm) GPU_ARGS="-DGGML_HIP=on" ;;
    *) echo "--gpu must be cpu, cuda, vulkan or rocm" >&2; exit 2 ;;
esac

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
START=$(date +%s)
VENV="build/venv-$GPU"
LLAMA_VERSION=$(grep -o 'llama-cpp-python==[0-9.]*' pyproject.toml | cut -d= -f3)

if [ ! -f "$VENV/.llama-built" ]; then
    python3 -m venv "$VENV"
    echo "== compiling llama-cpp-python $LLAMA_VERSION (GGML_NATIVE=OFF $GPU_ARGS); about 8 minutes on 2 cores"
    CMAKE_ARGS="-DGGML_NATIVE=OFF $GPU_ARGS" "$VENV/bin/pip" install --no-cache-dir --no-binary llama-cpp-python \
        "llama-cpp-python==$LLAMA_VERSION"
    touch "$VENV/.llama-built"
fi
echo "== installing Fireside and PyInstaller into $VENV"
rm -rf build/lib build/bdist.*  # setuptools builds in-tree: a module moved away since the last build would ship again
"$VENV/bin/pip" install -q "$ROOT" "pyinstaller>=6.10"

echo "== bundling"
rm -rf dist/fireside
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
    packaging/pyinstaller/fireside.spec

# Other computers' GPUs: llama.cpp's RPC backend and its rpc-server, from the same vendored source
# (packaging/rpc_build.sh, cached; about 2 minutes the first time), in the bundle's rpc/ folder, where
# desktop.engine.rpc.rpc_build_dir finds them. A CPU build: the server shares the CPU, and the
# client's engine loads these libraries only when servers are set (a --gpu build of both is a TODO).
if [ "$GPU" = cpu ]; then
    RPC_BUILD=$(packaging/rpc_build.sh)
    mkdir -p dist/fireside/_internal/rpc
    cp -a "$RPC_BUILD/lib" "$RPC_BUILD/bin" dist/fireside/_internal/rpc/
    echo "== rpc-server and the RPC backend: $(du -sh dist/fireside/_internal/rpc | cut -f1)"
fi

VERSION=$("$VENV/bin/python" -c "import desktop; print(desktop.__version__)")
PKG="build/deb/fireside_${VERSION}_amd64"
echo "== packaging $PKG.deb"
rm -rf "$PKG"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications"
cp -a dist/fireside "$PKG/opt/fireside"
ln -s /opt/fireside/fireside "$PKG/usr/bin/fireside"
install -m644 packaging/linux/fireside.desktop "$PKG/usr/share/applications/fireside.desktop"
for size in 16 24 32 48 64 128 256 512; do
    install -D -m644 "resources/icons/fireside-$size.png" "$PKG/usr/share/icons/hicolor/${size}x${size}/apps/fireside.png"
done
install -D -m644 resources/icons/fireside.svg "$PKG/usr/share/icons/hicolor/scalable/apps/fireside.svg"
# Qt's xcb platform plugin needs these X11/GL libraries from the system (the bundle carries Qt itself): the
# list the app's start-up check names packages from when one is missing (desktop/preflight.py).
QT_DEPENDS=$("$VENV/bin/python" -m desktop.preflight --deb-depends)
cat > "$PKG/DEBIAN/control" <<CONTROL
Package: fireside
Version: $VERSION
Architecture: amd64
Maintainer: The Fireside developers <fireside@example.org>
Installed-Size: $(du -sk "$PKG" | cut -f1)
Depends: libc6 (>= 2.35), $QT_DEPENDS, libgomp1
Section: utils
Priority: optional
Homepage: https://example.org/fireside
Description: Local GGUF language models for roleplay and long stories
 Fireside runs GGUF models with llama.cpp on your own computer: long context
 that never stalls (context shifting), memory that fits your GPU, and chats
 that are never lost.
CONTROL
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$PKG/usr/share/applications/fireside.desktop"
else
    echo "(desktop-file-validate not installed: apt-get install desktop-file-utils)"
fi
dpkg-deb --root-owner-group --build "$PKG" dist/ >/dev/null
DEB="dist/fireside_${VERSION}_amd64.deb"
BUILD_SECONDS=$(( $(date +%s) - START ))
if command -v makensis >/dev/null; then
    # A syntax check of the Windows installer script (fed with this Linux bundle; not a usable installer).
    (cd packaging/windows && makensis -V2 -DVERSION="$VERSION" -DBUNDLE_DIR="$ROOT/dist/fireside" \
        -DOUT_FILE="$ROOT/build/nsis-check.exe" fireside.nsi >/dev/null) && echo "== the NSIS script compiles"
fi

if [ "$SMOKE" = 1 ]; then
    [ -n "$MODEL" ] || MODEL=$("$VENV/bin/python" -m desktop.models fetch-sample | tail -1)
    echo "== smoke: the bundle"
    timeout 600 dist/fireside/fireside --smoke --model "$MODEL"
    echo "== smoke: the bundle serving the API headless"
    timeout 600 "$VENV/bin/python" packaging/smoke_serve.py dist/fireside/fireside "$MODEL"
    if [ -d dist/fireside/_internal/rpc ]; then
        echo "== smoke: the bundle's rpc-server, with the sample model split onto it"
        timeout 600 "$VENV/bin/python" packaging/smoke_rpc.py dist/fireside/_internal/rpc "$MODEL"
    fi
    echo "== smoke: the .deb, unpacked into a temporary root"
    UNPACKED=$(mktemp -d)
    dpkg-deb -x "$DEB" "$UNPACKED"
    timeout 600 "$UNPACKED/opt/fireside/fireside" --smoke --model "$MODEL"
    rm -rf "$UNPACKED"
fi
echo "== done in ${BUILD_SECONDS}s (build) : bundle $(du -sh dist/fireside | cut -f1), $(du -h "$DEB" | cut -f1) $DEB"
