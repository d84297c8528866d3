#!/usr/bin/env bash
# The second test environment: llama-cpp-python built with llama.cpp's Vulkan backend, in its own venv
# (.venv-vulkan), and the GPU-path tests (tests/test_gpu_vulkan.py) run against lavapipe, Mesa's Vulkan
# device that runs on the CPU. No GPU needed.
#
#   packaging/vulkan_env.sh            build if needed, then run the Vulkan test group
#   packaging/vulkan_env.sh --cached   run only if the Vulkan wheel is already built (else say so, exit 0)
#   packaging/vulkan_env.sh --build    only build (and cache) the wheel
#
# Why the extra steps: Debian 12's Vulkan headers (1.3.239) are too old for the llama.cpp that
# llama-cpp-python 0.3.36 vendors (vk::LayerSettingEXT is missing), so the headers of Debian 13 (trixie)
# are downloaded with a private apt source list (nothing on the system changes) and unpacked into a
# folder used only by this build. ggml skips CPU-type Vulkan devices unless GGML_VK_VISIBLE_DEVICES
# names them. The wheel is built once (about 15-25 minutes on 2 cores) and kept in $CACHE; pip's own
# cache is bypassed, or it would hand back the CPU wheel of the same version.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=""
case "${1:-}" in --cached|--build) MODE="$1"; shift ;; esac
VERSION=0.3.36
CACHE="${FIRESIDE_VULKAN_CACHE:-$HOME/.cache/fireside-vulkan}"
VENV=.venv-vulkan
HEADERS="$CACHE/headers"
wheel() { ls "$CACHE"/llama_cpp_python-$VERSION-*.whl 2>/dev/null | head -1 || true; }

if [ "$MODE" = "--cached" ] && [ -z "$(wheel)" ]; then
    echo "vulkan: no cached Vulkan build in $CACHE; skipped (packaging/vulkan_env.sh --build makes one)"
    exit 0
fi

if ! command -v glslc >/dev/null || ! ls /usr/lib/*-linux-gnu/libvulkan_lvp.so >/dev/null 2>&1; then
    echo "== apt-get install glslc mesa-vulkan-drivers libvulkan1 vulkan-tools"
    timeout 600 apt-get install -y -q glslc mesa-vulkan-drivers libvulkan1 vulkan-tools >/dev/null
fi
LIBVULKAN="$(ls /usr/lib/*-linux-gnu/libvulkan.so.1 | head -1)"

if [ -z "$(wheel)" ]; then
    mkdir -p "$CACHE" "$HEADERS"
    if [ ! -d "$HEADERS/usr/include/vulkan" ]; then
        echo "== Vulkan headers from Debian trixie (private apt lists; the system's sources are untouched)"
        APT="$CACHE/apt"
        mkdir -p "$APT/lists/partial" "$APT/debs"
        echo "deb http://deb.debian.org/debian trixie main" > "$APT/sources.list"
        OPTS=(-o Dir::Etc::SourceList="$APT/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o Dir::State::Lists="$APT/lists")
        timeout 600 apt-get "${OPTS[@]}" update -q >/dev/null
        (cd "$APT/debs" && timeout 600 apt-get "${OPTS[@]}" download libvulkan-dev spirv-headers >/dev/null 2>&1)
        for deb in "$APT"/debs/*.deb; do dpkg -x "$deb" "$HEADERS"; done
    fi
    echo "== building llama-cpp-python $VERSION with GGML_VULKAN (started $(date -u +%H:%M:%S))"
    PYTHON="$(command -v python3)"
    SDIST_DIR="$(mktemp -d)"
    "$PYTHON" -m pip download -q --no-deps --no-binary :all: "llama-cpp-python==$VERSION" -d "$SDIST_DIR"
    CMAKE_ARGS="-DGGML_VULKAN=on -DGGML_NATIVE=OFF -DVulkan_INCLUDE_DIR=$HEADERS/usr/include \
-DVulkan_LIBRARY=$LIBVULKAN -DCMAKE_CXX_FLAGS=-I$HEADERS/usr/include \
-DSPIRV-Headers_DIR=$HEADERS/usr/share/cmake/SPIRV-Headers" \
        timeout 3600 "$PYTHON" -m pip wheel -q --no-cache-dir --no-deps "$SDIST_DIR"/llama_cpp_python-$VERSION.tar.gz -w "$CACHE"
    rm -rf "$SDIST_DIR"
    echo "== built $(wheel) ($(date -u +%H:%M:%S))"
fi
[ "$MODE" = "--build" ] && exit 0

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import llama_cpp" 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "$(wheel)"
    "$VENV/bin/pip" install -q -e ".[test]"
fi
echo "== the GPU-path tests on lavapipe"
export GGML_VK_VISIBLE_DEVICES="${GGML_VK_VISIBLE_DEVICES:-0}"
timeout 1800 "$VENV/bin/python" -m pytest -q -p no:cacheprovider -rs tests/test_gpu_vulkan.py "$@"
