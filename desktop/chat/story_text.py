"""The text of a story file in whatever encoding it was saved: a BOM, then strict decodes of the encodings
stories come in, then charset-normalizer; and binary files refused.

Why not the detector alone (measured with charset-normalizer 3.5): it reads a two-sentence Shift_JIS text as
cp949 (Korean) and the same in EUC-JP as Big5, and Western cp1252 text as cp1250 ("naïve" -> "naďve").
Strict decodes with a kana check settle Japanese; cp1252 wins a tie among the Latin code pages.
"""

from __future__ import annotations

import codecs
import re

# A leading signature that no text file has; the names are what the user is told.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GGUF", "a GGUF model"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .epub is one too: save the story as plain text)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Office document (save the story as plain text)"),
)
# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
JAPANESE_LEGACY = ("cp932", "euc_jp")  # Shift_JIS as Windows writes it (Aozora Bunko's files), and EUC-JP
MIN_KANA_SHARE = 0.15  # of the Japanese-script characters; Japanese prose has 30-60 % kana
LATIN_TIE_WINNER = "cp1252"  # Windows' Western code page: the likeliest when the detector cannot tell them apart
# Control characters other than tab, line and page breaks (C0, DEL, C1): common in binary, rare in text.
CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
MAX_CONTROL_SHARE = 0.005
KANA = re.compile("[\u3041-\u30ff]")  # hiragana and full-width katakana
KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
KANA_SAMPLE_CHARS = 100_000  # plenty of evidence, and a 8 MB file is judged in milliseconds
# A file with a stray bad byte (a cut last character, a vendor glyph) is still a story: at most this share of
# its characters may be replaced (U+FFFD) in a lenient last try.
MAX_REPLACED_SHARE = 0.001


class NotText(ValueError):
    """The bytes are not a text file; the message says what they are when that is known."""


def decode_story_bytes(raw: bytes) -> tuple[str, str]:
    """(text, the encoding it was read with). Raises NotText for binary data."""
    for signature, kind in BINARY_SIGNATURES:
        if raw.startswith(signature):
            raise NotText(f"it holds binary data: {kind}")
    decoded = _decode(raw)
    if decoded is None:
        raise NotText("it holds binary data")
    text, encoding = decoded
    text = text.removesuffix("\x1a")  # the end-of-file mark old DOS editors wrote
    if not _looks_like_text(text):
        raise NotText("it holds binary data")
    return text, encoding


def _decode(raw: bytes) -> tuple[str, str] | None:
    for bom, encoding in BOMS:
        if raw.startswith(bom):
            text = _strict(raw, encoding)
            if text is not None:
                return text, encoding
            break  # a BOM followed by something else: let the rest decide
    if b"\x1b$" in raw:  # ISO-2022-JP (7-bit JIS, old mail and news) is valid ASCII: try it before UTF-8
        text = _strict(raw, "iso2022_jp")
        if text is not None:
            return text, "iso2022_jp"
    utf16 = _bomless_utf16(raw)  # (before UTF-8: Latin text in UTF-16 is valid UTF-8, full of NULs)
    if utf16 is not None:
        text = _strict(raw, utf16)
        if text is not None:
            return text, utf16
    text = _strict(raw, "utf-8")
    if text is not None:
        return text, "utf-8"
    japanese = _japanese(raw)
    if japanese is not None:
        return japanese
    return _detected(raw) or _nearly(raw)


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def _bomless_utf16(raw: bytes) -> str | None:
    """UTF-16 without a BOM, told by the zero high bytes of Latin text in one byte column only."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    half = len(raw) // 2
    even_zeros, odd_zeros = raw[0::2].count(0), raw[1::2].count(0)
    if odd_zeros > 0.3 * half and even_zeros < 0.02 * half:
        return "utf-16-le"
    if even_zeros > 0.3 * half and odd_zeros < 0.02 * half:
        return "utf-16-be"
    return None


def kana_share(text: str) -> float:
    """Kana among the Japanese-script characters (kana and kanji). High for Japanese prose; zero for a wrong
    decode, which gives kanji and half-width katakana (EUC-JP read as Shift_JIS) or kanji only (Korean,
    Chinese read as EUC-JP)."""
    sample = text[:KANA_SAMPLE_CHARS]
    kana, kanji = len(KANA.findall(sample)), len(KANJI.findall(sample))
    return kana / (kana + kanji) if kana + kanji else 0.0


def _japanese(raw: bytes) -> tuple[str, str] | None:
    """The Japanese legacy encoding that decodes strictly and reads as Japanese (the most kana wins)."""
    best: tuple[float, str, str] | None = None
    for encoding in JAPANESE_LEGACY:
        text = _strict(raw, encoding)
        if text is None:
            continue
        share = kana_share(text)
        if share >= MIN_KANA_SHARE and (best is None or share > best[0]):
            best = (share, text, encoding)
    return (best[1], best[2]) if best else None


def _detected(raw: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes  # (imported when a file needs it: most stories are UTF-8)

    matches = from_bytes(raw)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if match.chaos <= best.chaos and LATIN_TIE_WINNER in match.could_be_from_charset:
            text = _strict(raw, LATIN_TIE_WINNER)
            if text is not None:
                return text, LATIN_TIE_WINNER
    return str(best), best.encoding


def _nearly(raw: bytes) -> tuple[str, str] | None:
    """UTF-8 or Japanese text with a few bad bytes (which make every strict decode and the detector give up),
    the bad bytes shown as U+FFFD."""
    for encoding in ("utf-8", *JAPANESE_LEGACY):
        text = raw.decode(encoding, errors="replace")
        replaced = text.count("\ufffd")
        if replaced > max(3, MAX_REPLACED_SHARE * len(text)):
            continue
        if encoding == "utf-8" or kana_share(text) >= MIN_KANA_SHARE:
            return text, f"{encoding} ({replaced} bad byte{'s' if replaced > 1 else ''} replaced)"
    return None


def _looks_like_text(text: str) -> bool:
    """No NUL, and control characters (other than tabs, line and page breaks) are rare."""
    if "\x00" in text:
        return False
    return len(CONTROLS.findall(text)) <= max(3, MAX_CONTROL_SHARE * len(text))
