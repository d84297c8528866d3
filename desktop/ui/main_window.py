"""The main window: chats on the left, the conversation in the middle, settings docked on the right."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..models import is_sample_model, list_models, models_dir
from ..monitor.sampler import GpuFactory
from ..storage.database import Database
from ..worker import EngineClient
from ..worker.sample_fetch import SampleFetch
from .about import app_icon
from .app_menus import AppMenus
from .banner import Banner
from .characters import install_characters
from .chat.avatars import Avatars, PictureError
from .chat.bubble import avatar_pixmap
from .chat.chat_page import ChatPage
from .chat.controller import ChatController, model_key
from .chat.files import ChatFiles
from .chat.sidebar import ChatSidebar
from .engine_notice import EngineNotice
from .lore.lore_wiring import install_lore
from .memory_panel import MemoryDock
from .models.library import ModelLibrary
from .models.welcome import WelcomeView
from .plain import PlainLabel
from .serve.serve_dock import ServeDock
from .settings.panel import SettingsPanel
from .settings.probe_dialog import ProbeDialog

log = logging.getLogger("fireside.ui")


def default_window_size(available: QSize) -> QSize:
    """1280x820, or less to fit the screen's free area (a 1366x768 laptop gets 1366x~730): the
    window never opens taller or wider than the screen."""
    return QSize(min(1280, available.width()), min(820, max(560, available.height() - 40)))


def dock_width(window_width: int) -> int:
    """The right dock's share: 380 px on a wide window, less on a small one, so the chat keeps room."""
    return max(280, min(380, window_width * 3 // 10))


def sidebar_width(window_width: int) -> int:
    return max(180, min(240, window_width // 5))


class MainWindow(QMainWindow):
    """Owns its parts, each built with what it needs and wired here: the chat page and its controller,
    the sidebar, the docks, the chat files, the model library, the characters and the lore."""

    shown = Signal()

    def __init__(self, db: Database, client: EngineClient | None = None, gpu_factory: GpuFactory | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Fireside")
        self.setWindowIcon(app_icon())
        self.resize(default_window_size(self.screen().availableGeometry().size()))
        self.db = db
        self.client = client or EngineClient()
        self.sample_fetch = SampleFetch(self)
        self.controller = ChatController(db, self.client, self)
        self.engine_notice = EngineNotice()
        self._closing = False
        self.restart_requested = False  # app.main starts Fireside again once this window has closed

        self._build_sidebar()
        self.banner = Banner()
        self.avatars = Avatars(db, self)  # the card pictures and the user's, decoded once
        self.chat_page = ChatPage(self.controller, db, self.avatars)
        # The page's parts, by the names the rest of the window (and its tests) use.
        page = self.chat_page
        self.chat_view, self.chat_search, self.context_map = page.chat_view, page.chat_search, page.context_map
        self.composer, self.send_button, self.stop_button = page.composer, page.send_button, page.stop_button
        self.prompt_bar = page.prompt_bar
        self.welcome = WelcomeView()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.chat_page)
        main_column = QWidget()
        column = QVBoxLayout(main_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.banner)
        column.addWidget(self.engine_notice)
        column.addWidget(self.stack, 1)
        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(main_column)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([sidebar_width(self.width()), 1040])
        self.setCentralWidget(splitter)

        self.settings = SettingsPanel(db)
        self.settings_dock = QDockWidget(self.tr("Settings"), self)
        self.settings_dock.setObjectName("settings_dock")
        self.settings_dock.setWidget(self.settings)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.settings_dock)
        self.memory_dock = MemoryDock(gpu_factory, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.memory_dock)
        self.tabifyDockWidget(self.settings_dock, self.memory_dock)
        self.settings_dock.raise_()
        self.memory_dock.resources_changed.connect(self.settings.badge.set_resources)
        self.serve_dock = ServeDock(db, self.client, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.serve_dock)
        self.tabifyDockWidget(self.memory_dock, self.serve_dock)
        self.settings_dock.raise_()
        self.resizeDocks([self.settings_dock], [dock_width(self.width())], Qt.Orientation.Horizontal)

        self._build_status_bar()
        self.chat_files = ChatFiles(db, self.controller, self.statusBar(), self)  # export, import, delete
        self.chat_files.notice.connect(self.show_banner)
        self.chat_files.chats_changed.connect(self.refresh_chat_list)
        self.models = ModelLibrary(db, self.controller, self.settings, self.memory_dock, self.statusBar(), self)
        self.models.notice.connect(self.show_banner)
        self.models.models_changed.connect(self.refresh_models)
        self._build_menus()
        self.lore_dock = install_lore(self)
        self.character_wiring = install_characters(self)  # the gallery, editor and About header
        self.character_wiring.library.changed.connect(self.avatars.forget_character)
        self.avatars.changed.connect(self.refresh_chat_list)
        self.avatars.changed.connect(self._show_persona_picture)
        self.sidebar.picture_chosen.connect(self._set_persona_picture)
        self.sidebar.picture_removed.connect(self.avatars.clear_persona_picture)
        self._show_persona_picture()
        self._connect()
        self._name_controls()
        self.refresh_chat_list()
        self.refresh_models()
        self._show_model_state({})
        self.serve_dock.notice.connect(self.show_banner)  # (serving started by itself, or could not)
        self.serve_dock.start_if_it_was_on()
        self.models.resume_downloads()
        self.chat_files.finish_leftovers()

    # --- construction ----------------------------------------------------------------------------

    def _build_sidebar(self) -> None:
        self.sidebar = ChatSidebar()
        self.new_chat_button = self.sidebar.new_chat_button
        self.chat_list = self.sidebar.chat_list
        self.system_prompt = self.sidebar.system_prompt
        self.sidebar.delete_requested.connect(self._delete_selected_chat)
        self.sidebar.rename_requested.connect(self.controller.copies.rename)
        self.sidebar.duplicate_requested.connect(self.controller.copies.duplicate)
        self.sidebar.fields_edited.connect(lambda values: self.controller.roleplay.set_chat_fields(**values))
        self.controller.edits_wanted.connect(self.sidebar.flush)

    def _set_persona_picture(self, path: str) -> None:
        try:
            self.avatars.set_persona_picture(path)
        except PictureError as exc:
            self.show_banner("error", self.tr("Could not use {0} as your picture: {1}").format(Path(path).name, exc))

    def _show_persona_picture(self) -> None:
        self.sidebar.show_persona_picture(self.avatars.persona(24), avatar_pixmap(self.tr("You"), "user", 24))

    def _name_controls(self) -> None:
        """Names a screen reader says (the buttons' own text is often a single word or a symbol)."""
        for widget, name in ((self.composer, self.tr("Message to send")), (self.send_button, self.tr("Send the message")),
                             (self.stop_button, self.tr("Stop the reply")), (self.chat_view, self.tr("The chat")),
                             (self.context_map, self.tr("Context map: what the model's window holds")),
                             (self.new_chat_button, self.tr("New chat")), (self.chat_list, self.tr("Chats"))):
            widget.setAccessibleName(name)

    def _build_status_bar(self) -> None:
        self.model_label = PlainLabel()
        self.load_bar = QProgressBar()
        self.load_bar.setMaximumWidth(220)
        self.load_bar.setRange(0, 1000)
        self.load_bar.hide()
        self.load_cancel = QPushButton(self.tr("Cancel"))
        self.load_cancel.hide()
        bar = self.statusBar()
        bar.addWidget(self.model_label, 1)
        bar.addPermanentWidget(self.load_bar)
        bar.addPermanentWidget(self.serve_dock.status_label)
        bar.addPermanentWidget(self.load_cancel)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        self.open_action = file_menu.addAction(self.tr("&Open GGUF file..."), QKeySequence.StandardKey.Open,
                                               self.open_model_dialog)
        file_menu.addAction(self.tr("&Get models..."), QKeySequence("Ctrl+Shift+G"), self.models.open_model_browser)
        file_menu.addAction(self.tr("Get the &sample model"), self._fetch_sample)
        file_menu.addAction(self.tr("Choose &model..."), self.show_welcome)
        file_menu.addSeparator()
        file_menu.addAction(self.tr("Open s&tory..."), QKeySequence("Ctrl+Shift+O"), self.open_story_dialog)
        file_menu.addAction(self.tr("&Characters..."), QKeySequence("Ctrl+Shift+C"), self.show_characters)
        file_menu.addAction(self.tr("&Export chat (SillyTavern JSONL)..."), self.chat_files.export_chat)
        file_menu.addAction(self.tr("&Import chat (SillyTavern JSONL)..."), self.chat_files.import_chat)
        file_menu.addSeparator()
        file_menu.addAction(self.tr("&New chat"), QKeySequence.StandardKey.New, self._new_chat)
        file_menu.addSeparator()
        file_menu.addAction(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        chat_menu = self.chat_menu = menu.addMenu(self.tr("&Chat"))
        chat_menu.addAction(self.tr("&Stop"), QKeySequence(Qt.Key.Key_Escape), self.controller.stop)
        chat_menu.addAction(self.tr("&Regenerate"), QKeySequence("Ctrl+R"), self.controller.regenerate)
        chat_menu.addAction(self.tr("&Continue"), QKeySequence("Ctrl+Shift+Return"), self.controller.continue_last)
        chat_menu.addAction(self.tr("&Find in chat..."), QKeySequence.StandardKey.Find, self.chat_search.open_search)
        reader = self.chat_page.reader
        chat_menu.addAction(self.tr("&Bookmark the story here"), QKeySequence("Ctrl+B"), reader.add_bookmark)
        chat_menu.addAction(self.tr("Go to the story's &window start"), QKeySequence("Ctrl+Shift+B"), reader.go_to_window)
        view_menu = self.view_menu = menu.addMenu(self.tr("&View"))
        view_menu.addAction(self.settings_dock.toggleViewAction())
        view_menu.addAction(self.memory_dock.toggleViewAction())
        view_menu.addAction(self.serve_dock.toggleViewAction())
        self.app_menus = AppMenus(self.db, self, view_menu, self.banner, self.restart)  # language, theme, Help

    def _connect(self) -> None:
        c = self.controller
        self.composer.submitted.connect(self._send)
        self.composer.stop_requested.connect(c.stop)
        self.composer.browse.connect(c.browse_last)
        self.send_button.clicked.connect(self.composer.submit)
        self.stop_button.clicked.connect(c.stop)
        self.new_chat_button.clicked.connect(self._new_chat)
        self.sidebar.chat_chosen.connect(self._open_chat)
        self.chat_view.action.connect(self._bubble_action)
        self.chat_view.edited.connect(c.edit)
        self.settings.applied.connect(c.apply_settings)
        self.settings.check_requested.connect(self.check_setting)
        self.load_cancel.clicked.connect(c.cancel_load)
        self.welcome.fetch_requested.connect(self._fetch_sample)
        self.welcome.fetch_cancel_requested.connect(self.sample_fetch.cancel)
        self.welcome.open_requested.connect(self.open_model_dialog)
        self.welcome.model_chosen.connect(c.load_model)
        self.welcome.browse_requested.connect(self.models.open_model_browser)
        self.welcome.delete_requested.connect(self.models.delete_model)
        self.welcome.open_folder_requested.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(models_dir()))))
        # Signals from other threads go to bound methods of GUI objects (queued to this thread); a
        # lambda would run in the sender's thread.
        self.sample_fetch.progress.connect(self.welcome.show_fetch_progress)
        self.sample_fetch.fetched.connect(self._fetched)
        self.sample_fetch.failed.connect(self._fetch_failed)
        self.client.notice.connect(self._engine_notice)

        c.notify.connect(self.show_banner)
        c.busy_changed.connect(self._busy_changed)
        c.load_progress.connect(self._load_progress)
        c.model_changed.connect(self._show_model_state)
        c.model_changed.connect(self._set_reasoning_opens)
        c.model_failed.connect(lambda _msg: self.stack.setCurrentWidget(self.welcome) if not c.model_info else None)
        c.conversations_changed.connect(self.refresh_chat_list)
        c.conversation_opened.connect(self._conversation_opened)
        for changed in (c.message_added, c.messages_removed, c.message_deleted):
            changed.connect(self._count_changed)  # the shown chat's count in the list, without a rebuild
        c.engine_died.connect(self._engine_died)
        c.model_changed.connect(lambda info: self.engine_notice.hide() if info else None)
        self.engine_notice.action_chosen.connect(c.recover)

    # --- models ----------------------------------------------------------------------------------

    def open_model_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a GGUF model"), str(models_dir()),
                                              self.tr("GGUF models (*.gguf);;All files (*)"))
        if path:
            self.controller.load_model(path)

    def show_welcome(self) -> None:
        self.refresh_models()
        self.stack.setCurrentWidget(self.welcome)

    def refresh_models(self) -> None:
        self.welcome.set_models(self.db.recent_model_rows(), list_models())

    def _fetch_sample(self) -> None:
        self.stack.setCurrentWidget(self.welcome)
        self.welcome.show_fetch_progress(0, 0)
        self.sample_fetch.start()

    def _fetched(self, path: str) -> None:
        self.welcome.fetch_ended(self.tr("The sample model is ready."))
        self.refresh_models()
        self.controller.load_model(path)

    def _engine_died(self, report: object) -> None:
        lost = self.controller.lost_model
        self.engine_notice.show_report(report, dict(lost.get("config", {})),  # type: ignore[arg-type]
                                       int(lost.get("facts", {}).get("n_layers", 0)))

    def _engine_notice(self, kind: str, event: object) -> None:
        if kind == "snapshot" and isinstance(event, dict):
            self._snapshot_event(event)

    def _snapshot_event(self, event: dict) -> None:
        size = event["size"] / 1e6
        if event["action"] == "restored":
            text = self.tr("Resumed {0:,} tokens from the snapshot ({1:.1f} MB) in {2:.2f} s: nothing re-processed.").format(
                event["tokens"], size, event["seconds"])
        elif event["action"] == "saved":
            text = self.tr("Saved this chat's cache for instant resume ({0:.1f} MB).").format(size)
        else:
            text = self.tr("The chat's snapshot was not used: {0}").format(event["reason"])
        self.statusBar().showMessage(text, 10000)

    def _fetch_failed(self, message: str) -> None:
        self.welcome.fetch_ended(self.tr("Download failed: {0}").format(message))

    def _show_model_state(self, info: dict) -> None:
        c = self.controller
        if info:
            facts = info["facts"]
            name = Path(info["config"]["model_path"]).name
            text = self.tr("{0} · context {1:,} · ready in {2:.1f} s").format(
                name, info["n_ctx"], info.get("ready_seconds", info["load_seconds"]))
            if is_sample_model(info["config"]["model_path"]):
                text += " · " + self.tr("a tiny demo model: its answers are often wrong (File > Get models...)")
            self.model_label.setText(text)
            self.settings.set_model(facts, info["config"], c.sampler, info.get("shape"), info.get("remote_devices"))
            self.stack.setCurrentWidget(self.chat_page)
            if c.conv is None:
                self._open_initial_chat()
        self.memory_dock.show_model(info)
        if not info:
            self.model_label.setText(self.tr("Loading {0}...").format(Path(c.load_config["model_path"]).name)
                                     if c.loading else self.tr("No model loaded"))
            self.settings.set_model(None, c.load_config or {}, c.sampler)
            if c.loading:
                self.stack.setCurrentWidget(self.chat_page)
                if c.conv is None:  # the last chat shows while the engine starts and loads the model
                    self._open_initial_chat()

    def _load_progress(self, value: float) -> None:
        self.load_bar.setVisible(value >= 0)
        self.load_cancel.setVisible(value >= 0)
        if value >= 0:
            self.load_bar.setValue(int(value * 1000))
        else:  # loading ended (a success also sends model_changed): refresh the label, panel and plan once
            self._show_model_state(self.controller.model_info)

    # --- chats -----------------------------------------------------------------------------------

    def _open_initial_chat(self) -> None:
        last = self.db.setting("last_chat")
        chats = self.db.list_chats()
        ids = [row[0] for row in chats]
        if last in ids:
            self.controller.open_conversation(last)
        elif ids:
            self.controller.open_conversation(ids[0])
        else:
            self.controller.new_conversation()

    def refresh_chat_list(self) -> None:
        current = self.controller.conv.id if self.controller.conv else None
        self.sidebar.show_chats(self.db.list_chats(), self.db.message_counts(), current, self.avatars.chat_icons())

    def open_story_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a story"), "", self.tr("Stories (*.txt *.md);;All files (*)"))
        if path:
            self.controller.roleplay.open_story(path)

    def show_characters(self) -> QDialog:
        """File > Characters: the gallery (desktop/ui/characters)."""
        return self.character_wiring.show_dialog()

    def check_setting(self, load: dict) -> ProbeDialog | None:
        """Settings > Check this setting: measure the fields' context/RoPE setting on the loaded model,
        in a window of its own that leaves the chat usable (one check at a time: a running one is
        brought to the front)."""
        if not self.controller.model_info:
            self.show_banner("warning", self.tr("Load a model first: the check runs on it."))
            return None
        shown: ProbeDialog | None = getattr(self, "probe_dialog", None)
        if shown is not None and shown.running:
            shown.show()
            shown.raise_()
            shown.activateWindow()
            return shown
        if shown is not None:
            shown.close()
            shown.deleteLater()
        path = self.controller.model_info["config"]["model_path"]
        self.probe_dialog = ProbeDialog(self.client, self.db, model_key(path), load, self)
        self.probe_dialog.apply_requested.connect(lambda rope: (self.settings.set_rope(rope), self.settings.apply()))
        self.probe_dialog.notice.connect(self.show_banner)
        self.probe_dialog.follow(self.controller.busy_changed, self.controller.model_changed)
        self.probe_dialog.show()  # not modal, nor window-modal: the chat goes on meanwhile
        return self.probe_dialog

    def _new_chat(self) -> None:
        prompt = self.controller.conv.system_prompt if self.controller.conv else ""
        self.controller.new_conversation(prompt)

    def _count_changed(self, _index: int) -> None:
        conv = self.controller.conv
        if conv is not None and conv.id is not None:
            self.sidebar.set_chat_count(conv.id, len(conv.messages), to_top=True)

    def _open_chat(self, chat_id: int) -> None:
        if self.controller.conv is None or self.controller.conv.id != chat_id:
            self.sidebar.flush()  # pending system prompt / persona / note edits
            self.controller.open_conversation(chat_id)

    def _delete_selected_chat(self) -> None:
        item = self.chat_list.currentItem()
        if item is not None:
            self.chat_files.delete_chat(item.data(Qt.ItemDataRole.UserRole))
            self.chat_view.set_conversation(self.controller.conv)

    def _conversation_opened(self, conv) -> None:
        self.chat_search.reset()
        self.chat_view.set_conversation(conv)
        self.sidebar.show_conversation(conv)
        self.chat_page.show_map_of(conv)
        self.refresh_chat_list()

    # --- turns -----------------------------------------------------------------------------------

    def _send(self, text: str) -> None:
        self.sidebar.flush()  # pending system prompt / persona / note edits
        self.chat_page.clear_statuses()
        if self.controller.send(text):
            self.composer.clear()

    def _bubble_action(self, index: int, name: str) -> None:
        c = self.controller
        if name == "copy" and c.conv is not None:
            bubble = self.chat_view.bubble_for(index)
            thinks = bubble is not None and bubble.thinking is not None and bubble.thinking.isVisibleTo(bubble)
            # A reply that thinks copies as its answer (the thinking can be selected when unfolded).
            text = bubble.answer if thinks and bubble.answer.strip() else c.conv.messages[index].text
            QGuiApplication.clipboard().setText(text)
        elif name == "edit":
            self.chat_view.bubble_for(index).start_edit()
        elif name == "delete":
            c.delete(index)
        elif name == "regenerate":
            c.regenerate()
        elif name == "continue":
            c.continue_last()
        elif name in ("prev", "next"):
            c.browse(index, -1 if name == "prev" else 1)
        elif name == "branch":
            c.copies.branch_from(index)

    def _set_reasoning_opens(self, _info: dict) -> None:
        self.chat_view.reasoning_opens = self.controller.reasoning_opens

    def _busy_changed(self, busy: bool) -> None:
        self.chat_view.set_busy(busy)
        self.stop_button.setVisible(busy)
        self.send_button.setVisible(not busy)
        if not busy:
            self.chat_view.flush_stream()
            self.banner.end_busy()

    def show_banner(self, level: str, text: str) -> None:
        """A notice above the chat (see Banner: info and warnings fade, "busy" holds while a reply
        runs, errors stay until dismissed); errors also go to the log."""
        self.banner.show_message(level, text)
        if level == "error":
            log.error("%s", text)

    # --- app -------------------------------------------------------------------------------------

    def restart(self) -> None:
        """Close as usual (everything saved, the engine stopped), then start again (see app.main)."""
        self.restart_requested = True
        self.close()

    def showEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.shown.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Keep the work (streaming reply, system prompt), then stop the engine process (within 2 s)."""
        if self._closing:
            return
        self._closing = True
        self.sidebar.flush()  # pending system prompt / persona / note edits
        self.lore_dock.save_memory()
        self.controller.lore_memory.close()
        self.controller.flush()
        jobs = self.chat_files.jobs
        jobs.cancel()  # an import is taken back; a delete or import cut short is finished next start
        if not jobs.wait(5):
            log.warning("closing with a %s still running; it is finished at the next start", jobs.kind)
        self.db.set_setting("window_geometry", bytes(self.saveGeometry().toHex()).decode())
        self.serve_dock.stop(remember=False)  # (serving starts again with the app if it was on)
        self.serve_dock.gpu_share.stop_with_window()  # (the GPU shared: goes too, unless the user chose to keep it)
        self.models.downloads.shutdown(3)  # an unfinished download stays saved and resumes at the next start
        self.sample_fetch.cancel()
        if not self.client.stop(2000):
            log.error("the engine process did not stop within 2 s: it was ended")
        self.memory_dock.stop()
        QCoreApplication.sendPostedEvents(self.controller)  # the cancelled reply's final stats
        self.controller.detach()
