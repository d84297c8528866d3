"""Get models with no internet: "You are offline" within 2 s (no 23 s of retries, no errno), Retry, and the
models already on disk, which load from there. Offline for real (a name that never resolves, and
huggingface.co itself where this machine cannot reach it) and with the hub pointed at a closed port."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from fake_hub import FakeHub
from PySide6.QtCore import Qt
from test_app import open_window

from desktop.engine.config import LoadConfig
from desktop.hub.client import DEFAULT_ENDPOINT
from desktop.hub.reach import check_hub
from desktop.ui.models.model_browser import ModelBrowser
from desktop.worker.download_lane import DownloadLane

GIB = 1024 ** 3


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens there once the socket is closed


@pytest.fixture
def on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_model: str) -> Path:
    """The models folder holds the sample model; no offline switch, no proxy."""
    monkeypatch.setenv("FIRESIDE_MODELS_DIR", str(Path(sample_model).parent))
    monkeypatch.setenv("FIRESIDE_DATA_DIR", str(tmp_path / "data"))
    for name in ("HF_HUB_OFFLINE", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    return Path(sample_model)


def open_browser(qtbot, recent: list[tuple[str, float]] | None = None) -> ModelBrowser:
    browser = ModelBrowser(DownloadLane(store=lambda _items: None),
                           lambda: (LoadConfig("", n_ctx=4096), [], 8 * GIB, None), recent=lambda: list(recent or []))
    qtbot.addWidget(browser)
    browser.show()
    return browser


def wait_offline(qtbot, browser: ModelBrowser) -> float:
    started = time.monotonic()
    qtbot.waitUntil(lambda: browser.pages.currentWidget() is browser.offline, timeout=2000)
    return time.monotonic() - started


def visible_text(browser: ModelBrowser) -> str:
    return " ".join((browser.status.text(), browser.offline.heading.text(), browser.offline.reason.text(),
                     browser.offline.empty.text()))


def test_closed_port_says_offline_at_once_and_lists_the_models_on_disk(qtbot, on_disk: Path, tiny_llama: str,
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       hub: FakeHub) -> None:
    online = hub.endpoint
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{closed_port()}")
    browser = open_browser(qtbot, recent=[(tiny_llama, time.time())])
    assert wait_offline(qtbot, browser) < 2.0
    panel = browser.offline
    assert panel.heading.text().startswith("You are offline (or Hugging Face cannot be reached)")
    assert panel.heading.isVisible() and panel.retry_button.isVisible()
    assert "refused the connection" in panel.reason.text()
    assert "Errno" not in visible_text(browser)
    assert "Connection refused" in panel.reason.toolTip()  # the technical cause, for those who look
    paths = panel.model_paths()
    assert paths[0] == tiny_llama  # the recent model first, then the models folder's
    assert str(on_disk) in paths
    assert panel.load_button.isEnabled()
    panel.models.setCurrentItem(panel.models.topLevelItem(paths.index(str(on_disk))))
    with qtbot.waitSignal(browser.load_requested, timeout=1000) as load:
        qtbot.mouseClick(panel.load_button, Qt.MouseButton.LeftButton)
    assert load.args == [str(on_disk)]

    monkeypatch.setenv("HF_ENDPOINT", online)  # the network is back: Retry, and the hub's repos show
    qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: browser.results.count() == 3, timeout=10000)
    assert browser.pages.currentWidget() is browser.browse_page
    assert "repositories found" in browser.status.text()
    assert browser.results.item(0).text().startswith("fireside-test/SmolLM2-135M-Instruct-GGUF")  # most downloaded


@pytest.mark.parametrize("endpoint", ["https://huggingface.invalid", DEFAULT_ENDPOINT])
def test_offline_for_real(qtbot, on_disk: Path, monkeypatch: pytest.MonkeyPatch, endpoint: str) -> None:
    """A name that never resolves (RFC 2606), and the real hub where this machine has no internet."""
    if endpoint == DEFAULT_ENDPOINT and check_hub(endpoint).ok:
        pytest.skip("this machine reaches huggingface.co")
    monkeypatch.setenv("HF_ENDPOINT", endpoint)
    browser = open_browser(qtbot)
    assert wait_offline(qtbot, browser) < 2.0
    host = endpoint.removeprefix("https://")
    assert browser.offline.reason.text().startswith(f"The address {host} could not be looked up")
    assert "Errno" not in visible_text(browser)
    assert str(on_disk) in browser.offline.model_paths()
    browser.query.setText("llama")  # Search while offline checks again (and says offline again) at once
    qtbot.mouseClick(browser.search_button, Qt.MouseButton.LeftButton)
    assert not browser.offline.retry_button.isEnabled()  # "Checking..."
    qtbot.waitUntil(lambda: browser.offline.retry_button.isEnabled(), timeout=2000)
    assert browser.pages.currentWidget() is browser.offline and browser.results.count() == 0


def test_hf_hub_offline_is_said_as_such(qtbot, on_disk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    browser = open_browser(qtbot)
    wait_offline(qtbot, browser)
    assert "HF_HUB_OFFLINE" in browser.offline.reason.text()


def test_no_models_on_disk_says_where_they_would_be(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIRESIDE_MODELS_DIR", str(tmp_path / "empty"))
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{closed_port()}")
    browser = open_browser(qtbot)
    wait_offline(qtbot, browser)
    assert browser.offline.model_paths() == [] and not browser.offline.load_button.isEnabled()
    assert "No models on this computer yet" in browser.offline.empty.text()


def test_the_window_loads_a_model_from_the_offline_list(qtbot, on_disk: Path, tiny_llama: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{closed_port()}")
    window = open_window(qtbot)
    try:
        window.db.add_recent_model(tiny_llama)  # the database's recent models are listed first
        browser = window.models.open_model_browser()
        assert wait_offline(qtbot, browser) < 2.0
        panel = browser.offline
        assert panel.model_paths()[0] == tiny_llama
        row = panel.models.topLevelItem(panel.model_paths().index(str(on_disk)))
        panel.models.setCurrentItem(row)
        with qtbot.waitSignal(window.controller.model_changed, timeout=60000, check_params_cb=bool):
            panel.models.itemActivated.emit(row, 0)  # what a double-click or Enter does
        assert not browser.isVisible()
        assert Path(window.controller.load_config["model_path"]) == on_disk
    finally:
        window.close()
        window.db.close()
