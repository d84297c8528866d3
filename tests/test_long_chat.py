"""Long chats: opening one of thousands of messages makes bubbles for its newest page only; earlier
pages come on request; actions on a shown message keep their message index."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from test_app import user_dirs, window  # noqa: F401 - fixtures

from desktop.chat.conversation import Conversation
from desktop.ui.chat_view import PAGE


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
