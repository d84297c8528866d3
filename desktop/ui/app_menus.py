"""The app's own menus: View > Language and Theme, and Help (shortcuts, logs, about). Built with what
they act on and added to the window's menu bar in one place."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QActionGroup, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMenu, QMessageBox

from ..storage.database import Database
from ..storage.paths import log_dir
from .banner import Banner
from .theme import apply_theme


class AppMenus(QObject):
    def __init__(self, db: Database, window: QMainWindow, view_menu: QMenu, banner: Banner,
                 restart: Callable[[], None]) -> None:
        super().__init__(window)
        self.db, self.window, self.banner, self.restart = db, window, banner, restart
        self.shortcuts_dialog: QDialog | None = None
        self.about_box: QMessageBox | None = None
        self.language_menu = view_menu.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        for code, name in (("auto", self.tr("System")), ("en", "English"), ("ja", "日本語")):
            action = self.language_menu.addAction(name)
            action.setCheckable(True)
            group.addAction(action)
            action.setChecked(db.setting("language", "auto") == code)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
        self.theme_menu = view_menu.addMenu(self.tr("&Theme"))
        themes = QActionGroup(self)
        for code, name in (("system", self.tr("Like the system")), ("light", self.tr("Light")), ("dark", self.tr("Dark"))):
            action = self.theme_menu.addAction(name)
            action.setCheckable(True)
            themes.addAction(action)
            action.setChecked(db.setting("theme", "system") == code)
            action.triggered.connect(lambda _=False, c=code: self.set_theme(c))
        help_menu = window.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.tr("&Keyboard shortcuts"), QKeySequence(QKeySequence.StandardKey.HelpContents),
                            self.show_shortcuts)
        help_menu.addAction(self.tr("Open &logs folder"), self.open_logs_folder)
        help_menu.addAction(self.tr("&About Fireside"), self.show_about)

    def set_language(self, code: str) -> None:
        """Qt's widgets take their words when they are made, so a new language needs a restart: offered
        as one click (the chat, its drafts and the settings are saved first, as on any close)."""
        self.db.set_setting("language", code)
        self.banner.show_message("info", self.tr("The new language shows after a restart of Fireside."),
                                 self.tr("Restart now"), self.restart)

    def set_theme(self, code: str) -> None:
        """Light, dark or the system's: at once, and remembered."""
        self.db.set_setting("theme", code)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, code)

    def show_shortcuts(self) -> QDialog:
        from .shortcuts import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self.window.menuBar(), self.window)
        self.shortcuts_dialog.show()
        return self.shortcuts_dialog

    def open_logs_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))

    def show_about(self) -> QMessageBox:
        from .about import show_about

        self.about_box = show_about(self.window)
        return self.about_box
