"""Chats as SillyTavern's JSONL: a header line, then one JSON object per message (with swipes)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from .conversation import Conversation, Message, Swipe

MAX_BYTES = 64 * 1024 * 1024


class JsonlError(ValueError):
    pass


def _date(ts: float) -> str:
    t = time.localtime(ts)
    return f"{t.tm_year}-{t.tm_mon}-{t.tm_mday}@{t.tm_hour:02d}h{t.tm_min:02d}m{t.tm_sec:02d}s"


def export_jsonl(conv: Conversation, character_name: str, path: str | Path) -> None:
    user = conv.persona_name or "You"
    lines = [{"user_name": user, "character_name": character_name, "create_date": _date(conv.created),
              "chat_metadata": {"note_prompt": conv.authors_note, "fireside_system_prompt": conv.system_prompt}}]
    for msg in conv.messages:
        is_user = msg.role == "user"
        lines.append({"name": user if is_user else character_name, "is_user": is_user, "is_system": False,
                      "send_date": _date(conv.updated), "mes": msg.text,
                      "swipes": [s.text for s in msg.swipes], "swipe_id": msg.swipe,
                      "extra": {"fireside_document": msg.document} if msg.document else {}})
    Path(path).write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")


def import_jsonl(path: str | Path) -> tuple[Conversation, str]:
    """(conversation, character name). JsonlError names the line that is wrong."""
    p = Path(path)
    if p.stat().st_size > MAX_BYTES:
        raise JsonlError(f"{p.name} is larger than {MAX_BYTES // 2**20} MB")
    conv = Conversation(title=p.stem)
    character = "Assistant"
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JsonlError(f"{p.name} is not UTF-8 text") from exc
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise JsonlError(f"line {number} is not JSON ({exc.msg})") from exc
        if not isinstance(obj, dict):
            raise JsonlError(f"line {number} is not a JSON object")
        if "mes" not in obj:
            if number == 1:
                conv.persona_name = str(obj.get("user_name") or "You")
                character = str(obj.get("character_name") or character)
                meta = obj.get("chat_metadata") or {}
                conv.authors_note = str(meta.get("note_prompt") or "")
                conv.system_prompt = str(meta.get("fireside_system_prompt") or "")
                continue
            raise JsonlError(f"line {number} has no message text ('mes')")
        if obj.get("is_system"):
            continue
        swipes = obj.get("swipes") if isinstance(obj.get("swipes"), list) else None
        texts = [str(s) for s in swipes] if swipes else [str(obj["mes"])]
        index = obj.get("swipe_id", 0) if swipes else 0
        index = index if isinstance(index, int) and 0 <= index < len(texts) else 0
        texts[index] = str(obj["mes"])
        extra = obj.get("extra") if isinstance(obj.get("extra"), dict) else {}
        conv.messages.append(Message("user" if obj.get("is_user") else "assistant", [Swipe(t) for t in texts], index,
                                     document=bool(extra.get("fireside_document"))))
    if not conv.messages:
        raise JsonlError(f"{p.name} holds no messages")
    conv.title = f"{character} ({p.stem})"
    return conv, character
