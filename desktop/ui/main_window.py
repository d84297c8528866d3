"""The main window: chats on the left, the conversation in the middle, settings docked on the right."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QActionGroup, QCloseEvent, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..models import list_models, models_dir
from ..monitor.sampler import GpuFactory
from ..storage.database import Database
from ..storage.paths import log_dir
from ..worker import EngineClient
from ..worker.sample_fetch import SampleFetch
from .about import app_icon
from .chat_files_ui import ChatFileActions
from .chat_search import ChatSearch
from .chat_view import ChatView
from .composer import Composer
from .context_map import ContextMap
from .controller import ChatController, model_key
from .engine_notice import EngineNotice
from .library_dialogs import LibraryDialogs
from .lore_wiring import install_lore
from .memory_panel import MemoryDock
from .model_library import ModelLibrary
from .plain import PlainLabel
from .probe_dialog import ProbeDialog
from .serve_dock import ServeDock
from .settings_panel import SettingsPanel
from .sidebar import ChatSidebar
from .welcome import WelcomeView

log = logging.getLogger("fireside.ui")
BANNER_STYLES = {"info": "background: #e8f1fb; color: #1d4f7a;", "warning": "background: #fff4d6; color: #6b4e00;",
                 "error": "background: #fde2e1; color: #8a1f17;"}


class MainWindow(ChatFileActions, LibraryDialogs, ModelLibrary, QMainWindow):
    shown = Signal()

    def __init__(self, db: Database, client: EngineClient | None = None, gpu_factory: GpuFactory | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Fireside")
        self.setWindowIcon(app_icon())
        self.resize(1280, 820)
        self.db = db
        self.client = client or EngineClient()
        self.sample_fetch = SampleFetch(self)
        self.controller = ChatController(db, self.client, self)
        self.engine_notice = EngineNotice()
        self._closing = False

        self._build_sidebar()
        self._build_chat_page()
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
        splitter.setSizes([240, 1040])
        self.setCentralWidget(splitter)

        self.settings = SettingsPanel()
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
        self.resizeDocks([self.settings_dock], [380], Qt.Orientation.Horizontal)

        self._build_status_bar()
        self._build_jobs()
        self._build_downloads()
        self._build_menus()
        self.lore_dock = install_lore(self)
        self._connect()
        self.refresh_chat_list()
        self.refresh_models()
        self._show_model_state({})
        self.serve_dock.start_if_it_was_on()
        self.resume_downloads()

    # --- construction ----------------------------------------------------------------------------

    def _build_sidebar(self) -> None:
        self.sidebar = ChatSidebar()
        self.new_chat_button = self.sidebar.new_chat_button
        self.chat_list = self.sidebar.chat_list
        self.system_prompt = self.sidebar.system_prompt
        self.sidebar.delete_requested.connect(self._delete_selected_chat)
        self.sidebar.fields_edited.connect(lambda values: self.controller.set_chat_fields(**values))
        self.controller.flush_pending_edits = self.sidebar.flush

    def _build_chat_page(self) -> None:
        self.chat_page = QWidget()
        self.banner = PlainLabel()
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setContentsMargins(8, 6, 8, 6)
        self.banner.hide()
        self.chat_view = ChatView()
        self.chat_search = ChatSearch()
        self.chat_search.find = self.controller.search
        self.chat_search.jump.connect(self.chat_view.scroll_to)
        self.context_map = ContextMap()
        chat_row = QHBoxLayout()
        chat_row.addWidget(self.chat_view, 1)
        chat_row.addWidget(self.context_map)
        self.prompt_bar = QProgressBar()
        self.prompt_bar.hide()
        self.composer = Composer()
        self.send_button = QPushButton(self.tr("Send"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the reply (Esc)"))
        self.stop_button.hide()
        row = QHBoxLayout()
        row.addWidget(self.composer, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        column = QVBoxLayout(self.chat_page)
        column.setContentsMargins(0, 0, 0, 6)
        column.addWidget(self.chat_search)
        column.addLayout(chat_row, 1)
        column.addWidget(self.prompt_bar)
        column.addLayout(row)

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
        file_menu.addAction(self.tr("&Get models..."), QKeySequence("Ctrl+Shift+G"), self.open_model_browser)
        file_menu.addAction(self.tr("Get the &sample model"), self._fetch_sample)
        file_menu.addAction(self.tr("Choose &model..."), self.show_welcome)
        file_menu.addSeparator()
        file_menu.addAction(self.tr("Open s&tory..."), QKeySequence("Ctrl+Shift+O"), self.open_story_dialog)
        file_menu.addAction(self.tr("&Characters..."), QKeySequence("Ctrl+Shift+C"), self.show_characters)
        file_menu.addAction(self.tr("&Export chat (SillyTavern JSONL)..."), self.export_chat)
        file_menu.addAction(self.tr("&Import chat (SillyTavern JSONL)..."), self.import_chat)
        file_menu.addSeparator()
        file_menu.addAction(self.tr("&New chat"), QKeySequence.StandardKey.New, self._new_chat)
        file_menu.addSeparator()
        file_menu.addAction(self.tr("&Quit"), QKeySequence.StandardKey.Quit, self.close)
        chat_menu = self.chat_menu = menu.addMenu(self.tr("&Chat"))
        chat_menu.addAction(self.tr("&Stop"), QKeySequence(Qt.Key.Key_Escape), self.controller.stop)
        chat_menu.addAction(self.tr("&Regenerate"), QKeySequence("Ctrl+R"), self.controller.regenerate)
        chat_menu.addAction(self.tr("&Continue"), QKeySequence("Ctrl+Shift+Return"), self.controller.continue_last)
        chat_menu.addAction(self.tr("&Find in chat..."), QKeySequence.StandardKey.Find, self.chat_search.open_search)
        view_menu = self.view_menu = menu.addMenu(self.tr("&View"))
        view_menu.addAction(self.settings_dock.toggleViewAction())
        view_menu.addAction(self.memory_dock.toggleViewAction())
        view_menu.addAction(self.serve_dock.toggleViewAction())
        self.language_menu = view_menu.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        for code, name in (("auto", self.tr("System")), ("en", "English"), ("ja", "日本語")):
            action = self.language_menu.addAction(name)
            action.setCheckable(True)
            group.addAction(action)
            action.setChecked(self.db.setting("language", "auto") == code)
            action.triggered.connect(lambda _=False, c=code: self._set_language(c))
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addAction(self.tr("Open &logs folder"), self.open_logs_folder)
        help_menu.addAction(self.tr("&About Fireside"), self._about)

    def _connect(self) -> None:
        c = self.controller
        self.composer.submitted.connect(self._send)
        self.composer.stop_requested.connect(c.stop)
        self.composer.browse.connect(c.browse_last)
        self.send_button.clicked.connect(self.composer.submit)
        self.stop_button.clicked.connect(c.stop)
        self.new_chat_button.clicked.connect(self._new_chat)
        self.chat_list.itemClicked.connect(self._chat_clicked)
        self.chat_view.action.connect(self._bubble_action)
        self.chat_view.edited.connect(c.edit)
        self.settings.applied.connect(c.apply_settings)
        self.settings.check_requested.connect(self.check_setting)
        self.load_cancel.clicked.connect(c.cancel_load)
        self.welcome.fetch_requested.connect(self._fetch_sample)
        self.welcome.fetch_cancel_requested.connect(self.sample_fetch.cancel)
        self.welcome.open_requested.connect(self.open_model_dialog)
        self.welcome.model_chosen.connect(c.load_model)
        self.welcome.browse_requested.connect(self.open_model_browser)
        self.welcome.delete_requested.connect(self.delete_model)
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
        c.prompt_progress.connect(self._prompt_progress)
        c.model_changed.connect(self._show_model_state)
        c.model_changed.connect(self._set_reasoning_opens)
        c.model_failed.connect(lambda _msg: self.stack.setCurrentWidget(self.welcome) if not c.model_info else None)
        c.conversations_changed.connect(self.refresh_chat_list)
        c.conversation_opened.connect(self._conversation_opened)
        c.message_added.connect(lambda i: self.chat_view.append(c.conv.messages[i]))
        c.message_changed.connect(self.chat_view.refresh)
        c.message_streaming.connect(self.chat_view.stream)
        c.messages_removed.connect(self.chat_view.remove_from)
        c.message_deleted.connect(self.chat_view.removed)
        c.names_changed.connect(self.chat_view.set_names)
        c.context_map.connect(self.context_map.set_map)
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
            self.model_label.setText(self.tr("{0} · context {1} · loaded in {2:.1f} s").format(
                Path(info["config"]["model_path"]).name, info["n_ctx"], info["load_seconds"]))
            self.settings.set_model(facts, info["config"], c.sampler, info.get("shape"))
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
        self.sidebar.show_chats(self.db.list_chats(), self.db.message_counts(), current)

    def check_setting(self, load: dict) -> ProbeDialog | None:
        """Settings > Check this setting: measure the fields' context/RoPE setting on the loaded model."""
        if not self.controller.model_info:
            self.show_banner("warning", self.tr("Load a model first: the check runs on it."))
            return None
        path = self.controller.model_info["config"]["model_path"]
        self.probe_dialog = ProbeDialog(self.client, self.db, model_key(path), load, self)
        self.probe_dialog.apply_requested.connect(lambda rope: (self.settings.set_rope(rope), self.settings.apply()))
        self.probe_dialog.open()
        return self.probe_dialog

    def _new_chat(self) -> None:
        prompt = self.controller.conv.system_prompt if self.controller.conv else ""
        self.controller.new_conversation(prompt)

    def _chat_clicked(self, item: QListWidgetItem) -> None:
        chat_id = item.data(Qt.ItemDataRole.UserRole)
        if self.controller.conv is None or self.controller.conv.id != chat_id:
            self.sidebar.flush()  # pending system prompt / persona / note edits
            self.controller.open_conversation(chat_id)

    def _delete_selected_chat(self) -> None:
        item = self.chat_list.currentItem()
        if item is not None:
            self.delete_chat(item.data(Qt.ItemDataRole.UserRole))
            self.chat_view.set_conversation(self.controller.conv)

    def _conversation_opened(self, conv) -> None:
        self.chat_search.reset()
        self.chat_view.set_conversation(conv)
        self.sidebar.show_conversation(conv)
        self.context_map.clear()
        self.refresh_chat_list()

    # --- turns -----------------------------------------------------------------------------------

    def _send(self, text: str) -> None:
        self.sidebar.flush()  # pending system prompt / persona / note edits
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

    def _set_reasoning_opens(self, _info: dict) -> None:
        self.chat_view.reasoning_opens = self.controller.reasoning_opens

    def _busy_changed(self, busy: bool) -> None:
        self.chat_view.set_busy(busy)
        self.stop_button.setVisible(busy)
        self.send_button.setVisible(not busy)
        if not busy:
            self.chat_view.flush_stream()

    def _prompt_progress(self, done: int, total: int) -> None:
        show = total > 256 and done < total
        self.prompt_bar.setVisible(show)
        if show:
            self.prompt_bar.setRange(0, total)
            self.prompt_bar.setValue(done)
            self.prompt_bar.setFormat(self.tr("Reading the prompt: %v / %m tokens (Esc cancels)"))

    def show_banner(self, level: str, text: str) -> None:
        self.banner.setStyleSheet(BANNER_STYLES.get(level, ""))
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
        if level == "error":
            log.error("%s", text)
        self.statusBar().showMessage(text, 8000)

    # --- app -------------------------------------------------------------------------------------

    def _set_language(self, code: str) -> None:
        self.db.set_setting("language", code)
        self.show_banner("info", self.tr("The language changes the next time Fireside starts."))

    def open_logs_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))

    def _about(self) -> None:
        from .about import show_about

        self.about_box = show_about(self)

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
        self.jobs.cancel()  # an import is taken back; a delete or import cut short is finished next start
        if not self.jobs.wait(5):
            log.warning("closing with a %s still running; it is finished at the next start", self.jobs.kind)
        self.db.set_setting("window_geometry", bytes(self.saveGeometry().toHex()).decode())
        self.serve_dock.stop(remember=False)  # (serving starts again with the app if it was on)
        self.downloads.shutdown(3)  # an unfinished download stays saved and resumes at the next start
        self.sample_fetch.cancel()
        if not self.client.stop(2000):
            log.error("the engine process did not stop within 2 s: it was ended")
        self.memory_dock.stop()
        QCoreApplication.sendPostedEvents(self.controller)  # the cancelled reply's final stats
        self.controller.detach()
