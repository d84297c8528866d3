"""A reasoning model's reply in the window: the thinking folded above the answer, streamed into its
section, counted in the stats line, left out of the history sent back (but for Continue)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from qt_helpers import finish_reply, load_model
from test_app import type_and_send, user_dirs, window  # noqa: F401 - fixtures
from test_reasoning import R1_TEMPLATE
from tiny_gguf import write_tiny_model

from desktop.chat import Conversation
from desktop.chat.conversation import Message
from desktop.chat.reasoning import split_message, split_reasoning
from desktop.ui.chat.bubble import MessageBubble

REPLY = "<think>\nThe user greets me. I should greet back, briefly.\n</think>\n\nHello! **Nice** to meet you."


def bubble_for(qtbot, text: str, role: str = "assistant") -> MessageBubble:
    bubble = MessageBubble(Message.new(role, text), "Assistant")
    qtbot.addWidget(bubble)
    bubble.resize(600, 400)
    bubble.show()
    return bubble


def test_the_thinking_is_folded_above_the_answer(qtbot) -> None:
    bubble = bubble_for(qtbot, REPLY)
    section = bubble.thinking
    assert section is not None and section.isVisible()
    assert section.toggle.text() == "Thought for 9 words"
    assert not section.frame.isVisible()  # folded by default
    assert section.body.markdown() == ""  # nothing rendered until unfolded
    assert bubble.body.markdown() == "Hello! **Nice** to meet you."
    assert "Hello! Nice to meet you." in bubble.body.toPlainText()
    qtbot.mouseClick(section.toggle, Qt.MouseButton.LeftButton)
    assert section.frame.isVisible() and section.toggle.arrowType() == Qt.ArrowType.DownArrow
    assert section.body.toPlainText() == "The user greets me. I should greet back, briefly."
    qtbot.mouseClick(section.toggle, Qt.MouseButton.LeftButton)
    assert not section.frame.isVisible()
    assert bubble.message.text == REPLY  # the message keeps its text as written


def test_messages_without_thinking_get_no_section(qtbot) -> None:
    assert bubble_for(qtbot, "Just an answer.").thinking is None
    user = bubble_for(qtbot, "<think>my own words</think> hi", role="user")
    assert user.thinking is None and user.body.markdown() == "<think>my own words</think> hi"
    empty = bubble_for(qtbot, "<think>\n\n</think>\n\nHi")  # a model told not to think
    assert empty.thinking is None and empty.body.markdown() == "Hi"
    quoted = bubble_for(qtbot, "Type <think> to start.")
    assert quoted.thinking is None and "Type <think> to start." in quoted.body.toPlainText()


def test_the_thinking_is_shown_as_safely_as_the_answer(qtbot) -> None:
    bubble = bubble_for(qtbot, "<think><b>bold?</b> <img src='/etc/secret.png'> ![x](file:///home/u/secret.png)"
                               "</think>Done.")
    bubble.thinking.set_open(True)
    body = bubble.thinking.body
    assert "<b>bold?</b>" in body.toPlainText() and "<img src='/etc/secret.png'>" in body.toPlainText()  # text
    assert body.blocked_resources == {"file:///home/u/secret.png"}  # the markdown image was refused


def test_a_streaming_reply_fills_the_section_and_never_shows_a_partial_marker(qtbot) -> None:
    bubble = bubble_for(qtbot, "")
    bubble.stream("<thi")
    assert bubble.thinking is None and bubble.body.markdown() == ""
    bubble.stream("<think>\nLet me")
    section = bubble.thinking
    assert section.toggle.text() == "Thinking… (2 words)"
    assert not bubble.body.isVisible()  # no answer yet
    section.set_open(True)
    bubble.stream("<think>\nLet me see</thi")
    assert section.body.markdown() == "Let me see"
    bubble.stream("<think>\nLet me see</think>\n\nFo")
    assert section.toggle.text() == "Thought for 3 words"
    assert bubble.body.isVisible() and bubble.body.markdown() == "Fo"
    bubble.message.set_text("<think>\nLet me see</think>\n\nFour.")
    bubble.refresh()
    assert section.is_open and bubble.body.markdown() == "Four."  # unfolded stays unfolded
    cut = bubble_for(qtbot, "<think>I was cut off")
    assert cut.thinking.toggle.text() == "Thought for 4 words, then stopped"
    assert not cut.body.isVisible()


def test_editing_shows_the_whole_text(qtbot) -> None:
    bubble = bubble_for(qtbot, REPLY)
    bubble.start_edit()
    assert bubble.editor.toPlainText() == REPLY
    assert not bubble.thinking.isVisible() and not bubble.body.isVisible()
    bubble._cancel_edit()
    assert bubble.thinking.isVisible() and bubble.body.isVisible()


def stored_chat(window, texts: list[tuple[str, str]]) -> Conversation:
    conv = Conversation(title="Thinking")
    for role, text in texts:
        conv.add(role, text)
    window.db.save_chat(conv)
    window.controller.open_conversation(conv.id)
    return window.controller.conv


def record_requests(window) -> list[dict]:
    requests: list[dict] = []
    real = window.client.generate
    window.client.generate = lambda request: requests.append(request) or real(request)
    return requests



def record_thinking_labels(window) -> list[str]:
    """The newest bubble's thinking toggle text after each streamed piece ("" while it has none)."""
    labels: list[str] = []

    def on_stream(_index: int) -> None:
        window.chat_view.flush_stream()
        section = window.chat_view.bubbles[-1].thinking
        labels.append(section.toggle.text() if section is not None else "")

    window.controller.message_streaming.connect(on_stream)
    return labels

def test_continue_thinks_on_and_the_next_turn_sends_the_answers_only(qtbot, window, sample_model: str) -> None:
    load_model(qtbot, window, sample_model, {"max_tokens": 16, "seed": 3, "temperature": 0.7})
    assert window.controller.reasoning_opens is False
    open_reply = "<think>\nThe user wants a poem about rain. Start with the sound of rain on the roof"
    conv = stored_chat(window, [("user", "Hi"), ("assistant", REPLY), ("user", "A poem about rain?"),
                                ("assistant", open_reply)])
    requests = record_requests(window)
    labels = record_thinking_labels(window)
    result = finish_reply(qtbot, window, window.controller.continue_last)
    history = requests[-1]["history"]
    assert requests[-1]["mode"] == "continue"
    assert history[-1] == ("assistant", open_reply, False)  # continued whole, the open block too
    assert history[1] == ("assistant", "Hello! **Nice** to meet you.", False)  # earlier thinking left out
    text = conv.messages[-1].text
    assert text == open_reply + result["text"] and result["text"]
    assert window.db.load_chat(conv.id).messages[-1].text == text  # stored as written
    assert labels and labels[0].startswith("Thinking…")  # the continuation streamed into the thinking
    split = split_message(text)
    bubble = window.chat_view.bubbles[-1]
    if split.thinking:  # the model went on thinking to the end: every token of it was thinking
        tokens = result["data"]["tokens_generated"]
        assert f"{tokens} tokens ({tokens} thinking)" in conv.messages[-1].current.stats
        assert bubble.thinking.toggle.text().endswith("then stopped")
    else:  # it closed the block and began to answer
        assert "thinking)" in conv.messages[-1].current.stats
        assert bubble.body.markdown() == split.answer
    assert bubble.thinking.text == split.reasoning
    assert bubble.stats.toolTip() == conv.messages[-1].current.stats
    assert "thinking)" in bubble.stats.text()

    window.controller.sampler = {**window.controller.sampler, "max_tokens": 4}
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Thanks."))
    history = requests[-1]["history"]
    assert requests[-1]["mode"] == "reply"
    assert history[3] == ("assistant", split_reasoning(text)[1], False)
    assert not any(t.lstrip().startswith("<think>") for role, t, _ in history if role == "assistant")

    window._bubble_action(1, "copy")
    assert QGuiApplication.clipboard().text() == "Hello! **Nice** to meet you."  # the answer, not the thinking


def test_a_template_that_opens_the_block_streams_the_reply_as_thinking(qtbot, window, tmp_path) -> None:
    path = str(write_tiny_model(tmp_path / "tiny-r1.gguf", chat_template=R1_TEMPLATE))
    load_model(qtbot, window, path, {"max_tokens": 10, "seed": 1, "temperature": 0}, n_ctx=256)
    assert window.controller.reasoning_opens and window.chat_view.reasoning_opens
    labels = record_thinking_labels(window)
    result = finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "the story"))
    msg = window.controller.conv.messages[-1]
    assert msg.text == result["text"] and "<think>" not in msg.text  # as the model wrote it
    assert labels and all(label.startswith("Thinking…") for label in labels)
    bubble = window.chat_view.bubbles[-1]
    assert bubble.thinking.toggle.text().endswith("then stopped")  # never closed: all thinking
    assert bubble.thinking.text == msg.text.strip() and not bubble.body.isVisible()
    tokens = result["data"]["tokens_generated"]
    assert f"{tokens} tokens ({tokens} thinking)" in msg.current.stats
