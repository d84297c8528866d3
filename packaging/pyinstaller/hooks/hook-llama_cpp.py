"""llama-cpp-python loads libllama and the ggml libraries with ctypes, which PyInstaller cannot see.

Without this hook the bundle fails with "Shared library with base name 'llama' not found".
"""

from PyInstaller.utils.hooks import collect_data_files, collect_dynamic_libs

binaries = collect_dynamic_libs("llama_cpp", destdir="llama_cpp/lib")
datas = collect_data_files("llama_cpp")
