"""Character cards: V1/V2 JSON, V2 PNG, V3 PNG, every kind of malformed card, macros, prompt assembly."""

from __future__ import annotations

import base64
import json
import struct
import zlib
from pathlib import Path

import pytest

from desktop.chat.cards import CardError, apply_macros, read_card
from desktop.chat.prompt import Persona, greetings, pinned_block, post_history

V2 = {"spec": "chara_card_v2", "spec_version": "2.0", "data": {
    "name": "Ember", "description": "{{char}} is an old dragon who lives under the hill.",
    "personality": "warm, proud", "scenario": "{{user}} visits {{char}}'s cave at dusk.",
    "first_mes": "*The fire stirs.* Welcome, {{user}}.", "mes_example": "<START>\n{{user}}: Hi\n{{char}}: Hello.",
    "alternate_greetings": ["Ah, {{user}}. Sit.", "Who goes there?"], "system_prompt": "",
    "post_history_instructions": "Keep replies short.", "creator_notes": "<img src=x onerror=alert(1)>",
    "tags": ["dragon"], "creator": "me", "character_version": "1"}}


def png_with(chunks: list[tuple[bytes, bytes]]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    body = chunk(b"IHDR", ihdr) + b"".join(chunk(k, d) for k, d in chunks) + chunk(b"IDAT", idat)
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IEND", b"")


def text_chunk(key: str, payload: dict) -> tuple[bytes, bytes]:
    return b"tEXt", key.encode() + b"\0" + base64.b64encode(json.dumps(payload).encode())


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_v2_png_card(tmp_path: Path) -> None:
    card = read_card(write(tmp_path, "ember.png", png_with([text_chunk("chara", V2)])))
    assert card.name == "Ember" and card.spec == "chara_card_v2"
    assert card.alternate_greetings == ["Ah, {{user}}. Sit.", "Who goes there?"]
    assert card.avatar_png.startswith(b"\x89PNG")


def test_v3_chunk_wins_over_chara(tmp_path: Path) -> None:
    v3 = {"spec": "chara_card_v3", "spec_version": "3.0", "data": {**V2["data"], "name": "Ember v3",
                                                                  "group_only_greetings": [], "assets": []}}
    card = read_card(write(tmp_path, "e.png", png_with([text_chunk("chara", V2), text_chunk("ccv3", v3)])))
    assert card.name == "Ember v3" and card.spec == "chara_card_v3"


def test_zipped_itxt_chunk(tmp_path: Path) -> None:
    payload = base64.b64encode(json.dumps(V2).encode())
    itxt = b"chara\0" + b"\x01\x00" + b"\0" + b"\0" + zlib.compress(payload)
    assert read_card(write(tmp_path, "z.png", png_with([(b"iTXt", itxt)]))).name == "Ember"


def test_json_cards_v2_and_v1(tmp_path: Path) -> None:
    assert read_card(write(tmp_path, "e.json", json.dumps(V2).encode())).scenario.startswith("{{user}} visits")
    v1 = {"name": "Old", "description": "d", "first_mes": "hi", "personality": "", "scenario": "", "mes_example": ""}
    assert read_card(write(tmp_path, "o.json", json.dumps(v1).encode())).spec == "chara_card_v1"


@pytest.mark.parametrize("name, data, message", [
    ("plain.png", png_with([]), "no character data"),
    ("bad64.png", png_with([(b"tEXt", b"chara\0!!!not base64!!!")]), "not valid base64"),
    ("notjson.png", png_with([(b"tEXt", b"chara\0" + base64.b64encode(b"{nope"))]), "not JSON"),
    ("spec.json", json.dumps({"spec": "chara_card_v9", "data": {"name": "x"}}).encode(), "unknown card format"),
    ("list.json", b"[1, 2]", "not a JSON object"),
    ("noname.json", json.dumps({"spec": "chara_card_v2", "data": {"name": " "}}).encode(), "no character name"),
    ("huge.json", json.dumps({"spec": "chara_card_v2", "data": {"name": "x", "description": "a" * 200_000}}).encode(),
     "200,000 characters"),
    ("type.json", json.dumps({"spec": "chara_card_v2", "data": {"name": "x", "description": 5}}).encode(), "not text"),
    ("text.txt", b"hello", "neither a PNG card nor JSON"),
    ("cut.png", png_with([text_chunk("chara", V2)])[:40], "cut short"),
])
def test_malformed_cards_say_why(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    with pytest.raises(CardError, match=message):
        read_card(write(tmp_path, name, data))


def test_macros() -> None:
    assert apply_macros("{{char}} greets {{User}} and <USER>; <BOT> smiles", "Ember", "Ann") == \
        "Ember greets Ann and Ann; Ember smiles"


def test_pinned_block_and_post_history(tmp_path: Path) -> None:
    card = read_card(write(tmp_path, "e.json", json.dumps(V2).encode()))
    persona = Persona("Ann", "A traveller with a lantern.")
    block = pinned_block(card, persona)
    assert "Ember is an old dragon" in block and "Ann visits Ember's cave" in block
    assert "Ember's personality: warm, proud" in block and "About Ann: A traveller" in block
    assert "Example dialogue:\nAnn: Hi\nEmber: Hello." in block and "<START>" not in block
    assert "{{" not in block
    assert greetings(card, persona) == ["*The fire stirs.* Welcome, Ann.", "Ah, Ann. Sit.", "Who goes there?"]
    assert post_history(card, persona, "Mood: rain.") == "Keep replies short.\nMood: rain."
    # without a card the persona and the macros still apply (they were ignored before)
    assert pinned_block(None, persona, "Greet {{user}}.") == "Greet Ann.\n\nAbout Ann: A traveller with a lantern."
    assert pinned_block(None, Persona("Ann"), "plain") == "plain"
