"""The app icon and the About box (version, and the licenses of what the app bundles)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QMessageBox, QWidget

from .. import __version__
from ..resources_path import resources_dir

# What a Fireside bundle ships, and under which license.
BUNDLED = (
    ("llama.cpp / ggml", "MIT"),
    ("llama-cpp-python", "MIT"),
    ("Qt 6 / PySide6 / Shiboken6", "LGPL-3.0"),
    ("SmolLM2-135M-Instruct (sample model, downloaded on request)", "Apache-2.0"),
    ("pyqtgraph", "MIT"),
    ("gguf", "MIT"),
    ("NumPy", "BSD-3-Clause"),
    ("Jinja2, MarkupSafe", "BSD-3-Clause"),
    ("psutil", "BSD-3-Clause"),
    ("nvidia-ml-py (pynvml)", "BSD-3-Clause"),
    ("platformdirs", "MIT"),
    ("regex", "Apache-2.0"),
    ("charset-normalizer", "MIT"),
    ("Python", "PSF-2.0"),
)


def app_icon() -> QIcon:
    icon = QIcon()
    folder = resources_dir() / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        path = folder / f"fireside-{size}.png"
        if path.exists():
            icon.addFile(str(path), QSize(size, size))
    return icon


def about_text() -> str:
    rows = "".join(f"<tr><td>{name}</td><td>&nbsp;&nbsp;{license_}</td></tr>" for name, license_ in BUNDLED)
    return (f"<h3>Fireside {__version__}</h3>"
            + QCoreApplication.translate("About", "<p>Local language models for roleplay and long stories. "
                                                  "Fireside is MIT-licensed.</p><p>It includes:</p>")
            + f"<table>{rows}</table>")


def show_about(parent: QWidget) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("About", "About Fireside"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text())
    box.setIconPixmap(QPixmap(str(resources_dir() / "icons" / "fireside-128.png")))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
