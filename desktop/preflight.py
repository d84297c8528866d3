"""Before Qt starts: can the window open on this screen? Qt-free, so it runs when Qt itself cannot load.

On a fresh Debian the xcb platform plugin that PySide6 ships needs system libraries (libxcb-cursor0 and
more) that are not installed; Qt then aborts with "could not load the Qt platform plugin". This finds the
missing libraries the way the loader does (`ldd` of the real plugin), names the packages for the user's
distribution and the one command to install them, and exits instead. The same table gives the .deb its
`Depends:` (`python -m desktop.preflight --deb-depends`, used by packaging/build_linux.sh).
"""

from __future__ import annotations

import ctypes
import importlib.util
import logging
import os
import shutil
import socket
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("fireside.preflight")

# soname -> (Debian/Ubuntu package, Fedora package). The libraries PySide6's xcb and wayland plugins load,
# directly or through Qt's own libraries (readelf -d / ldd of the wheel's plugins), and what they pull in.
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libXau.so.6": ("libxau6", "libXau"),
    "libXdmcp.so.6": ("libxdmcp6", "libXdmcp"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libGLdispatch.so.0": ("libglvnd0", "libglvnd"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libpng16.so.16": ("libpng16-16", "libpng"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libwayland-client.so.0": ("libwayland-client0", "libwayland-client"),
    "libwayland-cursor.so.0": ("libwayland-cursor0", "libwayland-cursor"),
    "libwayland-egl.so.1": ("libwayland-egl1", "libwayland-egl"),
    "libzstd.so.1": ("libzstd1", "libzstd"),
    "libz.so.1": ("zlib1g", "zlib"),
    "libexpat.so.1": ("libexpat1", "expat"),
    "libpcre2-8.so.0": ("libpcre2-8-0", "pcre2"),
    "libffi.so.8": ("libffi8", "libffi"),
    "libbrotlidec.so.1": ("libbrotli1", "libbrotli"),
    "libbrotlicommon.so.1": ("libbrotli1", "libbrotli"),
    "libstdc++.so.6": ("libstdc++6", "libstdc++"),
}
# What each plugin needs from the system, for the check without `ldd` and for the .deb.
XCB_LIBRARIES = (
    "libGL.so.1", "libEGL.so.1", "libfontconfig.so.1", "libfreetype.so.6", "libdbus-1.so.3", "libglib-2.0.so.0",
    "libgthread-2.0.so.0", "libX11.so.6", "libX11-xcb.so.1", "libxkbcommon.so.0", "libxkbcommon-x11.so.0",
    "libxcb.so.1", "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-image.so.0", "libxcb-keysyms.so.1",
    "libxcb-randr.so.0", "libxcb-render.so.0", "libxcb-render-util.so.0", "libxcb-shape.so.0", "libxcb-shm.so.0",
    "libxcb-sync.so.1", "libxcb-util.so.1", "libxcb-xfixes.so.0", "libxcb-xkb.so.1",
)
XCB_GL_LIBRARIES = ("libxcb-glx.so.0",)  # Qt's GLX integration: without it the window opens, OpenGL does not
WAYLAND_LIBRARIES = (
    "libGL.so.1", "libEGL.so.1", "libfontconfig.so.1", "libfreetype.so.6", "libdbus-1.so.3", "libglib-2.0.so.0",
    "libgthread-2.0.so.0", "libX11.so.6", "libxkbcommon.so.0", "libxcb.so.1", "libwayland-client.so.0",
    "libwayland-cursor.so.0",
)
PLUGINS = {"xcb": ("libqxcb.so",), "wayland": ("libqwayland.so", "libqwayland-generic.so"),
           "wayland-egl": ("libqwayland-egl.so",)}
SCREEN_WORDS = {"xcb": "an X11 screen", "wayland": "a Wayland screen", "wayland-egl": "a Wayland screen"}
NO_WINDOW = ("Without a window: `fireside --cli` chats in the terminal and `fireside --serve` runs the API "
             "server for other apps (`fireside --help` lists the options).")
EXIT_CODE = 1

MissingFinder = Callable[[str, Path], "list[str]"]


@dataclass(frozen=True)
class Problem:
    """Why the window cannot open, in words a person can act on."""
    message: str
    missing: tuple[str, ...] = ()  # sonames
    packages: tuple[str, ...] = ()  # for this distribution, when known


def qt_platforms(env: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt 6 tries, in its order (qguiapplication.cpp): QT_QPA_PLATFORM when set, else
    wayland when WAYLAND_DISPLAY or XDG_SESSION_TYPE=wayland, then xcb (also the wheels' default)."""
    requested = env.get("QT_QPA_PLATFORM", "")
    if requested:
        return [name.split(":")[0] for name in requested.split(";") if name]
    order = []
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland":
        order.append("wayland")
    order.append("xcb")
    return order


def plugin_file(platform: str, qt_dir: Path | None) -> Path | None:
    if qt_dir is None:
        return None
    for name in PLUGINS.get(platform, ()):
        path = qt_dir / "plugins" / "platforms" / name
        if path.is_file():
            return path
    return None


def pyside_qt_dir() -> Path | None:
    """PySide6's Qt folder, found without importing PySide6 (in a PyInstaller bundle too)."""
    spec = importlib.util.find_spec("PySide6")
    for location in (spec.submodule_search_locations or []) if spec else []:
        qt = Path(location) / "Qt"
        if qt.is_dir():
            return qt
    return None


def missing_by_ldd(plugin: Path, timeout: float = 15.0) -> list[str] | None:
    """The libraries the loader cannot find for `plugin` ("=> not found" from ldd), or None when ldd cannot
    tell (not installed, not glibc)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        run = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if "=>" not in run.stdout:
        return None
    missing = [line.split("=>")[0].strip() for line in run.stdout.splitlines() if "=> not found" in line]
    return sorted(set(missing))


def missing_by_loading(sonames: Sequence[str]) -> list[str]:
    """The fallback without ldd: each library the plugin needs, loaded by name as the loader would."""
    missing = []
    for soname in sonames:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(soname)
    return missing


def find_missing(platform: str, plugin: Path) -> list[str]:
    found = missing_by_ldd(plugin)
    if found is not None:
        return found
    return missing_by_loading(WAYLAND_LIBRARIES if platform.startswith("wayland") else XCB_LIBRARIES)


def distribution(os_release: Path = Path("/etc/os-release")) -> str:
    """"debian" (Debian, Ubuntu, Mint...), "fedora" (Fedora, RHEL and its rebuilds) or "" from os-release."""
    try:
        text = os_release.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    ids: set[str] = set()
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key.strip() in ("ID", "ID_LIKE"):
            ids.update(value.strip().strip("\"'").lower().split())
    if ids & {"debian", "ubuntu"}:
        return "debian"
    if ids & {"fedora", "rhel", "centos"}:
        return "fedora"
    return ""


def packages_for(missing: Sequence[str], family: str) -> tuple[list[str], list[str]]:
    """(packages to install, sonames no package is known for) for "debian" or "fedora"."""
    column = 1 if family == "fedora" else 0
    packages: list[str] = []
    unknown: list[str] = []
    for soname in missing:
        if soname in PACKAGES:
            if PACKAGES[soname][column] not in packages:
                packages.append(PACKAGES[soname][column])
        elif family == "fedora":
            packages.append(f"'{soname}()(64bit)'")  # dnf installs whatever provides a library by its soname
        else:
            unknown.append(soname)
    return packages, unknown


def install_lines(missing: Sequence[str], family: str) -> list[str]:
    families = [family] if family else ["debian", "fedora"]
    lines = []
    for each in families:
        packages, unknown = packages_for(missing, each)
        label = "" if family else ("Debian / Ubuntu: " if each == "debian" else "Fedora: ")
        if packages:
            tool = "dnf" if each == "fedora" else "apt"
            lines.append(f"    {label}sudo {tool} install {' '.join(packages)}")
        for soname in unknown:
            lines.append(f"    {label}(the package with {soname}: `apt-file search {soname}` names it)")
    return lines


def missing_libraries_problem(platform: str, missing: Sequence[str], family: str) -> Problem:
    screen = SCREEN_WORDS.get(platform, "the screen")
    lines = [f"Fireside cannot open its window: this system lacks libraries that Qt (the toolkit of Fireside's "
             f"window) needs to draw on {screen}: {', '.join(missing)}.", "", "Install them with:", "",
             *install_lines(missing, family), "", f"then start Fireside again. {NO_WINDOW}"]
    packages, _ = packages_for(missing, family) if family else ([], [])
    return Problem("\n".join(lines), tuple(missing), tuple(packages))


def no_screen_problem(env: Mapping[str, str]) -> Problem:
    if env.get("WAYLAND_DISPLAY"):  # QT_QPA_PLATFORM=xcb in a Wayland session without XWayland
        why = "QT_QPA_PLATFORM asks for X11 (xcb), and DISPLAY is not set"
    else:
        why = "neither DISPLAY nor WAYLAND_DISPLAY is set, as over SSH or in a text console"
    return Problem(f"Fireside cannot open its window: there is no screen to show it on ({why}). Start it from "
                   f"your desktop, or connect with `ssh -X` to bring the window over. {NO_WINDOW}")


def has_display(platform: str, env: Mapping[str, str]) -> bool:
    """Whether the platform has a screen to connect to: X11 needs DISPLAY; Wayland's client library falls
    back to the socket wayland-0 when WAYLAND_DISPLAY is not set."""
    if platform == "xcb":
        return bool(env.get("DISPLAY"))
    runtime = env.get("XDG_RUNTIME_DIR", "")
    return bool(env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland"
                or (runtime and Path(runtime, "wayland-0").exists()))


def x_server_answers(display: str, timeout: float = 1.0) -> bool | None:
    """Whether an X server listens at DISPLAY (a connect, as libxcb makes one: the local socket for ":N",
    TCP port 6000+N for "host:N"); None for a form this does not know or an answer that did not come."""
    if display.startswith("/"):
        return None  # a socket path (XQuartz, some sandboxes): Qt will see
    host, colon, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if not colon or not number.isdigit():
        return None
    protocol, slash, name = host.partition("/")
    host = name if slash else host
    if host in ("", "unix") and protocol != "tcp":
        for address in (f"\0/tmp/.X11-unix/X{number}", f"/tmp/.X11-unix/X{number}"):  # abstract, then the file
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as unix:
                unix.settimeout(timeout)
                try:
                    unix.connect(address)
                    return True
                except (FileNotFoundError, ConnectionRefusedError):
                    continue
                except OSError:
                    return None
        return False
    try:
        socket.create_connection((host, 6000 + int(number)), timeout=timeout).close()
        return True
    except ConnectionRefusedError:
        return False
    except OSError:
        return None


def dead_display_problem(display: str) -> Problem:
    return Problem(f"Fireside cannot open its window: no X server answers at DISPLAY={display} (the session it "
                   "belonged to may have ended, or DISPLAY was left over from another one). Start Fireside from "
                   f"your desktop, or set DISPLAY to the screen you are using. {NO_WINDOW}")


def check(env: Mapping[str, str] | None = None, system: str | None = None, qt_dir: Path | None = None,
          missing: MissingFinder = find_missing, os_release: Path = Path("/etc/os-release")) -> Problem | None:
    """What stops the window from opening, or None. Only the screen platforms are checked; offscreen,
    minimal, vnc and the others are Qt's business. `missing` is the library check (tests simulate one)."""
    env = os.environ if env is None else env
    if not (system or sys.platform).startswith("linux"):
        return None
    platforms = qt_platforms(env)
    if not platforms or any(name not in PLUGINS for name in platforms):
        return None
    reachable = [name for name in platforms if has_display(name, env)]
    display = env.get("DISPLAY", "")
    dead_x = "xcb" in reachable and x_server_answers(display) is False
    if dead_x:
        reachable.remove("xcb")
    if not reachable:
        return dead_display_problem(display) if dead_x else no_screen_problem(env)
    qt_dir = qt_dir or pyside_qt_dir()
    family = distribution(os_release)
    lacking: list[tuple[int, int, list[str]]] = []
    for order, name in enumerate(reachable):
        plugin = plugin_file(name, qt_dir)
        if plugin is None:
            continue  # not shipped: Qt skips it too
        absent = missing(name, plugin)
        if not absent:
            return None  # Qt opens the window with this one
        lacking.append((len(packages_for(absent, family or "debian")[0]) or len(absent), order, absent))
    if not lacking:
        return None
    _, order, absent = min(lacking)  # the fewest packages to install; Qt's order breaks a tie
    return missing_libraries_problem(reachable[order], absent, family)


def wrapped(message: str, width: int = 88) -> str:
    """Paragraphs wrapped; the indented command lines kept whole (so they can be copied)."""
    return "\n".join(line if line.startswith("    ") else textwrap.fill(line, width, break_on_hyphens=False)
                     for line in message.splitlines())


def show_desktop_dialog(message: str) -> bool:
    """A started-from-the-menu app has no terminal: show the message with a dialog tool the desktop has."""
    for command in (["zenity", "--error", "--no-markup", "--width=560", "--title=Fireside", f"--text={message}"],
                    ["kdialog", "--title", "Fireside", "--error", message],
                    ["xmessage", "-center", wrapped(message)]):  # (xmessage does not wrap lines itself)
        if shutil.which(command[0]):
            try:
                subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                return True
            except OSError:
                continue
    return False


def run(env: Mapping[str, str] | None = None, missing: MissingFinder | None = None,
        dialog: Callable[[str], bool] | None = None) -> int | None:
    """The entry point's preflight: None when the window can open, else the exit code, after saying why on
    stderr, in the log and, when there is no terminal to read it on, in a dialog. The library check and the
    dialog are looked up when called, so a test can replace them in the module."""
    problem = check(env, missing=missing or find_missing)
    if problem is None:
        return None
    log.error("%s", problem.message)
    has_terminal = sys.stderr is not None and sys.stderr.isatty()
    if sys.stderr is not None:
        print(problem.message, file=sys.stderr, flush=True)
    if problem.missing and not has_terminal:
        (dialog or show_desktop_dialog)(problem.message)
    return EXIT_CODE


def deb_depends() -> str:
    """The .deb's Depends for Qt's window: what the xcb plugin and its GL integration load from the system."""
    packages: list[str] = []
    for soname in (*XCB_LIBRARIES, *XCB_GL_LIBRARIES):
        if PACKAGES[soname][0] not in packages:
            packages.append(PACKAGES[soname][0])
    return ", ".join(packages)


def main(argv: Sequence[str]) -> int:
    if list(argv) == ["--deb-depends"]:
        print(deb_depends())
        return 0
    problem = check()
    print(problem.message if problem else "The window can open here.")
    return EXIT_CODE if problem else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
