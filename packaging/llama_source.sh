# Sourced by the scripts that build llama.cpp from the source llama-cpp-python vendors
# (rpc_build.sh, llama_server_build.sh): needs VERSION, PYTHON and WORK set; sets SRC and CMAKE.
# FIRESIDE_LLAMA_SRC may name an unpacked vendor/llama.cpp to use instead of downloading the sdist.
SRC="${FIRESIDE_LLAMA_SRC:-}"
if [ -z "$SRC" ]; then
    echo "== llama.cpp $VERSION's source, from the llama-cpp-python sdist" >&2
    "$PYTHON" -m pip download -q --no-deps --no-binary :all: "llama-cpp-python==$VERSION" -d "$WORK" >&2
    tar xzf "$WORK"/llama_cpp_python-$VERSION.tar.gz -C "$WORK"
    SRC="$WORK/llama_cpp_python-$VERSION/vendor/llama.cpp"
fi
CMAKE="$(command -v cmake || true)"
if [ -z "$CMAKE" ]; then
    "$PYTHON" -m pip install -q --target "$WORK/cmake" cmake >&2
    CMAKE="$WORK/cmake/bin/cmake"
fi
