"""The hub reach check answers within its bound (even when a DNS lookup hangs), honours a proxy, and
network failures come out as plain reasons: a search with no network fails at once, with no errno."""

from __future__ import annotations

import socket
import time

import httpx2
import pytest
from fake_hub import FakeHub

from desktop.hub.client import HubClient, HubError
from desktop.hub.reach import check_hub, problem_of, target


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HF_HUB_OFFLINE", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy",
                 "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)


def test_a_running_hub_is_reached_and_a_closed_port_is_refused(hub: FakeHub) -> None:
    assert check_hub(hub.endpoint).ok
    closed = check_hub(f"http://127.0.0.1:{closed_port()}")
    assert not closed.ok and closed.problem == "refused" and closed.seconds < 1.0


def test_a_hanging_dns_lookup_still_answers_within_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def slow(host, *args, **kwargs):
        if host == "slow.example":
            time.sleep(5)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    started = time.monotonic()
    reach = check_hub("https://slow.example", timeout=0.5)
    assert time.monotonic() - started < 0.8
    assert not reach.ok and reach.problem == "timeout" and "slow.example" in reach.detail


def test_a_name_that_never_resolves_is_a_dns_problem() -> None:
    reach = check_hub("https://huggingface.invalid")
    assert not reach.ok and reach.problem == "dns" and reach.host == "huggingface.invalid"


def test_the_proxy_is_what_must_be_reached(monkeypatch: pytest.MonkeyPatch) -> None:
    port = closed_port()
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{port}")
    assert target("https://huggingface.co") == ("127.0.0.1", port, True)
    reach = check_hub("https://huggingface.co")
    assert reach.via_proxy and reach.problem == "refused" and reach.port == port
    monkeypatch.setenv("NO_PROXY", "huggingface.co")
    assert target("https://huggingface.co") == ("huggingface.co", 443, False)


def test_problems_are_read_through_the_http_librarys_wrappers() -> None:
    def wrapped(inner: BaseException) -> BaseException:
        try:
            try:
                raise inner
            except OSError as exc:
                raise httpx2.ConnectError(str(exc)) from exc
        except httpx2.ConnectError as outer:
            return outer

    assert problem_of(wrapped(socket.gaierror(-2, "Name or service not known"))) == "dns"
    assert problem_of(wrapped(ConnectionRefusedError(111, "Connection refused"))) == "refused"
    assert problem_of(httpx2.ReadTimeout("timed out")) == "timeout"
    assert problem_of(httpx2.RemoteProtocolError("Server disconnected without sending a response.")) == "cut"
    assert problem_of(ValueError("not a network failure")) == ""


def test_a_search_with_no_network_fails_at_once_in_plain_words() -> None:
    """huggingface_hub's list_models retries five times (23 s); the search makes one request."""
    endpoint = f"http://127.0.0.1:{closed_port()}"
    started = time.monotonic()
    with pytest.raises(HubError) as info:
        HubClient(endpoint=endpoint).search("smol")
    assert time.monotonic() - started < 2.0
    error = info.value
    assert error.kind == "offline" and error.reason == "refused" and endpoint in str(error)
    assert "Errno" not in str(error) and "Errno 111" in error.detail
