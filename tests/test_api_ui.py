"""The API server from the window: the Serve API toggle, the live line, and the window's own chat
sharing the one worker with an API client."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
from PySide6.QtCore import Qt
from qt_helpers import finish_reply, load_model
from test_app import open_window, type_and_send, user_dirs, window  # noqa: F401 - fixtures


@pytest.fixture(autouse=True)
def free_port(window, monkeypatch):  # noqa: F811
    """Port 0: the system picks a free one (tests must not fight over 5001)."""
    window.serve_dock.port.setMinimum(0)
    window.serve_dock.port.setValue(0)


def test_serve_toggle_starts_shows_the_url_and_stops(qtbot, window, sample_model) -> None:  # noqa: F811
    dock = window.serve_dock
    assert dock.server is None and not dock.url.text()  # off by default
    qtbot.mouseClick(dock.toggle, Qt.MouseButton.LeftButton)
    url = dock.url.text()
    assert url.startswith("http://127.0.0.1:") and dock.toggle.text() == "Stop serving"
    assert not dock.status_label.isHidden() and url in dock.status_label.text()
    assert httpx.get(url + "/api/extra/version").json()["result"] == "KoboldCpp"
    qtbot.mouseClick(dock.toggle, Qt.MouseButton.LeftButton)
    assert dock.server is None and dock.status_label.isHidden()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/api/extra/version")
    assert window.db.setting("api_server")["enabled"] is False


def test_serving_comes_back_with_the_app(qtbot, window, user_dirs) -> None:  # noqa: F811
    window.serve_dock.toggle.setChecked(True)
    assert window.serve_dock.server is not None
    window.close()  # closing while serving: it serves again at the next start
    again = open_window(qtbot)
    try:
        assert again.serve_dock.server is not None and again.serve_dock.toggle.isChecked()
    finally:
        again.close()
        again.db.close()


def test_other_computers_need_a_key_and_a_warning(qtbot, window) -> None:  # noqa: F811
    dock = window.serve_dock
    dock.remote.setChecked(True)
    assert "network" in dock.warning.text()
    dock.toggle.setChecked(True)
    assert dock.server is None and not dock.toggle.isChecked()
    assert "API key" in dock.live.text()


def test_the_window_chat_and_an_api_client_share_the_worker(qtbot, window, sample_model) -> None:  # noqa: F811
    load_model(qtbot, window, sample_model)
    dock = window.serve_dock
    dock.toggle.setChecked(True)
    answers: list[dict] = []

    def client() -> None:
        answers.append(httpx.post(dock.url.text() + "/api/v1/generate", timeout=120, json={
            "prompt": "Once upon a time", "max_length": 80, "ban_eos_token": True, "temperature": 0}).json())

    thread = threading.Thread(target=client)
    thread.start()
    qtbot.waitUntil(lambda: "answering" in dock.status_label.text(), timeout=30000)
    reply = finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Hello there."))
    thread.join(60)
    assert answers and answers[0]["results"][0]["completion_tokens"] == 80
    assert reply["reason"] in ("eos", "max tokens") and reply["text"]
    assert window.controller.conv.messages[-1].text == reply["text"]  # the window's reply is kept
    qtbot.waitUntil(lambda: "done" in dock.live.text(), timeout=10000)
    assert "80 tokens" in dock.live.text()


def test_the_windows_stop_leaves_an_api_reply_alone(qtbot, window, sample_model) -> None:  # noqa: F811
    load_model(qtbot, window, sample_model)
    window.serve_dock.toggle.setChecked(True)
    answers: list[dict] = []
    thread = threading.Thread(target=lambda: answers.append(httpx.post(
        window.serve_dock.url.text() + "/api/v1/generate", timeout=120,
        json={"prompt": "Once upon a time", "max_length": 150, "ban_eos_token": True}).json()))
    thread.start()
    qtbot.waitUntil(lambda: "answering" in window.serve_dock.status_label.text(), timeout=30000)
    type_and_send(qtbot, window, "Hello?")  # waits behind the API's reply
    window.controller.stop()  # the user's Stop is for the window's own reply
    thread.join(60)
    assert answers[0]["results"][0]["completion_tokens"] == 150


def test_quitting_while_an_api_client_streams(qtbot, window, sample_model) -> None:  # noqa: F811
    load_model(qtbot, window, sample_model)
    window.serve_dock.toggle.setChecked(True)
    url = window.serve_dock.url.text()
    got: list[object] = []

    def stream() -> None:
        try:
            with httpx.stream("POST", url + "/api/extra/generate/stream", timeout=60,
                              json={"prompt": "An endless tale:", "max_length": 5000, "ban_eos_token": True}) as r:
                for line in r.iter_lines():
                    got.append(line)
        except httpx.HTTPError as exc:
            got.append(exc)

    thread = threading.Thread(target=stream)
    thread.start()
    qtbot.waitUntil(lambda: len(got) > 4, timeout=30000)
    started = time.monotonic()
    window.close()
    assert time.monotonic() - started < 5.0  # the server and the engine stop; nothing waits for 5,000 tokens
    thread.join(10)
    assert not thread.is_alive()
    assert not window.client.alive


def hold_port(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1 (as KoboldCpp on 5001 would be)."""
    holder = socket.socket()
    holder.bind(("127.0.0.1", port))
    holder.listen()
    return holder


def free_high_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_taken_port_offers_the_next_free_one(qtbot, window) -> None:  # noqa: F811
    dock = window.serve_dock
    taken = hold_port()
    port = taken.getsockname()[1]
    try:
        neighbour = hold_port(port + 1)  # the next one is taken too: the offer skips it
    except OSError:
        neighbour = None  # (already taken by someone else: the same for the test)
    try:
        dock.port.setValue(port)
        qtbot.mouseClick(dock.toggle, Qt.MouseButton.LeftButton)
        assert dock.server is None and not dock.toggle.isChecked()
        assert f"port {port} is already in use" in dock.live.text() and "Errno" not in dock.live.text()
        assert dock.port_offer.isVisible()
        offered = dock.offered_port
        assert offered is not None and offered >= port + 2
        assert dock.port_offer.text() == f"Use port {offered} instead"
        qtbot.mouseClick(dock.port_offer, Qt.MouseButton.LeftButton)
        assert dock.server is not None and dock.port.value() == offered and not dock.port_offer.isVisible()
        assert dock.url.text() == f"http://127.0.0.1:{offered}"
        answer = httpx.get(dock.url.text() + "/v1/models", timeout=10)
        assert answer.status_code == 200 and answer.json()["object"] == "list"
        assert window.db.setting("api_server")["port"] == offered  # kept for the next start
    finally:
        taken.close()
        if neighbour is not None:
            neighbour.close()


def test_serving_that_started_by_itself_says_so_in_the_window(qtbot, window, user_dirs) -> None:  # noqa: F811
    dock = window.serve_dock
    dock.port.setValue(free_high_port())
    dock.toggle.setChecked(True)
    assert dock.server is not None and dock.started_by_itself.isHidden()  # started by the user: nothing to say
    window.close()
    again = open_window(qtbot)
    try:
        line = again.serve_dock.started_by_itself
        assert again.serve_dock.server is not None and not line.isHidden()
        assert "started by itself" in line.text()
        assert "started by itself" in again.banner.text() and again.banner.isVisible()
        assert again.serve_dock.url.text() in again.banner.text()
        assert httpx.get(again.serve_dock.url.text() + "/v1/models", timeout=10).status_code == 200
        qtbot.mouseClick(again.serve_dock.toggle, Qt.MouseButton.LeftButton)
        assert again.serve_dock.server is None and line.isHidden()
    finally:
        again.close()
        again.db.close()


def test_a_port_taken_at_start_up_is_said_in_the_banner_with_the_offer(qtbot, window, user_dirs) -> None:  # noqa: F811
    taken = hold_port()
    port = taken.getsockname()[1]
    try:
        window.db.set_setting("api_server", {"port": port, "enabled": True})
        window.close()
        again = open_window(qtbot)
        try:
            dock = again.serve_dock
            assert dock.server is None
            assert "could not start again" in again.banner.text() and f"port {port} is already in use" in again.banner.text()
            assert again.banner.isVisible() and not dock.port_offer.isHidden()
            qtbot.mouseClick(dock.port_offer, Qt.MouseButton.LeftButton)
            assert dock.server is not None and dock.port.value() == dock.server.port != port
            assert httpx.get(dock.url.text() + "/v1/models", timeout=10).status_code == 200
        finally:
            again.close()
            again.db.close()
    finally:
        taken.close()


def test_guess_ahead_for_api_requests_is_set_in_the_tab_and_kept(qtbot, window, user_dirs) -> None:  # noqa: F811
    """The server's guess ahead (for requests without `lookup_draft`, such as SillyTavern's) is a field of
    the API server tab: the server takes it, and it is there again at the next start."""
    dock = window.serve_dock
    assert dock.guess_ahead.value() == 0 and dock.guess_ahead.text() == "off"
    dock.guess_ahead.setValue(8)
    dock.toggle.setChecked(True)
    assert dock.server is not None and dock.server.options.guess_ahead == 8
    dock.toggle.setChecked(False)
    window.close()
    again = open_window(qtbot)
    try:
        assert again.serve_dock.guess_ahead.value() == 8
    finally:
        again.close()
        again.db.close()
