"""Chat formatting: the model's own template, and the fallback when it has none or it breaks."""

from __future__ import annotations

from pathlib import Path

from chat_templates import GEMMA3, MISTRAL_V1
from conftest import load
from tiny_gguf import write_tiny_model

from desktop.engine import SamplerSettings
from desktop.engine.template import GgufTemplateFormat, PlainFormat, choose_format


def test_sample_model_uses_its_chatml_template(sample_model: str) -> None:
    with load(sample_model, n_ctx=256) as engine:
        assert engine.chat_format.notice == ""
        fmt = engine.chat_format.format
        assert isinstance(fmt, GgufTemplateFormat)
        assert fmt.system("Be kind.") == "<|im_start|>system\nBe kind.<|im_end|>\n"
        history = [{"role": "system", "content": "Be kind."}]
        assert fmt.message(history, {"role": "user", "content": "Hi"}) == "<|im_start|>user\nHi<|im_end|>\n"
        assert fmt.generation_prompt(history) == "<|im_start|>assistant\n"


def test_model_without_template_uses_plain_format(tiny_llama: str) -> None:
    with load(tiny_llama, n_ctx=256) as engine:
        assert isinstance(engine.chat_format.format, PlainFormat)
        assert "no chat template" in engine.chat_format.notice
        reply = engine.new_chat("the story").send("a dragon", SamplerSettings(max_tokens=5, seed=1))
        reply.run()
        assert reply.stats.tokens_generated > 0 or reply.stats.stop_reason in ("eos", "stop string")


def test_broken_template_falls_back_with_a_reason(tmp_path: Path) -> None:
    path = write_tiny_model(tmp_path / "broken.gguf", "llama", chat_template="{% for m in messages %}{{ m.content ")
    with load(str(path), n_ctx=256) as engine:
        assert isinstance(engine.chat_format.format, PlainFormat)
        assert "does not compile" in engine.chat_format.notice


def test_template_that_raises_falls_back() -> None:
    template = "{{ raise_exception('System role not supported') }}"
    chosen = choose_format(template, "<s>", "</s>")
    assert isinstance(chosen.format, PlainFormat) and "System role not supported" in chosen.notice


def test_template_that_drops_the_system_message_gets_it_as_the_first_user_turn() -> None:
    template = "{% for m in messages %}{% if m.role != 'system' %}[{{ m.role }}] {{ m.content }}\n{% endif %}{% endfor %}"
    chosen = choose_format(template, "<s>", "</s>")
    assert isinstance(chosen.format, GgufTemplateFormat) and chosen.notice == ""
    assert chosen.format.lead == "user" and chosen.format.system("Be kind.") == "[user] Be kind.\n"


def test_template_that_loses_the_system_text_falls_back() -> None:
    template = "{% for m in messages %}{% if m.role != 'system' %}[{{ m.role }}]{% endif %}{% endfor %}"
    chosen = choose_format(template, "<s>", "</s>")
    assert isinstance(chosen.format, PlainFormat) and "system prompt" in chosen.notice


def test_plain_format_names_and_stops() -> None:
    fmt = PlainFormat("Ann", "Ember")
    assert fmt.message([], {"role": "user", "content": " hello "}) == "Ann: hello\n"
    assert fmt.generation_prompt([]) == "Ember:"
    assert "\nAnn:" in fmt.stop


ALTERNATING = ("{{ bos_token }}{% for m in messages %}"
               "{% if m.role == 'system' %}<<{{ m.content }}>>\n"
               "{% else %}{% if (m.role == 'user') != (loop.index0 % 2 == 1) %}"
               "{{ raise_exception('roles must alternate') }}{% endif %}"
               "[{{ m.role }}] {{ m.content }}{{ eos_token }}\n{% endif %}{% endfor %}"
               "{% if add_generation_prompt %}[assistant] {% endif %}")
NUMBERED = ("{% for m in messages %}{{ loop.index }}. {{ m.role }}: {{ m.content }}\n{% endfor %}"
            "{% if add_generation_prompt %}{{ messages|length + 1 }}. assistant:{% endif %}")


def _conversation(n: int) -> list[dict]:
    return [{"role": "user" if i % 2 == 0 else "assistant", "content": f"message {i}"} for i in range(n)]


def _full_render_diffs(fmt: GgufTemplateFormat, messages: list[dict]) -> list[str]:
    history = [{"role": "system", "content": "SYS"}]
    out = []
    for msg in messages:
        out.append(fmt._message_after(history, msg))
        history.append(msg)
    out.append(fmt._generation_prompt_after(history))
    return out


def test_formatting_is_linear_where_a_short_context_renders_the_same() -> None:
    for template, linear in ((ALTERNATING, True), (NUMBERED, False)):
        chosen = choose_format(template, "<s>", "</s>")
        fmt = chosen.format
        assert isinstance(fmt, GgufTemplateFormat) and chosen.notice == ""
        assert fmt.short_context is linear
        messages = _conversation(41)
        history = [{"role": "system", "content": "SYS"}]
        short = []
        for msg in messages:
            context = fmt.context(history)
            assert len(context) <= (3 if linear else len(history))
            short.append(fmt.message(history, msg))
            history.append(msg)
        short.append(fmt.generation_prompt(history))
        assert short == _full_render_diffs(fmt, messages)  # the same text as rendering the whole history


def test_a_reopened_chat_takes_its_tokens_from_the_cache(sample_model: str) -> None:
    with load(sample_model, n_ctx=256) as engine:
        assert engine.chat_format.format.short_context  # ChatML renders each message alone
        history = [(m["role"], m["content"]) for m in _conversation(300)]
        first = engine.new_chat("SYS")
        first.sync("SYS", history)
        tokens = [t for _, t in first.spans()]
        # only the newest messages, about twice the window, were formatted; the rest are marked gone
        reached = [m for m in first.messages if m.tokens is not None]
        assert 2 * engine.n_ctx <= sum(len(m.tokens) for m in reached) < 3 * engine.n_ctx
        assert first.messages[-len(reached):] == reached and len(reached) < 300
        assert all(state == "evicted" for _, state in list(first.in_context())[:-len(reached)])
        misses = engine.token_cache.misses
        again = engine.new_chat("SYS")
        again.sync("SYS", history)
        assert [t for _, t in again.spans()] == tokens
        assert engine.token_cache.misses == misses and engine.token_cache.hits >= len(reached)
        other = engine.new_chat("OTHER")  # another context (here the system prompt) is another entry
        other.sync("OTHER", history[:3])
        other.spans()
        assert engine.token_cache.misses > misses


def _render_turns(fmt, system: str, turns: list[tuple[str, str]]) -> tuple[str, list[str]]:
    history = [{"role": "system", "content": system}]
    pieces = []
    for role, text in turns:
        msg = {"role": role, "content": text}
        pieces.append(fmt.message(history, msg))
        history.append(msg)
    return fmt.system(system), pieces + [fmt.generation_prompt(history)]


ROLEPLAY = [("assistant", "*waves* Greetings, traveller."), ("user", "Hello."), ("user", "Are you there?"),
            ("assistant", "I am."), ("assistant", "*yawns*"), ("user", "Tell me a story.")]


def test_gemma_template_keeps_its_own_format_for_a_roleplay() -> None:
    """Gemma folds the system text into the first user turn and demands alternating roles: a chat that
    opens with the greeting and has two user turns in a row still renders in <start_of_turn> form."""
    chosen = choose_format(GEMMA3, "<bos>", "<eos>")
    fmt = chosen.format
    assert isinstance(fmt, GgufTemplateFormat) and chosen.notice == ""
    assert (fmt.lead, fmt.alternate, fmt.mid_system) == ("folded", True, False)
    pinned, pieces = _render_turns(fmt, "You are Ember.", ROLEPLAY)
    assert pinned == "<start_of_turn>user\nYou are Ember.\n\n<end_of_turn>\n"
    assert pieces[0] == "<start_of_turn>model\n*waves* Greetings, traveller.<end_of_turn>\n"
    assert pieces[2] == "<start_of_turn>model\n<end_of_turn>\n<start_of_turn>user\nAre you there?<end_of_turn>\n"
    assert pieces[-1] == "<start_of_turn>model\n"
    # the pieces are exactly what the template renders for the whole (prepared) chat
    history = [{"role": "system", "content": "You are Ember."}] + [{"role": r, "content": t} for r, t in ROLEPLAY]
    assert fmt.render_chat(history, add_generation_prompt=True) == pinned + "".join(pieces)
    # and every piece still renders after the pinned block alone (the window let the turns before it go)
    assert fmt.render_chat(history[:1]) == pinned


def test_gemma_template_takes_the_note_as_a_user_turn() -> None:
    fmt = choose_format(GEMMA3, "<bos>", "<eos>").format
    history = [{"role": "system", "content": "S"}, {"role": "user", "content": "Hi"}]
    note = fmt.message(history, {"role": "system", "content": "[Style: short.]"})
    assert note == "<start_of_turn>model\n<end_of_turn>\n<start_of_turn>user\n[Style: short.]<end_of_turn>\n"


def test_template_refusing_the_system_role_keeps_its_format() -> None:
    """A hold-out template that raises on a system message (early Mistral) is used, the system text as the
    first user turn, never the plain fallback."""
    chosen = choose_format(MISTRAL_V1, "<s>", "</s>")
    fmt = chosen.format
    assert isinstance(fmt, GgufTemplateFormat) and chosen.notice == ""
    assert (fmt.lead, fmt.alternate) == ("user", True)
    pinned, pieces = _render_turns(fmt, "You are Ember.", ROLEPLAY)
    assert pinned == "[INST] You are Ember. [/INST]"
    assert pieces[:3] == ["*waves* Greetings, traveller.</s>", "[INST] Hello. [/INST]", "</s>[INST] Are you there? [/INST]"]


def test_alternating_templates_stay_linear_with_fillers() -> None:
    for template in (GEMMA3, MISTRAL_V1, ALTERNATING):
        fmt = choose_format(template, "<s>", "</s>").format
        assert isinstance(fmt, GgufTemplateFormat) and fmt.short_context
        messages = [{"role": r, "content": t} for r, t in ROLEPLAY * 4]
        history = [{"role": "system", "content": "SYS"}]
        for msg in messages:
            assert fmt.message(history, msg) == fmt._message_after(history, msg)
            history.append(msg)
        assert fmt.generation_prompt(history) == fmt._generation_prompt_after(history)
