"""A recurrent model (a tiny random-weight Mamba written with `gguf`): no context shifting, and a
regenerate or edit of the last turns goes back to a saved state of the turn instead of reading the
whole chat again."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import fresh_greedy, load
from tiny_gguf import write_tiny_model

from desktop.engine import SamplerSettings

GREEDY = SamplerSettings(temperature=0.0, repeat_penalty=1.0, max_tokens=12, ignore_eos=True, seed=1)


@pytest.fixture(scope="module")
def mamba(tmp_path_factory: pytest.TempPathFactory):
    path = write_tiny_model(Path(tmp_path_factory.mktemp("mamba")) / "tiny-mamba.gguf", "mamba")
    engine = load(str(path), n_ctx=512)
    yield engine
    engine.close()


def history(turns: int) -> list[tuple[str, str]]:
    return [(("user", "assistant")[i % 2], f"the dragon {i} a story {i}") for i in range(turns)]


def test_shifting_is_unavailable_and_said(mamba) -> None:
    assert mamba.native.is_recurrent() and not mamba.native.can_shift()
    assert not mamba.can_shift and "recurrent state" in mamba.shift_notice()


def test_regenerate_restores_the_turn_state_instead_of_reading_the_chat(mamba) -> None:
    mamba.kv.reset()
    chat = mamba.new_chat("the story")
    chat.sync("the story", history(12))
    first = chat.reply(GREEDY)
    first.run()
    assert first.stats.prompt_tokens > 150  # the whole chat, once
    again = chat.regenerate(GREEDY)
    again.run()
    opener = len(mamba.model.tokenize(chat.format.generation_prompt(chat._history(len(chat.messages) - 1))))
    # only the reply opener after the restored state is read again, never the chat
    assert again.stats.tokens_reprocessed + again.stats.prompt_tokens <= opener + 1, (opener, again.stats)
    assert again.tokens == first.tokens  # the restored state is the turn's exact state
    prompt = mamba.kv.tokens[:len(mamba.kv.tokens) - len(again.tokens)]
    assert again.tokens == fresh_greedy(mamba, prompt, len(again.tokens))
    mamba.kv.check_invariant()


def test_edit_of_the_last_user_turn_reads_only_that_turn(mamba) -> None:
    mamba.kv.reset()
    chat = mamba.new_chat("the story")
    turns = history(11)
    chat.sync("the story", turns)
    chat.reply(GREEDY).run()
    shown = [(m.role, m.content) for m in chat.messages]
    chat.sync("the story", shown + [("user", "the dragon a")])
    chat.reply(GREEDY).run()
    # change the newest user turn: back to the checkpoint after the reply before it
    edited = shown + [("user", "a story the")]
    chat.sync("the story", edited)
    reply = chat.reply(GREEDY)
    reply.run()
    assert reply.stats.prompt_tokens < 40, reply.stats
    prompt = mamba.kv.tokens[:len(mamba.kv.tokens) - len(reply.tokens)]
    assert reply.tokens == fresh_greedy(mamba, prompt, len(reply.tokens))


def test_a_chat_past_the_window_drops_and_reads_again(mamba) -> None:
    mamba.kv.reset()
    chat = mamba.new_chat("the story")
    chat.sync("the story", history(60))
    reply = chat.reply(SamplerSettings(max_tokens=8, seed=2))
    reply.run()
    assert len(mamba.kv.tokens) <= mamba.n_ctx
    mamba.kv.check_invariant()
    assert mamba.kv.counters.shifts == 0


def test_the_window_says_shifting_is_unavailable(qtbot, mamba) -> None:
    from dataclasses import asdict

    from desktop.ui.chat.context_map import ContextMap
    from desktop.ui.settings.panel import SettingsPanel

    panel = SettingsPanel()
    qtbot.addWidget(panel)
    facts = {k: v for k, v in asdict(mamba.facts).items() if k != "tensors"}
    panel.set_model(facts, {"model_path": mamba.config.model_path}, {})
    assert "Recurrent state: no context shifting" in panel.facts_label.text()
    chat = mamba.new_chat("the story")
    chat.sync("the story", history(4))
    chat.reply(GREEDY).run()
    data = chat.context_map()
    assert data["shifting"] is False
    strip = ContextMap()
    qtbot.addWidget(strip)
    strip.set_map(data)
    assert "no shifting" in strip.caption.text() and "cannot shift" in strip.toolTip()
