"""Generation on the real model: prefix reuse, edits, regenerate, cancel, stop strings, samplers."""

from __future__ import annotations

import re
import threading

import pytest
from conftest import load

from desktop.engine import SamplerSettings
from desktop.engine.kv import common_prefix

SYSTEM = "You are a helpful assistant who answers in one or two sentences."


@pytest.fixture(scope="module")
def engine(sample_model: str):
    eng = load(sample_model, n_ctx=2048)
    yield eng
    eng.close()


def build_chat(engine, turns: int = 3):
    chat = engine.new_chat(SYSTEM)
    for i in range(turns):
        chat.send(f"Question {i}: name a colour of the sky.", SamplerSettings(max_tokens=24, seed=i)).run()
    return chat


def test_next_turn_evaluates_only_new_tokens(engine) -> None:
    chat = build_chat(engine)
    before = len(engine.kv.tokens)
    reply = chat.send("One more question: what colour is grass?", SamplerSettings(max_tokens=8, seed=1))
    reply.run()
    user_tokens = chat.spans()[-2][1]
    # new user turn + the previous reply's closing tokens + the reply opener; nothing of the history
    assert reply.stats.prompt_tokens < len(user_tokens) + 10
    assert reply.stats.prompt_tokens < before / 4


def test_editing_the_last_user_turn_reprocesses_only_the_tail(engine) -> None:
    chat = build_chat(engine)
    chat.truncate(len(chat.messages) - 1)  # drop the last reply
    old_tokens = list(chat.spans()[-1][1])
    chat.edit(len(chat.messages) - 1, "Question 2, edited: name a colour of the sea at night.")
    reply = chat.reply(SamplerSettings(max_tokens=8, seed=5))
    reply.run()
    edited_tokens = chat.spans()[-2][1]
    opener = engine.model.tokenize(chat.format.generation_prompt(chat._history(len(chat.messages) - 1)))
    same_start = common_prefix(old_tokens, edited_tokens)  # "<|im_start|>user\nQuestion 2" is still cached
    assert 0 < same_start < len(edited_tokens)
    assert reply.stats.prompt_tokens == len(edited_tokens) - same_start + len(opener)
    assert reply.stats.tokens_reprocessed == 0
    engine.kv.check_invariant()


def test_regenerate_evaluates_one_token(engine) -> None:
    chat = build_chat(engine, turns=2)
    first = chat.messages[-1].content
    again = chat.regenerate(SamplerSettings(max_tokens=24, seed=99, temperature=1.5))
    again.run()
    assert again.stats.prompt_tokens == 1  # only the last cached token, for its logits
    assert chat.messages[-1].content == again.text
    assert len(chat.messages) == 4
    assert first  # the first reply existed
    engine.kv.check_invariant()


def test_same_seed_same_reply(engine) -> None:
    settings = SamplerSettings(max_tokens=20, seed=1234, temperature=1.0)
    replies = []
    for _ in range(2):
        engine.kv.reset()  # evaluate the prompt the same way both times
        chat = engine.new_chat(SYSTEM)
        replies.append(chat.send("Invent a name for a cat.", settings).run())
        assert chat.messages[-1].content == replies[-1]
    assert replies[0] == replies[1]


def test_cancel_from_another_thread(engine) -> None:
    chat = engine.new_chat(SYSTEM)
    reply = chat.send("Count from one to one thousand.", SamplerSettings(max_tokens=400, seed=3, ignore_eos=True))
    pieces: list[str] = []
    five = threading.Event()

    def consume() -> None:
        for piece in reply:
            pieces.append(piece)
            if len(pieces) == 5:
                five.set()

    worker = threading.Thread(target=consume)
    worker.start()
    assert five.wait(30)
    reply.cancel()
    worker.join(10)
    assert not worker.is_alive()
    assert reply.stats.stop_reason == "cancelled"
    assert 5 <= reply.stats.tokens_generated < 400
    assert chat.messages[-1].content == reply.text  # the partial reply is kept
    engine.kv.check_invariant()
    after = chat.send("Thanks.", SamplerSettings(max_tokens=4, seed=1))
    after.run()
    assert after.stats.tokens_generated > 0


def test_cancel_before_start_keeps_the_chat_usable(engine) -> None:
    chat = engine.new_chat(SYSTEM)
    reply = chat.send("Hello?", SamplerSettings(max_tokens=10))
    reply.cancel()
    assert reply.run() == ""
    assert reply.stats.stop_reason == "cancelled"
    assert [m.role for m in chat.messages] == ["user"]


def test_stop_string_cuts_the_reply(engine) -> None:
    chat = engine.new_chat(SYSTEM)
    settings = SamplerSettings(max_tokens=40, temperature=0, ignore_eos=True)
    full = chat.send("Describe the ocean.", settings).run()
    assert len(full) > 20
    stop = full[10:16]
    cut = chat.regenerate(settings.replace(stop=[stop])).run()
    assert cut == full[: full.index(stop)]
    assert chat.messages[-1].content == cut


def test_continue_extends_the_last_reply(engine) -> None:
    chat = engine.new_chat(SYSTEM)
    first = chat.send("Tell me about rivers.", SamplerSettings(max_tokens=10, seed=4, ignore_eos=True)).run()
    more = chat.continue_last(SamplerSettings(max_tokens=10, seed=4, ignore_eos=True))
    more.run()
    assert chat.messages[-1].content == first + more.text
    assert more.stats.prompt_tokens <= 1
    assert len(chat.messages) == 2


def test_stats_line_matches_the_familiar_format(engine) -> None:
    reply = engine.new_chat(SYSTEM).send("Hi!", SamplerSettings(max_tokens=12, seed=1587725082))
    reply.run()
    line = str(reply.stats)
    assert re.fullmatch(r"Output generated in \d+\.\d\d seconds \(\d+\.\d\d tokens/s, \d+ tokens, "
                        r"context \d+, seed 1587725082\)", line), line
    s = reply.stats
    assert s.gen_tps > 0 and s.prompt_tps > 0 and s.context_used == len(engine.kv.tokens)


@pytest.mark.parametrize("settings", [
    SamplerSettings(dry_multiplier=0.8),
    SamplerSettings(xtc_probability=0.5, xtc_threshold=0.1),
    SamplerSettings(mirostat=1),
    SamplerSettings(mirostat=2),
    SamplerSettings(typical_p=0.9, top_k=0, top_p=1.0, min_p=0.0),
    SamplerSettings(repeat_penalty=1.3, frequency_penalty=0.5, presence_penalty=0.5, repeat_last_n=-1),
], ids=["dry", "xtc", "mirostat1", "mirostat2", "typical", "penalties"])
def test_sampler_chains_generate(engine, settings: SamplerSettings) -> None:
    reply = engine.new_chat(SYSTEM).send("Tell me a fact.", settings.replace(max_tokens=16, seed=11, ignore_eos=True))
    assert reply.run()
    assert reply.stats.tokens_generated == 16


def test_sampler_settings_problems() -> None:
    bad = SamplerSettings(temperature=-1, top_p=1.5, mirostat=3, max_tokens=0)
    assert {f for f, _ in bad.problems()} == {"temperature", "top_p", "mirostat", "max_tokens"}
    assert SamplerSettings().problems() == []


def test_japanese_text_streams_as_whole_characters(engine) -> None:
    chat = engine.new_chat("あなたは親切なアシスタントです。")
    reply = chat.send("こんにちは！日本語で話してください。", SamplerSettings(max_tokens=24, seed=5))
    text = "".join(reply)
    assert text == reply.text
    assert "\ufffd" not in chat.pinned_tokens.__repr__()
    assert engine.model.detokenize(chat.pinned_tokens).find("親切な") >= 0


def test_sync_keeps_matching_messages_and_their_cache(sample_model: str) -> None:
    """The GUI's history is applied with sync(): unchanged messages keep their tokens (and the cache)."""
    engine = load(sample_model, n_ctx=1024)
    chat = engine.new_chat("Be brief.")
    chat.sync("Be brief.", [("user", "Name a color.")])
    first = chat.reply(SamplerSettings(max_tokens=6, seed=2))
    first.run()
    kept = chat.messages[:2]
    history = [("user", "Name a color."), ("assistant", first.text), ("user", "And a fruit?")]
    chat.sync("Be brief.", history)
    assert chat.messages[:2] == kept and chat.messages[0].tokens is not None
    second = chat.reply(SamplerSettings(max_tokens=6, seed=2))
    second.run()
    assert second.stats.prompt_tokens < 20  # only the new turn
    # An edit in the middle drops what follows; the system prompt change re-pins.
    chat.sync("Be brief.", [("user", "Name a number.")])
    assert [(m.role, m.content) for m in chat.messages] == [("user", "Name a number.")]
    chat.sync("Be very brief.", [("user", "Name a number.")])
    assert chat.system_prompt == "Be very brief." and chat.messages[0].tokens is None
    engine.close()
