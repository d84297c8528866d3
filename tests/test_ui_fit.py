"""Issue 24, items 4, 7 and 16: the window fits a small laptop screen, nothing in a message is cut off,
and the context map is right after a reload and a restart (and takes no column while it has nothing)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize
from qt_helpers import finish_reply, load_model
from test_app import open_window, type_and_send, user_dirs, window  # noqa: F401 - fixtures

from desktop.ui.main_window import default_window_size, dock_width


def test_the_default_window_fits_the_screen() -> None:
    assert default_window_size(QSize(1366, 728)).height() <= 728
    assert default_window_size(QSize(1024, 560)) == QSize(1024, 560)
    assert default_window_size(QSize(2560, 1400)) == QSize(1280, 820)
    assert dock_width(1024) < dock_width(1600) == 380


def test_a_reply_fits_a_1024_by_600_window(qtbot, window, sample_model: str) -> None:
    window.resize(1024, 600)
    load_model(qtbot, window, sample_model, n_ctx=1024)
    assert window.width() <= 1024 and window.height() <= 600
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Hello there, tell me a story."))
    qtbot.wait(50)  # the layout settles
    viewport = window.chat_view.viewport()
    for bubble in window.chat_view.bubbles:
        for name, button in bubble.buttons.items():
            if button.isVisibleTo(bubble):
                right = button.mapTo(viewport, QPoint(button.width(), 0)).x()
                assert right <= viewport.width(), f"{name} is cut off at {right} of {viewport.width()} px"
        assert bubble.width() <= viewport.width()


def test_the_map_is_hidden_until_a_chat_is_read_then_follows_reload_and_restart(qtbot, window, user_dirs,  # noqa: F811
                                                                               sample_model: str) -> None:
    load_model(qtbot, window, sample_model, n_ctx=2048)
    assert window.context_map.isHidden()  # nothing read yet: no empty column
    finish_reply(qtbot, window, lambda: type_and_send(qtbot, window, "Hello there."))
    strip = window.context_map
    assert not strip.isHidden() and not strip.bar.stale
    lines = strip.caption.text().split("\n")
    assert lines[1] == "of 2,048"
    metrics = strip.caption.fontMetrics()
    assert all(metrics.horizontalAdvance(line) <= strip.caption.width() for line in lines)  # nothing clipped
    chat_id = window.controller.conv.id

    load_model(qtbot, window, sample_model, n_ctx=1024)  # a reload with another window: the old map would lie
    assert strip.isHidden()

    load_model(qtbot, window, sample_model, n_ctx=2048)
    assert not strip.isHidden() and strip.bar.stale and "of 2,048" in strip.caption.text()
    window.close()
    window.db.close()

    again = open_window(qtbot)  # a restart: the chat's map shows again, faded until it is read
    try:
        load_model(qtbot, again, sample_model, n_ctx=2048)
        assert again.controller.conv.id == chat_id
        assert not again.context_map.isHidden() and again.context_map.bar.stale
        assert "last read" in again.context_map.caption.text()
        finish_reply(qtbot, again, lambda: type_and_send(qtbot, again, "And then?"))
        assert not again.context_map.bar.stale
    finally:
        again.close()
        again.db.close()


def test_the_memory_panel_speaks_plainly_on_this_gpu_less_machine(qtbot, window) -> None:
    """The real no-GPU path: no raw NVML text in the panel (it is in the tooltip), the figures wrap
    above the plot instead of being cut at the dock's edge, and the reference lines are explained."""
    panel = window.memory_dock.panel
    qtbot.waitUntil(lambda: "Starting" not in panel.status.text() and len(panel.ram.times) >= 1, timeout=10000)
    status = panel.status.text()
    assert "NVML" not in status and "Shared Library" not in status and "CPU" in status
    assert "NVML" in panel.status.toolTip() or "pynvml" in panel.status.toolTip()
    assert panel.ram.caption.wordWrap() and "Fireside uses" in panel.ram.caption.text()
    assert panel.ram.plot.plotItem.titleLabel.text == "RAM"
    assert "+ chat" in panel.legend.text() and "KV cache" in panel.legend.text()


def test_a_character_chat_shows_the_card_picture_as_the_avatar(qtbot, window, tmp_path) -> None:
    from test_cards import V2, png_with, text_chunk

    card = tmp_path / "red.png"
    card.write_bytes(png_with([text_chunk("chara", V2)]))  # a 1x1 red picture with a V2 card
    c = window.controller
    c.roleplay.new_character_chat(c.roleplay.import_card(str(card)))
    qtbot.waitUntil(lambda: bool(window.chat_view.bubbles))
    greeting = window.chat_view.bubbles[0]
    assert greeting.message.role == "assistant"
    assert greeting.avatar.pixmap().toImage().pixelColor(16, 16).name() == "#ff0000"
    c.new_conversation()  # a chat without a card: the letter avatar again
    assert window.chat_view.pictures == {}


def test_garbage_is_collected_in_the_gui_thread(qtbot, qapp) -> None:
    """The app collects cycles from a timer in the GUI thread, never in the monitor's thread (where a
    freed window deadlocked Qt): automatic collection is off, and the timer still frees cycles."""
    import gc
    import weakref

    from desktop.ui.main_thread_gc import collect_in_main_thread

    collector = collect_in_main_thread(qapp)
    assert not gc.isenabled()

    class Cycle:
        pass

    garbage = Cycle()
    garbage.me = garbage
    ref = weakref.ref(garbage)
    del garbage
    saved, collector.threshold = collector.threshold, (0, 10, 10)
    try:
        qtbot.waitUntil(lambda: ref() is None, timeout=3000)
    finally:
        collector.threshold = saved
