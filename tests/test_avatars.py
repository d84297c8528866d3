"""The pictures of who speaks, in the real window on a real database: the card's picture beside its
chats in the chat list and on its messages, the user's own picture chosen once for every chat (kept
through a restart), and a file that is no picture (or a decompression bomb) refused with a message."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from test_app import open_window, user_dirs, window  # noqa: F401 - fixtures
from test_character_editor import fill, huge_png, picture_file

from desktop.chat.conversation import Conversation, Message
from desktop.ui.chat.avatars import PERSONA_KEY


def character_chat(qtbot, window, tmp_path: Path) -> int:
    """A stored card with a blue picture, and a chat with it holding one message of each speaker."""
    c = window.controller
    editor = window.character_wiring.edit(None)
    fill(qtbot, editor, {"name": "Mira", "first_mes": "The lamp is lit, {{user}}."})
    assert editor.set_picture_file(str(picture_file(tmp_path)))
    assert editor.save()
    character_id = editor.character_id
    editor.close()
    c.roleplay.new_character_chat(character_id)
    conv = c.conv
    assert conv.character_id == character_id
    msg = conv.add("user", "Hello, Mira.")
    window.db.save_message(conv, msg)
    c.message_added.emit(len(conv.messages) - 1)
    return conv.id


def colour_at_centre(pixmap) -> str:
    image = pixmap.toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2).name()


def test_the_cards_picture_is_in_the_chat_list_and_on_its_messages(qtbot, window, tmp_path: Path) -> None:
    plain = Conversation()
    window.db.save_chat(plain)
    chat_id = character_chat(qtbot, window, tmp_path)
    window.refresh_chat_list()
    item = window.sidebar.chats.item_for(chat_id)
    other = window.sidebar.chats.item_for(plain.id)
    assert colour_at_centre(item.icon().pixmap(22, 22)) == "#3366aa"  # the card's picture
    assert not other.icon().isNull()  # a blank of the same size: the titles line up
    assert QImage(other.icon().pixmap(22, 22).toImage()).pixelColor(11, 11).alpha() == 0
    bubbles = window.chat_view.bubbles
    assistant = next(b for b in bubbles if b.message.role == "assistant")
    assert colour_at_centre(assistant.avatar.pixmap()) == "#3366aa"


def test_the_users_picture_is_kept_for_every_chat_and_a_bad_file_is_refused(qtbot, user_dirs, tmp_path: Path) -> None:  # noqa: F811
    window = open_window(qtbot)
    try:
        character_chat(qtbot, window, tmp_path)
        user_bubble = next(b for b in window.chat_view.bubbles if b.message.role == "user")
        letter = colour_at_centre(user_bubble.avatar.pixmap())
        assert not window.sidebar.remove_picture_action.isEnabled()
        me = tmp_path / "me.png"
        image = QImage(600, 400, QImage.Format.Format_RGB32)
        image.fill("#22aa44")
        image.save(str(me), "PNG")
        window.sidebar.picture_chosen.emit(str(me))
        assert colour_at_centre(user_bubble.avatar.pixmap()) == "#22aa44" != letter
        assert colour_at_centre(window.sidebar.persona_picture.icon().pixmap(24, 24)) == "#22aa44"
        assert window.sidebar.remove_picture_action.isEnabled()
        stored = window.db.setting(PERSONA_KEY)
        assert isinstance(stored, str) and len(stored) < 20000  # scaled down before it is stored

        for bad, why in ((tmp_path / "notes.png", "not a picture"), (huge_png(tmp_path / "bomb.png"), "megapixels")):
            if not bad.exists():
                bad.write_text("not a picture at all")
            window.sidebar.picture_chosen.emit(str(bad))
            assert "Could not use" in window.banner.text() and why in window.banner.text()
            assert window.db.setting(PERSONA_KEY) == stored  # the picture before is kept
    finally:
        window.close()
        window.db.close()

    again = open_window(qtbot)  # a restart: the same picture, in a new chat too
    try:
        conv = again.controller.new_conversation()
        msg: Message = conv.add("user", "Me again.")
        again.db.save_message(conv, msg)
        again.controller.message_added.emit(0)
        assert colour_at_centre(again.chat_view.bubbles[0].avatar.pixmap()) == "#22aa44"
        again.sidebar.picture_removed.emit()
        assert colour_at_centre(again.chat_view.bubbles[0].avatar.pixmap()) != "#22aa44"
        assert again.db.setting(PERSONA_KEY) == ""
    finally:
        again.close()
        again.db.close()
