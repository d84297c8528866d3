"""The chat logic behind the window: conversations, model loading and replies, persistence.

It owns no widgets: the window shows what its signals say. It talks to the engine only through
`EngineClient` (jobs out, queued signals back), and stores every change in the database as it
happens. When the engine process dies, the reply streaming at that moment is kept as far as it got.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ...chat.conversation import Conversation, Message
from ...chat.library import PromptParts, prompt_parts, stored_card
from ...chat.reasoning import ReasoningStream, model_opens_reasoning, with_thinking_count
from ...engine.config import LoadConfig
from ...engine.sampling import SamplerSettings
from ...storage.database import Database
from ...worker import EngineClient
from ...worker.crash_report import adjusted_config
from ...worker.protocol import CANCELLED, ENGINE_DIED, CrashReport, JobError
from ..engine_text import reading_report
from ..lore.lore_memory import LoreMemory
from ..settings.messages import plain_problem_text
from ..settings.panel import same_load_settings
from .chat_copies import ChatCopies
from .roleplay import Roleplay

log = logging.getLogger("fireside.ui")

STREAM_SAVE_MS = 2000  # a streaming reply is written to disk this often
# A turn sends the engine the newest messages holding this many characters per token of the window
# (twice over, as the engine looks back two windows); a chat's older messages are never read for a
# turn. If that was not enough (text of very long tokens), the engine says so and the next turn
# sends twice as much.
TAIL_CHARS_PER_TOKEN = 8


def model_key(path: str) -> str:
    """Settings are remembered per model file (its name and size, so a moved file keeps them)."""
    p = Path(path)
    try:
        return f"{p.name}:{p.stat().st_size}"
    except OSError:
        return p.name


class ChatController(QObject):
    notify = Signal(str, str)  # level ("info", "warning", "busy", "error": see ui.banner), text
    busy_changed = Signal(bool)  # a reply is being generated
    load_progress = Signal(float)  # 0..1, or -1 when loading ends
    prompt_progress = Signal(int, int)  # tokens done, total (0, 0 when done)
    # A story being read into its chat: (tokens read, of the story's tokens, finished, cancelled).
    reading = Signal(int, int, bool, bool)
    model_changed = Signal(dict)  # model info from the worker, {} when none
    model_failed = Signal(str)
    conversations_changed = Signal()
    conversation_opened = Signal(object)  # Conversation
    message_added = Signal(int)  # index
    message_changed = Signal(int)  # index (content, swipe or stats)
    message_streaming = Signal(int)  # index; text grew
    messages_removed = Signal(int)  # from index on
    message_deleted = Signal(int)  # index; later messages moved up by one
    reply_finished = Signal(dict)  # the worker's result
    names_changed = Signal(str, str)  # the user's (persona) name, the character's name
    context_map = Signal(dict)  # the shown chat's context map (see ChatSession.context_map)
    engine_died = Signal(object)  # CrashReport: the engine process ended; the chats are all kept
    # Asks the views for their pending edits of the chat's fields (persona, note, system prompt), sent
    # (directly, in this thread) before the shown chat is replaced and before every request, so none
    # is dropped or stale.
    edits_wanted = Signal()

    def __init__(self, db: Database, client: EngineClient, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.client = client
        self.conv: Conversation | None = None
        self.model_info: dict[str, Any] = {}
        self.lost_model: dict[str, Any] = {}  # what was loaded when the engine last died
        # The loaded model's template opens the thinking block in its generation prompt (DeepSeek-R1
        # distills, QwQ): its replies start inside the block and only `</think>` appears.
        self.reasoning_opens = False
        self._thinking: ReasoningStream | None = None  # counts the streaming reply's thinking tokens
        self.load_config: dict[str, Any] = {}
        self.sampler: dict[str, Any] = SamplerSettings().to_dict()
        self.loading_id = 0
        self.load_started = 0.0
        self.gen_mode = ""  # the running request's mode ("read" for a story)
        self.gen_id = 0
        self.tail_factor = 1  # doubles when the engine found the history it was sent too short
        self.streaming: Message | None = None
        self.stream_conv: Conversation | None = None  # the chat the streaming reply belongs to
        self._save_timer = QTimer(self)
        self._save_timer.setInterval(STREAM_SAVE_MS)
        self._save_timer.timeout.connect(self._save_streaming)
        self._connections = ((client.progress, self._on_progress), (client.tokens, self._on_tokens),
                             (client.finished, self._on_job_finished), (client.failed, self._on_job_failed),
                             (client.notice, self._on_notice), (client.died, self._on_engine_died))
        for signal, slot in self._connections:
            signal.connect(slot)
        self.lore_memory = LoreMemory(db, client, self)
        self.last_map: dict[int, dict[str, Any]] = {}  # each chat's last context map from the engine
        self.copies = ChatCopies(self)  # rename, duplicate, branch
        self.roleplay = Roleplay(db, self)  # chats from a card or a story; the persona and note

    @property
    def busy(self) -> bool:
        return self.gen_id != 0

    @property
    def loading(self) -> bool:
        return self.loading_id != 0

    # --- models ----------------------------------------------------------------------------------

    def load_model(self, path: str, load: dict[str, Any] | None = None, sampler: dict[str, Any] | None = None) -> None:
        """Load `path` with the given settings, else the ones remembered for it, else defaults."""
        self.stop()
        stored = self.db.model_settings(model_key(path))
        if load is None:
            load = stored[0] if stored else LoadConfig(path).to_dict()
        if sampler is None:
            sampler = stored[1] if stored else self.sampler
        self.load_config = {**load, "model_path": path}
        self.sampler = sampler
        self.model_info = {}
        self.reasoning_opens = False
        self.loading_id = self.client.load(self.load_config)
        self.load_started = time.monotonic()  # "loaded in" is the wait the user saw, click to ready
        self.model_changed.emit({})  # after loading_id is set, so the window shows "Loading ..."
        self.load_progress.emit(0.0)
        log.info("loading %s", path)

    def cancel_load(self) -> None:
        if self.loading_id:
            self.client.cancel(self.loading_id)

    def apply_settings(self, load: dict[str, Any], sampler: dict[str, Any]) -> None:
        """Remember the settings for this model; reload only when a load setting changed."""
        path = load.get("model_path") or self.load_config.get("model_path", "")
        self.sampler = sampler
        self.db.set_model_settings(model_key(path), load, sampler)
        if not same_load_settings(load, self.model_info.get("config", {})):
            self.load_model(path, load, sampler)
        else:
            self.notify.emit("info", self.tr("Sampler settings saved; they apply from the next reply."))

    def _on_progress(self, rid: int, data: dict) -> None:
        if rid == self.loading_id and data.get("stage") == "load":
            self.load_progress.emit(data["value"])
        elif rid == self.gen_id and data.get("stage") == "prompt":
            self.prompt_progress.emit(data["done"], data["total"])
            if self.gen_mode == "read":
                self.reading.emit(data["done"], data["total"], False, False)

    def _on_job_finished(self, rid: int, result: object) -> None:
        if rid and rid == self.loading_id:
            self._on_loaded(rid, result)  # type: ignore[arg-type]
        elif rid and rid == self.gen_id:
            self._on_finished(rid, result)  # type: ignore[arg-type]

    def _on_job_failed(self, rid: int, error: JobError) -> None:
        if rid and rid == self.loading_id:
            message = "cancelled" if error.code == CANCELLED else error.message
            self._on_load_failed(rid, message, list(error.problems))
        elif rid and rid == self.gen_id:
            if error.code == CANCELLED:
                self._on_finished(rid, {"text": "", "stats": "", "notice": "", "reason": "cancelled"})
            else:
                self._on_failed(rid, error)

    def _on_notice(self, kind: str, data: object) -> None:
        if kind == "context_map" and isinstance(data, dict):
            self._on_context_map(data["chat"], data["map"])

    def _on_context_map(self, key: object, data: dict) -> None:
        if isinstance(key, int):
            self.last_map[key] = data
        if self.conv is not None and key == self.conv.id:
            self.context_map.emit(data)

    def _on_engine_died(self, report: CrashReport) -> None:
        """The engine process is gone (its jobs' failures came first): no model is loaded now.
        A hang the app ended (a cancel nobody answered) restarts at once with the same model."""
        log.error("the engine stopped: %s", report.cause)
        had_model = bool(self.model_info)
        # What the notice's actions change: the loaded model's settings, else the ones being loaded.
        self.lost_model = self.model_info or {"config": dict(self.load_config)}
        self.model_info = {}
        self.loading_id = 0
        self.load_progress.emit(-1)
        self.model_changed.emit({})
        if report.hang and had_model:
            self.notify.emit("warning", self.tr("The engine did not answer: {0}. It was restarted and the model is "
                                                "loading again.").format(report.cause))
            self.recover("restart", dict(self.lost_model["config"]))
            return
        without = adjusted_config("without_gone_servers", dict(self.lost_model["config"]),
                                  gone=report.gone_servers) if had_model else None
        if without is not None:  # another computer's GPU went away: go on with the devices left
            self.notify.emit("warning", self.tr("The GPU server {0} stopped answering. The model is loading again "
                                                "without it; your chat is kept.").format(", ".join(report.gone_servers)))
            self.recover("without_gone_servers", without)
            return
        self.engine_died.emit(report)

    def recover(self, action: str, load: dict[str, Any]) -> None:
        """A new engine process, then the model again with `load` (an action's settings); the chat
        comes back from its snapshot on the next turn, or is read again."""
        log.info("restarting the engine (%s)", action)
        if self.client.alive:  # (a dead one is restarted by the load, for the GPU servers it names)
            self.client.restart()
        path = load.get("model_path") or self.load_config.get("model_path")
        if path:
            self.load_model(path, {**load, "model_path": path}, self.sampler)

    def _on_loaded(self, rid: int, info: dict) -> None:
        if rid != self.loading_id:
            return
        self.loading_id = 0
        self.load_progress.emit(-1)
        self.model_info = {**info, "ready_seconds": time.monotonic() - self.load_started}
        info = self.model_info
        path = info["config"]["model_path"]
        self.reasoning_opens = not info.get("format_notice") and model_opens_reasoning(path)
        self.db.add_recent_model(path)
        self.db.set_setting("last_model", path)
        self.db.set_model_settings(model_key(path), info["config"], self.sampler)
        self.model_changed.emit(info)
        for text in [info.get("format_notice", ""), info.get("shift_notice", ""), *map(plain_problem_text, info.get("warnings", []))]:
            if text:
                self.notify.emit("warning", text)

    def _on_load_failed(self, rid: int, message: str, problems: list) -> None:
        if rid != self.loading_id:
            return
        self.loading_id = 0
        self.load_progress.emit(-1)
        if message == "cancelled":
            self.notify.emit("info", self.tr("Loading was cancelled."))
        else:
            log.error("could not load the model: %s", message)
            shown = "; ".join(plain_problem_text(f"{f}: {m}") for f, m in problems) or message  # labels, not keys
            self.notify.emit("error", self.tr("Could not load the model: {0}").format(shown))
        self.model_failed.emit(message)

    # --- conversations ---------------------------------------------------------------------------

    def new_conversation(self, system_prompt: str = "") -> Conversation:
        self.stop()
        conv = Conversation(system_prompt=system_prompt, model_path=self.load_config.get("model_path", ""))
        self.db.save_chat(conv)
        self.open_conversation(conv)
        self.conversations_changed.emit()
        return conv

    def open_conversation(self, conv: Conversation | int) -> None:
        self.edits_wanted.emit()
        self.stop()
        if isinstance(conv, int) and self.stream_conv is not None and self.stream_conv.id == conv:
            conv = self.stream_conv  # its reply is still streaming into this copy: show that one
        if isinstance(conv, int):
            loaded = self.db.load_chat(conv)
            if loaded is None:
                self.notify.emit("error", self.tr("That chat no longer exists."))
                return
            conv = loaded
        self.conv = conv
        self.db.set_setting("last_chat", conv.id)
        self.conversation_opened.emit(conv)
        parts = self.parts()
        self.names_changed.emit(parts.user_name, parts.character_name)

    def adopt_conversation(self, conv: Conversation) -> None:
        """Store a new chat (from a card, a story, an import or a carried memory) and show it."""
        self.stop()
        conv.model_path = self.load_config.get("model_path", "")
        self.db.save_chat(conv)
        self.open_conversation(conv)
        self.conversations_changed.emit()

    def parts(self) -> PromptParts:
        assert self.conv is not None
        return prompt_parts(self.conv, stored_card(self.db, self.conv.character_id))

    def search(self, text: str) -> list[int]:
        """Indices (oldest first) of the shown chat's messages that contain `text`."""
        if self.conv is None or self.conv.id is None:
            return []
        self.flush()  # a reply still streaming is searched as shown
        return self.db.search_messages(self.conv.id, text)

    def delete_conversation(self, chat_id: int, rows: bool = True) -> None:
        """Delete a chat; with `rows` False it is only hidden (a background job deletes its rows)."""
        if self.stream_conv is not None and self.stream_conv.id == chat_id:
            self.stop()
            self.streaming, self.stream_conv = None, None  # nothing left to save it into
        if self.conv is not None and self.conv.id == chat_id:
            self.conv = None
        if rows:
            self.db.delete_chat(chat_id)
        else:
            self.db.hide_chat(chat_id)
        self.conversations_changed.emit()

    # --- turns -----------------------------------------------------------------------------------

    def can_generate(self) -> bool:
        if not self.model_info and not self.loading and self.client.crash is not None and not self.client.alive:
            self.notify.emit("warning", self.tr("The engine stopped: restart it with the button above; your message "
                                                "is kept in the box."))
            return False
        if not self.model_info:
            self.notify.emit("warning", self.tr("Load a model first: your message is kept in the box."))
            return False
        if self.busy:
            self.notify.emit("busy", self.tr("Wait for the reply to finish, or stop it (Esc)."))
            return False
        return True

    def send(self, text: str) -> bool:
        """Store the user's message and ask for a reply. False (and the text stays with the caller) if not possible."""
        if not self.can_generate():
            return False
        if self.conv is None:
            self.new_conversation()
        assert self.conv is not None
        title_before = self.conv.title
        msg = self.conv.add("user", text)
        self.db.save_message(self.conv, msg)
        self.message_added.emit(len(self.conv.messages) - 1)
        if self.conv.title != title_before:
            self.conversations_changed.emit()
        self._reply()
        return True

    def read_in(self) -> None:
        """Read the shown chat's story into the context (progress as `reading`; cancellable)."""
        assert self.conv is not None
        self.streaming, self.stream_conv = None, self.conv
        self._send_request("read", self.conv.history())

    def regenerate(self) -> None:
        """A new alternate for the last reply (the old ones stay as swipes), or a reply to a last user turn."""
        if self.conv is None or not self.conv.messages or not self.can_generate():
            return
        last = self.conv.messages[-1]
        if last.role == "user":
            self._reply()
            return
        last.add_swipe()
        index = len(self.conv.messages) - 1
        self.db.save_message(self.conv, last)
        self.message_changed.emit(index)
        self._start(last, "reply", index)

    def continue_last(self) -> None:
        if self.conv is None or not self.conv.messages or not self.can_generate():
            return
        last = self.conv.messages[-1]
        if last.role != "assistant":
            self._reply()
            return
        self._start(last, "continue", len(self.conv.messages))

    def browse(self, index: int, step: int) -> None:
        if self.conv is None or self.busy or not 0 <= index < len(self.conv.messages):
            return
        msg = self.conv.messages[index]
        if msg.browse(step):
            self.db.save_message(self.conv, msg)
            self.message_changed.emit(index)

    def browse_last(self, step: int) -> None:
        if self.conv is not None and self.conv.messages:
            self.browse(len(self.conv.messages) - 1, step)

    def edit(self, index: int, text: str, continue_after: bool) -> None:
        """Change a message; with `continue_after`, drop what follows and generate from there."""
        if self.conv is None or self.busy or not 0 <= index < len(self.conv.messages):
            return
        # What would be dropped is kept first, as it stands, in a branch chat; if it cannot be, nothing is.
        if continue_after and index + 1 < len(self.conv.messages) and not self.copies.keep_later_messages():
            continue_after = False
        msg = self.conv.messages[index]
        msg.set_text(text)
        msg.current.stats = ""
        msg.current.notice = ""
        self.conv.touch()
        self.db.save_message(self.conv, msg)
        self.message_changed.emit(index)
        if continue_after:
            if index + 1 < len(self.conv.messages):
                self.conv.truncate(index + 1)
                self.db.save_chat(self.conv)
                self.messages_removed.emit(index + 1)
            self.continue_last() if msg.role == "assistant" else self.regenerate()

    def delete(self, index: int) -> None:
        if self.conv is None or self.busy or not 0 <= index < len(self.conv.messages):
            return
        self.conv.delete(index)
        self.db.save_chat(self.conv)
        self.message_deleted.emit(index)

    def stop(self) -> None:
        if self.gen_id:
            self.client.cancel(self.gen_id)

    def _reply(self) -> None:
        assert self.conv is not None
        upto = len(self.conv.messages)
        msg = self.conv.add("assistant", "")
        self.db.save_message(self.conv, msg)
        self.message_added.emit(len(self.conv.messages) - 1)
        self._start(msg, "reply", upto)

    def _start(self, msg: Message, mode: str, upto: int) -> None:
        """Generate into `msg` from the history before message `upto`."""
        assert self.conv is not None
        self.streaming = msg
        self.stream_conv = self.conv
        n_ctx = self.n_ctx
        # Replies go back without their thinking block (reasoning models are trained so). The engine
        # caches each message's tokens by its text, so the reply just finished (cached with its
        # thinking) is re-evaluated once, without it, when the next turn is sent: that costs one
        # reply's tokens, not the history's. A reply being continued goes whole (its thinking, even
        # an open block, is what the model continues from).
        continuing = mode == "continue"
        start, history = self.conv.history_tail(2 * n_ctx * TAIL_CHARS_PER_TOKEN * self.tail_factor, upto,
                                                keep_last=continuing)
        self._thinking = ReasoningStream(self.reasoning_opens)
        if continuing:
            self._thinking.feed(msg.text)  # where the reply stands: thinking or answering
            self._thinking.reasoning_pieces = 0
        self._send_request(mode, history, start)

    def _send_request(self, mode: str, history: list, start: int = 0) -> None:
        assert self.conv is not None
        self.edits_wanted.emit()
        self.lore_memory.cancel_background()  # a summary running now must not delay this reply
        parts = self.lore_memory.turn_parts(self.conv, stored_card(self.db, self.conv.character_id), self.n_ctx, mode)
        self.gen_id = self.client.generate(self._request(parts, mode, history, start))
        self.gen_mode = mode
        self._save_timer.start()
        self.busy_changed.emit(True)

    def _request(self, parts: PromptParts, mode: str, history: list, start: int = 0) -> dict[str, Any]:
        assert self.conv is not None
        return {"chat": self.conv.id, "system_prompt": parts.system_prompt, "note": parts.note,
                "user_name": parts.user_name, "char_name": parts.character_name, "lore": list(parts.lore),
                "memory": parts.memory, "history": history, "history_start": start, "mode": mode, "sampler": self.sampler}

    @property
    def n_ctx(self) -> int:
        return int(self.model_info.get("n_ctx") or self.load_config.get("n_ctx") or 4096)

    def _summarize_if_due(self) -> None:
        """After a reply: fold turns leaving the window into the chat's memory, in the background."""
        conv = self.conv
        if conv is None or conv.id is None or self.busy or self.client.running_job:
            return

        def request(parts: PromptParts) -> dict[str, Any]:
            start, history = conv.history_tail(2 * self.n_ctx * TAIL_CHARS_PER_TOKEN * self.tail_factor)
            return self._request(parts, "reply", history, start)

        self.lore_memory.after_reply(conv, self.last_map.get(conv.id, {}), request)

    def _on_tokens(self, rid: int, pieces: list) -> None:
        if rid != self.gen_id or self.streaming is None:
            return
        self.streaming.current.text += "".join(pieces)
        if self._thinking is not None:
            for piece in pieces:  # one piece per token: the thinking's token count
                self._thinking.feed(piece)
        if self.stream_conv is self.conv:  # the user may have switched chats while it stops
            self.message_streaming.emit(self.conv.index_of(self.streaming))

    def _save_streaming(self) -> None:
        if self.streaming is not None and self.stream_conv is not None:
            self.db.save_message(self.stream_conv, self.streaming)

    def _end(self, rid: int, result: dict | None) -> tuple[Message, int] | None:
        """Finish the streaming reply: store it (in its own chat, shown or not); return it if shown."""
        if rid != self.gen_id:
            return None
        self.gen_id = 0
        self._save_timer.stop()
        self.prompt_progress.emit(0, 0)
        msg, conv = self.streaming, self.stream_conv
        thinking = self._thinking.reasoning_pieces if self._thinking is not None else 0
        self.streaming, self.stream_conv, self._thinking = None, None, None
        self.busy_changed.emit(False)
        if msg is None or conv is None:
            return None
        if result and result.get("stats"):
            # One piece per token (but where a stop string held text back): the thinking's tokens.
            msg.current.stats = with_thinking_count(result["stats"], thinking)
            msg.current.notice = result.get("notice", "")
        if conv is not self.conv:
            if msg.text:
                self.db.save_message(conv, msg)
            else:
                self._drop_empty(conv, msg, conv.index_of(msg))
            return None
        return msg, conv.index_of(msg)

    def _on_finished(self, rid: int, result: dict) -> None:
        current = rid == self.gen_id
        if current and result.get("history_short") and self.tail_factor < 64:
            self.tail_factor *= 2
        if current and result.get("reason") in ("read", "cancelled") and "document_tokens" in result.get("data", {}):
            self.notify.emit("info", reading_report(result["data"], result["reason"] == "cancelled"))
            data = result["data"]
            self.reading.emit(data.get("document_cached", data["document_tokens"]), data["document_tokens"], True,
                              result["reason"] == "cancelled")
        ended = self._end(rid, result)
        if ended is not None:
            msg, index = ended
            if not msg.text and result.get("reason") == "cancelled":
                self._drop_empty(self.conv, msg, index)
            else:
                self.db.save_message(self.conv, msg)
                self.message_changed.emit(index)
        if current:
            self.reply_finished.emit(result)
            if result.get("reason") != "cancelled":
                self._summarize_if_due()

    def _on_failed(self, rid: int, error: JobError) -> None:
        streaming = self.streaming if rid == self.gen_id else None
        died = error.code == ENGINE_DIED
        if died and streaming is not None and streaming.text:
            # Every token that reached the window stays, marked as cut short, in its own chat.
            cause = error.crash.cause if error.crash is not None else error.message
            streaming.current.notice = self.tr("Cut short when the engine stopped: {0}.").format(cause)
        ended = self._end(rid, None)  # (a chat not shown is stored there)
        if not died:
            log.error("reply failed: %s", error.message)
            self.notify.emit("error", self.tr("The reply failed: {0}").format(error.message))
        if ended is not None:
            msg, index = ended
            if not msg.text:
                self._drop_empty(self.conv, msg, index)
            else:
                self.db.save_message(self.conv, msg)
                self.message_changed.emit(index)

    def _drop_empty(self, conv: Conversation, msg: Message, index: int) -> None:
        """A reply that produced nothing leaves no empty bubble behind (an empty alternate is dropped)."""
        shown = conv is self.conv
        if len(msg.swipes) > 1:
            msg.drop_empty_swipe()
            self.db.save_message(conv, msg)
            if shown:
                self.message_changed.emit(index)
        elif msg.role == "assistant" and index == len(conv.messages) - 1:
            conv.delete(index)
            self.db.save_chat(conv)
            if shown:
                self.messages_removed.emit(index)

    def detach(self) -> None:
        """Stop listening to the worker (the window is closing; the database is about to close)."""
        for signal, slot in self._connections:
            signal.disconnect(slot)
        self._save_timer.stop()
        self.lore_memory.close()

    def flush(self) -> None:
        """Write a streaming reply now (before closing)."""
        self._save_streaming()
