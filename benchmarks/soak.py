"""Soak: the real chat controller and engine process through many turns of mixed use, checked after each.

A seeded mix of sends, regenerates, swipes, edits, deletes, continues, author's-note changes,
pasted chapters longer than the window, chat switches (each saving and restoring a snapshot)
drives `ChatController` (the window's logic) over a real SQLite file and the real engine
process. After every turn (an `audit` job in the engine process): llama.cpp's `pos_max` equals the mirror, the cache holds exactly
the pinned block plus the live part of each message the chat shows (and the note), and the prompt
tokens evaluated are no more than what changed. Prints JSON (see the README's Reliability section).

    python benchmarks/soak.py --model PATH --turns 1000 --n-ctx 1024 --json
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from common import parser  # noqa: E402
from event_wait import wait_for  # noqa: E402

SLACK = 8  # reply opener, the last reply's closing tokens, the one token evaluated again for its logits
NOTES = ["", "[Mood: rain over the harbour.]", "[Keep it short and mention a lantern.]", ""]
WORDS = "lantern harbour dragon mill river boat storm bell tower rope salt".split()


class Soak:
    def __init__(self, model: str, n_ctx: int, seed: int, data_dir: Path) -> None:
        from PySide6.QtCore import QCoreApplication

        os.environ["FIRESIDE_DATA_DIR"] = str(data_dir)
        self.before_lore: set[tuple[str, int]] = set()  # the lorebook entries / memory placed before a turn
        self.app = QCoreApplication.instance() or QCoreApplication([])
        from desktop.storage.database import open_database
        from desktop.storage.paths import database_path
        from desktop.ui.chat.controller import ChatController
        from desktop.worker import EngineClient

        self.db, _ = open_database(database_path())
        self.client = EngineClient()
        self.c = ChatController(self.db, self.client)
        self.rng = random.Random(seed)
        self.n_ctx = n_ctx
        self.results: list[dict] = []
        self.failures: list[str] = []
        self.errors: list[str] = []
        self.snapshot_events: list[dict] = []
        self.client.notice.connect(self._on_notice)
        self.c.reply_finished.connect(self.results.append)
        self.c.notify.connect(self._on_notify)
        self.note_turns: dict[bool, list[int]] = {False: [], True: []}
        self.note_lengths: list[int] = []
        self.shifts = 0
        self.reprocessed = 0
        self.prompt_excess = 0
        self.restores = 0
        self.rss: list[int] = []
        self.c.load_model(model, {"model_path": model, "n_ctx": n_ctx, "n_threads": 2},
                          {"max_tokens": 32, "seed": seed, "temperature": 0.8})
        self._wait(lambda: bool(self.c.model_info), 120)
        self.chats = [self.c.new_conversation("You are Ember, an old dragon. Answer in a few sentences.").id
                      for _ in range(3)]

    def _on_notice(self, kind: str, event: object) -> None:
        if kind == "snapshot" and isinstance(event, dict):
            self.snapshot_events.append(dict(event))

    def _on_notify(self, level: str, text: str) -> None:
        if level == "error":
            self.errors.append(text)

    def _wait(self, condition, seconds: float = 300) -> None:
        wait_for(condition, seconds, "the engine")

    # --- one turn ----------------------------------------------------------------------------------

    def sentence(self, words: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(words)).capitalize() + "."

    def chapter(self) -> str:
        return " ".join(self.sentence(12) for _ in range(self.n_ctx // 9))

    def turn(self, number: int) -> None:
        c = self.c
        conv = c.conv
        action = self.rng.choices(
            ["send", "regenerate", "swipe", "edit", "edit_old", "delete", "continue", "note", "chapter", "switch"],
            [40, 10, 5, 5, 3, 3, 7, 9, 3, 15])[0]
        last = conv.messages[-1] if conv.messages else None
        if action == "regenerate" and last is not None and last.role == "assistant":
            start = c.regenerate
        elif action == "continue" and last is not None and last.role == "assistant" and last.text:
            start = c.continue_last
        elif action == "edit" and len(conv.messages) >= 2 and conv.messages[-2].role == "user":
            index = len(conv.messages) - 2
            start = lambda: c.edit(index, self.sentence(8), continue_after=True)  # noqa: E731
        else:
            if action == "swipe" and last is not None and len(last.swipes) > 1:
                c.browse_last(-1 if last.swipe else 1)
            elif action == "edit_old" and len(conv.messages) > 4:
                index = self.rng.randrange(len(conv.messages) - 2)
                c.edit(index, conv.messages[index].text + " (edited)", continue_after=False)
            elif action == "delete" and len(conv.messages) > 4:
                c.delete(self.rng.randrange(1, len(conv.messages) - 2))
            elif action == "note":
                c.roleplay.set_chat_fields(authors_note=self.rng.choice(NOTES))
            elif action == "switch":
                others = [i for i in self.chats if i != conv.id]
                c.open_conversation(self.rng.choice(others))
            text = self.chapter() if action == "chapter" else self.sentence(self.rng.randint(4, 14))
            start = lambda: c.send(text)  # noqa: E731
        self._run_turn(number, start, action)

    def _run_turn(self, number: int, start, action: str) -> None:
        before = self._audit() if self.c.conv is not None and self.c.model_info else None
        before_ids = {m[0] for m in before["messages"]} if before else set()
        self.before_lore = {(e, a) for e, a, _n in before.get("lore", [])} if before else set()
        mirror_before = before["head"] if before else []
        events_before = len(self.snapshot_events)
        done = len(self.results)
        errors = len(self.errors)
        start()
        self._wait(lambda: len(self.results) > done or len(self.errors) > errors)
        self._wait(lambda: not self.c.busy)
        if len(self.errors) > errors:
            return
        result = self.results[-1]
        data = result.get("data", {})
        self.shifts += data.get("shifts", 0)
        self.reprocessed += data.get("tokens_reprocessed", 0)
        restored = any(e["action"] == "restored" for e in self.snapshot_events[events_before:])
        self.restores += restored
        after = self._audit()  # checked in the engine process (worker/audit_job)
        for failure in after["failures"]:
            self.failures.append(f"turn {number} ({action}): {failure}")
        if after["failures"]:
            return
        pinned_was_cached = mirror_before[:len(after["pinned"])] == after["pinned"]
        if not restored:
            self._check_cost(number, after, data, before_ids, action, pinned_was_cached)
        if action in ("send", "note") and data.get("shifts", 0) == 0:
            self.note_turns[bool(after["note"].strip())].append(data.get("prompt_tokens", 0))
            if after["note"].strip():
                self.note_lengths.append(after["note_tokens"])
        self.rss.append(psutil.Process(self.client.pid).memory_info().rss)

    def _audit(self) -> dict:
        shown = [(m.role, m.text, m.document) for m in self.c.conv.messages]
        return self.client.call("audit", {"chat": self.c.conv.id, "shown": shown}, timeout=60)

    # --- the checks ---------------------------------------------------------------------------------

    def _check_cost(self, number: int, after: dict, data: dict, before_ids: set, action: str,
                    pinned_was_cached: bool) -> None:
        """A new message may be evaluated and then shifted out by the same turn's reply: count every
        new message's tokens except the front the window had dropped before it was read."""
        new_tokens = sum(length for msg_id, length, document in after["messages"][:-1]
                         if msg_id not in before_ids and not document)
        # The memory (and any lorebook entry) placed anew this turn: its own tokens, nothing else.
        placed = sum(n for e, a, n in after.get("lore", []) if (e, a) not in self.before_lore)
        expected = new_tokens + after["note_tokens"] + placed + SLACK
        if not pinned_was_cached:
            expected += len(after["pinned"])
        excess = data.get("prompt_tokens", 0) - expected
        if excess > 0:
            self.prompt_excess += excess
            self.failures.append(f"turn {number} ({action}): evaluated {data.get('prompt_tokens')} prompt tokens, "
                                 f"{expected} had changed")

    def report(self, turns: int, seconds: float) -> dict:
        rss = self.rss
        growth = (rss[-1] - rss[99]) / rss[99] * 100 if len(rss) > 100 else None
        with_note, without = self.note_turns[True], self.note_turns[False]
        overhead = statistics.median(with_note) - statistics.median(without) if with_note and without else None
        return {"turns": turns, "shifts": self.shifts, "invariant_failures": len(self.failures),
                "errors": len(self.errors), "rss_growth_pct": round(growth, 2) if growth is not None else None,
                "tokens_reprocessed_by_shifts": self.reprocessed, "prompt_excess_tokens": self.prompt_excess,
                "note_turn_overhead_tokens": overhead,
                "note_tokens_median": statistics.median(self.note_lengths) if self.note_lengths else None,
                "snapshot_restores": self.restores, "seconds": round(seconds, 1),
                "first_failures": self.failures[:5], "first_errors": self.errors[:5]}

    def close(self) -> None:
        self.client.stop()
        self.c.detach()
        self.db.close()


def run_soak(model: str, turns: int, n_ctx: int, seed: int = 7) -> dict:
    with tempfile.TemporaryDirectory(prefix="fireside-soak-") as tmp:
        soak = Soak(model, n_ctx, seed, Path(tmp))
        started = time.perf_counter()
        try:
            for number in range(turns):
                soak.turn(number)
            # Every shift the engine made, the background summaries' included (they make room too).
            counters = soak.client.call("inspect", {}, timeout=60)["counters"]
            soak.shifts = max(soak.shifts, int(counters.get("shifts", 0)))
        finally:
            soak.close()
        return soak.report(turns, time.perf_counter() - started)


def main() -> int:
    p = parser(__doc__, 1)
    p.add_argument("--turns", type=int, default=1000)
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args()
    from desktop.models import fetch_sample

    result = run_soak(args.model or str(fetch_sample()), args.turns, args.n_ctx, args.seed)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
