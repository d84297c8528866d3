"""The start-up check before Qt: missing xcb libraries (a fresh Debian) or no screen give a message with
the packages and the one command to install them, and the app exits instead of Qt's platform-plugin abort."""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop import preflight
from desktop.app import parse_args
from desktop.preflight import (
    PACKAGES,
    XCB_LIBRARIES,
    check,
    deb_depends,
    distribution,
    missing_by_ldd,
    missing_by_loading,
    pyside_qt_dir,
    qt_platforms,
)

ROOT = Path(__file__).resolve().parents[1]
FRESH_DEBIAN = ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"]  # what the issue saw missing
OS_RELEASES = {
    "debian": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
    "ubuntu": 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n',
    "mint": 'NAME="Linux Mint"\nID=linuxmint\nID_LIKE="ubuntu debian"\n',
    "fedora": 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=40\n',
    "rocky": 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\n',
    "arch": 'NAME="Arch Linux"\nID=arch\n',
}


def free_display_number() -> tuple[int, socket.socket]:
    """A display number nobody listens on, with the abstract socket an X server would listen on bound."""
    while True:
        number = random.randrange(3000, 9000)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(f"\0/tmp/.X11-unix/X{number}")
        except OSError:
            listener.close()
            continue
        if not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number, listener
        listener.close()


@pytest.fixture
def x11():
    """{"DISPLAY": ":N"} for a socket that listens where an X server's would (all the check connects to)."""
    number, listener = free_display_number()
    listener.listen(8)
    yield {"DISPLAY": f":{number}"}
    listener.close()


@pytest.fixture
def dead_display() -> str:
    number, listener = free_display_number()
    listener.close()
    return f":{number}"


@pytest.fixture
def os_release(tmp_path: Path):
    def write(name: str) -> Path:
        path = tmp_path / f"os-release-{name}"
        path.write_text(OS_RELEASES[name], encoding="utf-8")
        return path
    return write


def simulated(*sonames: str, per_platform: dict[str, list[str]] | None = None):
    def missing(platform: str, _plugin: Path) -> list[str]:
        return list(per_platform[platform]) if per_platform else list(sonames)
    return missing


@pytest.mark.parametrize("name", ["debian", "ubuntu", "mint"])
def test_a_fresh_debian_is_told_the_apt_line(x11, os_release, name: str) -> None:
    problem = check(x11, "linux", missing=simulated(*FRESH_DEBIAN), os_release=os_release(name))
    assert problem is not None
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1\n" in problem.message + "\n"
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4, libxcb-keysyms.so.1" in problem.message
    assert "X11 screen" in problem.message and "dnf" not in problem.message
    assert problem.packages == ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1")


@pytest.mark.parametrize("name", ["fedora", "rocky"])
def test_fedora_and_its_family_are_told_the_dnf_line(x11, os_release, name: str) -> None:
    missing = [*FRESH_DEBIAN, "libxcb-randr.so.0", "libxcb-shape.so.0"]  # both in Fedora's libxcb: named once
    problem = check(x11, "linux", missing=simulated(*missing), os_release=os_release(name))
    assert problem is not None
    assert "    sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms libxcb\n" in problem.message
    assert "apt" not in problem.message


def test_an_unknown_distribution_gets_both_lines(x11, os_release, tmp_path: Path) -> None:
    for release in (os_release("arch"), tmp_path / "no-such-os-release"):
        problem = check(x11, "linux", missing=simulated(*FRESH_DEBIAN), os_release=release)
        assert problem is not None
        assert "Debian / Ubuntu: sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in problem.message
        assert "Fedora: sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms" in problem.message


def test_a_library_no_table_knows_is_still_named(x11, os_release) -> None:
    debian = check(x11, "linux", missing=simulated("libxcb-cursor.so.0", "libfoo.so.9"), os_release=os_release("debian"))
    fedora = check(x11, "linux", missing=simulated("libfoo.so.9"), os_release=os_release("fedora"))
    assert debian is not None and fedora is not None
    assert "sudo apt install libxcb-cursor0\n" in debian.message and "`apt-file search libfoo.so.9`" in debian.message
    assert "sudo dnf install 'libfoo.so.9()(64bit)'" in fedora.message


def test_os_release_families(os_release) -> None:
    assert [distribution(os_release(name)) for name in OS_RELEASES] == [
        "debian", "debian", "debian", "fedora", "fedora", ""]


def test_which_platforms_qt_tries() -> None:
    assert qt_platforms({"DISPLAY": ":0"}) == ["xcb"]
    assert qt_platforms({}) == ["xcb"]
    assert qt_platforms({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}) == ["wayland", "xcb"]
    assert qt_platforms({"XDG_SESSION_TYPE": "wayland"}) == ["wayland", "xcb"]
    assert qt_platforms({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}) == ["wayland", "xcb"]
    assert qt_platforms({"QT_QPA_PLATFORM": "xcb:nograb"}) == ["xcb"]


def test_only_the_screen_platforms_are_checked(x11) -> None:
    everything_missing = simulated(*FRESH_DEBIAN)
    for platform in ("offscreen", "minimal", "vnc", "eglfs"):
        assert check({"QT_QPA_PLATFORM": platform}, "linux", missing=everything_missing) is None
    assert check(x11, "win32", missing=everything_missing) is None
    assert check(x11, "darwin", missing=everything_missing) is None


def test_a_wayland_session_needs_only_one_plugin_that_loads(x11, os_release) -> None:
    session = {"WAYLAND_DISPLAY": "wayland-0", **x11}
    release = os_release("debian")
    wayland_fine = simulated(per_platform={"wayland": [], "xcb": FRESH_DEBIAN})
    assert check(session, "linux", missing=wayland_fine, os_release=release) is None
    xwayland_fine = simulated(per_platform={"wayland": ["libwayland-cursor.so.0"], "xcb": []})
    assert check(session, "linux", missing=xwayland_fine, os_release=release) is None
    both = check(session, "linux", os_release=release,
                 missing=simulated(per_platform={"wayland": ["libwayland-cursor.so.0"], "xcb": FRESH_DEBIAN}))
    assert both is not None and "sudo apt install libwayland-cursor0\n" in both.message  # the fewest packages
    assert "Wayland screen" in both.message
    # Wayland without XWayland (no DISPLAY): the xcb plugin loading would not help
    no_x = check({"WAYLAND_DISPLAY": "wayland-0"}, "linux", os_release=release, missing=xwayland_fine)
    assert no_x is not None and "libwayland-cursor0" in no_x.message


def test_no_screen_says_so_and_offers_the_terminal_and_the_server(tmp_path: Path) -> None:
    for env in ({}, {"QT_QPA_PLATFORM": "xcb"}, {"XDG_RUNTIME_DIR": str(tmp_path)}):
        problem = check(env, "linux", missing=simulated())
        assert problem is not None and "there is no screen" in problem.message
        assert "`fireside --cli`" in problem.message and "`fireside --serve`" in problem.message
    assert parse_args(["--cli"]).cli and parse_args(["--serve"]).serve  # the options the message names exist
    explicit_x = check({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, "linux", missing=simulated())
    assert explicit_x is not None and "QT_QPA_PLATFORM asks for X11 (xcb), and DISPLAY is not set" in explicit_x.message


def test_the_dialog_text_is_wrapped_but_the_command_stays_whole() -> None:
    message = preflight.missing_libraries_problem("xcb", FRESH_DEBIAN * 3, "debian").message
    text = preflight.wrapped(message, width=60)
    assert "    sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in text.splitlines()
    assert all(len(line) <= 70 for line in text.splitlines()) and "libxcb-\n" not in text


def test_a_display_nobody_answers_at_is_named(x11, dead_display: str) -> None:
    """DISPLAY left over from an ended session gives Qt's same raw abort: say which DISPLAY is dead."""
    problem = check({"DISPLAY": dead_display}, "linux", missing=simulated())
    assert problem is not None and f"no X server answers at DISPLAY={dead_display}" in problem.message
    assert preflight.x_server_answers(x11["DISPLAY"]) is True
    assert preflight.x_server_answers(f"unix{x11['DISPLAY']}.0") is True
    assert preflight.x_server_answers(dead_display) is False
    with socket.socket() as tcp:  # "host:N" is TCP port 6000 + N
        tcp.bind(("127.0.0.1", 0))
        port = tcp.getsockname()[1]
        if port > 6000:
            assert preflight.x_server_answers(f"127.0.0.1:{port - 6000}") is False
            tcp.listen(1)
            assert preflight.x_server_answers(f"127.0.0.1:{port - 6000}") is True
    for unknown in ("/private/tmp/launch/org.xquartz:0", "nonsense", ":abc"):
        assert preflight.x_server_answers(unknown) is None
    wayland_too = check({"DISPLAY": dead_display, "WAYLAND_DISPLAY": "wayland-0"}, "linux", missing=simulated())
    assert wayland_too is None  # Qt uses Wayland first; the dead X display does not matter


def test_the_real_plugin_lacks_nothing_here(x11) -> None:
    """This machine runs the window under Xvfb, so the real check (ldd of PySide6's libqxcb.so) finds all."""
    qt_dir = pyside_qt_dir()
    assert qt_dir is not None
    plugin = qt_dir / "plugins" / "platforms" / "libqxcb.so"
    assert plugin.is_file()
    assert missing_by_ldd(plugin) == []
    assert missing_by_loading(XCB_LIBRARIES) == []  # the check for systems without ldd agrees
    assert check(x11, "linux") is None
    assert check({"WAYLAND_DISPLAY": "wayland-0", **x11}, "linux") is None


@pytest.fixture
def plugin_lacking_a_library(tmp_path: Path) -> Path:
    """A copy of the real libqxcb.so whose needed libxcb-cursor.so.0 is renamed, so the real loader cannot find
    it (the name keeps its length, so the ELF stays valid); Qt's own libraries are beside it, as in the wheel."""
    qt_dir = pyside_qt_dir()
    assert qt_dir is not None
    data = (qt_dir / "plugins" / "platforms" / "libqxcb.so").read_bytes()
    assert data.count(b"libxcb-cursor.so.0\x00") == 1
    (tmp_path / "qt" / "plugins" / "platforms").mkdir(parents=True)
    (tmp_path / "qt" / "lib").symlink_to(qt_dir / "lib")
    plugin = tmp_path / "qt" / "plugins" / "platforms" / "libqxcb.so"
    plugin.write_bytes(data.replace(b"libxcb-cursor.so.0\x00", b"libxcb-cursoX.so.0\x00"))
    return plugin


@pytest.mark.skipif(shutil.which("ldd") is None, reason="ldd is part of glibc's tools")
def test_ldd_of_a_real_plugin_finds_the_missing_library(x11, plugin_lacking_a_library: Path, os_release) -> None:
    assert missing_by_ldd(plugin_lacking_a_library) == ["libxcb-cursoX.so.0"]
    problem = check(x11, "linux", qt_dir=plugin_lacking_a_library.parents[2], os_release=os_release("fedora"))
    assert problem is not None and problem.missing == ("libxcb-cursoX.so.0",)
    assert "sudo dnf install 'libxcb-cursoX.so.0()(64bit)'" in problem.message


def test_the_entry_point_exits_with_the_message_before_qt(x11, tmp_path: Path, plugin_lacking_a_library: Path) -> None:
    """`fireside` (desktop.__main__) in a fresh process with the real ldd check pointed at the plugin that
    lacks a library: the message on stderr and in the log, exit code 1, and Qt never loaded (no abort)."""
    script = tmp_path / "start.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from desktop import preflight
        plugin = Path({str(plugin_lacking_a_library)!r})
        preflight.find_missing = lambda platform, _plugin: preflight.missing_by_ldd(plugin)
        preflight.show_desktop_dialog = lambda message: print("dialog shown", flush=True) or True
        from desktop.__main__ import main
        code = main()
        print("qt loaded" if "PySide6.QtGui" in sys.modules else "qt not loaded", flush=True)
        sys.exit(code)
    """), encoding="utf-8")
    env = {key: value for key, value in __import__("os").environ.items()
           if key not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE")}
    env.update(DISPLAY=x11["DISPLAY"], FIRESIDE_DATA_DIR=str(tmp_path / "data"))
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=120)
    assert run.returncode == 1, run.stderr
    assert "Fireside cannot open its window" in run.stderr and "libxcb-cursoX.so.0" in run.stderr
    assert "could not load the Qt platform plugin" not in run.stderr
    assert run.stdout.splitlines() == ["dialog shown", "qt not loaded"]  # stderr is no terminal: a dialog too
    log = (tmp_path / "data" / "logs" / "fireside.log").read_text(encoding="utf-8")
    assert "ERROR fireside.preflight" in log and "libxcb-cursoX.so.0" in log


def test_main_returns_the_exit_code_in_process(x11, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    monkeypatch.setenv("DISPLAY", x11["DISPLAY"])
    monkeypatch.setenv("FIRESIDE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(preflight, "find_missing", simulated(*FRESH_DEBIAN))
    shown: list[str] = []
    monkeypatch.setattr(preflight, "show_desktop_dialog", lambda message: shown.append(message) or True)
    from desktop.app import main

    assert main([]) == 1
    err = capsys.readouterr().err
    assert "sudo " in err and "libxcb-cursor" in err
    assert shown == [err.strip()]  # pytest's captured stderr is not a terminal


def test_the_deb_declares_what_the_check_asks_for() -> None:
    """One list: build_linux.sh takes the .deb's Depends from the preflight, and the list holds every system
    library the wheel's xcb plugin and Qt's libraries link (readelf of the real files)."""
    script = (ROOT / "packaging" / "build_linux.sh").read_text(encoding="utf-8")
    assert "-m desktop.preflight --deb-depends" in script and "$QT_DEPENDS" in script
    assert "libxcb-cursor0" not in script  # no second hand-written list
    declared = set(deb_depends().split(", "))
    assert {"libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0"} <= declared
    assert {PACKAGES[soname][0] for soname in XCB_LIBRARIES} <= declared
    readelf = shutil.which("readelf")
    if readelf is None:
        pytest.skip("readelf (binutils) is not installed")
    qt_dir = pyside_qt_dir()
    assert qt_dir is not None
    linked: set[str] = set()
    for path in (qt_dir / "plugins" / "platforms" / "libqxcb.so", *(qt_dir / "lib").glob("libQt6XcbQpa.so.6"),
                 qt_dir / "lib" / "libQt6Gui.so.6", qt_dir / "lib" / "libQt6Core.so.6",
                 qt_dir / "lib" / "libQt6DBus.so.6"):
        dynamic = subprocess.run([readelf, "-d", str(path)], capture_output=True, text=True, check=True).stdout
        linked |= {line.split("[")[1].rstrip("]") for line in dynamic.splitlines() if "(NEEDED)" in line}
    base = {"libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "ld-linux-x86-64.so.2", "libz.so.1",
            "libzstd.so.1", "libpthread.so.0", "libdl.so.2"}
    system = {name for name in linked if not name.startswith(("libQt6", "libicu"))} - base
    assert system and system <= set(XCB_LIBRARIES), sorted(system - set(XCB_LIBRARIES))
