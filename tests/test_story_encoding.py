"""Stories in the encodings people save them in: UTF-8 (with and without a BOM), UTF-16 with a BOM (Windows
Notepad's "Unicode"), Shift_JIS (Aozora Bunko), EUC-JP, cp1252; and binary files still refused."""

from __future__ import annotations

import codecs
import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from qt_helpers import finish_reply, load_model
from test_app import open_window, user_dirs, window  # noqa: F401 - fixtures

from desktop.chat.library import StoryError, read_story
from desktop.chat.story_text import NotText, decode_story_bytes, kana_share

# The opening of Natsume Soseki's "I Am a Cat" (1905, public domain) as Aozora Bunko lays it out: ruby in
# 《》, an editor's note in ［＃］, full-width spaces, CRLF line ends.
AOZORA = (
    "吾輩は猫である\r\n夏目漱石\r\n\r\n［＃８字下げ］一［＃「一」は中見出し］\r\n\r\n"
    "　吾輩《わがはい》は猫である。名前はまだ無い。\r\n"
    "　どこで生れたかとんと見当《けんとう》がつかぬ。何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは"
    "記憶している。吾輩はここで始めて人間というものを見た。しかもあとで聞くとそれは書生という人間中で一番"
    "獰悪《どうあく》な種族であったそうだ。この書生というのは時々我々を捕《つかま》えて煮《に》て食うという話である。"
    "しかしその当時は何という考《かんがえ》もなかったから別段恐しいとも思わなかった。ただ彼の掌《てのひら》に"
    "載せられてスーと持ち上げられた時何だかフワフワした感じがあったばかりである。掌の上で少し落ちついて書生の顔を"
    "見たのがいわゆる人間というものの見始《みはじめ》であろう。この時妙なものだと思った感じが今でも残っている。\r\n"
)
JAPANESE_SHORT = "吾輩は猫である。名前はまだ無い。"  # the detector alone reads this as Korean (cp932) or Big5 (EUC-JP)
JAPANESE_TINY = "猫です。"
# The opening of Soseki's "Kusamakura": in EUC-JP its bytes are valid Shift_JIS too (half-width katakana).
BOTH_WAYS = "山路を登りながら、こう考えた。"
WESTERN = ("The café on the corner was empty. Zoë ordered a crème brûlée; the waiter, a tall man from Zürich, "
           "smiled. “Naïve,” she said — “to think the façade would last.” It was 5 °C outside. Ça ne fait rien.")
WESTERN_SHORT = "Café au lait, naïve résumé — déjà vu."  # the detector alone says cp1250: "naďve", "déjŕ"


def story(tmp_path: Path, raw: bytes, name: str = "story.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(raw)
    return path


def expected(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp"])
@pytest.mark.parametrize("text", [AOZORA, JAPANESE_SHORT, JAPANESE_TINY, BOTH_WAYS],
                         ids=["aozora", "short", "tiny", "both-ways"])
def test_japanese_legacy_encodings_read_correctly(tmp_path: Path, text: str, encoding: str) -> None:
    raw = text.encode(encoding)
    title, read = read_story(story(tmp_path, raw, "吾輩は猫である.txt"))
    assert title == "吾輩は猫である" and read == expected(text)
    assert decode_story_bytes(raw)[1] == encoding


@pytest.mark.parametrize("raw", [
    codecs.BOM_UTF16_LE + AOZORA.encode("utf-16-le"),  # what Notepad saves as "Unicode"
    codecs.BOM_UTF16_BE + AOZORA.encode("utf-16-be"),  # "Unicode big endian"
    codecs.BOM_UTF8 + AOZORA.encode("utf-8"),  # "UTF-8 with BOM"
    AOZORA.encode("utf-8"),
    codecs.BOM_UTF32_LE + AOZORA.encode("utf-32-le"),
], ids=["utf-16-le-bom", "utf-16-be-bom", "utf-8-bom", "utf-8", "utf-32-le-bom"])
def test_unicode_files_with_and_without_a_bom(tmp_path: Path, raw: bytes) -> None:
    _, read = read_story(story(tmp_path, raw))
    assert read == expected(AOZORA) and not read.startswith("\ufeff")


def test_a_notepad_unicode_story_in_english(tmp_path: Path) -> None:
    """The reported case: an English story saved by Notepad as "Unicode" was refused as binary data."""
    text = "Once upon a time, in a village by the river, there lived a girl.\r\nShe kept a heron thimble.\r\n"
    _, read = read_story(story(tmp_path, codecs.BOM_UTF16_LE + text.encode("utf-16-le")))
    assert read == expected(text)


def test_utf16_without_a_bom_is_told_by_its_zero_bytes(tmp_path: Path) -> None:
    text = "It was a dark and stormy night; the rain fell in torrents."
    assert read_story(story(tmp_path, text.encode("utf-16-le")))[1] == text
    assert read_story(story(tmp_path, text.encode("utf-16-be")))[1] == text


@pytest.mark.parametrize("text", [WESTERN, WESTERN_SHORT], ids=["long", "short"])
def test_cp1252_western_text(tmp_path: Path, text: str) -> None:
    raw = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert read_story(story(tmp_path, raw))[1] == text
    assert decode_story_bytes(raw)[1] == "cp1252"


@pytest.mark.parametrize(("text", "encoding"), [
    ("Zażółć gęślą jaźń. Litwo! Ojczyzno moja! ty jesteś jak zdrowie; ile cię trzeba cenić, ten tylko się "
     "dowie, kto cię stracił.", "cp1250"),
    ("Все счастливые семьи похожи друг на друга, каждая несчастливая семья несчастлива по-своему.", "cp1251"),
    ("从前有一座山，山里有一座庙，庙里有一个老和尚在给小和尚讲故事。他讲的是什么呢？", "gb18030"),
    ("옛날 옛적에 호랑이가 담배 피우던 시절에, 한 마을에 착한 나무꾼이 살았습니다.", "euc_kr"),
], ids=["polish", "russian", "chinese", "korean"])
def test_other_legacy_encodings_go_to_the_detector(tmp_path: Path, text: str, encoding: str) -> None:
    """Not mistaken for Japanese (Korean EUC-KR also decodes as EUC-JP: kanji without a single kana) or for
    cp1252 (Polish: the detector does not tie it with cp1252)."""
    assert read_story(story(tmp_path, text.encode(encoding)))[1] == text


def test_kana_share_tells_a_right_decode_from_a_wrong_one() -> None:
    assert kana_share(AOZORA) > 0.4
    wrong = BOTH_WAYS.encode("euc_jp").decode("cp932")  # valid, but half-width katakana and kanji
    assert wrong.startswith("ｻｳﾏｩ､")
    korean = "한 마을에 착한 나무꾼이 살았습니다".encode("euc_kr").decode("euc_jp")
    assert kana_share(wrong) == 0 and kana_share(korean) == 0


def test_a_stray_bad_byte_does_not_make_a_story_binary(tmp_path: Path) -> None:
    head, tail = AOZORA[:100].encode("cp932"), AOZORA[100:].rstrip().encode("cp932")
    cut = head + b"\x85 " + tail[:-1]  # a lead byte with no second byte, and the last character cut in half
    with pytest.raises(UnicodeDecodeError):
        cut.decode("cp932")
    text, encoding = decode_story_bytes(cut)
    assert encoding.startswith("cp932") and "bad byte" in encoding
    assert text.count("\ufffd") <= 2 and "名前はまだ無い" in text


def real_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    pixels = b"".join(b"\x00" + bytes(range(0, 48)) for _ in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b""))


def zip_of_a_story() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("story.txt", WESTERN * 20)
    return buffer.getvalue()


def gguf_header(tiny_llama: str) -> bytes:
    return Path(tiny_llama).read_bytes()[:4096]


@pytest.mark.parametrize(("make", "kind"), [
    (lambda _m: real_png(), "a PNG image"),
    (gguf_header, "a GGUF model"),
    (lambda _m: zip_of_a_story(), "a ZIP archive"),
    (lambda _m: random.Random(7).randbytes(4000), None),
    (lambda _m: zlib.compress(WESTERN.encode() * 30), None),  # compressed data with no signature
    (lambda _m: struct.pack("<2000H", *(i % 256 for i in range(2000))), None),  # 16-bit samples: zero high bytes
    (lambda _m: b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 8, "a PNG image"),  # the hostile corpus case
], ids=["png", "gguf", "zip", "random", "zlib", "int16", "hostile"])
def test_binary_files_are_still_refused(tmp_path: Path, tiny_llama: str, make, kind: str | None) -> None:
    raw = make(tiny_llama)
    with pytest.raises(StoryError) as refused:
        read_story(story(tmp_path, raw, "binary.txt"))
    message = str(refused.value)
    assert message.startswith("binary.txt is not a text file (it holds binary data")
    if kind:
        assert kind in message
    with pytest.raises(NotText):
        decode_story_bytes(raw[8:])  # without the signature too: told by what the bytes decode to


def test_empty_and_bom_only_files_are_empty(tmp_path: Path) -> None:
    for raw in (b"", codecs.BOM_UTF16_LE, codecs.BOM_UTF8 + b" \r\n "):
        with pytest.raises(StoryError, match="is empty"):
            read_story(story(tmp_path, raw, "empty.txt"))


def test_the_window_reads_a_notepad_unicode_story_and_says_why_a_binary_one_is_refused(
        qtbot, window, sample_model: str, tmp_path: Path) -> None:
    load_model(qtbot, window, sample_model, n_ctx=1024)
    text = f"{JAPANESE_SHORT}\r\nThe cat has no name yet.\r\n"  # short: the tiny model reads it in seconds
    path = story(tmp_path, codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "吾輩は猫である.txt")
    result = finish_reply(qtbot, window, lambda: window.controller.roleplay.open_story(str(path)))
    assert result.get("reason") != "error"
    conv = window.controller.conv
    assert conv.title == "吾輩は猫である" and expected(text) in conv.messages[0].text
    notices: list[tuple[str, str]] = []
    window.controller.notify.connect(lambda level, text: notices.append((level, text)))
    assert not window.controller.roleplay.open_story(str(story(tmp_path, real_png(), "cover.txt")))
    assert notices and notices[-1][0] == "error"
    assert "Could not open the story: cover.txt is not a text file (it holds binary data: a PNG image)" in notices[-1][1]
