"""Test hooks run inside the engine process (FIRESIDE_ENGINE_TEST_HOOK=engine_hooks:NAME): they patch
the engine there, where the tests cannot reach directly."""

from __future__ import annotations

import time


def break_reply_once() -> None:
    """The first ChatSession.reply raises a KeyError (a bug nobody foresaw); later ones work."""
    from desktop.engine.chat import ChatSession

    real = ChatSession.reply
    calls = [0]

    def reply(self, settings=None):
        calls[0] += 1
        if calls[0] == 1:
            return {}["a key that is not there"]
        return real(self, settings)

    ChatSession.reply = reply


def slow_snapshot_save() -> None:
    """Saving a snapshot takes 30 s (a huge cache on a slow disk)."""
    from desktop.engine.snapshot import SnapshotStore

    real = SnapshotStore.save

    def save(self, *args):
        time.sleep(30)
        return real(self, *args)

    SnapshotStore.save = save


def announce_snapshot_save() -> None:
    """Print SAVING / SAVED around llama.cpp's state-file write (the crash test kills the app there)."""
    from desktop.engine.native import NativeContext

    real = NativeContext.save_state

    def announcing(self, file, tokens):
        print("SAVING", len(tokens), flush=True)
        real(self, file, tokens)
        print("SAVED", flush=True)

    NativeContext.save_state = announcing


def register_word_count() -> None:
    """A new job kind: a handler and its one registration."""
    from desktop.worker.handlers import HANDLERS

    def word_count(ctx, args):
        ctx.report.progress({"stage": "counting", "done": 1, "total": 1})
        return {"words": len(str(args.get("text", "")).split())}

    HANDLERS["word_count"] = word_count
