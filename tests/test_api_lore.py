"""The global lorebooks for API chats: entries placed so the client's whole-prompt requests keep the
cache, tried with the `openai` package against the real server and engine."""

from __future__ import annotations

import pytest
from api_helpers import load_model
from openai import OpenAI

from desktop.api.bridge import WorkerBackend
from desktop.api.server import ApiServer, ServerOptions
from desktop.chat.api_lore import LORE_FLAG, ApiLore
from desktop.chat.lorebook import Lorebook, LoreEntry
from desktop.worker import EngineClient

BOOK = Lorebook(name="World", scan_depth=3, entries=[
    LoreEntry(uid=0, keys=["wolves"], content="Shadowfangs are wolves made of smoke; silver drives them off."),
    LoreEntry(uid=1, keys=["bell"], content="The silver bell of Thornwick rings at dawn and wards off the dark."),
    LoreEntry(uid=2, constant=True, content="It is the first week of winter."),
])


def test_entries_stay_after_the_message_they_triggered_on_and_constant_ones_join_the_system() -> None:
    lore = ApiLore(lambda: [("book1", BOOK)])
    chat = [{"role": "system", "content": "You are Mira."}, {"role": "user", "content": "Wolves howl."}]
    first = lore.apply(chat, 2048)
    assert first[0]["content"].endswith("It is the first week of winter.")
    assert [m.get(LORE_FLAG) for m in first] == [None, None, "1"] and "Shadowfangs" in first[2]["content"]
    chat += [{"role": "assistant", "content": "Mira draws her bow."}, {"role": "user", "content": "The wolves again!"}]
    second = lore.apply(chat, 2048)
    assert second[:3] == first  # the prompt only grew at the end: the cache is kept
    assert [m.get(LORE_FLAG) for m in second] == [None, None, "1", None, None]
    chat += [{"role": "assistant", "content": "She waits."}, {"role": "user", "content": "A bell rings far away."},
             {"role": "assistant", "content": "Mira listens."}, {"role": "user", "content": "What now?"}]
    third = lore.apply(chat, 2048)
    assert all("Shadowfangs" not in m["content"] for m in third[1:])  # off: its piece is left out
    bell = next(i for i, m in enumerate(third) if "silver bell" in m["content"])
    assert third[bell - 1]["content"] == "What now?"  # placed at the turn it turned on in, then kept there
    assert lore.apply([], 2048) == [] and ApiLore(lambda: []).apply(chat, 2048) == chat


@pytest.fixture(scope="module")
def engine_client(qapp, sample_model: str):
    client = EngineClient()
    load_model(qapp, client, sample_model, n_ctx=1024)
    yield client
    assert client.stop(10000)


def test_an_openai_client_gets_the_lore_and_the_cache_keeps_through_entries_turning_on_and_off(engine_client) -> None:
    lore = ApiLore(lambda: [("book1", BOOK)])
    server = ApiServer(WorkerBackend(engine_client), ServerOptions(port=0), lore=lore)
    server.start()
    try:
        api = OpenAI(base_url=server.url + "/v1", api_key="none")
        messages = [{"role": "system", "content": "You are Mira, a ranger."}]
        lines = ["Hello there.", "Wolves howl in the dark.", "We walk on.", "A bell rings in Thornwick.",
                 "Quiet now.", "Wolves again, and the bell!", "Rest."]
        usages = []
        for line in lines:
            messages.append({"role": "user", "content": line})
            reply = api.chat.completions.create(model="x", messages=messages, max_tokens=8, temperature=0)
            usages.append(reply.usage.model_extra)
            messages.append({"role": "assistant", "content": reply.choices[0].message.content or "..."})
        assert lore.last is not None and {e.key for e in lore.last.active} >= {"book1:2"}
        assert all(u["tokens_reprocessed"] == 0 for u in usages)
        assert sum(u["tokens_cut"] for u in usages) > 0  # an entry that turned off was cut out of the middle
        # Each request reads its new messages and newly placed entries, never the conversation again.
        assert max(u["tokens_evaluated"] for u in usages[1:]) < 120
    finally:
        server.stop()
