"""Issue 25 in the window: "Other computers' GPUs" in the settings (the warning, Test naming each
server's devices and free memory, the memory badge planning their devices), and "Share this computer's
GPU" starting and stopping llama.cpp's real rpc-server (when the RPC build is cached here)."""

from __future__ import annotations

import socket
from pathlib import Path

import psutil
import pytest
from test_rpc_loopback import BUILD, free_port
from test_rpc_probe import GIB, rpc_answers, server
from test_settings_ui import db, make_panel  # noqa: F401 - the fixture

from desktop.engine.rpc import RpcProblem, probe_server
from desktop.ui.serve.gpu_share import GpuShare


def closed_port() -> str:
    with socket.create_server(("127.0.0.1", 0)) as s:
        return f"127.0.0.1:{s.getsockname()[1]}"


def test_test_names_each_servers_devices_and_the_badge_plans_on_them(qtbot, db, sample_model: str) -> None:  # noqa: F811
    panel = make_panel(qtbot, db, sample_model)
    panel.show_advanced.setChecked(True)
    check = panel.advanced.rpc_check
    assert "neither encrypted nor password-protected" in check.warning.text() and check.warning.isVisibleTo(panel)
    assert not check.test_button.isEnabled()  # (nothing listed yet)
    gone = closed_port()
    with server(rpc_answers((7, 0, 0), [(10 * GIB, 12 * GIB)])) as up:
        panel.widget("rpc_servers").setText(f"{up}, {gone}")
        panel.widget("n_gpu_layers").setValue(-1)
        with qtbot.waitSignal(check.tested, timeout=20000):
            check.test_button.click()
    lines = check.results.text().splitlines()
    assert lines[0] == f"\u2713 {up} answers (rpc protocol 7.0.0): device 0: 10.0 GiB free of 12.0 GiB"
    assert lines[1] == f"\u2717 The GPU server {gone} refused the connection: is rpc-server running there, on that port?"
    # the badge: the answering server's device is a device of the plan, under its own name
    text = panel.badge.label.text()
    assert f"RPC0[{up}]: needs" in text and "9,840 MiB free" in text, text  # (10 GiB less the 400 MiB kept free)
    assert panel.values()[0]["rpc_servers"] == [up, gone]
    panel.widget("rpc_servers").setText("gaming-pc:port")
    assert "Other computers' GPUs: 'gaming-pc:port': the port is a number" in panel.problems_label.text()


def new_share(qtbot, db, monkeypatch) -> tuple[GpuShare, int]:  # noqa: F811
    """The Share box with the real rpc-server build, on a free port."""
    if BUILD is None:
        pytest.skip("no RPC build cached (packaging/rpc_build.sh makes one)")
    monkeypatch.setenv("FIRESIDE_RPC_DIR", str(BUILD))
    share = GpuShare(db)
    qtbot.addWidget(share)
    port = free_port()
    share.port.setValue(port)
    return share, port


def answers(endpoint: str) -> bool:
    try:
        return bool(probe_server(endpoint, timeout=1).devices)
    except RpcProblem:
        return False


def test_share_starts_the_real_rpc_server_on_loopback_and_stops_it(qtbot, db, monkeypatch) -> None:  # noqa: F811
    share, port = new_share(qtbot, db, monkeypatch)
    assert not share.warning.isVisibleTo(share)
    share.network.setChecked(True)
    share.show()
    assert share.warning.isVisible()  # choosing the network shows the warning first
    share.network.setChecked(False)
    share.toggle.click()
    assert share.running and share.address.text() == f"127.0.0.1:{port}"
    assert not share.network.isEnabled()  # (fixed while it runs)
    qtbot.waitUntil(lambda: answers(share.address.text()), timeout=20000)
    assert db.setting("gpu_share") == {"port": port, "network": False, "keep": False, "pid": 0}
    process = share.process
    assert process is not None
    share.toggle.click()
    assert not share.running and share.address.text() == "" and share.toggle.text() == "Share"
    with pytest.raises(RpcProblem):
        probe_server(f"127.0.0.1:{port}", timeout=1)


def test_share_without_a_server_build_says_so(qtbot, db, monkeypatch, tmp_path: Path) -> None:  # noqa: F811
    monkeypatch.setenv("FIRESIDE_RPC_CACHE", str(tmp_path / "none"))
    monkeypatch.delenv("FIRESIDE_RPC_DIR", raising=False)
    share = GpuShare(db)
    qtbot.addWidget(share)
    share.toggle.click()
    assert not share.running and not share.toggle.isChecked()
    assert "no rpc-server" in share.status.text()


def test_the_badge_plans_a_loaded_models_servers_and_asks_for_a_test_of_new_ones(qtbot, db, sample_model: str) -> None:  # noqa: F811
    """A model loaded on a server: the badge knows that server's free memory from the load; a server
    added since counts as nothing free, and the badge says to press Test."""
    from test_settings_ui import model_data

    from desktop.engine.config import LoadConfig

    panel = make_panel(qtbot, db, sample_model)
    facts, shape = model_data(sample_model)
    loaded = LoadConfig(sample_model, n_ctx=2048, n_gpu_layers=-1, rpc_servers=["192.168.1.20:50052"]).to_dict()
    panel.set_model(facts, loaded, {"temperature": 0.8}, shape,
                    [{"name": "RPC0[192.168.1.20:50052]", "free": 6 * GIB, "total": 8 * GIB}])
    text = panel.badge.label.text()
    assert "RPC0[192.168.1.20:50052]: needs" in text and "5,744 MiB free" in text and "Press Test" not in text, text
    panel.show_advanced.setChecked(True)
    panel.widget("rpc_servers").setText("192.168.1.20:50052, gaming-pc")
    text = panel.badge.label.text()
    assert "Press Test under \"Other computers' GPUs\" to plan gaming-pc:50052 too." in text, text


def test_a_server_kept_after_closing_is_found_by_the_next_fireside_and_stopped(qtbot, db, monkeypatch) -> None:  # noqa: F811
    first, port = new_share(qtbot, db, monkeypatch)
    first.keep.setChecked(True)
    assert first.start() and first.kept_pid and "keeps running after Fireside closes" in first.status.text()
    pid = first.kept_pid
    first.stop_with_window()  # the window closes: a kept server stays
    endpoint = f"127.0.0.1:{port}"
    try:
        qtbot.waitUntil(lambda: answers(endpoint), timeout=20000)
        second = GpuShare(db)  # the next Fireside
        qtbot.addWidget(second)
        assert second.kept_pid == pid and second.running and second.toggle.isChecked()
        assert second.address.text() == endpoint and not second.port.isEnabled()
        second.toggle.click()  # Stop sharing
        assert not second.running and db.setting("gpu_share")["pid"] == 0
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
        assert GpuShare(db).kept_pid == 0
    finally:
        if psutil.pid_exists(pid):
            psutil.Process(pid).kill()
