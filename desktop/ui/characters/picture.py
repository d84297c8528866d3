"""A character's picture: read from a file the user chose (refused with the reason when it is not a
picture or too big to decode), stored as a PNG, shown scaled, and painted from the name's initial
when a card has none (a PNG card needs a picture to carry it)."""

from __future__ import annotations

import zlib
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QImageReader, QPainter, QPixmap

MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_PIXELS = 40_000_000  # decoded at 4 bytes a pixel: 160 MB, under Qt's 256 MB allocation limit
MAX_SIDE = 12_000
STORED_SIDE = 1536  # a bigger picture is scaled down to this before it is stored (cards are ~400x600 to 832x1216)
PAINTED_SIZE = QSize(400, 600)  # SillyTavern's card proportions
PAINTED_COLORS = ("#7a4b2a", "#2f5d7c", "#5b6e2e", "#7c2f4f", "#4a3f7a", "#2e6b5e", "#8a5a12")


class PictureError(ValueError):
    """A file that cannot be a character's picture; the message says why, for the user."""



def _checked_image(reader: QImageReader, name: str) -> QImage:
    """Decode what `reader` reads, after checking from the header alone that it is a picture of a
    size we are willing to decode (a 20,000 x 20,000 PNG is a few kB on disk and 1.6 GB in memory)."""
    reader.setDecideFormatFromContent(True)
    if not reader.canRead():
        raise PictureError(QCoreApplication.translate("CharacterPicture", "{0} is not a picture Fireside can read (PNG, JPEG, WebP, GIF or BMP).").format(name))
    size = reader.size()
    if size.isValid() and (size.width() > MAX_SIDE or size.height() > MAX_SIDE
                           or size.width() * size.height() > MAX_PIXELS):
        raise PictureError(QCoreApplication.translate("CharacterPicture", "{0} is {1:,} × {2:,} pixels; a picture can have at most {3:,} "
                               "megapixels. Scale it down and choose it again.").format(
            name, size.width(), size.height(), MAX_PIXELS // 1_000_000))
    image = reader.read()
    if image.isNull():
        raise PictureError(QCoreApplication.translate("CharacterPicture", "{0} could not be read as a picture: {1}").format(name, reader.errorString()))
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def load_picture(path: str | Path, side: int = STORED_SIDE) -> bytes:
    """The picture in `path` as PNG bytes (scaled down to `side`); PictureError says what is wrong."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise PictureError(QCoreApplication.translate("CharacterPicture", "Cannot read {0}: {1}").format(p.name, exc.strerror or exc)) from exc
    if size > MAX_FILE_BYTES:
        raise PictureError(QCoreApplication.translate("CharacterPicture", "{0} is {1:.0f} MB; a picture can be at most {2} MB.").format(
            p.name, size / 1e6, MAX_FILE_BYTES // 2**20))
    image = _checked_image(QImageReader(str(p)), p.name)
    if max(image.width(), image.height()) > side:
        image = image.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return png_bytes(image)


def picture_image(data: bytes) -> QImage | None:
    """A stored picture (an imported card's PNG may be anything) decoded, or None if it cannot be."""
    if not data:
        return None
    array = QByteArray(data)
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    try:
        return _checked_image(QImageReader(buffer), "picture")
    except PictureError:
        return None
    finally:
        buffer.close()


def scaled_pixmap(data: bytes, box: QSize) -> QPixmap | None:
    image = picture_image(data)
    if image is None:
        return None
    return QPixmap.fromImage(image.scaled(box, Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.SmoothTransformation))


def painted_picture(name: str) -> bytes:
    """A plain card picture: the name's initial, white on a colour the name picks (always the same)."""
    image = QImage(PAINTED_SIZE, QImage.Format.Format_RGB32)
    image.fill(QColor(PAINTED_COLORS[zlib.crc32(name.encode("utf-8")) % len(PAINTED_COLORS)]))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(PAINTED_SIZE.width() * 2 // 3)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, (name.strip()[:1] or "?").upper())
    painter.end()
    return png_bytes(image)
