"""Chats as SillyTavern's JSONL: a header line, then one JSON object per message (with swipes)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .cards import is_storable_text
from .conversation import Conversation, Message, Swipe
from .lore_state import ChatLore
from .memory import ChatMemory

MAX_BYTES = 64 * 1024 * 1024


class JsonlError(ValueError):
    pass


class JobCancelled(Exception):
    """The user stopped a long import or export."""


def _date(ts: float) -> str:
    t = time.localtime(ts)
    return f"{t.tm_year}-{t.tm_mon}-{t.tm_mday}@{t.tm_hour:02d}h{t.tm_min:02d}m{t.tm_sec:02d}s"


def export_lines(conv: Conversation, character_name: str) -> Iterator[dict]:
    """The JSON objects of the file, header first, one per message (read a page at a time)."""
    user = conv.persona_name or "You"
    yield {"user_name": user, "character_name": character_name, "create_date": _date(conv.created),
           "chat_metadata": {"note_prompt": conv.authors_note, "fireside_system_prompt": conv.system_prompt,
                             "fireside_memory": conv.memory.to_json(), "fireside_lore": conv.lore.to_json()}}
    sent = _date(conv.updated)
    for msg in conv.messages:
        is_user = msg.role == "user"
        yield {"name": user if is_user else character_name, "is_user": is_user, "is_system": False,
               "send_date": sent, "mes": msg.text, "swipes": [s.text for s in msg.swipes], "swipe_id": msg.swipe,
               "extra": {"fireside_document": msg.document} if msg.document else {}}


def export_jsonl(conv: Conversation, character_name: str, path: str | Path) -> None:
    Path(path).write_text("".join(json.dumps(line, ensure_ascii=False) + "\n"
                                  for line in export_lines(conv, character_name)), encoding="utf-8")


def import_jsonl(path: str | Path, progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> tuple[Conversation, str]:
    """(conversation, character name). JsonlError names the file, the line and what is wrong.

    Nothing is stored here: the caller stores the chat so that a refused file leaves the database
    as it was. `progress(lines done, lines)` is called and `cancelled()` checked every 1,000 lines
    (cancelling raises JobCancelled).
    """
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise JsonlError(f"{p.name} is larger than {MAX_BYTES // 2**20} MB")
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JsonlError(f"{p.name} is not UTF-8 text") from exc
    except OSError as exc:
        raise JsonlError(f"cannot read {p.name}: {exc.strerror or exc}") from exc
    conv = Conversation(title=p.stem)
    character = "Assistant"
    lines = text.splitlines()
    del text
    for number, line in enumerate(lines, 1):
        if number % 1000 == 0:
            if cancelled is not None and cancelled():
                raise JobCancelled()
            if progress is not None:
                progress(number, len(lines))
        if not line.strip():
            continue
        where = f"{p.name}, line {number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise JsonlError(f"{where} is not JSON ({exc.msg})") from exc
        except RecursionError as exc:
            raise JsonlError(f"{where} nests its JSON too deeply") from exc
        if not isinstance(obj, dict):
            raise JsonlError(f"{where} is not a JSON object")
        if "mes" not in obj:
            if number == 1:
                conv.persona_name = _text(obj, "user_name", where) or "You"
                character = _text(obj, "character_name", where) or character
                meta = obj.get("chat_metadata")
                if meta is None:
                    meta = {}
                if not isinstance(meta, dict):
                    raise JsonlError(f"{where}: 'chat_metadata' is not an object")
                conv.authors_note = _text(meta, "note_prompt", where)
                conv.system_prompt = _text(meta, "fireside_system_prompt", where)
                conv.memory = ChatMemory.from_json(meta.get("fireside_memory"))
                problems = conv.memory.problems()
                if problems:
                    raise JsonlError(f"{where}: the chat's memory: {problems[0]}")
                conv.lore = ChatLore.from_json(meta.get("fireside_lore"))
                continue
            raise JsonlError(f"{where} has no message text ('mes')")
        if obj.get("is_system"):
            continue
        mes = _text(obj, "mes", where)
        swipes = obj.get("swipes")
        if swipes is not None and not (isinstance(swipes, list) and all(isinstance(x, str) for x in swipes)):
            raise JsonlError(f"{where}: 'swipes' is not a list of texts")
        if swipes and not all(is_storable_text(x) for x in swipes):
            raise JsonlError(f"{where}: a swipe holds a broken character (a lone UTF-16 surrogate)")
        texts = list(swipes) if swipes else [mes]
        index = obj.get("swipe_id", 0) if swipes else 0
        index = index if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(texts) else 0
        texts[index] = mes
        raw_extra = obj.get("extra")
        extra = raw_extra if isinstance(raw_extra, dict) else {}
        conv.messages.append(Message("user" if obj.get("is_user") is True else "assistant",
                                     [Swipe(t) for t in texts], index,
                                     document=extra.get("fireside_document") is True))
    if not conv.messages:
        raise JsonlError(f"{p.name} holds no messages")
    conv.title = f"{character} ({p.stem})"
    return conv, character


def _text(obj: dict, key: str, where: str) -> str:
    """obj[key] as text ('' when absent or null); JsonlError when it is another type or not Unicode."""
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise JsonlError(f"{where}: '{key}' is not text")
    if not is_storable_text(value):
        raise JsonlError(f"{where}: '{key}' holds a broken character (a lone UTF-16 surrogate)")
    return value
