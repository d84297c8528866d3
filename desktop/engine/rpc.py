"""Other computers' GPUs through llama.cpp's RPC backend (ggml-rpc): checking a server before
llama.cpp ever connects to it.

ggml-rpc aborts the whole process when a server is not there, refuses the handshake or speaks
another protocol version (`GGML_ABORT("Failed to connect to …")`, "RPC handshake failed"). So a
server is first asked here, in Python, the way ggml-rpc's own client opens a connection: HELLO
(command 14) with no transport capabilities, then DEVICE_COUNT and each device's GET_DEVICE_MEMORY.
Only a server that answers all three, with the protocol version this llama.cpp speaks, is handed to
llama.cpp. The wire format (ggml/src/ggml-rpc/ggml-rpc.cpp, protocol 7.0.0, llama-cpp-python
0.3.36): a request is | command (1 byte) | size (8 bytes, little-endian) | data |, a response is
| size (8 bytes) | data |.

The link is neither encrypted nor authenticated: llama.cpp says to use it on a trusted network only.
"""

from __future__ import annotations

import ctypes
import os
import socket
import struct
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROTO_MAJOR, PROTO_MINOR = 7, 0  # ggml-rpc.h of the llama.cpp that llama-cpp-python 0.3.36 vendors
CMD_GET_DEVICE_MEMORY, CMD_HELLO, CMD_DEVICE_COUNT = 11, 14, 15
CONN_CAPS_SIZE = 24  # transport.h: the capabilities a client offers (none: plain TCP)
DEFAULT_PORT = 50052  # rpc-server's default
MAX_DEVICES = 16  # a server claiming more is not speaking this protocol


LLAMA_CPP_VERSION = "0.3.36"  # the build below must come from the same vendored llama.cpp
SERVER_NAME = "ggml-rpc-server.exe" if sys.platform == "win32" else "ggml-rpc-server"
LIBLLAMA = {"win32": "llama.dll", "darwin": "libllama.dylib"}.get(sys.platform, "libllama.so")


def rpc_build_dir() -> Path | None:
    """The llama.cpp build with the RPC backend (`lib/` with libllama and libggml-rpc, `bin/` with
    rpc-server), where the app finds it: FIRESIDE_RPC_DIR, the bundle's `rpc/` folder, else the
    cache packaging/rpc_build.sh builds into. None: this Fireside has none."""
    places = []
    if os.environ.get("FIRESIDE_RPC_DIR"):
        places.append(Path(os.environ["FIRESIDE_RPC_DIR"]))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        places.append(Path(bundle) / "rpc")
    cache = os.environ.get("FIRESIDE_RPC_CACHE") or str(Path.home() / ".cache" / "fireside-rpc")
    places.append(Path(cache) / LLAMA_CPP_VERSION)
    return next((p for p in places if (p / "lib" / LIBLLAMA).exists() and (p / "bin" / SERVER_NAME).exists()), None)


@dataclass(frozen=True)
class RpcDevice:
    endpoint: str
    index: int
    free: int  # bytes, as the server reports them
    total: int

    @property
    def name(self) -> str:
        """As ggml names it ("RPC0[192.168.1.20:50052]"; numbered per server)."""
        return f"RPC{self.index}[{self.endpoint}]"


@dataclass(frozen=True)
class RpcServer:
    endpoint: str
    version: tuple[int, int, int]
    devices: tuple[RpcDevice, ...]


class RpcProblem(Exception):
    """Why a server cannot be used. `kind`: "address", "refused", "timeout", "unreachable",
    "protocol" (it is not an RPC server, or it closed the connection), "version"."""

    def __init__(self, kind: str, endpoint: str, detail: str = "") -> None:
        self.kind, self.endpoint, self.detail = kind, endpoint, detail
        super().__init__(f"{endpoint}: {kind}" + (f" ({detail})" if detail else ""))

    def explain(self) -> str:
        """One sentence for a person, naming the server."""
        why = {
            "address": "is not an address Fireside can use",
            "refused": "refused the connection: is rpc-server running there, on that port?",
            "timeout": "did not answer in time: is the computer on, is the port open in its firewall, and is no "
                       "other Fireside using it (a server serves one at a time)?",
            "unreachable": "cannot be reached from this computer",
            "protocol": "answered, but not as llama.cpp's rpc-server does",
            "version": "runs another version of llama.cpp's rpc-server",
            "unsupported": "cannot be used: this Fireside has no RPC backend",
            "gone": "went away while the model was using it",
            "restart": "needs a new engine process",
        }.get(self.kind, self.kind)
        return f"The GPU server {self.endpoint} {why}" + (f" ({self.detail})." if self.detail else ".")


def parse_endpoint(text: str) -> tuple[str, int]:
    """`host:port`, `[IPv6]:port`, or a host alone (rpc-server's default port)."""
    text = text.strip()
    if not text or any(ch.isspace() for ch in text):
        raise RpcProblem("address", text, "write it as host:port")
    if text.startswith("["):
        host, sep, rest = text[1:].partition("]")
        port_text = rest.removeprefix(":") if rest else str(DEFAULT_PORT)
        if not sep or (rest and not rest.startswith(":")):
            raise RpcProblem("address", text, "write it as [address]:port")
    elif text.count(":") == 1:
        host, port_text = text.split(":")
    elif ":" in text:
        raise RpcProblem("address", text, "an IPv6 address goes in brackets: [address]:port")
    else:
        host, port_text = text, str(DEFAULT_PORT)
    if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise RpcProblem("address", text, "the port is a number from 1 to 65535")
    return host, int(port_text)


def endpoint_text(host: str, port: int) -> str:
    """The form llama.cpp takes (`host:port`, IPv6 in brackets)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class _Link:
    def __init__(self, sock: socket.socket, endpoint: str) -> None:
        self.sock, self.endpoint = sock, endpoint

    def ask(self, command: int, data: bytes, answer_size: int) -> bytes:
        self.sock.sendall(struct.pack("<BQ", command, len(data)) + data)
        size = struct.unpack("<Q", self._read(8))[0]
        if size != answer_size:
            raise RpcProblem("protocol", self.endpoint, f"command {command} answered {size} bytes, not {answer_size}")
        return self._read(size)

    def _read(self, n: int) -> bytes:
        chunks, got = [], 0
        while got < n:
            chunk = self.sock.recv(n - got)
            if not chunk:
                raise RpcProblem("protocol", self.endpoint, "the server closed the connection")
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)


def probe_server(text: str, timeout: float = 3.0) -> RpcServer:
    """Ask the server at `text` what it offers, as ggml-rpc's client would; RpcProblem says why not."""
    host, port = parse_endpoint(text)
    endpoint = endpoint_text(host, port)
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except socket.gaierror as exc:
        raise RpcProblem("address", endpoint, exc.strerror or str(exc)) from exc
    except ConnectionRefusedError as exc:
        raise RpcProblem("refused", endpoint) from exc
    except (TimeoutError, socket.timeout) as exc:
        raise RpcProblem("timeout", endpoint) from exc
    except OSError as exc:
        raise RpcProblem("unreachable", endpoint, exc.strerror or str(exc)) from exc
    link = _Link(sock, endpoint)
    try:
        with sock:
            hello = link.ask(CMD_HELLO, bytes(CONN_CAPS_SIZE), 4 + CONN_CAPS_SIZE)
            version = (hello[0], hello[1], hello[2])
            if version[0] != PROTO_MAJOR or version[1] > PROTO_MINOR:
                raise RpcProblem("version", endpoint, "the server speaks RPC protocol {0}.{1}.{2}, this Fireside "
                                                      "{3}.{4}".format(*version, PROTO_MAJOR, PROTO_MINOR))
            count = struct.unpack("<I", link.ask(CMD_DEVICE_COUNT, b"", 4))[0]
            if not 0 < count <= MAX_DEVICES:
                raise RpcProblem("protocol", endpoint, f"it reports {count} devices")
            devices = []
            for index in range(count):
                free, total = struct.unpack("<QQ", link.ask(CMD_GET_DEVICE_MEMORY, struct.pack("<I", index), 16))
                devices.append(RpcDevice(endpoint, index, free, total))
    except (TimeoutError, socket.timeout) as exc:
        raise RpcProblem("timeout", endpoint, "no answer to the handshake") from exc
    except OSError as exc:
        raise RpcProblem("protocol", endpoint, exc.strerror or str(exc)) from exc
    return RpcServer(endpoint, version, tuple(devices))


def normalized(endpoints: list[str]) -> list[str]:
    """The servers as llama.cpp is given them (`host:port`), in order."""
    return [endpoint_text(*parse_endpoint(e)) for e in endpoints]


def listed_servers(endpoints: list[str]) -> tuple[str, ...]:
    """The servers as written in settings, each as llama.cpp is given it, or as written when it does
    not parse (such a list is refused later, with the field named: see engine.validation)."""
    listed = []
    for text in endpoints:
        try:
            listed.append(endpoint_text(*parse_endpoint(str(text))))
        except RpcProblem:
            listed.append(str(text))
    return tuple(listed)


def use_servers(endpoints: list[str], timeout: float = 3.0) -> list[RpcServer]:
    """Make the registered servers exactly `endpoints` before a load. A load with `devices = NULL`
    uses every registered device and ggml cannot forget one, so a process that has servers the load
    does not want (or in another order) cannot serve it: RpcProblem "restart" (the app starts a new
    engine process for it, see worker.client)."""
    wanted = normalized(endpoints)
    if _added and list(_added) != wanted[:len(_added)]:
        raise RpcProblem("restart", ", ".join(_added), "this engine process already uses other servers")
    return add_servers(wanted, timeout) if wanted else []


_added: dict[str, RpcServer] = {}  # registered with ggml in this process (ggml cannot take one back)


def add_servers(endpoints: list[str], timeout: float = 3.0) -> list[RpcServer]:
    """Check every server, then register each with ggml's backend registry, as llama.cpp's own
    `--rpc` does: the RPC backend's `ggml_backend_rpc_add_server`, then `ggml_backend_register`. A
    model loaded afterwards splits its offloaded layers across them. Nothing is registered unless
    all answer. Once per server per process: a server that went away needs a new engine process."""
    import llama_cpp

    from .devices import _ggml

    if not endpoints:
        return []
    if not llama_cpp.llama_supports_rpc():
        raise RpcProblem("unsupported", ", ".join(endpoints), "this llama.cpp was built without its RPC backend")
    servers = [_added.get(endpoint_text(*parse_endpoint(e))) or probe_server(e, timeout) for e in endpoints]
    libs = _ggml()
    if libs is None:
        raise RpcProblem("unsupported", ", ".join(endpoints), "ggml's library was not found")
    ggml, base = libs
    for lib in (ggml, base):
        for name, restype, argtypes in (("ggml_backend_reg_by_name", ctypes.c_void_p, [ctypes.c_char_p]),
                                        ("ggml_backend_reg_get_proc_address", ctypes.c_void_p,
                                         [ctypes.c_void_p, ctypes.c_char_p]),
                                        ("ggml_backend_register", None, [ctypes.c_void_p])):
            if hasattr(lib, name):
                getattr(lib, name).restype, getattr(lib, name).argtypes = restype, argtypes

    def call(name: str) -> Callable[..., int | None]:
        return getattr(ggml, name) if hasattr(ggml, name) else getattr(base, name)

    registry = call("ggml_backend_reg_by_name")(b"RPC")
    address = call("ggml_backend_reg_get_proc_address")(registry, b"ggml_backend_rpc_add_server") if registry else None
    if not address:
        raise RpcProblem("unsupported", ", ".join(endpoints), "ggml has no RPC backend to add servers to")
    add_server = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_char_p)(int(address))
    for server in servers:
        if server.endpoint not in _added:
            call("ggml_backend_register")(add_server(server.endpoint.encode()))
            _added[server.endpoint] = server
    return servers
