"""Reasoning on the OpenAI API: the real `openai` client against the real server and worker.

The sample model does not think by itself, but it copies what it has just seen: a few earlier
turns whose replies start with a `<think>` block make it write one too (greedy), so the markers here
are the model's own tokens, streamed piece by piece. A tiny model whose chat template opens the
block in the generation prompt (as DeepSeek-R1 distills' do) covers replies that start inside it.
"""

from __future__ import annotations

import json

import httpx
import openai
import pytest
from api_helpers import load_model, serving
from test_reasoning import R1_TEMPLATE
from tiny_gguf import write_tiny_model

from desktop.api.openai_routes import _OpenAIEvents
from desktop.chat.reasoning import split_reasoning
from desktop.worker import EngineClient

SHOT = "<think>\nI add the numbers.\n</think>\n\nThe sum is easy."
MESSAGES = [{"role": "system", "content": "Think first inside <think></think>, then answer."}]
for _question in ("What is 2+2?", "What is 3+5?", "What is 7+1?"):
    MESSAGES += [{"role": "user", "content": _question}, {"role": "assistant", "content": SHOT}]
MESSAGES.append({"role": "user", "content": "What is 4+4?"})


@pytest.fixture(scope="module")
def server(qapp, sample_model: str):
    client = EngineClient()
    load_model(qapp, client, sample_model, n_ctx=1024)
    with serving(client) as running:
        yield running
    assert client.stop(10000)


@pytest.fixture
def oai(server) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.url + "/v1", api_key="unused", max_retries=0)


def raw_reply(oai: openai.OpenAI, **extra) -> str:
    reply = oai.chat.completions.create(model="any", messages=MESSAGES, temperature=0, seed=1,
                                        extra_body={"reasoning_format": "none"}, **extra)
    assert not getattr(reply.choices[0].message, "reasoning_content", None)
    return reply.choices[0].message.content


def test_the_thinking_comes_as_reasoning_content(oai: openai.OpenAI) -> None:
    raw = raw_reply(oai, max_tokens=40)
    assert raw.startswith("<think>") and "</think>" in raw  # the model wrote a block itself
    thinking, answer = split_reasoning(raw, False)
    assert thinking and answer
    reply = oai.chat.completions.create(model="any", messages=MESSAGES, max_tokens=40, temperature=0, seed=1)
    message = reply.choices[0].message
    assert message.reasoning_content == thinking
    assert message.content == answer
    assert "<think>" not in message.content and "</think>" not in message.content
    assert reply.usage.completion_tokens > 0


def test_streamed_thinking_matches_the_plain_reply(oai: openai.OpenAI) -> None:
    plain = oai.chat.completions.create(model="any", messages=MESSAGES, max_tokens=40, temperature=0, seed=1)
    chunks = list(oai.chat.completions.create(model="any", messages=MESSAGES, max_tokens=40, temperature=0,
                                              seed=1, stream=True))
    deltas = [c.choices[0].delta for c in chunks if c.choices]
    thinking = "".join(getattr(d, "reasoning_content", None) or "" for d in deltas)
    answer = "".join(d.content or "" for d in deltas)
    assert thinking == plain.choices[0].message.reasoning_content
    assert answer == plain.choices[0].message.content
    assert [d.role for d in deltas if d.role] == ["assistant"] and deltas[0].role == "assistant"
    assert not any("<" in (d.content or "") for d in deltas)  # no piece of a marker leaked
    first_answer = next(i for i, d in enumerate(deltas) if d.content)
    assert all(not getattr(d, "reasoning_content", None) for d in deltas[first_answer:])
    assert [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason] == \
        [plain.choices[0].finish_reason]


def test_reasoning_format_none_keeps_the_text_as_written(oai: openai.OpenAI) -> None:
    raw = raw_reply(oai, max_tokens=40)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai.chat.completions.create(
        model="any", messages=MESSAGES, max_tokens=40, temperature=0, seed=1, stream=True,
        extra_body={"reasoning_format": "none"}) if c.choices)
    assert streamed == raw
    with pytest.raises(openai.BadRequestError, match="reasoning_format"):
        oai.chat.completions.create(model="any", messages=MESSAGES, max_tokens=4,
                                    extra_body={"reasoning_format": "sometimes"})


def test_a_reply_cut_off_while_thinking_is_all_reasoning(oai: openai.OpenAI) -> None:
    raw = raw_reply(oai, max_tokens=5)
    assert raw.startswith("<think>") and "</think>" not in raw
    reply = oai.chat.completions.create(model="any", messages=MESSAGES, max_tokens=5, temperature=0, seed=1)
    assert reply.choices[0].finish_reason == "length"
    assert reply.choices[0].message.content == ""
    assert reply.choices[0].message.reasoning_content == raw[len("<think>"):].strip()


def test_text_completions_are_unchanged(server) -> None:
    prompt = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in MESSAGES) + \
        "<|im_start|>assistant\n"
    with httpx.Client(base_url=server.url, timeout=120) as http:
        got = http.post("/v1/completions", json={"prompt": prompt, "max_tokens": 20, "temperature": 0}).json()
    assert got["choices"][0]["text"].startswith("<think>")
    assert "reasoning_content" not in json.dumps(got)


def test_a_template_that_opens_the_block_makes_the_whole_reply_thinking(qapp, tmp_path) -> None:
    """A tiny model with an R1-style template (its generation prompt ends in `<think>`): its reply
    never closes the block, so it is all reasoning, streamed and not."""
    path = write_tiny_model(tmp_path / "tiny-r1.gguf", chat_template=R1_TEMPLATE)
    client = EngineClient()
    try:
        load_model(qapp, client, str(path), n_ctx=256)
        with serving(client) as tiny:
            oai = openai.OpenAI(base_url=tiny.url + "/v1", api_key="unused", max_retries=0)
            ask = {"model": "any", "messages": [{"role": "user", "content": "the story"}], "max_tokens": 12,
                   "temperature": 0, "seed": 1}
            raw = oai.chat.completions.create(**ask, extra_body={"reasoning_format": "none"}).choices[0].message
            assert raw.content.strip() and "</think>" not in raw.content
            message = oai.chat.completions.create(**ask).choices[0].message
            assert message.content == "" and message.reasoning_content == raw.content.strip()
            deltas = [c.choices[0].delta for c in oai.chat.completions.create(**ask, stream=True) if c.choices]
            assert "".join(d.content or "" for d in deltas) == ""
            assert "".join(getattr(d, "reasoning_content", None) or "" for d in deltas) == raw.content.strip()
    finally:
        assert client.stop(10000)


def sse(data: bytes) -> list[dict]:
    return [json.loads(line[6:]) for line in data.decode().split("\n\n") if line.startswith("data: {")]


def test_the_event_stream_holds_a_marker_cut_across_pieces() -> None:
    events = _OpenAIEvents("chatcmpl-x", "m", chat=True, include_usage=False, reasoning=False)
    out = [events.token(p) for p in ["<th", "ink", ">\nHm", "m.\n</", "think>", "\n\nYe", "s."]]
    assert out[0] == out[1] == b""  # what may be a marker waits
    result = {"reason": "eos", "reuse": {}, "completion_tokens": 7}
    chunks = sse(b"".join(out) + events.done(result))
    deltas = [c["choices"][0]["delta"] for c in chunks]
    assert deltas[0] == {"reasoning_content": "Hm", "role": "assistant"}
    assert "".join(d.get("reasoning_content", "") for d in deltas) == "Hmm."
    assert "".join(d.get("content", "") for d in deltas) == "Yes."
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"
    opened = _OpenAIEvents("c", "m", chat=True, include_usage=False, reasoning=True)
    chunks = sse(b"".join(opened.token(p) for p in ["Hmm", "</th", "ink>Yes"]) + opened.done(result))
    assert [(k, v) for c in chunks for k, v in c["choices"][0]["delta"].items() if k != "role" and v] == \
        [("reasoning_content", "Hmm"), ("content", "Yes")]
    plain = _OpenAIEvents("c", "m", chat=True, include_usage=False)
    assert [c["choices"][0]["delta"]["content"] for c in sse(plain.token("<th") + plain.token("ink>"))] == \
        ["<th", "ink>"]
