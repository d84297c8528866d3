"""Issue 24's keyboard item: Help lists every shortcut, read from the menus (so it cannot go stale)."""

from __future__ import annotations

from test_app import open_window, user_dirs, window  # noqa: F401 - fixtures


def test_help_lists_the_shortcuts_of_every_menu(qtbot, window) -> None:
    dialog = window.app_menus.show_shortcuts()
    rows = {dialog.table.item(i, 0).text(): dialog.table.item(i, 1).text() for i in range(dialog.table.rowCount())}
    assert rows["Chat > Regenerate"] == "Ctrl+R"
    assert rows["Chat > Lorebooks..."] == "Ctrl+Shift+L"
    assert rows["File > Get models..."] == "Ctrl+Shift+G"
    assert rows["Send the message"] == "Enter"
    with_keys = [a for menu in window.menuBar().actions() for a in menu.menu().actions()
                 if a.menu() is None and not a.shortcut().isEmpty()]
    assert len([k for k in rows if " > " in k]) == len(with_keys)  # every menu shortcut is listed
    for menu in window.menuBar().actions():  # every menu opens from the keyboard (Alt+letter)
        assert "&" in menu.text()
