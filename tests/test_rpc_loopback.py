"""Issue 25 on loopback, against llama.cpp's own rpc-server built from the vendored source
(packaging/rpc_build.sh; skipped when that build is not cached here): two CPU servers on
127.0.0.1, the sample model with 20 of its 30 layers split across them, and the same greedy text as
a local load."""

from __future__ import annotations

import json
import os
import resource
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


def start_server(port: int, memory_limit: int = 0) -> subprocess.Popen:
    """A CPU rpc-server on 127.0.0.1; `memory_limit` (bytes of address space) makes it run out of memory."""
    assert BUILD is not None
    env = {**os.environ, "LD_LIBRARY_PATH": str(BUILD / "lib")}

    def limit() -> None:
        if memory_limit:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    server = subprocess.Popen([str(BUILD / "bin" / "ggml-rpc-server"), "-H", "127.0.0.1", "-p", str(port), "-t", "1"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=limit)
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
    # The planner treats each server's device as a device: within 5 % of what llama.cpp allocated on
    # each, part by part (20 layers split 1:1, then every layer with flash attention, by free memory).
    for memory in (result["memory"], result["memory_all"]):
        assert set(memory) == {"CPU", *(f"RPC0[{e}]" for e in endpoints)}, memory
        for device, parts in memory.items():
            for part, (planned, reported) in parts.items():
                assert abs(planned - reported) <= 0.05 * reported + 64 * 1024, (device, part, planned, reported)


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


@pytest.fixture
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_model: str) -> Path:
    monkeypatch.setenv("FIRESIDE_MODELS_DIR", str(Path(sample_model).parent))
    monkeypatch.setenv("FIRESIDE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FIRESIDE_RPC_DIR", str(BUILD))
    return tmp_path


def open_window(qtbot):
    from desktop.storage import database_path, open_database
    from desktop.ui.main_window import MainWindow

    db, _ = open_database(database_path())
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    return window


def failed_load(qtbot, window, load: dict) -> str:
    """Load with these settings, which must fail; the window's message."""
    failures: list[str] = []
    window.controller.model_failed.connect(failures.append)
    window.controller.load_model(load["model_path"], load)
    qtbot.waitUntil(lambda: bool(failures), timeout=90000)
    return failures[0]


def test_a_server_killed_mid_reply_is_named_and_the_chat_goes_on_without_it(qtbot, user_dirs, sample_model) -> None:
    """The window's path: the load asks for two servers (a new engine process, with the RPC build's
    llama.cpp), one is killed while a reply streams (ggml-rpc aborts the engine process), the notice
    names it, the model comes back without it, every streamed token is kept, and the next turn works."""
    from qt_helpers import ENDLESS, FAST, load_model

    ports = [free_port(), free_port()]
    servers = [start_server(port) for port in ports]
    endpoints = [f"127.0.0.1:{port}" for port in ports]
    window = open_window(qtbot)
    c = window.controller
    try:
        first_pid = window.client.pid
        info = load_model(qtbot, window, sample_model, ENDLESS, n_gpu_layers=20, rpc_servers=endpoints)
        assert window.client.pid != first_pid  # (the engine process the servers were added to)
        assert info["config"]["rpc_servers"] == endpoints
        # the memory panel lists each server's device by its name, planned beside what llama.cpp reported
        table = window.memory_dock.panel.table.text()
        for endpoint in endpoints:
            rows = [line for line in table.splitlines() if line.startswith(f"RPC0[{endpoint}]")]
            assert len(rows) == 3 and all(" / -" not in row for row in rows), table
        shown: list[str] = []
        c.message_streaming.connect(lambda i: shown.append(c.conv.messages[i].text))
        notices: list[str] = []
        c.notify.connect(lambda _level, text: notices.append(text))
        assert c.send("Tell me a long story about a lighthouse.")
        qtbot.waitUntil(lambda: len(shown) >= 8, timeout=60000)
        servers[1].kill()
        servers[1].wait(10)
        with qtbot.waitSignal(c.model_changed, timeout=90000, check_params_cb=bool) as back:
            pass
        assert any(endpoints[1] in text and "stopped answering" in text for text in notices), notices
        assert back.args[0]["config"]["rpc_servers"] == [endpoints[0]]
        reply = c.conv.messages[-1]
        assert reply.role == "assistant" and reply.text and reply.text.startswith(shown[-1][:20])
        stored = window.db.load_chat(c.conv.id)
        assert [m.text for m in stored.messages] == [m.text for m in c.conv.messages]
        c.sampler = dict(FAST)
        with qtbot.waitSignal(c.reply_finished, timeout=120000) as done:
            assert c.send("And then?")
        assert done.args[0]["text"] and len(c.conv.messages) == 4
    finally:
        window.close()
        window.db.close()
        for server in servers:
            server.kill()
            server.wait(10)


def test_a_server_that_is_not_there_is_a_message_on_its_field_and_the_engine_lives(qtbot, user_dirs,
                                                                                    sample_model) -> None:
    from qt_helpers import load_model

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        gone = f"127.0.0.1:{s.getsockname()[1]}"
    window = open_window(qtbot)
    try:
        failure = failed_load(qtbot, window, {"model_path": sample_model, "n_ctx": 512, "n_gpu_layers": 20,
                                              "rpc_servers": [gone]})
        assert gone in failure and "refused the connection" in failure
        assert window.client.alive and window.client.crash is None
        info = load_model(qtbot, window, sample_model)  # without it: the engine process of before
        assert info["config"].get("rpc_servers", []) == []
    finally:
        window.close()
        window.db.close()


def test_a_server_that_runs_out_of_memory_is_named_and_the_engine_lives(qtbot, user_dirs, sample_model) -> None:
    """rpc-server with 200 MB of address space: its compute buffer (97 MiB) cannot be allocated; ggml-rpc
    only logs "failed to allocate RPC0[host:port] buffer", the message says which computer and what helps."""
    port = free_port()
    server = start_server(port, memory_limit=200 << 20)
    endpoint = f"127.0.0.1:{port}"
    window = open_window(qtbot)
    try:
        failure = failed_load(qtbot, window, {"model_path": sample_model, "n_ctx": 1024, "n_gpu_layers": -1,
                                              "rpc_servers": [endpoint]})
        assert f"the GPU server {endpoint} ran out of memory" in failure and "fewer GPU layers" in failure
        assert window.client.alive and window.client.crash is None
    finally:
        window.close()
        window.db.close()
        server.kill()
        server.wait(10)
