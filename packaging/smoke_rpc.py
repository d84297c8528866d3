"""The bundle's RPC side works: its rpc-server starts on 127.0.0.1 and answers the handshake, and the
bundle's RPC libraries, loaded by the llama-cpp-python bindings, put the sample model's layers on it
and reply.

    python packaging/smoke_rpc.py BUNDLE_RPC_DIR MODEL
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = """
import sys
from desktop.engine import Engine, LoadConfig, SamplerSettings
engine = Engine.load(LoadConfig(sys.argv[1], n_ctx=512, n_threads=1, n_gpu_layers=-1, rpc_servers=[sys.argv[2]]))
chat = engine.new_chat("You are a helpful assistant.")
reply = chat.send("Say hello.", SamplerSettings(temperature=0.0, max_tokens=8, seed=1))
reply.run()
assert reply.text.strip(), "no reply"
assert any(sys.argv[2] in line and "model buffer size" in line for line in engine.load_log), "no layer on the server"
print("rpc smoke: replied", repr(reply.text[:40]), "with every layer on", sys.argv[2])
engine.close()
"""


def main() -> int:
    from desktop.engine.rpc import RpcProblem, probe_server

    rpc_dir, model = Path(sys.argv[1]).resolve(), sys.argv[2]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([str(rpc_dir / "bin" / "ggml-rpc-server"), "-H", "127.0.0.1", "-p", str(port), "-t", "1"],
                              env={**os.environ, "LD_LIBRARY_PATH": str(rpc_dir / "lib")},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                found = probe_server(endpoint, timeout=2)
                break
            except RpcProblem:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        print(f"rpc smoke: {endpoint} speaks protocol {'.'.join(map(str, found.version))}, "
              f"{len(found.devices)} device(s)")
        child = subprocess.run([sys.executable, "-c", CHILD, model, endpoint], cwd=ROOT, timeout=300,
                               env={**os.environ, "LLAMA_CPP_LIB_PATH": str(rpc_dir / "lib")})
        return child.returncode
    finally:
        server.kill()
        server.wait(10)


if __name__ == "__main__":
    raise SystemExit(main())
