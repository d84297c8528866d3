"""Character cards (TavernAI / SillyTavern): V1 and V2 JSON, V2 PNG (`chara` chunk), V3 (`ccv3`).

A PNG card carries base64 JSON in a tEXt (or zTXt / iTXt) chunk. Everything here is parsed as
data: card text is never rendered as HTML or markdown by the app, so it cannot load files or URLs.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import re
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .lorebook import Lorebook, LorebookError, character_book_from_json
from .text_checks import is_storable_text

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_FIELD_CHARS = 100_000  # a card field longer than this is refused (cards are prompts, not books)
MAX_INFLATED_BYTES = 16 * 1024 * 1024  # a compressed text chunk may inflate to this much, no more
TEXT_FIELDS = ("name", "description", "personality", "scenario", "first_mes", "mes_example", "creator_notes",
               "system_prompt", "post_history_instructions", "creator", "character_version")


class CardError(ValueError):
    """A file that is not a usable character card; the message says why, for the user."""


@dataclass
class Card:
    name: str
    description: str = ""
    personality: str = ""
    scenario: str = ""
    first_mes: str = ""
    mes_example: str = ""
    creator_notes: str = ""
    system_prompt: str = ""
    post_history_instructions: str = ""
    alternate_greetings: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    creator: str = ""
    character_version: str = ""
    spec: str = "chara_card_v2"
    avatar_png: bytes = b""  # the card image, when it came as a PNG
    character_book: Lorebook | None = None  # the card's embedded lorebook
    extra: dict[str, Any] = field(default_factory=dict)  # the card's other data fields (extensions, ...), kept
    extra_top: dict[str, Any] = field(default_factory=dict)  # fields beside spec and data (spec_version, V1 copies)

    def to_json(self) -> dict[str, Any]:
        """The card as V2 (or V3) JSON; a V1 card is written as V2 (a V1 spec with a data object
        is no format any reader knows)."""
        data = dict(self.extra)
        data.update({name: getattr(self, name) for name in TEXT_FIELDS})
        data["alternate_greetings"] = list(self.alternate_greetings)
        data["tags"] = list(self.tags)
        if self.character_book is not None:
            data["character_book"] = self.character_book.to_json()
        else:
            data.pop("character_book", None)
        out = dict(self.extra_top)
        if self.spec == "chara_card_v1":
            data.setdefault("extensions", {})
            out.update({"spec": "chara_card_v2", "spec_version": "2.0", "data": data})
        else:
            out.update({"spec": self.spec, "data": data})
        return out


def read_card(path: str | Path) -> Card:
    """Read a .png or .json card file."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise CardError(f"cannot read {p.name}: {exc.strerror or exc}") from exc
    if size > MAX_FILE_BYTES:
        raise CardError(f"{p.name} is {size / 1e6:.0f} MB; a character card is at most {MAX_FILE_BYTES // 2**20} MB")
    raw = p.read_bytes()
    if raw.startswith(PNG_SIGNATURE):
        return card_from_png(raw)
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CardError(f"{p.name} is neither a PNG card nor JSON ({exc})") from exc
    except RecursionError as exc:
        raise CardError(f"{p.name} nests its JSON too deeply to be a character card") from exc
    return card_from_json(data)


def _inflate(data: bytes) -> bytes:
    """zlib data inflated to at most MAX_INFLATED_BYTES (a small chunk can hide gigabytes)."""
    inflater = zlib.decompressobj()
    out = inflater.decompress(data, MAX_INFLATED_BYTES)
    if inflater.unconsumed_tail:
        raise CardError(f"a compressed text chunk in the PNG inflates past {MAX_INFLATED_BYTES // 2**20} MB")
    if not inflater.eof:
        raise CardError("a compressed text chunk in the PNG is cut short")
    return out


def png_text_chunks(raw: bytes) -> dict[str, str]:
    """keyword -> text for every tEXt, zTXt and iTXt chunk (later chunks win)."""
    if not raw.startswith(PNG_SIGNATURE):
        raise CardError("not a PNG file")
    out: dict[str, str] = {}
    ended = False
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(raw):
        length, kind = struct.unpack(">I4s", raw[pos:pos + 8])
        data = raw[pos + 8:pos + 8 + length]
        if len(data) < length:
            raise CardError("the PNG file is cut short")
        pos += 12 + length
        try:
            if kind == b"tEXt":
                key, _, text = data.partition(b"\0")
                out[key.decode("latin-1")] = text.decode("latin-1")
            elif kind == b"zTXt":
                key, _, rest = data.partition(b"\0")
                out[key.decode("latin-1")] = _inflate(rest[1:]).decode("latin-1")
            elif kind == b"iTXt":
                key, _, rest = data.partition(b"\0")
                compressed, rest = rest[0], rest[2:]
                _lang, _, rest = rest.partition(b"\0")
                _translated, _, text = rest.partition(b"\0")
                out[key.decode("latin-1")] = (_inflate(text) if compressed else text).decode("utf-8")
        except (zlib.error, UnicodeDecodeError, IndexError) as exc:
            raise CardError(f"a text chunk in the PNG is damaged ({exc})") from exc
        if kind == b"IEND":
            ended = True
            break
    if not ended and not ({"chara", "ccv3"} & set(out)):
        raise CardError("the PNG file is cut short")
    return out


def card_from_png(raw: bytes) -> Card:
    chunks = png_text_chunks(raw)
    key = "ccv3" if "ccv3" in chunks else "chara" if "chara" in chunks else None
    if key is None:
        raise CardError("this PNG has no character data (no 'chara' or 'ccv3' text chunk): it is just a picture")
    try:
        decoded = base64.b64decode(chunks[key].strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CardError(f"the card data in the PNG is not valid base64 ({exc})") from exc
    try:
        data = json.loads(decoded.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CardError(f"the card data in the PNG is not JSON ({exc})") from exc
    except RecursionError as exc:
        raise CardError("the card data in the PNG nests its JSON too deeply") from exc
    card = card_from_json(data)
    card.avatar_png = raw
    return card


def card_from_json(data: Any) -> Card:
    if not isinstance(data, dict):
        raise CardError("the card is not a JSON object")
    spec = data.get("spec")
    if spec in ("chara_card_v2", "chara_card_v3"):
        fields = data.get("data")
        if not isinstance(fields, dict):
            raise CardError(f"a {spec} card needs a 'data' object")
    elif spec is None and "name" in data:
        fields, spec = data, "chara_card_v1"  # V1: the fields are the object itself
    elif spec == "chara_card_v1" and isinstance(data.get("data"), dict):
        fields = data["data"]  # what an earlier Fireside stored for an imported V1 card
    else:
        raise CardError(f"unknown card format (spec {spec!r}); Fireside reads chara_card_v1, v2 and v3")
    name = fields.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CardError("the card has no character name")
    values: dict[str, Any] = {}
    for key in TEXT_FIELDS:
        value = fields.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise CardError(f"the card's {key} is not text")
        if not is_storable_text(value):
            raise CardError(f"the card's {key} holds a broken character (a lone UTF-16 surrogate)")
        if len(value) > MAX_FIELD_CHARS:
            raise CardError(f"the card's {key} is {len(value):,} characters long; the limit is {MAX_FIELD_CHARS:,}")
        values[key] = value
    for key in ("alternate_greetings", "tags"):
        items = fields.get(key) or []
        if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
            raise CardError(f"the card's {key} must be a list of texts")
        if not all(is_storable_text(x) for x in items):
            raise CardError(f"the card's {key} hold a broken character (a lone UTF-16 surrogate)")
        if sum(len(x) for x in items) > MAX_FIELD_CHARS * 4:
            raise CardError(f"the card's {key} are too long")
        values[key] = list(items)
    values["name"] = name.strip()
    book = fields.get("character_book")
    lorebook = None
    if book is not None:
        if not isinstance(book, dict):
            raise CardError("the card's character_book is not an object")
        try:
            lorebook = character_book_from_json(book)
        except LorebookError as exc:
            raise CardError(f"the card's lorebook: {exc}") from exc
        if lorebook.name == "Lorebook" and "name" not in book:
            lorebook.name = f"{values['name']}'s lorebook"
            lorebook.source["_unnamed"] = lorebook.name  # not written back while it keeps this name
    known = set(TEXT_FIELDS) | {"alternate_greetings", "tags", "character_book"}
    extra = {k: v for k, v in fields.items() if k not in known} if spec != "chara_card_v1" else {}
    top = {k: v for k, v in data.items() if k not in ("spec", "data")} if spec != "chara_card_v1" else {}
    return Card(spec=spec, character_book=lorebook, extra=extra, extra_top=top, **values)


# --- editing and export ----------------------------------------------------------------------------

EDITABLE_FIELDS = (*TEXT_FIELDS, "alternate_greetings", "tags")
CARD_CHUNK_KEYS = (b"chara", b"ccv3")


def new_card(name: str = "") -> Card:
    """An empty V2 card (with the `extensions` object the spec asks every card to carry)."""
    return Card(name=name, extra={"extensions": {}}, extra_top={"spec_version": "2.0"})


def edited_card(card: Card, **values: Any) -> Card:
    """A copy of `card` with new field values. The V1 copies SillyTavern writes beside `data`
    (top-level name, description, ...) follow a field they copied, so an older reader of the export
    does not see the text from before the edit; everything else the card carries is kept as it was."""
    out = copy.deepcopy(card)
    for key, value in values.items():
        if key not in EDITABLE_FIELDS:
            raise KeyError(f"{key} is not an editable card field")
        if key in out.extra_top and out.extra_top[key] == getattr(card, key):
            out.extra_top[key] = copy.deepcopy(value)
        setattr(out, key, copy.deepcopy(value))
    return out


def check_card(card: Card) -> None:
    """Raise CardError (saying why) if the card would not read back: the checks an import makes."""
    card_from_json(json.loads(json.dumps(card.to_json(), ensure_ascii=False)))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _card_text(key: bytes, card_json: dict[str, Any]) -> bytes:
    payload = base64.b64encode(json.dumps(card_json, ensure_ascii=False).encode("utf-8"))
    return _chunk(b"tEXt", key + b"\0" + payload)


def card_png(card: Card, picture_png: bytes) -> bytes:
    """A V2 PNG card: the picture with the card's JSON, base64, in a `chara` tEXt chunk. A V3 card
    also gets its `ccv3` chunk (what SillyTavern writes; readers prefer it, so it reads back as V3).
    Card chunks the picture already had (it may be an imported card's PNG) are dropped."""
    check_card(card)
    if not picture_png.startswith(PNG_SIGNATURE):
        raise CardError("the card's picture is not a PNG")
    kept: list[bytes] = []
    pos, ended = len(PNG_SIGNATURE), False
    while pos + 12 <= len(picture_png):
        length, kind = struct.unpack(">I4s", picture_png[pos:pos + 8])
        end = pos + 12 + length
        if end > len(picture_png):
            break
        body = picture_png[pos + 8:pos + 8 + length]
        if kind == b"IEND":
            ended = True
            break
        if not (kind in (b"tEXt", b"zTXt", b"iTXt") and body.partition(b"\0")[0] in CARD_CHUNK_KEYS):
            kept.append(picture_png[pos:end])
        pos = end
    if not ended or not kept or kept[0][4:8] != b"IHDR":
        raise CardError("the card's picture is a damaged PNG")
    data = card.to_json()
    texts: list[bytes] = []
    if data["spec"] == "chara_card_v3":
        texts.append(_card_text(b"ccv3", data))
        data = {**data, "spec": "chara_card_v2", "spec_version": "2.0"}
    texts.insert(0, _card_text(b"chara", data))
    return PNG_SIGNATURE + b"".join(kept) + b"".join(texts) + _chunk(b"IEND", b"")


_MACRO = re.compile(r"\{\{(char|user)\}\}|<(BOT|USER)>", re.IGNORECASE)


def apply_macros(text: str, char: str, user: str) -> str:
    """SillyTavern's {{char}} and {{user}} (and the old <BOT> / <USER>), case-insensitive.

    One pass over the text: replaced names are never scanned again, and matching never changes the
    text's length (a lower-cased copy can be longer than the original, e.g. 'İ')."""
    def name(match: re.Match[str]) -> str:
        return char if (match.group(1) or match.group(2)).lower() in ("char", "bot") else user

    return _MACRO.sub(name, text)
