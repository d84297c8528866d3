#!/usr/bin/env bash
# llama.cpp with its RPC backend, from the very source llama-cpp-python 0.3.36 vendors (so the C
# library matches the Python bindings and both ends speak the same RPC protocol): the shared libraries
# (libllama, libggml*, libggml-rpc) and the server, ggml-rpc-server. llama-cpp-python loads the
# libraries from LLAMA_CPP_LIB_PATH instead of its own; the wheel pip builds has no RPC backend.
#
#   packaging/rpc_build.sh            build if needed; print the folder (lib/ and bin/ inside)
#   packaging/rpc_build.sh --cached   print the folder if it is built, else say so and exit 0
#
# Built once (about 6-8 minutes on 2 cores, niced) and kept in $CACHE.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=0.3.36
CACHE="${FIRESIDE_RPC_CACHE:-$HOME/.cache/fireside-rpc}/$VERSION"
built() { [ -x "$CACHE/bin/ggml-rpc-server" ] && [ -e "$CACHE/lib/libllama.so" ]; }

if [ "${1:-}" = "--cached" ]; then
    if built; then echo "$CACHE"; else echo "rpc: no RPC build in $CACHE (packaging/rpc_build.sh makes one)" >&2; fi
    exit 0
fi
if built; then echo "$CACHE"; exit 0; fi

PYTHON="$(command -v python3)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
. packaging/llama_source.sh  # SRC and CMAKE (the working folder is the project here)
echo "== building with GGML_RPC (started $(date -u +%H:%M:%S))" >&2
# RPATH $ORIGIN: the libraries find each other in lib/ wherever the folder is moved.
nice -n 10 "$CMAKE" -S "$SRC" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON \
    -DGGML_RPC=ON -DGGML_NATIVE=OFF -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
    -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_TOOLS=ON -DCMAKE_INSTALL_RPATH='$ORIGIN' \
    -DCMAKE_BUILD_WITH_INSTALL_RPATH=ON >"$WORK/configure.log" 2>&1 || { tail -30 "$WORK/configure.log" >&2; exit 1; }
nice -n 10 "$CMAKE" --build "$WORK/build" --target llama ggml-rpc-server -j 2 >"$WORK/build.log" 2>&1 \
    || { tail -40 "$WORK/build.log" >&2; exit 1; }
mkdir -p "$CACHE/lib.tmp" "$CACHE/bin"
find "$WORK/build" -name "lib*.so*" -exec cp -a {} "$CACHE/lib.tmp/" \;
cp "$(find "$WORK/build" -name ggml-rpc-server -type f -perm -u+x | head -1)" "$CACHE/bin/"
rm -rf "$CACHE/lib" && mv "$CACHE/lib.tmp" "$CACHE/lib"
echo "== built ($(date -u +%H:%M:%S)): $(ls "$CACHE/lib" | tr '\n' ' ')" >&2
echo "$CACHE"
