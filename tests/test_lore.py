"""Lorebooks: real files in and out without losing a field, SillyTavern's activation rules, and hostile
books bounded with a clear message (no model needed here; tests/test_lore_engine.py plays them)."""

from __future__ import annotations

import copy
import json
import random
import time
from pathlib import Path

import pytest

from desktop.chat.cards import CardError, card_from_json
from desktop.chat.conversation import Conversation
from desktop.chat.lore_chat import turn_lore
from desktop.chat.lore_scan import PINNED, TimedState, scan
from desktop.chat.lorebook import (
    AND_ALL,
    AND_ANY,
    AT_DEPTH,
    IN_CHAT,
    NOT_ALL,
    NOT_ANY,
    Lorebook,
    LorebookError,
    LoreEntry,
    lorebook_from_json,
    read_lorebook,
)
from desktop.chat.memory import ChatMemory, summary_due
from desktop.storage.database import Database
from desktop.storage.lore_store import LoreStore

FIXTURES = Path(__file__).parent / "fixtures" / "sillytavern"


def seraphina() -> dict:
    return json.loads((FIXTURES / "default_Seraphina.json").read_text(encoding="utf-8"))


def v3_card() -> dict:
    """Seraphina as SillyTavern writes a ccv3 chunk, with the V3 lorebook fields set on two entries."""
    card = seraphina()
    card["spec"], card["spec_version"] = "chara_card_v3", "3.0"
    card["data"]["group_only_greetings"] = []
    book = card["data"]["character_book"]
    book["entries"][0]["use_regex"] = True
    book["entries"][0]["keys"] = ["eldor(ia|ian)", "magical\\s+forest"]
    book["entries"][1]["content"] = "@@depth 2\n@@activate_only_after 3\n" + book["entries"][1]["content"]
    return card


# --- files ------------------------------------------------------------------------------------------


def test_a_real_v2_card_keeps_its_lorebook_and_every_field() -> None:
    data = seraphina()
    card = card_from_json(copy.deepcopy(data))
    assert card.character_book is not None and len(card.character_book.entries) == 4
    assert card.character_book.entries[0].keys == ["eldoria", "wood", "forest", "magical forest"]
    assert card.to_json() == data  # spec_version, extensions, the V1 copies: all of it


def test_a_v3_card_reads_regex_keys_and_decorators_and_writes_them_back() -> None:
    data = v3_card()
    card = card_from_json(copy.deepcopy(data))
    book = card.character_book
    assert book is not None
    assert book.entries[0].use_regex
    second = book.entries[1]
    assert second.placement == AT_DEPTH and second.depth == 2 and second.activate_only_after == 3
    assert not second.content.startswith("@@")  # the model never reads the decorators
    assert card.to_json() == data
    result = scan([("c", book)], ["We walk through the Eldorian woods."], 2, 2048, TimedState())
    assert "c:0" in {e.key for e in result.active}  # the regular expression key matched


def test_a_sillytavern_world_info_file_round_trips_and_an_edit_changes_only_its_field(tmp_path: Path) -> None:
    original = json.loads((FIXTURES / "Eldoria.json").read_text(encoding="utf-8"))
    book = read_lorebook(FIXTURES / "Eldoria.json")
    assert book.kind == "world_info" and len(book.entries) == 4
    assert book.to_json() == original
    book.entries[2].sticky = 4
    book.entries[2].keys.append("haven")
    out = book.to_json()
    before, after = original["entries"]["2"], out["entries"]["2"]
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    assert changed == {"key", "sticky"}
    assert {k: v for k, v in out["entries"].items() if k != "2"} == {k: v for k, v in original["entries"].items() if k != "2"}
    again = lorebook_from_json(json.loads(json.dumps(out)))
    assert again.entries[2].sticky == 4 and "haven" in again.entries[2].keys


def test_books_and_cards_survive_the_database(tmp_path: Path) -> None:
    db = Database(tmp_path / "f.db")
    store = LoreStore(db)
    book = read_lorebook(FIXTURES / "Eldoria.json")
    book.token_budget_pct = 10
    store.add(book)
    chat_book = Lorebook(name="Only this chat")
    chat_book.new_entry().content = "A chat's own entry."
    conv = Conversation(title="x")
    db.save_chat(conv)
    store.add(chat_book, conv.id)
    books = store.books(conv.id)
    assert [(b.name, owner) for b, owner in books] == [("Eldoria", None), ("Only this chat", conv.id)]
    assert books[0][0].to_json() == json.loads((FIXTURES / "Eldoria.json").read_text(encoding="utf-8"))
    assert books[0][0].token_budget_pct == 10
    assert [b.name for b, _ in store.books(None)] == ["Eldoria"]  # another chat does not see it
    conv.memory = ChatMemory("They met at the river.", ["The sword is Dawn."], 12)
    conv.lore.off.append("book1")
    db.save_chat(conv)
    back = db.load_chat(conv.id)
    assert back is not None and back.memory == conv.memory and back.lore.off == ["book1"]


# --- hostile books --------------------------------------------------------------------------------


def test_a_book_of_100000_entries_is_refused_with_a_message() -> None:
    with pytest.raises(LorebookError, match="100,000 entries"):
        lorebook_from_json({"entries": {str(i): {"key": ["k"], "content": "x"} for i in range(100_000)}})
    with pytest.raises(CardError, match="lorebook"):
        card_from_json({"spec": "chara_card_v2", "data": {"name": "X", "character_book": {
            "entries": [{"keys": ["k"], "content": "x"}] * 100_000}}})


def test_keys_of_every_type_are_read_or_refused_by_name() -> None:
    book = lorebook_from_json({"entries": [{"keys": ["a", 7, 2.5, "  "], "content": "x"}]})
    assert book.entries[0].keys == ["a", "7", "2.5"]
    for bad in ([None], [["nested"]], [{"k": 1}], [True]):
        with pytest.raises(LorebookError, match="entry 1 has a key that is not text"):
            lorebook_from_json({"entries": [{"keys": bad, "content": "x"}]})
    with pytest.raises(LorebookError, match="keys are not a list"):
        lorebook_from_json({"entries": [{"keys": {"a": 1}, "content": "x"}]})
    with pytest.raises(LorebookError, match="broken character"):
        lorebook_from_json({"entries": [{"keys": ["\ud800"], "content": "x"}]})
    with pytest.raises(LorebookError, match="no lorebook entries"):
        lorebook_from_json({"name": "nothing"})


def test_a_regex_that_backtracks_without_end_is_cut_off_with_a_warning() -> None:
    book = Lorebook(entries=[LoreEntry(uid=0, keys=["/(a|aa)+$/"], content="never"),
                             LoreEntry(uid=1, keys=["b"], content="still found")])
    started = time.perf_counter()
    result = scan([("h", book)], ["a" * 5000 + "b"], 1, 2048, TimedState())
    assert time.perf_counter() - started < 2.0
    assert [e.key for e in result.active] == ["h:1"]
    assert any("(a|aa)+$" in w and "ms to match" in w for w in result.warnings)


def test_an_invalid_regex_is_skipped_with_its_reason() -> None:
    book = Lorebook(entries=[LoreEntry(uid=0, keys=["/([a-/"], content="x")])
    result = scan([("h", book)], ["anything"], 1, 2048, TimedState())
    assert not result.active and "not a valid regular expression" in result.warnings[0]


def test_a_scan_of_thousands_of_slow_entries_stops_at_its_time_budget() -> None:
    entries = [LoreEntry(uid=i, keys=["/(a|aa)+$/"], content="x") for i in range(3000)]
    started = time.perf_counter()
    result = scan([("h", Lorebook(entries=entries))], ["a" * 3000 + "b"], 1, 2048, TimedState(), scan_seconds=0.3)
    assert time.perf_counter() - started < 1.5  # 3,000 x 50 ms would be 150 s
    assert any("were not checked this turn" in w for w in result.warnings)


def test_recursion_loops_end_and_each_entry_is_on_once() -> None:
    book = Lorebook(max_recursion=50, entries=[LoreEntry(uid=0, keys=["alpha"], content="beta is near"),
                                               LoreEntry(uid=1, keys=["beta"], content="alpha is near"),
                                               LoreEntry(uid=2, keys=["gamma"], content="gamma calls gamma")])
    result = scan([("h", book)], ["alpha", "gamma"], 2, 2048, TimedState())
    assert sorted(e.key for e in result.active) == ["h:0", "h:1", "h:2"]
    assert next(e for e in result.active if e.key == "h:1").reason == "key “beta” in another entry"


# --- activation -----------------------------------------------------------------------------------


def one(entry: LoreEntry, text: str, book: Lorebook | None = None, **kw: object) -> bool:
    book = book or Lorebook()
    book.entries = [entry]
    return bool(scan([("b", book)], [text], 1, 2048, TimedState(), **kw).active)  # type: ignore[arg-type]


@pytest.mark.parametrize(("logic", "text", "on"), [
    (AND_ANY, "dragon and gold", True), (AND_ANY, "dragon only", False),
    (NOT_ALL, "dragon gold cave", False), (NOT_ALL, "dragon gold", True),
    (NOT_ANY, "dragon gold", False), (NOT_ANY, "dragon alone", True),
    (AND_ALL, "dragon gold cave", True), (AND_ALL, "dragon gold", False),
])
def test_secondary_keys_follow_the_selective_logic(logic: int, text: str, on: bool) -> None:
    entry = LoreEntry(uid=0, keys=["dragon"], secondary_keys=["gold", "cave"], logic=logic, content="x")
    assert one(entry, text) is on


def test_case_whole_words_and_scan_depth() -> None:
    assert one(LoreEntry(uid=0, keys=["Mira"], content="x"), "mira waves")
    assert not one(LoreEntry(uid=0, keys=["Mira"], case_sensitive=True, content="x"), "mira waves")
    assert one(LoreEntry(uid=0, keys=["cat"], content="x"), "a category")
    assert not one(LoreEntry(uid=0, keys=["cat"], match_whole_words=True, content="x"), "a category")
    assert one(LoreEntry(uid=0, keys=["cat"], match_whole_words=True, content="x"), "the cat, asleep")
    book = Lorebook(scan_depth=1, entries=[LoreEntry(uid=0, keys=["dragon"], content="x")])
    assert not scan([("b", book)], ["a dragon", "then nothing"], 2, 2048, TimedState()).active
    book.scan_depth = 2
    assert scan([("b", book)], ["a dragon", "then nothing"], 2, 2048, TimedState()).active


def test_constant_entries_go_in_the_pinned_block_unless_something_can_switch_them_off() -> None:
    book = Lorebook(entries=[LoreEntry(uid=0, constant=True, content="always"),
                             LoreEntry(uid=1, constant=True, probability=50, content="sometimes")])
    result = scan([("b", book)], ["hi"], 1, 2048, TimedState(), rng=random.Random(1))
    placements = {e.key: e.placement for e in result.active}
    assert placements["b:0"] == PINNED
    assert placements.get("b:1", IN_CHAT) == IN_CHAT


def test_probability_and_the_token_budget() -> None:
    assert not one(LoreEntry(uid=0, keys=["x"], probability=0, content="x"), "x")
    assert one(LoreEntry(uid=0, keys=["x"], probability=100, content="x"), "x")
    big = [LoreEntry(uid=i, keys=["x"], content="word " * 200, order=i) for i in range(5)]
    result = scan([("b", Lorebook(entries=big, token_budget_pct=25))], ["x"], 1, 1024, TimedState())
    assert result.used <= result.budget == 256 and result.left_out == 5 - len(result.active)
    assert [e.key for e in result.active] == ["b:4"]  # the highest insertion order wins the budget
    assert "budget" in result.warnings[0]


def test_sticky_cooldown_and_delay_over_the_turns() -> None:
    state = TimedState()
    book = Lorebook(entries=[LoreEntry(uid=0, keys=["bell"], sticky=2, cooldown=2, content="x"),
                             LoreEntry(uid=1, keys=["bell"], delay=4, content="y")])

    def on(text: str, length: int) -> set[int]:
        return {int(e.key.split(":")[1]) for e in scan([("b", book)], [text], length, 2048, state).active}

    assert on("the bell", 1) == {0}  # delay: entry 1 waits for 4 messages
    assert on("nothing", 2) == {0}  # sticky for 2 messages
    assert on("the bell", 3) == set()  # the sticky ended, its cooldown began (and delay still holds)
    assert on("the bell", 4) == {1}  # cooling down; entry 1's delay is over
    assert on("the bell", 5) == {0, 1}
    assert on("the bell", 5) == {0, 1}  # the same turn again (a swipe): the effects are set anew, not stacked
    saved = TimedState.from_json(json.loads(json.dumps(state.to_json())))
    assert saved.to_json() == state.to_json()


def test_a_chat_reads_its_books_minus_the_ones_switched_off_and_only_its_newest_messages() -> None:
    conv = Conversation()
    for i in range(3000):
        conv.add("user" if i % 2 == 0 else "assistant", f"message {i}" + (" dragon" if i == 10 else ""))
    book = Lorebook(scan_depth=4, entries=[LoreEntry(uid=0, keys=["dragon"], content="x"),
                                           LoreEntry(uid=1, keys=["2999"], content="newest")])
    started = time.perf_counter()
    lore = turn_lore(conv, [("b", book)], 2048, "Mira", "You")
    assert time.perf_counter() - started < 0.5
    assert [e["key"] for e in lore.in_chat] == ["b:1"]  # message 10 is far out of the scan depth
    conv.lore.off.append("b")
    assert not turn_lore(conv, [("b", book)], 2048, "Mira", "You").in_chat


def test_a_summary_is_due_when_the_window_is_nearly_full_and_turns_are_leaving() -> None:
    memory = ChatMemory()
    assert summary_due(memory, {"n_ctx": 2048, "used": 1000, "next_to_go": 0}, 40) is None
    assert summary_due(memory, {"n_ctx": 2048, "used": 1800, "next_to_go": 10}, 40) == (0, 14)
    memory.covered = 14
    assert summary_due(memory, {"n_ctx": 2048, "used": 1800, "next_to_go": 10}, 40) is None
    memory.enabled = False
    assert summary_due(memory, {"n_ctx": 2048, "used": 2000, "next_to_go": 30}, 40) is None
