#!/usr/bin/env bash
# llama.cpp's own llama-server, built from the very source llama-cpp-python 0.3.36 vendors and with the
# flags pip's wheel gets (Release, -march=native, OpenMP), so the kernels are the ones Fireside runs:
# the peer benchmarks/peer.py compares against. Not shipped.
#
#   packaging/llama_server_build.sh            build if needed; print the binary's path
#   packaging/llama_server_build.sh --cached   print the path if it is built, else say so and exit 0
#
# Built once (about 6-10 minutes on 2 cores, niced) and kept in $CACHE; FIRESIDE_LLAMA_SRC may name an
# unpacked vendor/llama.cpp to build from instead of downloading the sdist.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=0.3.36
CACHE="${FIRESIDE_LLAMA_SERVER_CACHE:-$HOME/.cache/fireside-llama-server}/$VERSION"
BIN="$CACHE/bin/llama-server"

if [ "${1:-}" = "--cached" ]; then
    if [ -x "$BIN" ]; then echo "$BIN"; else echo "llama-server: not built in $CACHE (packaging/llama_server_build.sh makes it)" >&2; fi
    exit 0
fi
if [ -x "$BIN" ]; then echo "$BIN"; exit 0; fi

PYTHON="$(command -v python3)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
. packaging/llama_source.sh  # SRC and CMAKE (the working folder is the project here)
echo "== building llama-server (started $(date -u +%H:%M:%S))" >&2
# Static: one binary that needs nothing beside it. GGML_NATIVE stays at its default (ON), as in pip's build.
nice -n 10 "$CMAKE" -S "$SRC" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON \
    -DLLAMA_BUILD_TOOLS=ON >"$WORK/configure.log" 2>&1 || { tail -30 "$WORK/configure.log" >&2; exit 1; }
nice -n 10 "$CMAKE" --build "$WORK/build" --target llama-server -j 2 >"$WORK/build.log" 2>&1 \
    || { tail -40 "$WORK/build.log" >&2; exit 1; }
mkdir -p "$CACHE/bin"
cp "$(find "$WORK/build" -name llama-server -type f -perm -u+x | head -1)" "$BIN.tmp"
mv "$BIN.tmp" "$BIN"
echo "== built ($(date -u +%H:%M:%S)): $BIN" >&2
echo "$BIN"
