"""Issue 25 on loopback, against llama.cpp's own rpc-server built from the vendored source
(packaging/rpc_build.sh; skipped when that build is not cached here): two CPU servers on
127.0.0.1, the sample model with 20 of its 30 layers split across them, and the same greedy text as
a local load."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.engine.rpc import RpcProblem, probe_server

ROOT = Path(__file__).resolve().parents[1]


def rpc_build() -> Path | None:
    out = subprocess.run(["bash", str(ROOT / "packaging" / "rpc_build.sh"), "--cached"], capture_output=True,
                         text=True, timeout=60).stdout.strip()
    return Path(out) if out else None


BUILD = rpc_build()
pytestmark = pytest.mark.skipif(BUILD is None, reason="no RPC build cached (packaging/rpc_build.sh makes one)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    assert BUILD is not None
    env = {**os.environ, "LD_LIBRARY_PATH": str(BUILD / "lib")}
    server = subprocess.Popen([str(BUILD / "bin" / "ggml-rpc-server"), "-H", "127.0.0.1", "-p", str(port), "-t", "1"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while True:
        try:
            probe_server(f"127.0.0.1:{port}", timeout=2)
            return server
        except RpcProblem:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise
            time.sleep(0.2)


def test_a_model_split_across_two_loopback_servers_reads_like_a_local_load(sample_model: str) -> None:
    assert BUILD is not None
    ports = [free_port(), free_port()]
    servers = [start_server(port) for port in ports]
    try:
        endpoints = [f"127.0.0.1:{port}" for port in ports]
        child = subprocess.run([sys.executable, str(ROOT / "tests" / "rpc_child.py"), sample_model, *endpoints],
                               env={**os.environ, "LLAMA_CPP_LIB_PATH": str(BUILD / "lib")},
                               capture_output=True, text=True, timeout=600)
        assert child.returncode == 0, child.stderr[-3000:]
        result = json.loads(child.stdout.strip().splitlines()[-1])
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)
    assert [s[0] for s in result["servers"]] == endpoints and all(s[1] >= 1 and s[2] > 0 for s in result["servers"])
    assert sum(name.startswith("RPC") for name in result["devices"]) == 2, result["devices"]
    assert result["split"] == result["local"] and result["local"].strip()
    # The layers really went there: llama.cpp put model weights and KV cache on each server
    # ("load_tensors: RPC0[127.0.0.1:PORT] model buffer size = 21.14 MiB").
    for endpoint in endpoints:
        for kind in ("model", "KV"):
            assert any(f"[{endpoint}] {kind} buffer size" in line for line in result["buffers"]), (kind, result["buffers"])


def test_a_server_that_is_not_there_is_named_and_llama_cpp_never_tries_it() -> None:
    """ggml-rpc would abort the process ("Failed to connect to …"); the check before it says which
    server and why, nothing is registered, and the process goes on (exit 0 after the JSON line)."""
    assert BUILD is not None
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        gone = f"127.0.0.1:{s.getsockname()[1]}"  # (closed when the block ends: nothing listens there)
    up = free_port()
    server = start_server(up)
    try:
        child = subprocess.run([sys.executable, str(ROOT / "tests" / "rpc_child.py"), "--add-only", f"127.0.0.1:{up}", gone],
                               env={**os.environ, "LLAMA_CPP_LIB_PATH": str(BUILD / "lib")},
                               capture_output=True, text=True, timeout=120)
    finally:
        server.terminate()
        server.wait(10)
    assert child.returncode == 0, child.stderr[-2000:]
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["problem"] == "refused" and result["endpoint"] == gone
    assert not any(name.startswith("RPC") for name in result["devices"])  # not even the one that answered
