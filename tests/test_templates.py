"""Chat formatting: the model's own template, and the fallback when it has none or it breaks."""

from __future__ import annotations

from pathlib import Path

from conftest import load
from desktop.engine import SamplerSettings
from desktop.engine.template import GgufTemplateFormat, PlainFormat, choose_format
from tiny_gguf import write_tiny_model


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


def test_template_without_system_at_top_falls_back() -> None:
    template = "{% for m in messages %}{% if m.role != 'system' %}[{{ m.role }}] {{ m.content }}\n{% endif %}{% endfor %}"
    chosen = choose_format(template, "<s>", "</s>")
    assert isinstance(chosen.format, PlainFormat) and "system prompt" in chosen.notice


def test_plain_format_names_and_stops() -> None:
    fmt = PlainFormat("Ann", "Ember")
    assert fmt.message([], {"role": "user", "content": " hello "}) == "Ann: hello\n"
    assert fmt.generation_prompt([]) == "Ember:"
    assert "\nAnn:" in fmt.stop
