"""Get models in the real window: search, the remote fit check, download with progress, a download that
survives closing the app, gated repos, a hub that goes away, the list of models with delete."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from fake_hub import SAMPLE_REPO, TOKEN, FakeHub
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from test_app import open_window

from desktop.engine.config import LoadConfig
from desktop.ui.models.model_browser import ModelBrowser
from desktop.worker.download_lane import DownloadLane

GIB = 1024 ** 3
SAMPLE = "SmolLM2-135M-Instruct.Q4_1.gguf"


@pytest.fixture
def models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "models"
    monkeypatch.setenv("FIRESIDE_MODELS_DIR", str(folder))
    monkeypatch.setenv("FIRESIDE_DATA_DIR", str(tmp_path / "data"))
    return folder


def make_browser(qtbot, gpus: list[int]) -> ModelBrowser:
    saved: list = []
    lane = DownloadLane(store=saved.append)
    browser = ModelBrowser(lane, lambda: (LoadConfig("", n_ctx=8192), gpus, 16 * GIB, None))
    browser.saved = saved
    qtbot.addWidget(browser)
    browser.show()
    return browser


def search_and_pick(qtbot, browser: ModelBrowser, query: str, file_name: str | None = SAMPLE) -> None:
    browser.query.setText(query)
    qtbot.mouseClick(browser.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: browser.results.count() > 0, timeout=30000)
    browser.results.setCurrentRow(0)
    if file_name is None:
        return
    qtbot.waitUntil(lambda: browser.files.topLevelItemCount() > 0, timeout=30000)
    group = browser.files.topLevelItem(0)
    item = next(group.child(i) for i in range(group.childCount()) if group.child(i).text(0) == file_name)
    browser.files.setCurrentItem(item)


def test_search_fit_check_download_and_load(qtbot, hub: FakeHub, models: Path, hub_repos: list) -> None:
    browser = make_browser(qtbot, [8 * GIB])
    search_and_pick(qtbot, browser, "smollm2", file_name=None)
    assert "5,000 downloads" in browser.results.item(0).text() and "apache-2.0" in browser.results.item(0).text()
    qtbot.waitUntil(lambda: browser.files.topLevelItemCount() > 0, timeout=30000)
    group = browser.files.topLevelItem(0)
    assert group.text(0) == "Q4_1" and group.childCount() == 2
    assert sorted(group.child(i).text(0) for i in range(2)) == [
        "SmolLM2-135M-Instruct.Q4_1-split-00001-of-00003.gguf (3 parts)", SAMPLE]
    assert "SmolLM2 is a family" in browser.summary.text() and "apache-2.0" in browser.summary.text()
    hub.reset_counts()
    browser.files.setCurrentItem(next(group.child(i) for i in range(2) if group.child(i).text(0) == SAMPLE))
    qtbot.waitUntil(lambda: browser.download_button.isEnabled(), timeout=30000)
    assert "fits" in browser.fit_label.text() and "all 30 layers on the GPU at 8,192 context" in browser.fit_label.text()
    assert "trained context 8,192" in browser.facts_label.text() and "30 layers" in browser.facts_label.text()
    assert hub.served(SAMPLE) < 4 * 1024 * 1024  # only the header was read
    with qtbot.waitSignal(browser.lane.finished, timeout=60000) as done:
        qtbot.mouseClick(browser.download_button, Qt.MouseButton.LeftButton)
    path = Path(done.args[1])
    assert path == models / SAMPLE
    assert hashlib.sha256(path.read_bytes()).hexdigest() == hashlib.sha256(hub_repos[0].files[SAMPLE].read_bytes()).hexdigest()
    panel = browser.downloads
    assert "Downloaded and checked" in panel.line.text() and panel.load_button.isEnabled()
    assert browser.saved[0] and browser.saved[-1] == []  # saved while unfinished, forgotten when done
    with qtbot.waitSignal(browser.load_requested, timeout=5000) as load:
        qtbot.mouseClick(panel.load_button, Qt.MouseButton.LeftButton)
    assert load.args == [str(path)]


def test_cpu_only_machine_gets_a_cpu_fit(qtbot, hub: FakeHub, models: Path) -> None:
    browser = make_browser(qtbot, [])
    search_and_pick(qtbot, browser, "smollm2")
    qtbot.waitUntil(lambda: browser.download_button.isEnabled(), timeout=30000)
    assert "CPU only at 8,192 context" in browser.fit_label.text()


def test_gated_repo_asks_for_a_token_and_a_dead_hub_is_survived(qtbot, hub: FakeHub, models: Path) -> None:
    browser = make_browser(qtbot, [])
    search_and_pick(qtbot, browser, "gated", file_name=None)
    assert "gated (needs a token)" in browser.results.item(0).text()
    qtbot.waitUntil(lambda: "token" in browser.status.text(), timeout=30000)
    assert "is gated" in browser.status.text() and browser.files.topLevelItemCount() == 0
    browser.token.setText(TOKEN)
    browser.results.setCurrentRow(-1)
    browser.results.setCurrentRow(0)
    qtbot.waitUntil(lambda: browser.files.topLevelItemCount() == 1, timeout=30000)
    hub.hang_up_on.add("/api/models")  # the hub dies in the middle of the next search
    qtbot.mouseClick(browser.search_button, Qt.MouseButton.LeftButton)
    assert not browser.search_button.isEnabled()
    qtbot.waitUntil(lambda: browser.search_button.isEnabled(), timeout=60000)
    assert "did not answer" in browser.status.text() and browser.isVisible()
    assert "Errno" not in browser.status.text() and "Error" not in browser.status.text()  # plain words only
    assert browser.pages.currentWidget() is browser.browse_page  # the hub is there: not "offline"
    hub.hang_up_on.clear()
    qtbot.mouseClick(browser.search_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "repositories found" in browser.status.text(), timeout=30000)


def test_download_survives_closing_the_app_and_the_model_list_deletes(qtbot, hub: FakeHub, models: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    hub.bytes_per_s = 25e6  # about 4 s for the sample model
    window = open_window(qtbot)
    qtbot.mouseClick(window.welcome.browse_button, Qt.MouseButton.LeftButton)
    browser = window.models.model_browser
    assert browser is not None and browser.isVisible()
    search_and_pick(qtbot, browser, "smollm2")
    qtbot.waitUntil(lambda: browser.download_button.isEnabled(), timeout=30000)
    hub.reset_counts()
    browser.download()
    part = models / (SAMPLE + ".part")
    qtbot.waitUntil(lambda: part.exists() and part.stat().st_size > 20_000_000, timeout=30000)
    window.close()  # quit in the middle of the download
    kept = part.stat().st_size
    saved = window.db.setting("downloads")
    window.db.close()
    assert len(saved) == 1 and saved[0]["repo_id"] == SAMPLE_REPO and 0 < kept < 98_362_432
    assert not (models / SAMPLE).exists()

    hub.reset_counts()
    window = open_window(qtbot)  # the next start resumes it
    assert window.models.downloads.unfinished()
    with qtbot.waitSignal(window.models.downloads.finished, timeout=60000):
        pass
    assert (models / SAMPLE).stat().st_size == 98_362_432 and not part.exists()
    gets = [rng for method, path, rng in hub.requests if method == "GET" and path.endswith(SAMPLE)]
    assert gets == [f"bytes={kept}-"]  # only the rest was fetched
    assert window.db.setting("downloads") == []
    assert "Downloaded" in window.banner.text()
    welcome = window.welcome
    window.refresh_models()
    row = next(welcome.models.topLevelItem(i) for i in range(welcome.model_count())
               if welcome.models.topLevelItem(i).text(0).startswith(SAMPLE))  # (the sample may say "tiny demo")
    assert row.text(1) == "Q4_1" and row.text(2) == "98 MB"
    welcome.models.setCurrentItem(row)
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(welcome.delete_button, Qt.MouseButton.LeftButton)
    assert not (models / SAMPLE).exists()
    assert not any(welcome.models.topLevelItem(i).text(0).startswith(SAMPLE) for i in range(welcome.model_count()))
    window.close()
    window.db.close()


def test_huggingface_hub_is_imported_only_when_get_models_opens() -> None:
    """Startup stays fast: the window's modules do not pull in huggingface_hub (tenths of a second)."""
    import subprocess
    import sys

    code = ("import sys, desktop.ui.main_window, desktop.app; "
            "print(sorted(m for m in sys.modules if m.startswith('huggingface_hub'))[:3])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_pause_then_discard_cleans_up(qtbot, hub: FakeHub, models: Path) -> None:
    hub.bytes_per_s = 25e6
    browser = make_browser(qtbot, [])
    search_and_pick(qtbot, browser, "smollm2")
    qtbot.waitUntil(lambda: browser.download_button.isEnabled(), timeout=30000)
    job_id = browser.download()
    part = models / (SAMPLE + ".part")
    panel = browser.downloads
    qtbot.waitUntil(lambda: part.exists() and part.stat().st_size > 10_000_000, timeout=30000)
    assert panel.pause_button.isEnabled() and "left" in panel.line.text()
    with qtbot.waitSignal(browser.lane.failed, timeout=30000) as paused:
        qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    assert paused.args == [job_id, "cancelled"] and part.exists()
    assert browser.saved[-1] and browser.saved[-1][0]["files"][0]["filename"] == SAMPLE  # kept to resume
    assert panel.resume_button.isEnabled() and "paused" in panel.list.currentItem().text()
    qtbot.mouseClick(panel.discard_button, Qt.MouseButton.LeftButton)
    assert not part.exists() and browser.saved[-1] == [] and not browser.lane.jobs
    assert not panel.isVisible()  # nothing left to show
