"""Issue 25 (other computers' GPUs), the first piece: a server is checked in Python before llama.cpp
connects to it, since ggml-rpc aborts the process on a server that is not there, refuses the
handshake or speaks another version. Real sockets on loopback: a server speaking ggml-rpc's framing
(HELLO, DEVICE_COUNT, GET_DEVICE_MEMORY), one of another version, an HTTP server, one that never
answers, a closed port; and the addresses people type."""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from desktop.engine import ConfigError, Engine, LoadConfig
from desktop.engine.rpc import (
    CMD_DEVICE_COUNT,
    CMD_GET_DEVICE_MEMORY,
    CMD_HELLO,
    CONN_CAPS_SIZE,
    DEFAULT_PORT,
    RpcProblem,
    parse_endpoint,
    probe_server,
)
from desktop.engine.validation import check_config
from desktop.worker.client import wanted_servers
from desktop.worker.crash_report import adjusted_config, explain, name_gone_servers

GIB = 1 << 30


def read(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError
        data += chunk
    return data


def rpc_answers(version: tuple[int, int, int], devices: list[tuple[int, int]]) -> Callable[[socket.socket], None]:
    """A server side of ggml-rpc's protocol, as rpc-server.cpp answers it."""
    def serve(conn: socket.socket) -> None:
        while True:
            command = read(conn, 1)[0]
            size = struct.unpack("<Q", read(conn, 8))[0]
            data = read(conn, size)
            if command == CMD_HELLO:
                assert size == CONN_CAPS_SIZE and data == bytes(CONN_CAPS_SIZE)  # no transport upgrade asked
                answer = bytes([*version, 0]) + bytes(CONN_CAPS_SIZE)
            elif command == CMD_DEVICE_COUNT:
                answer = struct.pack("<I", len(devices))
            elif command == CMD_GET_DEVICE_MEMORY:
                answer = struct.pack("<QQ", *devices[struct.unpack("<I", data)[0]])
            else:
                return
            conn.sendall(struct.pack("<Q", len(answer)) + answer)
    return serve


@contextmanager
def server(handle: Callable[[socket.socket], None]) -> Iterator[str]:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    stop = threading.Event()

    def loop() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                try:
                    handle(conn)
                except (ConnectionError, OSError, AssertionError):
                    pass

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        stop.set()
        thread.join(2)
        listener.close()


def test_a_server_is_asked_what_it_offers() -> None:
    with server(rpc_answers((7, 0, 0), [(10 * GIB, 12 * GIB), (3 * GIB, 8 * GIB)])) as endpoint:
        found = probe_server(endpoint)
    assert found.endpoint == endpoint and found.version == (7, 0, 0)
    assert [(d.index, d.free, d.total) for d in found.devices] == [(0, 10 * GIB, 12 * GIB), (1, 3 * GIB, 8 * GIB)]


@pytest.mark.parametrize("version", [(6, 0, 0), (8, 0, 0), (7, 1, 0)])
def test_another_protocol_version_is_refused_before_llama_cpp_sees_it(version) -> None:
    with server(rpc_answers(version, [(GIB, GIB)])) as endpoint, pytest.raises(RpcProblem) as caught:
        probe_server(endpoint)
    assert caught.value.kind == "version" and "{0}.{1}.{2}".format(*version) in caught.value.detail


def test_what_is_not_an_rpc_server_is_named_as_such() -> None:
    def http(conn: socket.socket) -> None:
        conn.recv(1024)
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    def hangs_up(conn: socket.socket) -> None:
        conn.recv(1024)

    def no_devices(conn: socket.socket) -> None:
        rpc_answers((7, 0, 0), [])(conn)

    for handler in (http, hangs_up, no_devices):
        with server(handler) as endpoint, pytest.raises(RpcProblem) as caught:
            probe_server(endpoint)
        assert caught.value.kind == "protocol", handler.__name__


def test_a_server_that_never_answers_times_out_and_a_closed_port_is_refused() -> None:
    release = threading.Event()
    with server(lambda conn: release.wait(30)) as endpoint:
        started = time.monotonic()
        with pytest.raises(RpcProblem) as caught:
            probe_server(endpoint, timeout=0.5)
        waited = time.monotonic() - started
        release.set()
    assert caught.value.kind == "timeout" and waited < 10  # (the server would have held it 30 s)
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(RpcProblem) as caught:
        probe_server(f"127.0.0.1:{port}")
    assert caught.value.kind == "refused" and caught.value.endpoint == f"127.0.0.1:{port}"
    with pytest.raises(RpcProblem) as caught:
        probe_server("no-such-host.invalid:50052", timeout=2)
    assert caught.value.kind == "address"


@pytest.mark.parametrize("text, parsed", [("192.168.1.20:50052", ("192.168.1.20", 50052)),
                                          (" gaming-pc:6000 ", ("gaming-pc", 6000)),
                                          ("gaming-pc", ("gaming-pc", DEFAULT_PORT)),
                                          ("[::1]:50052", ("::1", 50052)), ("[fe80::1]", ("fe80::1", DEFAULT_PORT))])
def test_addresses_people_type(text: str, parsed) -> None:
    assert parse_endpoint(text) == parsed


@pytest.mark.parametrize("text", ["", "host:", "host:port", "host:70000", "host:0", "::1:50052", "[::1]x",
                                  "two words:1", "[::1"])
def test_addresses_that_are_not(text: str) -> None:
    with pytest.raises(RpcProblem) as caught:
        parse_endpoint(text)
    assert caught.value.kind == "address"


def closed_port() -> str:
    with socket.create_server(("127.0.0.1", 0)) as s:
        return f"127.0.0.1:{s.getsockname()[1]}"


def test_the_servers_setting_is_checked_field_by_field(sample_model: str) -> None:
    good = LoadConfig(sample_model, rpc_servers=["192.168.1.20:50052", "gaming-pc"])
    assert [p for p in check_config(good) if p.field == "rpc_servers"] == []
    bad = LoadConfig(sample_model, rpc_servers=["gaming-pc:port", "[::1]:50052", "::1:50052", "[::1]:50052"])
    messages = [p.message for p in check_config(bad) if p.field == "rpc_servers"]
    assert len(messages) == 3 and "gaming-pc:port" in messages[0] and "brackets" in messages[1]
    assert messages[2] == "[::1]:50052 is listed twice"
    # stored settings come back as they went (and an old store without the key gives none)
    assert LoadConfig.from_dict(good.to_dict()).rpc_servers == good.rpc_servers
    assert LoadConfig.from_dict({"model_path": sample_model}).rpc_servers == []


def test_a_bad_server_stops_the_load_with_the_field_named_before_llama_cpp_is_asked(sample_model: str) -> None:
    gone = closed_port()
    with pytest.raises(ConfigError) as caught:
        Engine.load(LoadConfig(sample_model, n_ctx=256, rpc_servers=[gone]))
    [problem] = caught.value.problems
    assert problem.field == "rpc_servers" and gone in problem.message
    # This llama.cpp (the pip wheel, no RPC backend) says so; an RPC build asks the server first and
    # names it: "refused the connection" (tests/test_rpc_loopback.py runs that one).
    assert "no RPC backend" in problem.message or "refused the connection" in problem.message


def test_the_servers_that_went_away_are_named_and_the_next_load_goes_on_without_them() -> None:
    with server(rpc_answers((7, 0, 0), [(GIB, GIB)])) as up:
        gone = closed_port()
        crash = explain(-6, ["ggml-rpc.cpp:354: GGML_ASSERT(...) Remote RPC server crashed or returned malformed response"])
        assert crash.cause == "a GPU server on another computer stopped answering"
        named = name_gone_servers(crash, [up, gone])
    assert named.gone_servers == (gone,) and gone in named.cause and up not in named.cause
    assert named.actions == ("without_gone_servers", "restart")
    config = {"model_path": "m.gguf", "rpc_servers": [up, f" {gone} "],
              "tensor_split": [1.0, 1.0, 2.0]}
    assert adjusted_config("without_gone_servers", config, gone=named.gone_servers) == {
        "model_path": "m.gguf", "rpc_servers": [up], "tensor_split": []}  # (shares per device: llama.cpp picks)
    assert adjusted_config("without_gone_servers", config, gone=()) is None  # nothing gone: nothing to offer
    assert name_gone_servers(crash, []) is crash  # an engine with no servers: the report as it was


def test_a_load_asks_for_a_new_engine_process_when_its_servers_change() -> None:
    assert wanted_servers({"rpc_servers": [" gaming-pc ", "[::1]"]}) == ("gaming-pc:50052", "[::1]:50052")
    assert wanted_servers({"rpc_servers": ["host:port"]}) == ("host:port",)  # (refused later, field named)
    assert wanted_servers({}) == ()
