"""Long chats: opening one of thousands of messages makes bubbles for its newest page only; earlier
pages come on request; actions on a shown message keep their message index."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSlider
from qt_helpers import finish_job, finish_reply, load_model
from test_app import open_window, type_and_send, user_dirs, window  # noqa: F401 - fixtures

from desktop.chat.conversation import Conversation
from desktop.ui.chat.chat_view import FIRST_PAINT, MAX_BUBBLES, PAGE, STEP


def long_conversation(db, count: int) -> Conversation:
    conv = Conversation(title="A long saga")
    for i in range(count):
        conv.add("user" if i % 2 == 0 else "assistant", f"Message {i}: the lantern glowed over the harbour.")
    db.save_chat(conv)
    return conv


def test_a_20000_message_chat_opens_with_one_page_of_bubbles(qtbot, window) -> None:  # noqa: F811
    conv = long_conversation(window.db, 20_000)
    window.stack.setCurrentWidget(window.chat_page)  # (no model loaded here: show the chat anyway)
    started = time.perf_counter()
    window.controller.open_conversation(conv.id)
    opened = time.perf_counter() - started
    view = window.chat_view
    assert len(view.bubbles) == FIRST_PAINT and view.filling  # the newest at once, the rest of the page after
    qtbot.waitUntil(lambda: not view.filling)
    assert len(view.bubbles) == PAGE and view.first == 20_000 - PAGE
    assert view.bubbles[-1].message.text.startswith("Message 19999:")
    assert view.earlier_button.isVisible()
    assert f"{20_000 - PAGE:,}" in view.earlier_button.text()
    assert opened < 5.0, opened  # (a generous bound; benchmarks measure it)
    # an earlier page on request, in front of the shown ones
    qtbot.mouseClick(view.earlier_button, Qt.MouseButton.LeftButton)
    assert len(view.bubbles) == 2 * PAGE and view.first == 20_000 - 2 * PAGE
    assert view.bubbles[0].message.text.startswith(f"Message {20_000 - 2 * PAGE}:")
    # actions name the message by its index in the chat, not in the shown page
    index = 20_000 - 2 * PAGE + 1
    actions: list[tuple[int, str]] = []
    view.action.connect(lambda i, name: actions.append((i, name)))
    qtbot.mouseClick(view.bubble_for(index).buttons["copy"], Qt.MouseButton.LeftButton)
    assert actions == [(index, "copy")]
    window.controller.edit(index, "Message edited long after.", continue_after=False)
    assert view.bubble_for(index).body.markdown() == "Message edited long after."
    assert window.db.load_chat(conv.id).messages[index].text == "Message edited long after."
    # deleting a shown message keeps the page consistent
    window.controller.delete(index)
    assert len(window.controller.conv.messages) == 19_999
    assert view.bubble_for(index).message is window.controller.conv.messages[index]
    assert view.bubbles[-1].message is window.controller.conv.messages[-1]
    assert len(view.bubbles) == 2 * PAGE - 1 and view.first == 20_000 - 2 * PAGE
    # deleting a message above the window moves the window's numbering, not its bubbles
    shown = view.bubbles[0].message
    window.controller.delete(5)
    assert view.first == 20_000 - 2 * PAGE - 1 and view.bubbles[0].message is shown
    assert window.controller.conv.messages[view.first] is shown


def scroll_up(qtbot, view, times: int) -> None:
    """Scroll to the top of the window the way a user does (the scroll bar's own action), `times` times."""
    for _ in range(times):
        first = view.first
        view.verticalScrollBar().triggerAction(QAbstractSlider.SliderAction.SliderToMinimum)
        qtbot.waitUntil(lambda: view.first < first, timeout=5000)


def test_scrolling_up_a_long_chat_recycles_bubbles_and_search_jumps(qtbot, window) -> None:  # noqa: F811
    conv = long_conversation(window.db, 20_000)
    window.stack.setCurrentWidget(window.chat_page)
    window.controller.open_conversation(conv.id)
    view = window.chat_view
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not view.filling)
    scroll_up(qtbot, view, 40)
    assert view.first == 20_000 - PAGE - 40 * STEP
    assert len(view.bubbles) == MAX_BUBBLES  # the newest ones were let go of
    assert view.end < 20_000 and view.later_button.isVisible()
    assert all(b.message is window.controller.conv.messages[view.first + i] for i, b in enumerate(view.bubbles))
    # the chat list says how long each chat is without reading it
    assert window.chat_list.item(0).data(Qt.ItemDataRole.UserRole + 1) == 20_000
    # search finds an old message in the database and jumps there
    window.chat_search.open_search()
    qtbot.keyClicks(window.chat_search.box, "Message 123:")
    qtbot.keyClick(window.chat_search.box, Qt.Key.Key_Return)
    bubble = view.bubble_for(123)
    assert bubble is not None and bubble.highlighted and view.highlighted == 123
    assert window.chat_search.where.text() == "1 of 1"
    qtbot.waitUntil(lambda: not view.filling)
    assert len(view.bubbles) == PAGE and view.bubble_for(123) is bubble
    # scrolling down from there adds newer messages; "jump to the latest" goes back to the end
    view.verticalScrollBar().triggerAction(QAbstractSlider.SliderAction.SliderToMaximum)
    qtbot.waitUntil(lambda: len(view.bubbles) == PAGE + STEP, timeout=5000)
    qtbot.mouseClick(view.later_button, Qt.MouseButton.LeftButton)
    assert view.end == 20_000 and view.bubbles[-1].message.text.startswith("Message 19999:")
    # nothing of the chat was read beyond the pages shown
    assert sum(1 for _ in window.controller.conv.messages.loaded()) <= 5 * 200


def test_an_open_editor_is_never_recycled(qtbot, window) -> None:  # noqa: F811
    conv = long_conversation(window.db, 2000)
    window.stack.setCurrentWidget(window.chat_page)
    window.controller.open_conversation(conv.id)
    view = window.chat_view
    editing = view.bubbles[-1]
    editing.start_edit()
    editing.editor.setPlainText("half-typed words")
    scroll_up(qtbot, view, 40)
    assert editing in view.bubbles and editing.editor.toPlainText() == "half-typed words"


def test_a_20000_message_chat_replies_and_edits_cost_what_the_window_holds(qtbot, window, sample_model) -> None:  # noqa: F811
    conv = long_conversation(window.db, 20_000)
    load_model(qtbot, window, sample_model)
    c = window.controller
    c.open_conversation(conv.id)
    first = finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Where is the lantern?"))
    assert first["reason"] in ("eos", "max tokens", "stop string")
    assert not first["history_short"]
    assert first["data"]["prompt_tokens"] <= 1024  # what fits the window, not 20,000 messages
    # the turn read the newest pages only: two windows' worth at 8 characters a token (~330 of these
    # messages), its start rounded down to a multiple of 256, in pages of 200
    assert sum(1 for _ in c.conv.messages.loaded()) <= 4 * 200
    plain = finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "And the harbour?"))
    # an old message, long out of the window: its new text costs nothing
    c.edit(100, "Message 100 rewritten long after.", continue_after=False)
    old = finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "And the ships?"))
    assert old["data"]["tokens_reprocessed"] == 0
    assert old["data"]["prompt_tokens"] <= plain["data"]["prompt_tokens"] + 8
    assert window.db.load_chat(conv.id).messages[100].text == "Message 100 rewritten long after."
    # a message still in the window: evaluated again from there
    index = len(c.conv.messages) - 6
    c.edit(index, "The lantern went out at midnight, and nobody lit it again.", continue_after=False)
    recent = finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Why?"))
    assert recent["data"]["prompt_tokens"] >= plain["data"]["prompt_tokens"] + 40
    assert len(c.conv.messages) == 20_008


def test_startup_with_a_20000_message_chat_shows_it_quickly(qtbot, user_dirs, sample_model) -> None:  # noqa: F811
    first = open_window(qtbot)
    conv = long_conversation(first.db, 20_000)
    first.db.set_setting("last_chat", conv.id)
    first.close()
    first.db.close()
    started = time.perf_counter()
    window = open_window(qtbot)
    qtbot.waitExposed(window)
    window.controller.load_model(sample_model, {"model_path": sample_model, "n_ctx": 1024, "n_threads": 2})
    qtbot.waitUntil(lambda: window.controller.conv is not None and bool(window.chat_view.bubbles), timeout=10000)
    shown = time.perf_counter() - started
    try:
        assert window.controller.conv.id == conv.id and len(window.chat_view.bubbles) >= FIRST_PAINT
        assert window.chat_view.bubbles[-1].message.text.startswith("Message 19999:")
        assert shown < 1.5, shown  # the bound for the whole start, model load included
    finally:
        window.close()
        window.db.close()


def test_deleting_a_large_chat_runs_in_the_background(qtbot, window) -> None:  # noqa: F811
    big = long_conversation(window.db, 12_000)
    small = long_conversation(window.db, 3)
    window.refresh_chat_list()
    window.controller.open_conversation(big.id)
    outcome = finish_job(qtbot, window, lambda: window.chat_files.delete_chat(big.id))
    assert outcome == ("finished", big.id)
    assert window.db.load_chat(big.id) is None and window.db.message_counts() == {small.id: 3}
    assert window.controller.conv is None
    assert [window.chat_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.chat_list.count())] == [small.id]


def test_the_engine_takes_the_newest_messages_of_a_chat_by_their_place(sample_model) -> None:
    """The GUI sends messages from number `start` on; the engine numbers the context map by the
    whole chat, says when what it got does not fill its look-back, and moves its start both ways."""
    from conftest import load

    from desktop.engine import SamplerSettings

    engine = load(sample_model, n_ctx=512)
    history = [("user" if i % 2 == 0 else "assistant", f"Message {i}: the lantern glowed.") for i in range(3000)]
    chat = engine.new_chat("You are a keeper.")
    chat.sync("You are a keeper.", history[2048:], 2048)
    gen = chat.reply(SamplerSettings(max_tokens=4, seed=1))
    list(gen)
    assert not chat.history_short
    data = chat.context_map()
    assert data["evicted"] >= 2048 and data["messages"][-1]["index"] == 3000
    # a start that moves on: the messages before it are let go of, the cache stays
    history.append(("assistant", gen.text))
    history.append(("user", "Go on."))
    before = engine.kv.counters.prompt_tokens
    chat.sync("You are a keeper.", history[2304:], 2304)
    list(chat.reply(SamplerSettings(max_tokens=4, seed=1)))
    assert chat.offset == 2304 and engine.kv.counters.prompt_tokens - before < 40
    # too short a history for two windows: the engine says so (the GUI then sends more)
    fresh = engine.new_chat("You are a keeper.")
    fresh.sync("You are a keeper.", history[-6:], len(history) - 6)
    list(fresh.reply(SamplerSettings(max_tokens=2, seed=1)))
    assert fresh.history_short
    # and older messages added in front of a chat whose window let go of its first message stay out
    chat.sync("You are a keeper.", history[2048:], 2048)
    assert chat.offset == 2048 and chat.context_map()["evicted"] >= 2048
