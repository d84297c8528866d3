"""Lorebooks (world info): a card's `character_book` (V2, V3) and SillyTavern world-info files.

Each entry keeps the dictionary it was read from (`source`), so exporting writes back every field,
ours changed and the ones Fireside does not use untouched. Only what activation and placement need
is read into attributes. Everything is data: an entry's text is never run or rendered as markup.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .text_checks import is_storable_text

MAX_ENTRIES = 5_000  # a lorebook with more is refused (every entry is scanned every turn)
MAX_KEYS = 200  # primary + secondary keys of one entry
MAX_KEY_CHARS = 1_000
MAX_CONTENT_CHARS = 100_000
MAX_FILE_BYTES = 32 * 1024 * 1024

# SillyTavern's selective logic for secondary keys (world_info_logic)
AND_ANY, NOT_ALL, NOT_ANY, AND_ALL = 0, 1, 2, 3
LOGIC_NAMES = {AND_ANY: "AND ANY", NOT_ALL: "NOT ALL", NOT_ANY: "NOT ANY", AND_ALL: "AND ALL"}

# Where an entry goes (see README "Lore and memory"): IN_CHAT keeps the cache (inserted once where it
# triggers and kept there while active); BEFORE_CHAR / AFTER_CHAR are in the pinned block (changing them
# re-reads the chat); AT_DEPTH inserts it that many messages back when it turns on.
IN_CHAT, BEFORE_CHAR, AFTER_CHAR, AT_DEPTH = "in_chat", "before_char", "after_char", "at_depth"
PLACEMENTS = (IN_CHAT, BEFORE_CHAR, AFTER_CHAR, AT_DEPTH)
ST_POSITION = {BEFORE_CHAR: 0, AFTER_CHAR: 1, AT_DEPTH: 4}  # SillyTavern's world_info_position numbers

_DECORATOR = re.compile(r"^@@(\w+)(?:[ \t]+(.*))?$")


class LorebookError(ValueError):
    """A file or field that is not a usable lorebook; the message says why, for the user."""


@dataclass
class LoreEntry:
    uid: int
    keys: list[str] = field(default_factory=list)
    secondary_keys: list[str] = field(default_factory=list)
    content: str = ""
    comment: str = ""  # the entry's title
    enabled: bool = True
    constant: bool = False
    selective: bool = True
    logic: int = AND_ANY
    order: int = 100  # insertion order: higher goes later (nearer the reply) and wins the budget
    probability: int = 100
    use_probability: bool = True
    placement: str = IN_CHAT
    depth: int = 4
    scan_depth: int | None = None  # messages scanned; None: the book's
    case_sensitive: bool | None = None
    match_whole_words: bool | None = None
    use_regex: bool = False  # V3: every key is a regular expression
    exclude_recursion: bool = False  # not activated by other entries' text
    prevent_recursion: bool = False  # its text does not activate other entries
    delay_until_recursion: int = 0
    sticky: int = 0  # stays on this many messages after it triggers
    cooldown: int = 0  # then cannot trigger for this many
    delay: int = 0  # cannot trigger before the chat has this many messages
    activate_only_after: int = 0  # V3 @@activate_only_after
    activate_only_every: int = 0  # V3 @@activate_only_every
    source: dict[str, Any] = field(default_factory=dict)  # the entry as read, for a lossless export

    @property
    def title(self) -> str:
        return self.comment or (self.keys[0] if self.keys else f"Entry {self.uid}")

    @property
    def needs_trigger(self) -> bool:
        """A constant entry with nothing that can switch it off sits in the pinned block; anything that
        flickers (probability, timed effects, decorators) is placed in the chat instead."""
        return not self.constant or (self.use_probability and self.probability < 100) or bool(
            self.sticky or self.cooldown or self.delay or self.activate_only_after or self.activate_only_every)


@dataclass
class Lorebook:
    name: str = "Lorebook"
    description: str = ""
    entries: list[LoreEntry] = field(default_factory=list)
    scan_depth: int = 2  # messages scanned for keys (SillyTavern's default)
    token_budget_pct: int = 25  # share of the window active entries may take
    recursive: bool = True
    max_recursion: int = 3
    case_sensitive: bool = False
    match_whole_words: bool = False
    enabled: bool = True
    kind: str = "character_book"  # the format it came in: "character_book" or "world_info"
    source: dict[str, Any] = field(default_factory=dict)
    id: int | None = None  # database row id, once stored

    def entry(self, uid: int) -> LoreEntry | None:
        return next((e for e in self.entries if e.uid == uid), None)

    def new_entry(self) -> LoreEntry:
        uid = max((e.uid for e in self.entries), default=-1) + 1
        entry = LoreEntry(uid=uid)
        self.entries.append(entry)
        return entry

    def to_json(self) -> dict[str, Any]:
        """The book in its own format (what export writes and the database stores)."""
        return to_world_info(self) if self.kind == "world_info" else to_character_book(self)


# --- reading ---------------------------------------------------------------------------------------


def read_lorebook(path: str | Path) -> Lorebook:
    """A SillyTavern world-info .json file, or a bare character_book object."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise LorebookError(f"cannot read {p.name}: {exc.strerror or exc}") from exc
    if size > MAX_FILE_BYTES:
        raise LorebookError(f"{p.name} is {size / 1e6:.0f} MB; a lorebook is at most {MAX_FILE_BYTES // 2**20} MB")
    try:
        data = json.loads(p.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LorebookError(f"{p.name} is not JSON ({exc})") from exc
    except RecursionError as exc:
        raise LorebookError(f"{p.name} nests its JSON too deeply to be a lorebook") from exc
    book = lorebook_from_json(data)
    if book.name == "Lorebook":
        book.name = p.stem
    return book


def lorebook_from_json(data: Any) -> Lorebook:
    """World info (`entries` is an object keyed by uid) or a character_book (`entries` is a list)."""
    if not isinstance(data, dict):
        raise LorebookError("the lorebook is not a JSON object")
    if isinstance(data.get("data"), dict) and "character_book" in data["data"]:
        data = data["data"]["character_book"]  # a whole card given as a lorebook
    entries = data.get("entries")
    if isinstance(entries, dict):
        return _world_info(data)
    if isinstance(entries, list):
        return character_book_from_json(data)
    raise LorebookError("this JSON has no lorebook entries (an 'entries' list or object)")


def _check_count(count: int) -> None:
    if count > MAX_ENTRIES:
        raise LorebookError(f"the lorebook has {count:,} entries; Fireside reads at most {MAX_ENTRIES:,} "
                            "(every entry is checked on every turn)")


def character_book_from_json(data: dict[str, Any]) -> Lorebook:
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise LorebookError("the character book's entries must be a list")
    _check_count(len(entries))
    ext = _obj(data.get("extensions"))
    book = Lorebook(name=_text(data.get("name"), "name") or "Lorebook", description=_text(data.get("description"), "description"),
                    scan_depth=_int(data.get("scan_depth"), 2, 0, 1000), kind="character_book", source=copy.deepcopy(data),
                    token_budget_pct=_budget_pct(data.get("token_budget")),
                    recursive=bool(data.get("recursive_scanning", True)))
    seen: set[int] = set()
    for index, raw in enumerate(entries):
        if not isinstance(raw, dict):
            raise LorebookError(f"entry {index + 1} of the character book is not an object")
        e_ext = _obj(raw.get("extensions"))
        uid = _int(raw.get("id"), index, -2**31, 2**31 - 1)
        if uid in seen:
            uid = max(seen) + 1
        seen.add(uid)
        pos = e_ext.get("position")
        placement = _placement_from_st(pos) if isinstance(pos, int) else (
            BEFORE_CHAR if raw.get("position") == "before_char" else IN_CHAT)
        entry = LoreEntry(
            uid=uid, keys=_keys(raw.get("keys"), index), secondary_keys=_keys(raw.get("secondary_keys"), index),
            content=_content(raw.get("content"), index), comment=_text(raw.get("comment") or raw.get("name"), "comment"),
            enabled=bool(raw.get("enabled", True)), constant=bool(raw.get("constant", False)),
            selective=bool(raw.get("selective", True)), logic=_int(e_ext.get("selectiveLogic"), AND_ANY, 0, 3),
            order=_int(raw.get("insertion_order"), 100, -10**9, 10**9),
            probability=_int(e_ext.get("probability"), 100, 0, 100), use_probability=bool(e_ext.get("useProbability", True)),
            placement=placement, depth=_int(e_ext.get("depth"), 4, 0, 10_000),
            scan_depth=_opt_int(e_ext.get("scan_depth")),
            case_sensitive=_opt_bool(raw.get("case_sensitive", e_ext.get("case_sensitive"))),
            match_whole_words=_opt_bool(e_ext.get("match_whole_words")), use_regex=bool(raw.get("use_regex", False)),
            exclude_recursion=bool(e_ext.get("exclude_recursion", False)),
            prevent_recursion=bool(e_ext.get("prevent_recursion", False)),
            delay_until_recursion=_recursion_level(e_ext.get("delay_until_recursion")),
            sticky=_int(e_ext.get("sticky"), 0, 0, 10**6), cooldown=_int(e_ext.get("cooldown"), 0, 0, 10**6),
            delay=_int(e_ext.get("delay"), 0, 0, 10**6), source=copy.deepcopy(raw))
        _apply_decorators(entry)
        entry.source["_read"] = _values(entry)
        book.entries.append(entry)
    book.case_sensitive = bool(ext.get("case_sensitive", False))
    return book


def _world_info(data: dict[str, Any]) -> Lorebook:
    entries = data["entries"]
    _check_count(len(entries))
    book = Lorebook(name=_text(data.get("name"), "name") or "Lorebook", kind="world_info", source=copy.deepcopy(data))
    seen: set[int] = set()
    for index, (key, raw) in enumerate(entries.items()):
        if not isinstance(raw, dict):
            raise LorebookError(f"world-info entry {key} is not an object")
        uid = _int(raw.get("uid", key if str(key).lstrip("-").isdigit() else index), index, -2**31, 2**31 - 1)
        if uid in seen:
            uid = max(seen) + 1
        seen.add(uid)
        entry = LoreEntry(
            uid=uid, keys=_keys(raw.get("key"), index), secondary_keys=_keys(raw.get("keysecondary"), index),
            content=_content(raw.get("content"), index), comment=_text(raw.get("comment"), "comment"),
            enabled=not bool(raw.get("disable", False)), constant=bool(raw.get("constant", False)),
            selective=bool(raw.get("selective", True)), logic=_int(raw.get("selectiveLogic"), AND_ANY, 0, 3),
            order=_int(raw.get("order"), 100, -10**9, 10**9), probability=_int(raw.get("probability"), 100, 0, 100),
            use_probability=bool(raw.get("useProbability", True)),
            placement=_placement_from_st(raw.get("position")), depth=_int(raw.get("depth"), 4, 0, 10_000),
            scan_depth=_opt_int(raw.get("scanDepth")), case_sensitive=_opt_bool(raw.get("caseSensitive")),
            match_whole_words=_opt_bool(raw.get("matchWholeWords")),
            exclude_recursion=bool(raw.get("excludeRecursion", False)),
            prevent_recursion=bool(raw.get("preventRecursion", False)),
            delay_until_recursion=_recursion_level(raw.get("delayUntilRecursion")),
            sticky=_int(raw.get("sticky"), 0, 0, 10**6), cooldown=_int(raw.get("cooldown"), 0, 0, 10**6),
            delay=_int(raw.get("delay"), 0, 0, 10**6), source=copy.deepcopy(raw))
        entry.source["_key"] = key
        _apply_decorators(entry)
        entry.source["_read"] = _values(entry)
        book.entries.append(entry)
    return book


def _placement_from_st(position: Any) -> str:
    """SillyTavern's numbered positions. 'Before/after the character' (0, 1; SillyTavern's defaults) and
    the author's-note positions become IN_CHAT, which keeps the cache; @depth (4) stays a depth. The
    number is kept in the entry's source and written back on export."""
    return AT_DEPTH if position == 4 else IN_CHAT


def _apply_decorators(entry: LoreEntry) -> None:
    """V3 decorators at the top of the content (`@@depth 2`, `@@activate_only_after 5`, ...): the ones
    that apply are read, and all of them are taken out of the text the model sees. The source keeps them."""
    lines = entry.content.split("\n")
    taken = 0
    for line in lines:
        m = _DECORATOR.match(line.strip())
        if not m:
            break
        taken += 1
        name, value = m.group(1).lower(), (m.group(2) or "").strip()
        number = int(value) if value.isdigit() else None
        if name == "depth" and number is not None:
            entry.placement, entry.depth = AT_DEPTH, min(number, 10_000)
        elif name == "activate_only_after" and number is not None:
            entry.activate_only_after = number
        elif name == "activate_only_every" and number is not None:
            entry.activate_only_every = max(1, number)
        elif name == "constant":
            entry.constant = True
        elif name == "dont_activate":
            entry.enabled = False
    if taken:
        entry.source.setdefault("_decorated", True)
        entry.content = "\n".join(lines[taken:]).lstrip("\n")


# --- writing ---------------------------------------------------------------------------------------
# An entry read from a file is written back as its source with only the changed fields written over
# it, so an unchanged book exports byte for byte as it came (every field we do not use is kept).

MODELLED = ("keys", "secondary_keys", "content", "comment", "enabled", "constant", "selective", "logic", "order",
            "probability", "use_probability", "placement", "depth", "scan_depth", "case_sensitive",
            "match_whole_words", "use_regex", "exclude_recursion", "prevent_recursion", "delay_until_recursion",
            "sticky", "cooldown", "delay")


def _values(entry: LoreEntry) -> dict[str, Any]:
    return {name: copy.deepcopy(getattr(entry, name)) for name in MODELLED}


def _changed(entry: LoreEntry, same_kind: bool) -> set[str]:
    """The modelled fields to write: those changed since reading (all of them for a new entry, or for
    one going to the other format)."""
    read = entry.source.get("_read") if same_kind else None
    if not isinstance(read, dict):
        return set(MODELLED)
    now = _values(entry)
    return {name for name in MODELLED if now[name] != read.get(name)}


def _source(entry_or_book: Any, same_kind: bool) -> dict[str, Any]:
    return {k: copy.deepcopy(v) for k, v in entry_or_book.source.items() if not k.startswith("_")} if same_kind else {}


def to_character_book(book: Lorebook) -> dict[str, Any]:
    """A V2/V3 character_book."""
    same = book.kind == "character_book"
    out = _source(book, same)
    if not same or "name" in out or book.name != book.source.get("_unnamed", "Lorebook"):
        out["name"] = book.name
    if book.description or "description" in out:
        out["description"] = book.description
    if "scan_depth" in out or book.scan_depth != 2:
        out["scan_depth"] = book.scan_depth
    if "recursive_scanning" in out or not book.recursive:
        out["recursive_scanning"] = book.recursive
    if not same:
        out["extensions"] = {}
    out["entries"] = [_entry_to_card(e, same) for e in book.entries]
    return out


def _entry_to_card(entry: LoreEntry, same_kind: bool) -> dict[str, Any]:
    out = _source(entry, same_kind)
    changed = _changed(entry, same_kind)
    ext: dict[str, Any] = out["extensions"] if isinstance(out.get("extensions"), dict) else {}
    if not same_kind or "id" not in out:
        out["id"] = entry.uid
    plain = {"keys": "keys", "secondary_keys": "secondary_keys", "enabled": "enabled", "order": "insertion_order",
             "constant": "constant", "selective": "selective", "comment": "comment", "case_sensitive": "case_sensitive",
             "use_regex": "use_regex"}
    extended = {"logic": "selectiveLogic", "probability": "probability", "use_probability": "useProbability",
                "depth": "depth", "scan_depth": "scan_depth", "match_whole_words": "match_whole_words",
                "exclude_recursion": "exclude_recursion", "prevent_recursion": "prevent_recursion",
                "delay_until_recursion": "delay_until_recursion", "sticky": "sticky", "cooldown": "cooldown",
                "delay": "delay"}
    for name in changed:
        value = copy.deepcopy(getattr(entry, name))
        if name in plain:
            out[plain[name]] = value
        elif name in extended:
            ext[extended[name]] = value
        elif name == "content":
            out["content"] = _content_with_decorators(entry, out.get("content"))
        elif name == "placement":
            out["position"] = "before_char" if entry.placement == BEFORE_CHAR else "after_char"
            ext["position"] = _st_position(entry, ext.get("position"))
    if ext or "extensions" in out:
        out["extensions"] = ext
    return out


def to_world_info(book: Lorebook) -> dict[str, Any]:
    """A SillyTavern world-info file: entries keyed by uid."""
    same = book.kind == "world_info"
    out = _source(book, same)
    if not same or "name" in out:
        out["name"] = book.name
    names = {"keys": "key", "secondary_keys": "keysecondary", "comment": "comment", "constant": "constant",
             "selective": "selective", "logic": "selectiveLogic", "order": "order", "probability": "probability",
             "use_probability": "useProbability", "depth": "depth", "scan_depth": "scanDepth",
             "case_sensitive": "caseSensitive", "match_whole_words": "matchWholeWords",
             "exclude_recursion": "excludeRecursion", "prevent_recursion": "preventRecursion",
             "delay_until_recursion": "delayUntilRecursion", "sticky": "sticky", "cooldown": "cooldown", "delay": "delay"}
    entries: dict[str, Any] = {}
    for index, entry in enumerate(book.entries):
        raw = _source(entry, same)
        changed = _changed(entry, same)
        if not same or "uid" not in raw:
            raw["uid"] = entry.uid
        for name in changed:
            value = copy.deepcopy(getattr(entry, name))
            if name in names:
                raw[names[name]] = value if value or name not in ("sticky", "cooldown", "delay") else None
            elif name == "enabled":
                raw["disable"] = not entry.enabled
            elif name == "content":
                raw["content"] = _content_with_decorators(entry, raw.get("content"))
            elif name == "placement":
                raw["position"] = _st_position(entry, raw.get("position"))
            elif name == "use_regex":
                raw["use_regex"] = entry.use_regex
        if not same:
            raw.setdefault("displayIndex", index)
        key = entry.source.get("_key", str(entry.uid)) if same else str(entry.uid)
        entries[str(key)] = raw
    out["entries"] = entries
    return out


def _st_position(entry: LoreEntry, original: Any) -> int:
    """SillyTavern's position number for the entry's placement (the one it had, while it still agrees)."""
    if entry.placement == IN_CHAT:
        return original if isinstance(original, int) and original not in (0, 4) else 1
    return ST_POSITION[entry.placement]


def _content_with_decorators(entry: LoreEntry, original: Any) -> str:
    """The content as written back, with the decorator lines it was read with."""
    if entry.source.get("_decorated") and isinstance(original, str):
        head = []
        for line in original.split("\n"):
            if not _DECORATOR.match(line.strip()):
                break
            head.append(line)
        return "\n".join(head + [entry.content])
    return entry.content


# --- field checks ------------------------------------------------------------------------------------


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise LorebookError(f"the lorebook's {what} is not text")
    if not is_storable_text(value):
        raise LorebookError(f"the lorebook's {what} holds a broken character (a lone UTF-16 surrogate)")
    return value


def _content(value: Any, index: int) -> str:
    text = _text(value, f"entry {index + 1}'s content")
    if len(text) > MAX_CONTENT_CHARS:
        raise LorebookError(f"entry {index + 1}'s content is {len(text):,} characters; the limit is {MAX_CONTENT_CHARS:,}")
    return text


def _keys(value: Any, index: int) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [k for k in value.split(",")]
    if not isinstance(value, list):
        raise LorebookError(f"entry {index + 1}'s keys are not a list")
    keys = []
    for k in value:
        if isinstance(k, (int, float)) and not isinstance(k, bool):
            k = str(k)  # a number typed as a key in some editors
        if not isinstance(k, str):
            raise LorebookError(f"entry {index + 1} has a key that is not text ({type(k).__name__})")
        if len(k) > MAX_KEY_CHARS:
            raise LorebookError(f"entry {index + 1} has a key of {len(k):,} characters; the limit is {MAX_KEY_CHARS:,}")
        if not is_storable_text(k):
            raise LorebookError(f"entry {index + 1} has a key with a broken character")
        if k.strip():
            keys.append(k.strip())
    if len(keys) > MAX_KEYS:
        raise LorebookError(f"entry {index + 1} has {len(keys):,} keys; the limit is {MAX_KEYS}")
    return keys


def _int(value: Any, default: int, low: int, high: int) -> int:
    if isinstance(value, bool) or value is None:
        return default
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value)
    if isinstance(value, float) and value == value and abs(value) < 2**53:
        value = int(value)
    if not isinstance(value, int):
        return default
    return max(low, min(high, value))


def _opt_int(value: Any) -> int | None:
    return None if value is None or isinstance(value, bool) else _int(value, 0, 0, 1000)


def _opt_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _recursion_level(value: Any) -> int:
    if value is True:
        return 1
    return _int(value, 0, 0, 100)


def _budget_pct(value: Any) -> int:
    """A character_book's token_budget is in tokens; Fireside keeps a share of the window (25 % unless
    the book asks for less than a 2,048 window's quarter)."""
    tokens = _int(value, 0, 0, 10**7)
    if not tokens:
        return 25
    return max(1, min(100, round(100 * tokens / 2048))) if tokens < 512 else 25
