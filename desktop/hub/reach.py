"""Is the hub reachable? A check that answers within a time bound, and plain names for network failures.

huggingface_hub retries a failed search five times with back-off (about 23 s when there is no network),
and a DNS lookup on a broken network can hang longer still. `check_hub` instead looks the host up and
opens one TCP connection, both under one deadline (the lookup runs on a thread of its own, since
getaddrinfo cannot be given a timeout), so the window can say "offline" at once. With a proxy set in the
environment (as httpx honours it) the proxy is what must be reached.

No Qt here: the window turns `Reach.problem` into translated words; `REASON_TEXT` is the English for
everything else (the download lane, the log).
"""

from __future__ import annotations

import errno
import os
import socket
import ssl
import threading
import time
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

QUICK_TIMEOUT = 1.5  # s: the first check (the window must say "offline" within 2 s)
PATIENT_TIMEOUT = 8.0  # s: the check again, when the quick one only ran out of time (a slow network)

# problem codes -> plain English (the window has its own translated words for each)
REASON_TEXT = {
    "dns": "the address could not be looked up (no internet connection, or the DNS server does not answer)",
    "refused": "the connection was refused (nothing answers there)",
    "timeout": "it did not answer in time (no connection, or a firewall in the way)",
    "unreachable": "the network is unreachable (this computer is not connected)",
    "cut": "the connection was cut off before the answer came",
    "tls": "the secure connection failed (a proxy or firewall in between, or a wrong system clock)",
    "offline_mode": "huggingface_hub is in offline mode (HF_HUB_OFFLINE is set)",
    "other": "the connection failed",
}
_UNREACHABLE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL, errno.ENETDOWN, errno.EHOSTDOWN}
_CUT = {errno.ECONNRESET, errno.ECONNABORTED, errno.EPIPE}


@dataclass(frozen=True)
class Reach:
    ok: bool
    host: str  # what was tried: the hub's host, or the proxy's
    port: int
    problem: str = ""  # a REASON_TEXT key when not ok
    detail: str = ""  # the technical cause (for the log and a tooltip)
    via_proxy: bool = False
    seconds: float = 0.0


def offline_mode() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def target(endpoint: str) -> tuple[str, int, bool]:
    """(host, port, via a proxy) that a request to `endpoint` connects to first."""
    url = urlsplit(endpoint)
    scheme = url.scheme or "https"
    host = url.hostname or ""
    proxies = urllib.request.getproxies_environment()
    proxy = proxies.get(scheme) or proxies.get("all")
    if proxy and host and not urllib.request.proxy_bypass(host):
        purl = urlsplit(proxy if "://" in proxy else "http://" + proxy)
        if purl.hostname:
            return purl.hostname, purl.port or (443 if purl.scheme == "https" else 80), True
    return host, url.port or (443 if scheme == "https" else 80), False


def check_hub(endpoint: str, timeout: float = QUICK_TIMEOUT) -> Reach:
    """Look the hub's host up and open a TCP connection to it, within `timeout` seconds in all."""
    started = time.monotonic()
    host, port, via_proxy = target(endpoint)

    def answer(problem: str = "", detail: str = "") -> Reach:
        return Reach(not problem, host, port, problem, detail, via_proxy, time.monotonic() - started)

    if offline_mode():
        return answer("offline_mode", "HF_HUB_OFFLINE=" + os.environ.get("HF_HUB_OFFLINE", ""))
    if not host:
        return answer("other", f"no host in {endpoint!r}")
    deadline = started + timeout
    found: list[object] = []
    lookup = threading.Thread(target=_lookup, args=(host, port, found), name="fireside-hub-dns", daemon=True)
    lookup.start()
    lookup.join(max(0.0, deadline - time.monotonic()))
    if not found:  # the lookup is still hanging (it ends on its own later)
        return answer("timeout", f"looking up {host} took more than {timeout:g} s")
    if isinstance(found[0], BaseException):
        return answer(problem_of(found[0]), f"{found[0]} (looking up {host})")
    last: BaseException | None = None
    for family, kind, proto, _name, address in found[0][:3]:  # type: ignore[index]
        left = deadline - time.monotonic()
        if left <= 0:
            break
        try:
            with socket.socket(family, kind, proto) as sock:
                sock.settimeout(left)
                sock.connect(address)
            return answer()
        except OSError as exc:
            last = exc
    if last is None:
        return answer("timeout", f"no time left to connect to {host}:{port}")
    return answer(problem_of(last), f"{last} (connecting to {host}:{port})")


def _lookup(host: str, port: int, found: list[object]) -> None:
    try:
        found.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
    except OSError as exc:
        found.append(exc)


def problem_of(exc: BaseException) -> str:
    """The REASON_TEXT key for a network failure, looking through httpx's and httpcore's wrappers to the
    OSError underneath; "" when it is not a network failure at all."""
    seen: set[int] = set()
    current: BaseException | None = exc
    names = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        names += " " + type(current).__name__
        code = _problem_of_one(current)
        if code:
            return code
        current = current.__cause__ or current.__context__
    if "Timeout" in names:
        return "timeout"
    if any(n in names for n in ("RemoteProtocolError", "ReadError", "WriteError", "ProtocolError")):
        return "cut"
    if any(n in names for n in ("ConnectError", "NetworkError", "ProxyError", "TransportError")):
        return "other"
    return ""


def _problem_of_one(exc: BaseException) -> str:
    if isinstance(exc, socket.gaierror):
        return "dns"
    if isinstance(exc, ssl.SSLError):
        return "tls"
    if isinstance(exc, ConnectionRefusedError):
        return "refused"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return "timeout"
    if isinstance(exc, OSError) and exc.errno in _UNREACHABLE:
        return "unreachable"
    if isinstance(exc, OSError) and exc.errno in _CUT or isinstance(exc, (ConnectionResetError, BrokenPipeError)):
        return "cut"
    text = str(exc)
    if "Name or service not known" in text or "name resolution" in text or "nodename nor servname" in text:
        return "dns"
    return ""
