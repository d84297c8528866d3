"""A scripted roleplay with a flickering lorebook and planted facts, played on the real engine: what
each turn evaluates beyond its own new tokens, what a memory update evaluates, what background
summaries add to the next reply, and whether the memory brings evicted facts back.

Importable without pytest: benchmarks/lore_memory.py plays it at full length (300 turns), the tests a
short version. The assistant's turns are scripted (the cache's behaviour, not the tiny model's prose,
is measured); each turn still evaluates its prompt and samples a token through the chat's real path,
and the memory's summaries are written by the model through the `summarize` job's path.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from desktop.chat.conversation import Conversation
from desktop.chat.lore_chat import turn_lore
from desktop.chat.lorebook import Lorebook, LoreEntry
from desktop.chat.memory import ChatMemory, summary_due, summary_instruction
from desktop.engine import Engine, SamplerSettings
from desktop.engine.chat import ChatSession
from desktop.engine.lore_spans import MEMORY_KEY, MEMORY_LABEL, LoreItem

CARD = ("You are Mira, a ranger of the northern woods, telling a long adventure with the traveller. "
        "Stay in character and keep the story going.")
PLACES = ["Kaelor", "Silverlake", "Thornwick", "Ashgrave", "Brightmoor", "Duskhollow", "Emberfall", "Frostgate",
          "Greywater", "Hollowmere", "Ironvale", "Jadecliff", "Kingsreach", "Lanternmoss", "Mistral Pass",
          "Nightbloom", "Oakheart", "Pale Tower", "Quillbrook", "Ravenholm"]
PEOPLE = ["Aldric", "Brenna", "Corvin", "Dalia", "Edric", "Fenna", "Garrick", "Helka", "Isolde", "Jorun",
          "Kestrel", "Lysa", "Marrek", "Nessa", "Orrin", "Petra", "Quinlan", "Rowan", "Sable", "Tamsin"]
FACTS = [  # (planted statement, question, answer cue, answer)
    ("my sister is called Elowen", "What is my sister called?", "Your sister is called", " Elowen"),
    ("my horse is named Copperbell", "What is my horse named?", "Your horse is named", " Copperbell"),
    ("I was born in the city of Varnholt", "Where was I born?", "You were born in the city of", " Varnholt"),
    ("my sword is called Dawnbreaker", "What is my sword called?", "Your sword is called", " Dawnbreaker"),
    ("I am afraid of deep water", "What am I afraid of?", "You are afraid of", " deep water"),
]
PLANT_EVERY = 5


def world_lorebook(entries: int = 40, seed: int = 3) -> Lorebook:
    """`entries` entries about the world's places and people; some sticky, some with a cooldown, some
    with a probability, one constant."""
    rng = random.Random(seed)
    book = Lorebook(name="The northern woods", scan_depth=2, token_budget_pct=25)
    names = PLACES + PEOPLE
    for i in range(entries):
        name = names[i % len(names)]
        what = "a place" if name in PLACES else "a person"
        text = (f"{name} is {what} of the northern woods. " + " ".join(
            rng.choice(["It is old and quiet.", "Travellers speak of it at night.", "Its story is long and sad.",
                        "Wolves are seen near it in winter.", "A silver bell rings there at dawn.",
                        "The river runs past it to the sea.", "Few come back from it unchanged."])
            for _ in range(1 + i % 3)))
        entry = LoreEntry(uid=i, keys=[name], content=text, order=100 + i)
        if i % 7 == 3:
            entry.sticky = 3
        if i % 9 == 4:
            entry.cooldown = 2
        if i % 11 == 5:
            entry.probability = 50
        book.entries.append(entry)
    book.entries.append(LoreEntry(uid=entries, constant=True, content="The northern woods are cold; winter is coming.",
                                  comment="Season"))
    return book


def scripted_turns(count: int, seed: int = 11) -> list[tuple[str, str]]:
    """(user, assistant) text of each turn: 0-3 names of the world per user turn (the entries flicker),
    a fact planted every PLANT_EVERY turns at first."""
    rng = random.Random(seed)
    names = PLACES + PEOPLE
    out = []
    for turn in range(count):
        picked = rng.sample(names, rng.choice([0, 1, 1, 2, 3]))
        user = f"Turn {turn}. " + (f"Let us go towards {' and '.join(picked)}." if picked else "We walk on in silence.")
        planted = turn // PLANT_EVERY
        if turn % PLANT_EVERY == 2 and planted < len(FACTS):
            user += f" By the way, remember this: {FACTS[planted][0]}."
        reply = (f"Mira nods and leads the way{' to ' + picked[0] if picked else ''}. The path bends through the "
                 f"trees, and she keeps an eye on the shadows while the wind moves the branches.")
        out.append((user, reply))
    return out


@dataclass
class RunResult:
    reprocessed: list[int] = field(default_factory=list)  # per turn, beyond its own new tokens
    evaluated: list[int] = field(default_factory=list)
    memory_updates: list[int] = field(default_factory=list)  # tokens a memory update evaluated beyond its own
    summary_tokens: list[int] = field(default_factory=list)  # evaluated + generated by each summary job
    reply_delay_ms: list[float] = field(default_factory=list)  # per turn
    delay_when_running_ms: list[float] = field(default_factory=list)  # turns whose send found a summary
    summaries: int = 0
    summaries_cancelled: int = 0
    largest_entry: int = 0
    active_per_turn: list[int] = field(default_factory=list)
    shifts: int = 0
    memory: ChatMemory = field(default_factory=ChatMemory)

    def summary(self) -> dict[str, Any]:
        def med(xs: list) -> float:
            return float(statistics.median(xs)) if xs else 0.0
        return {"turns": len(self.evaluated), "reprocessed_per_turn_median": med(self.reprocessed),
                "reprocessed_per_turn_max": max(self.reprocessed, default=0),
                "evaluated_per_turn_median": med(self.evaluated), "largest_entry_tokens": self.largest_entry,
                "active_entries_median": med(self.active_per_turn), "shifts": self.shifts,
                "memory_updates": len(self.memory_updates), "memory_update_reprocessed_max": max(self.memory_updates, default=0),
                "summaries": self.summaries, "summaries_cancelled": self.summaries_cancelled,
                "summary_tokens_median": med(self.summary_tokens),
                "reply_delay_ms_median": med(self.reply_delay_ms), "reply_delay_ms_max": max(self.reply_delay_ms, default=0.0),
                "delay_when_running_ms_median": med(self.delay_when_running_ms)}


class Roleplay:
    """The roleplay on one engine. `naive`: active entries go into the pinned block after the card
    (SillyTavern's default), so every change re-reads the history; `memory`: summaries on."""

    def __init__(self, engine: Engine, turns: int, naive: bool = False, memory: bool = True, seed: int = 5,
                 think_seconds: tuple[float, float] = (2.0, 12.0), pin_facts: bool = True,
                 memory_in_chat: bool = True) -> None:
        self.engine = engine
        self.turns = scripted_turns(turns)
        self.naive, self.use_memory, self.pin_facts = naive, memory, pin_facts
        self.memory_in_chat = memory_in_chat  # the memory placed like an entry (frozen at a turn), not spliced
        self.rng = random.Random(seed)
        self.think = think_seconds
        self.book = world_lorebook()
        self.conv = Conversation(title="Bench")
        self.conv.memory = ChatMemory()
        self.chat: ChatSession = engine.new_chat(CARD)
        self.result = RunResult()
        self.debug = False
        self.count = lambda text: len(engine.model.tokenize(text, parse_special=False))

    def _system(self, lore_after: str) -> str:
        return CARD + ("\n\n" + lore_after if lore_after else "")

    def play(self) -> RunResult:
        history: list[tuple[str, str]] = []
        kv = self.engine.kv
        kv.on_shift = lambda _e: None
        pending: tuple[threading.Thread, dict[str, Any]] | None = None
        for number, (user, reply) in enumerate(self.turns):
            if pending is not None:  # the user sends while a summary may still run: it is cancelled
                pending = self._stop_summary(pending)
            else:
                self.result.reply_delay_ms.append(0.0)  # nothing ran in the background: nothing to wait for
            self.conv.add("user", user)
            history.append(("user", user))
            planted = number // PLANT_EVERY
            if self.pin_facts and number % PLANT_EVERY == 2 and planted < len(FACTS):
                self.conv.memory.facts.append(FACTS[planted][0])  # the user pins what they just said
            lore = turn_lore(self.conv, [("world", self.book)], kv.n_ctx, "Mira", "You", self.count, self.rng)
            after = lore.after_char
            items = [LoreItem(e["key"], e["text"], e["placement"], e["depth"]) for e in lore.in_chat]
            if self.naive:
                after = "\n".join(x for x in [after] + [i.text for i in items] if x)
                items = []
            self.result.active_per_turn.append(len(lore.scan.active))
            self.result.largest_entry = max([self.result.largest_entry] + [self.count(e.content) for e in lore.scan.active])
            system = self._system(after)
            before_ids = {m.id for m in self.chat.messages}
            before_lore = {a.key for a in self.chat.lore.anchors.values()}
            self.chat.sync(system, history)
            if self.use_memory and self.memory_in_chat and self._memory_text():  # as the app places it
                items = [LoreItem(MEMORY_KEY, f"{MEMORY_LABEL}\n{self._memory_text()}")] + items
            elif self.use_memory:
                self._place_memory()
            self.chat.set_lore(items)
            gen = self.chat.reply(SamplerSettings(max_tokens=1, temperature=0.0))
            gen.run()
            evaluated = gen.stats.prompt_tokens
            new = len(self.chat.pinned_tokens) if number == 0 else 0  # the first turn reads the pinned block
            new += sum(len(m.tokens or []) for m in self.chat.messages if m.id not in before_ids and m.role == "user")
            new += sum(len(a.tokens or []) for a in self.chat.lore.anchors.values() if a.key not in before_lore)
            previous = [m for m in self.chat.messages if m.id not in before_ids and m.role == "assistant"]
            new += sum(len(m.tokens or []) for m in previous)
            opener = len(self.engine.model.tokenize(self.chat.format.generation_prompt(self.chat._history(len(self.chat.messages) - 1))))
            self.result.evaluated.append(evaluated)
            self.result.reprocessed.append(max(0, evaluated - new - opener))
            memory_anchor = next((a.key for a in self.chat.lore.anchors.values() if a.entry == MEMORY_KEY), None)
            if memory_anchor is not None and memory_anchor not in before_lore:  # the memory placed (again)
                self.result.memory_updates.append(self.result.reprocessed[-1])
            if evaluated - new - opener > 0 and self.debug:
                print(f"turn {number}: evaluated {evaluated}, new {new}, opener {opener}", flush=True)
            self.conv.add("assistant", reply)
            history.append(("assistant", reply))
            if self.use_memory:
                pending = self._maybe_summarize(history, system, items)
        if pending is not None:
            self._stop_summary(pending, wait=True)
        self.result.shifts = kv.counters.shifts
        self.result.memory = self.conv.memory
        return self.result

    # --- memory ------------------------------------------------------------------------------------

    def _memory_text(self) -> str:
        return self.conv.memory.text()

    def _place_memory(self) -> None:
        text = self._memory_text()
        if text == self.chat.memory:
            return
        kv = self.engine.kv
        before = kv.counters.prompt_tokens
        spliced = self.chat.memory_spliced
        self.chat.set_memory(text)
        if self.chat.memory_spliced > spliced:
            own = len(self.chat.pinned_tokens) - len(self.chat._system)
            self.result.memory_updates.append(kv.counters.prompt_tokens - before - own)

    def _maybe_summarize(self, history: list[tuple[str, str]], system: str,
                         items: list[LoreItem]) -> tuple[threading.Thread, dict[str, Any]] | None:
        context_map = self.chat.context_map()
        due = summary_due(self.conv.memory, context_map, len(self.conv.messages))
        if due is None:
            return None
        first, end = due
        names = {"user": "You", "assistant": "Mira"}
        turns = [(names[m.role], m.text) for m in self.conv.messages[first:end]]
        self.chat.sync(system, history)
        self.chat.set_lore(items)
        span, gen = self.chat.side_reply(summary_instruction(self.conv.memory.summary, [], turns, False),
                                         SamplerSettings(max_tokens=120, temperature=0.3, seed=len(history)))
        state: dict[str, Any] = {"gen": gen, "end": end, "done": False}

        def work() -> None:
            try:
                for _ in gen:
                    pass
            finally:
                self.chat.drop_span(span)
                state["done"] = True

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        thread.join(self.rng.uniform(*self.think))  # the user reads the reply and types: the summary may finish
        return thread, state

    def _stop_summary(self, pending: tuple[threading.Thread, dict[str, Any]], wait: bool = False) -> None:
        thread, state = pending
        started = time.perf_counter()
        gen = state["gen"]
        if not state["done"] and not wait:
            gen.cancel()
        thread.join()
        if not wait:
            delay = (time.perf_counter() - started) * 1000
            self.result.reply_delay_ms.append(delay)
            self.result.delay_when_running_ms.append(delay)
        self.result.summary_tokens.append(gen.stats.prompt_tokens + gen.stats.tokens_generated)
        if gen.stats.stop_reason == "cancelled":
            self.result.summaries_cancelled += 1
            return None
        self.result.summaries += 1
        text = gen.text.strip()
        if text:
            self.conv.memory.summary = text
            self.conv.memory.covered = max(self.conv.memory.covered, state["end"])
        return None


# --- recall of evicted facts ----------------------------------------------------------------------


def _logprob(logits: Any, n_vocab: int, token: int) -> float:
    values = np.ctypeslib.as_array(logits, shape=(n_vocab,))
    top = float(values.max())
    return float(values[token]) - top - float(np.log(np.exp(values - top).sum()))


def _score(engine: Engine, tokens: list[int], cue: list[int], answer: list[int], fresh: bool) -> float:
    """log P(answer | tokens, cue): with `fresh`, `tokens` are evaluated from an empty cache first;
    otherwise the cache already holds exactly `tokens`. The question leaves the cache again."""
    native = engine.native
    if fresh:
        native.clear()
        for i in range(0, len(tokens), native.n_batch):
            native.decode(tokens[i:i + native.n_batch], i, want_logits=False)
    at = len(tokens)
    native.decode(cue + answer, at, logits_from=len(cue) - 1)
    total = sum(_logprob(native.logits_at(len(cue) - 1 + j), engine.model.n_vocab, t) for j, t in enumerate(answer))
    native.seq_rm(at, -1)
    return total


def evicted_fact_recall(play: Roleplay) -> dict[str, Any]:
    """For each planted fact whose turn has left the window: the answer's log-likelihood gain with the
    memory as the cache holds it (where the run placed it) and with the memory evaluated fresh at the top, each against
    the history evaluated fresh without the memory. Ends with the cache emptied."""
    engine, chat = play.engine, play.chat
    kv = engine.kv
    evicted_upto = chat.context_map()["evicted"]
    last = chat.messages[-1] if chat.messages else None
    if kv.spans and last is not None and last.role == "assistant" and kv.spans[-1].key == last.id:
        kv.truncate(len(kv.tokens) - kv.spans[-1].length)  # the last sampled reply: not a turn of the story
    if play.memory_in_chat and play._memory_text():
        # As the question's turn would have it: the memory placed again if the window let it go.
        chat.set_lore([LoreItem(MEMORY_KEY, f"{MEMORY_LABEL}\n{play._memory_text()}")])
        kv.load(chat.pinned_tokens, chat.spans(), chat.timeline)
    need = 64
    if kv.free < need:
        kv._make_room(need)  # the question must fit after the chat
    kept = list(kv.tokens)
    system, n_keep = chat._system, kv.n_keep
    without = system + kept[n_keep:]
    fresh_top = kept
    if play.memory_in_chat:  # the memory's span in the history: out of `without`, at the top in `fresh_top`
        position, memory_span = n_keep, None
        for span in kv.spans:
            if isinstance(span.key, tuple) and span.key[:2] == ("lore", MEMORY_KEY):
                memory_span = (position, span.length)
            position += span.length
        if memory_span is not None:
            at, length = memory_span
            without = kept[:at] + kept[at + length:]
            fresh_top = kept[:n_keep] + kept[at:at + length] + kept[n_keep:at] + kept[at + length:]
    model = engine.model
    rows = []
    for i, (_fact, question, cue_text, answer_text) in enumerate(FACTS):
        turn = i * PLANT_EVERY + 2
        if 2 * turn + 1 >= evicted_upto or turn >= len(play.turns):
            continue
        history = chat._history(len(chat.messages))
        asked = {"role": "user", "content": question}
        cue = (model.tokenize(chat.format.message(history, asked), parse_special=True)
               + model.tokenize(chat.format.generation_prompt(history + [asked])) + model.tokenize(cue_text, parse_special=False))
        answer = model.tokenize(answer_text, parse_special=False)
        in_cache = _score(engine, kept, cue, answer, fresh=False)
        rows.append({"fact": i, "kept": in_cache, "answer": answer_text.strip()})
    for row, (_f, question, cue_text, answer_text) in zip(rows, [FACTS[r["fact"]] for r in rows]):
        history = chat._history(len(chat.messages))
        asked = {"role": "user", "content": question}
        cue = (model.tokenize(chat.format.message(history, asked), parse_special=True)
               + model.tokenize(chat.format.generation_prompt(history + [asked])) + model.tokenize(cue_text, parse_special=False))
        answer = model.tokenize(answer_text, parse_special=False)
        row["fresh"] = _score(engine, fresh_top, cue, answer, fresh=True)
        row["without"] = _score(engine, without, cue, answer, fresh=True)
        row["gain_kept"] = row["kept"] - row["without"]
        row["gain_fresh"] = row["fresh"] - row["without"]
    kv.reset()
    chat.timeline.evicted.clear()
    if not rows:
        return {"facts": 0}
    mean_kept = statistics.fmean(r["gain_kept"] for r in rows)
    mean_fresh = statistics.fmean(r["gain_fresh"] for r in rows)
    summary = play.conv.memory.summary.lower()
    return {"facts": len(rows), "gain_kept_mean": mean_kept, "gain_fresh_mean": mean_fresh,
            "facts_gain_over_1_nat": sum(1 for r in rows if r["gain_kept"] > 1.0),
            "facts_gain_over_1_nat_fresh": sum(1 for r in rows if r["gain_fresh"] > 1.0),
            "placement_fidelity": mean_kept / mean_fresh if mean_fresh > 0 else None,
            "summary_mentions": sum(1 for r in rows if r["answer"].lower() in summary), "rows": rows}
