"""A chat over the engine's KV cache: a pinned system block, then one cache span per message.

Each message keeps the exact tokens it has in the cache, so the next prompt matches the cache
token for token: only new text is evaluated, and an edited or regenerated last turn costs only
its own tail.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial

from .document_place import DocumentPlaces
from .draft_model import DraftModel
from .generate import Generation
from .kv import KVContext, ProgressFn, Timeline
from .lore_spans import MEMORY_LABEL, LoreAnchor, LoreItem, LoreSpans
from .native import NativeModel
from .sampling import SamplerSettings
from .template import Message, TemplateError, TurnFormat
from .token_cache import TokenCache

_ids = itertools.count(1)
DOCUMENT_CHUNK = 256  # a document is cached in spans of this many tokens, so the window drops it in order
SIDE_STEP = 64  # tokens per decode of a background answer's prompt (a cancel waits for one batch at most)


def tokenize_turn(model: NativeModel, text: str, content: str) -> list[int]:
    """Tokens of a rendered turn: the template's own text may hold special tokens (`<|im_end|>`),
    the message's content never does: a story that contains `<|im_end|>` stays plain text."""
    tokenize = model.tokenize
    for needle in (content, content.strip()):
        at = text.rfind(needle) if needle else -1
        if at != -1:
            head, tail = text[:at], text[at + len(needle):]
            return ((tokenize(head) if head else []) + tokenize(needle, parse_special=False)
                    + (tokenize(tail) if tail else []))
    if not content.strip():
        return tokenize(text)
    # The template changed the content beyond recognition: take nothing in it as special.
    return tokenize(text, parse_special=False)


@dataclass
class ChatMessage:
    role: str  # "user" | "assistant"
    content: str
    id: int = field(default_factory=lambda: next(_ids))
    tokens: list[int] | None = None  # exactly what this message occupies in the cache
    document: bool = False  # a story read into the chat: cached in chunks, read in order

    def span_keys(self) -> list[Hashable]:
        if not self.document or self.tokens is None:
            return [self.id]
        return [(self.id, i) for i in range(max(1, -(-len(self.tokens) // DOCUMENT_CHUNK)))]

    def as_template(self) -> Message:
        return {"role": self.role, "content": self.content}


class ChatSession:
    """Messages plus the per-chat record of what the window has dropped.

    Not thread-safe: use it from the thread that owns the engine.
    """

    def __init__(self, model: NativeModel, kv: KVContext, fmt: TurnFormat, system_prompt: str,
                 on_prompt_progress: ProgressFn | None = None, token_cache: TokenCache | None = None) -> None:
        self.model = model
        self.kv = kv
        self.format = fmt
        self.system_prompt = system_prompt
        self.messages: list[ChatMessage] = []
        # The chat's messages before this index were not sent (the GUI sends only the newest ones that
        # can reach the window); they are out of the window. Indices in `messages` are relative to it.
        self.offset = 0
        self.history_short = False  # the last walk back reached the first message sent, with room left
        self.timeline = Timeline()
        self.on_prompt_progress = on_prompt_progress
        self.note = ""  # author's note / post-history instructions: placed just before each reply
        self.token_cache = token_cache  # shared by the engine's chats: a chat opened again is not re-tokenized
        self.draft: DraftModel | None = None  # the engine's draft model, when one is loaded
        self.lore = LoreSpans()  # lorebook entries placed in the history (lore_spans)
        self.places = DocumentPlaces(model)  # where a story's read and windowed tokens end in its text
        self.memory = ""  # the long-term memory: a turn of its own right after the system block
        self.memory_spliced = 0  # memory updates placed without evaluating anything after them
        self._system = self._system_tokens()
        self._memory: list[int] = []
        self._pinned = self._system + self._memory

    # --- tokens ----------------------------------------------------------------------------------

    def _system_tokens(self) -> list[int]:
        tokens = self._tokenize_turn(self.format.system(self.system_prompt), self.system_prompt)
        if self.model.add_bos and (not tokens or tokens[0] != self.model.bos):
            tokens.insert(0, self.model.bos)
        return tokens

    def _memory_tokens(self, text: str) -> list[int]:
        return self._side_turn_tokens(f"{MEMORY_LABEL}\n{text.strip()}", 0) if text.strip() else []

    def set_memory(self, text: str) -> None:
        """Put `text` in the pinned prefix, after the system block (the alternative placement the
        benchmark compares; the app places the memory in the chat, see lore_spans). When the cache holds
        this chat's pinned prefix, the memory is spliced in (kv.splice_pinned): its own tokens are
        evaluated and the history after it is kept; otherwise the next turn evaluates from it on."""
        if text == self.memory:
            return
        new = self._memory_tokens(text)
        kv = self.kv
        if kv.n_keep == len(self._pinned) and kv.tokens[:kv.n_keep] == self._pinned and kv.splice_pinned(len(self._system), new):
            self.memory_spliced += 1
        self.memory, self._memory = text, new
        self._pinned = self._system + new

    @property
    def pinned_tokens(self) -> list[int]:
        return list(self._pinned)

    def _history(self, upto: int) -> list[Message]:
        """The system message and what of the first `upto` messages the template needs to render
        the next one (the last one or two when it was verified that this gives the same text):
        formatting a chat is then linear in its length, not quadratic."""
        first = max(0, upto - self.format.context_length(upto))
        return [{"role": "system", "content": self.system_prompt}] + [m.as_template() for m in self.messages[first:upto]]

    def _message_tokens(self, index: int) -> list[int]:
        msg = self.messages[index]
        if msg.tokens is None:
            history = self._history(index)
            cache = self.token_cache
            key = cache.key(self.format, history, msg.as_template()) if cache else None
            cached = cache.get(key) if cache and key else None
            if cached is None:
                cached = self._tokenize_turn(self.format.message(history, msg.as_template()), msg.content)
                if cache and key:
                    cache.put(key, cached)
            msg.tokens = cached
        return msg.tokens

    def _tokenize_turn(self, text: str, content: str) -> list[int]:
        return tokenize_turn(self.model, text, content)

    def spans(self, lore_after_last: bool = True) -> list[tuple[Hashable, list[int]]]:
        """(key, tokens) of the messages that can still reach the window, oldest first, each followed
        by the lorebook entries placed after it (not after the last one with `lore_after_last` False).

        Walks back from the newest message until twice the window is covered (or to a message the
        window has already let go of); older messages are marked as gone without being formatted
        or tokenized, so a turn costs the same in a chat of any length.
        """
        first = self._first_reachable()
        lore = self.lore.by_message()
        out: list[tuple[Hashable, list[int]]] = []
        for i in range(first, len(self.messages)):
            m = self.messages[i]
            tokens = self._message_tokens(i)
            if m.document:
                out += [(key, tokens[j * DOCUMENT_CHUNK:(j + 1) * DOCUMENT_CHUNK])
                        for j, key in enumerate(m.span_keys())]
            else:
                out.append((m.id, tokens))
            if m.id in lore and (lore_after_last or i < len(self.messages) - 1):
                out += [(a.key, self._lore_tokens(a, i + 1)) for a in lore[m.id]]
        return out

    def _lore_tokens(self, anchor: LoreAnchor, upto: int) -> list[int]:
        if anchor.tokens is None:
            anchor.tokens = self._side_turn_tokens(anchor.text, upto)
        return anchor.tokens

    def set_lore(self, items: Sequence[LoreItem], continuing: bool = False) -> None:
        """This turn's active in-chat lorebook entries (see lore_spans for where they go)."""
        self.lore.update(items, [m.id for m in self.messages], self.timeline.evicted,
                         [span.key for span in self.kv.spans], continuing)

    def _gone(self, msg: ChatMessage) -> bool:
        return all(key in self.timeline.evicted for key in msg.span_keys())

    def _first_reachable(self) -> int:
        budget = 2 * self.kv.n_ctx
        first, covered = len(self.messages), 0
        while first > 0 and covered < budget and not self._gone(self.messages[first - 1]):
            first -= 1
            msg = self.messages[first]
            covered += len(self._message_tokens(first)) - sum(self.timeline.partial.get(k, 0) for k in msg.span_keys())
        self.history_short = first == 0 and self.offset > 0 and covered < budget
        older = first - 1
        while older >= 0 and not self._gone(self.messages[older]):  # everything before it already is
            self.timeline.evicted.update(self.messages[older].span_keys())
            older -= 1
        return first

    def _note_tokens(self) -> list[int]:
        """The author's note as a system turn after the history (a user turn if the template refuses)."""
        return self._side_turn_tokens(self.note, len(self.messages)) if self.note.strip() else []

    def _side_turn_tokens(self, content: str, upto: int) -> list[int]:
        """Text that is not a chat message (the note, a lorebook entry, the memory) as a system turn
        after message `upto` - 1, or a bracketed user turn where the template has no system turns there."""
        history = self._history(upto)
        try:
            text = self.format.message(history, {"role": "system", "content": content})
        except TemplateError:
            content = f"[{content}]"
            text = self.format.message(history, {"role": "user", "content": content})
        return self._tokenize_turn(text, content)

    def set_format(self, fmt: TurnFormat) -> None:
        """Use another chat format (the names changed in a plain-format chat): formatted again from the top."""
        if fmt.signature == self.format.signature:
            return
        self.format = fmt
        self.set_system_prompt(self.system_prompt)

    def set_system_prompt(self, text: str) -> None:
        """Change the pinned block; the whole chat is evaluated again on the next turn."""
        self.system_prompt = text
        self._system = self._system_tokens()
        self._memory = self._memory_tokens(self.memory)
        self._pinned = self._system + self._memory
        self.timeline = Timeline()
        self.lore.forget_tokens()
        for m in self.messages:
            m.tokens = None

    # --- turns -----------------------------------------------------------------------------------

    def sync(self, system_prompt: str, history: Sequence[Sequence[object]], start: int = 0) -> None:
        """Make the messages equal `history`, keeping every message that still matches.

        `history` holds (role, text) or (role, text, is_document) entries, the chat's messages from
        number `start` on (the older ones are out of the window). The GUI owns the conversation
        (edits, deletes, swipes); before each turn the session is brought in line with it. Kept
        messages keep their cached tokens, so only what changed is evaluated.
        """
        if system_prompt != self.system_prompt:
            self.set_system_prompt(system_prompt)
        entries = [(str(e[0]), str(e[1]), bool(e[2]) if len(e) > 2 else False) for e in history]
        if start != self.offset:
            self._rebase(start, entries)
        changed = [i for i, (msg, entry) in enumerate(zip(self.messages, entries))
                   if (msg.role, msg.content, msg.document) != entry]
        same = changed[0] if changed else min(len(self.messages), len(entries))
        if same < len(self.messages) and self._edit_gone_in_place(entries, changed):
            return
        if same < len(self.messages):
            for later in self.messages[same:]:
                for key in later.span_keys():
                    self.timeline.evicted.discard(key)
                    self.timeline.partial.pop(key, None)
            self.truncate(same)
        for role, text, document in entries[same:]:
            self.add_message(role, text, document)

    def _rebase(self, start: int, entries: list[tuple[str, str, bool]]) -> None:
        """The history now begins at message `start`: forget the messages before it, or take in the
        older ones it adds (out of the window, like everything older, when the window has already
        let go of the first message held)."""
        if start > self.offset:
            drop = self.messages[:start - self.offset]
            for msg in drop:
                for key in msg.span_keys():
                    self.timeline.evicted.discard(key)
                    self.timeline.partial.pop(key, None)
            del self.messages[:len(drop)]
        else:
            gone = bool(self.messages) and self._gone(self.messages[0])
            older = [ChatMessage(role, text, document=document)
                     for role, text, document in entries[:self.offset - start]]
            if gone:
                for msg in older:
                    self.timeline.evicted.update(msg.span_keys())
            self.messages[0:0] = older
        self.offset = start

    def _edit_gone_in_place(self, entries: list[tuple[str, str, bool]], changed: list[int]) -> bool:
        """Edits of messages the window has already let go of change nothing in the cache: take the
        new text without dropping (and re-processing) every message after them. `changed`: the
        indices where `entries` and the messages differ."""
        if len(entries) < len(self.messages):
            return False
        if not changed or not all(self._gone(self.messages[i]) and not self.messages[i].document for i in changed):
            return False
        for i in changed:
            msg = self.messages[i]
            msg.role, msg.content, msg.document = entries[i]
            msg.tokens = None
        for role, text, document in entries[len(self.messages):]:
            self.add_message(role, text, document)
        return True

    def add_message(self, role: str, content: str, document: bool = False) -> ChatMessage:
        msg = ChatMessage(role, content, document=document)
        self.messages.append(msg)
        return msg

    def read(self, progress: ProgressFn | None = None) -> int:
        """Evaluate the whole chat now, in order, shifting as the window fills (reading a story in).

        Returns the tokens evaluated. `kv.cancel` stops it between batches (Cancelled); what was read
        stays cached, so calling it again continues from there.
        """
        self.kv.cancel.clear()
        return self.kv.load(self._pinned, self.spans(), self.timeline, progress or self.on_prompt_progress,
                            stream=True)

    def document_window(self, index: int) -> tuple[int, int, int]:
        """(tokens, tokens dropped from its front by the window, tokens of it in the cache) for message `index`."""
        msg = self.messages[index]
        tokens = self._message_tokens(index)
        keys = msg.span_keys()
        dropped = 0
        for j, key in enumerate(keys):
            if key in self.timeline.evicted:
                dropped += len(tokens[j * DOCUMENT_CHUNK:(j + 1) * DOCUMENT_CHUNK]) if msg.document else len(tokens)
            else:
                dropped += self.timeline.partial.get(key, 0)
                break
        cached = sum(span.length for span in self.kv.spans if span.key in set(keys))
        return len(tokens), dropped, cached

    def document_places(self) -> list[dict]:
        """For each story in the chat: its tokens, those the window dropped from its front and those in
        the cache, and where they end in the message's text (characters), for the reader's marks."""
        out = []
        for i, msg in enumerate(self.messages):
            if not msg.document or msg.tokens is None:
                continue
            tokens, dropped, cached = self.document_window(i)
            place = partial(self.places.chars, msg.id, msg.tokens, msg.content)
            out.append({"index": self.offset + i, "tokens": tokens, "dropped": dropped, "cached": cached,
                        "chars": len(msg.content), "dropped_chars": place(dropped), "end_chars": place(dropped + cached)})
        return out

    def send(self, text: str, settings: SamplerSettings | None = None) -> Generation:
        """Add a user turn and return the reply's generation (iterate it to stream)."""
        self.add_message("user", text)
        return self.reply(settings)

    def reply(self, settings: SamplerSettings | None = None) -> Generation:
        """Generate a new assistant message after the current history."""
        settings = settings or SamplerSettings()
        gen_prompt = self.model.tokenize(self.format.generation_prompt(self._history(len(self.messages))))
        reply = ChatMessage("assistant", "")
        key = reply.id
        note = self._note_tokens()
        note_span = [(("note", key), note)] if note else []

        def prepare() -> int:
            return self.kv.load(self._pinned, self.spans() + note_span + [(key, gen_prompt)], self.timeline,
                                self.on_prompt_progress, fixed_tail=1 + len(note_span))

        def done(gen: Generation) -> None:
            if gen.stats.stop_reason == "error" or (gen.stats.stop_reason == "cancelled" and not gen.tokens):
                return
            reply.content = gen.text
            reply.tokens = gen_prompt + gen.tokens + self._closing_tokens(gen_prompt, reply)
            self.messages.append(reply)

        return Generation(self.model, self.kv, key, settings, prepare, self.format.stop, done, draft=self.draft)

    def continue_last(self, settings: SamplerSettings | None = None) -> Generation:
        """Generate more of the last assistant message (it is extended in place)."""
        if not self.messages or self.messages[-1].role != "assistant":
            raise ValueError("the last message is not a reply to continue")
        last = self.messages[-1]
        history = self._history(len(self.messages) - 1)
        gen_prompt = self.model.tokenize(self.format.generation_prompt(history))
        body = last.tokens[: len(last.tokens) - len(self._closing_tokens(gen_prompt, last))] if last.tokens else \
            gen_prompt + self.model.tokenize(last.content, parse_special=False)
        spans = self.spans(lore_after_last=False)[:-1] + [(last.id, body)]

        def prepare() -> int:
            return self.kv.load(self._pinned, spans, self.timeline, self.on_prompt_progress)

        def done(gen: Generation) -> None:
            last.content += gen.text
            last.tokens = body + gen.tokens + self._closing_tokens(gen_prompt, last)

        return Generation(self.model, self.kv, last.id, settings or SamplerSettings(), prepare, self.format.stop, done,
                          draft=self.draft)

    def side_reply(self, instruction: str, settings: SamplerSettings | None = None) -> tuple[Hashable, Generation]:
        """(span key, generation) of an answer to `instruction` given after the chat, which is not a
        turn of it (the memory's summary): the chat's cache is read as it is, nothing of it evaluated
        again. Call `drop_span(key)` afterwards to cut the cache back to the chat."""
        key: Hashable = ("side", next(_ids))
        history = self._history(len(self.messages))
        asked: Message = {"role": "user", "content": instruction}
        turn = self._tokenize_turn(self.format.message(history, asked), instruction)
        tail = turn + self.model.tokenize(self.format.generation_prompt(history + [asked]))

        def prepare() -> int:
            # Small batches: the user's next send cancels this, and a cancel is seen between batches.
            return self.kv.load(self._pinned, self.spans() + [(key, tail)], self.timeline, self.on_prompt_progress,
                                step=SIDE_STEP)

        return key, Generation(self.model, self.kv, key, settings or SamplerSettings(), prepare, self.format.stop,
                               lambda _gen: None, draft=self.draft)

    def drop_span(self, key: Hashable) -> None:
        """Cut the cache back to where span `key` begins (nothing, if it holds no such span)."""
        position = self.kv.n_keep
        for span in self.kv.spans:
            if span.key == key:
                self.kv.truncate(position)
                return
            position += span.length

    def _closing_tokens(self, gen_prompt: list[int], reply: ChatMessage) -> list[int]:
        """Tokens the template puts after a reply's text (e.g. `<|im_end|>` and a newline)."""
        index = self.messages.index(reply) if reply in self.messages else len(self.messages)
        full = self.format.message(self._history(index), reply.as_template())
        opener = self.format.generation_prompt(self._history(index))
        head = opener + reply.content
        if full.startswith(head):
            return self.model.tokenize(full[len(head):])
        stripped = opener + reply.content.strip()
        if full.startswith(stripped):
            return self.model.tokenize(full[len(stripped):])
        return []

    def edit(self, index: int, content: str) -> None:
        """Change a message; the cache keeps everything before it."""
        msg = self.messages[index]
        msg.content = content
        msg.tokens = None
        for later in self.messages[index + 1:]:
            later.tokens = None

    def truncate(self, count: int) -> None:
        """Keep only the first `count` messages (for regenerate, or edit-and-continue)."""
        del self.messages[count:]

    def regenerate(self, settings: SamplerSettings | None = None) -> Generation:
        """Drop the last reply and generate a new one in its place."""
        if self.messages and self.messages[-1].role == "assistant":
            self.truncate(len(self.messages) - 1)
        return self.reply(settings)

    # --- inspection --------------------------------------------------------------------------------

    def in_context(self, start: int = 0) -> Iterator[tuple[ChatMessage, str]]:
        """Each message from `start` on with 'cached', 'partial', 'evicted' or 'pending' (for the context map)."""
        cached = {span.key for span in self.kv.spans}
        for msg in self.messages[start:]:
            keys = msg.span_keys()
            gone = [k in self.timeline.evicted for k in keys]
            if all(gone):
                yield msg, "evicted"
            elif any(gone) or any(k in self.timeline.partial for k in keys):
                yield msg, "partial"
            elif all(k in cached for k in keys):
                yield msg, "cached"
            else:
                yield msg, "pending"

    def _first_live(self) -> int:
        """How many of the oldest messages the window has let go of (they come first: eviction takes
        the oldest), found by bisection so that a long chat's map costs what a short one's does."""
        lo, hi = 0, len(self.messages)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._gone(self.messages[mid]):
                lo = mid + 1
            else:
                hi = mid
        return lo

    def context_map(self) -> dict:
        """Plain data for the context map: the budget, the pinned block, how many of the oldest
        messages are out of the window, and the state of each message after them."""
        cached_by_key: dict[Hashable, int] = {}
        for span in self.kv.spans:
            cached_by_key[span.key] = cached_by_key.get(span.key, 0) + span.length
        first = self._first_live()
        messages = []
        for index, (msg, state) in enumerate(self.in_context(first), first):
            cached = sum(cached_by_key.get(k, 0) for k in msg.span_keys())
            messages.append({"index": self.offset + index, "state": state, "cached": cached, "tokens": len(msg.tokens or [])})
        oldest = next((m["index"] for m in messages if m["cached"]), None)
        index_of = {m.id: self.offset + i for i, m in enumerate(self.messages)}
        lore = [{"key": a.entry, "after": index_of.get(a.after), "tokens": len(a.tokens or []),
                 "cached": cached_by_key.get(a.key, 0), "evicted": a.key in self.timeline.evicted}
                for a in self.lore.anchors.values()]
        return {"n_ctx": self.kv.n_ctx, "pinned": self.kv.n_keep, "used": len(self.kv.tokens),
                "evicted": self.offset + first, "messages": messages, "next_to_go": oldest,
                "shifting": self.kv.shift_enabled, "system": len(self._system), "memory": len(self._memory),
                "lore": lore, "documents": self.document_places()}
