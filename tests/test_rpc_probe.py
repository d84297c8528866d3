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
