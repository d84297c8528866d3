"""A reasoning model's thinking told apart from its answer: whole texts, and streams cut anywhere."""

from __future__ import annotations

import itertools

import pytest

from desktop.chat.reasoning import (
    ReasoningStream,
    count_words,
    model_opens_reasoning,
    opened_by_prompt,
    prompt_opens_reasoning,
    split_message,
    split_reasoning,
    template_opens_reasoning,
    with_thinking_count,
    without_reasoning,
)
from desktop.engine.stats import GenerationStats

# (reply, starts_in_reasoning, thinking, answer)
CASES = [
    ("<think>Let me see.</think>The answer is 4.", False, "Let me see.", "The answer is 4."),
    ("<think>\nStep 1.\n\nStep 2.\n</think>\n\nAnswer.", False, "Step 1.\n\nStep 2.", "Answer."),
    (" \n <think>x</think> y", False, "x", "y"),  # whitespace before the block is allowed
    ("Sure. <think>x</think>y", False, "", "Sure. <think>x</think>y"),  # text before <think>: no block
    ("<think></think>Hi", False, "", "Hi"),  # empty thinking
    ("<think>\n\n</think>\n\nHi", False, "", "Hi"),  # Qwen3 with thinking switched off
    ("<think>a<think>b</think>c</think>d", False, "a<think>b", "c</think>d"),  # no nesting: first closer
    ("<think>cut off while thinking", False, "cut off while thinking", ""),  # unclosed: all thinking
    ("<think>a</thi", False, "a</thi", ""),  # a partial closer at the very end is thinking text
    ("<think>x</think>Use <think> tags like <think>this</think>.", False,
     "x", "Use <think> tags like <think>this</think>."),  # quoted markers later are answer
    ("</think>Hi", False, "", "</think>Hi"),  # a closer with no opener, prompt not opening one
    ("</think>Hi", True, "", "Hi"),
    ("</think>Hi", None, "", "Hi"),  # guessed: the prompt opened the block
    ("Hmm, 2+2.\n</think>\n\n4", None, "Hmm, 2+2.", "4"),
    ("Hmm, 2+2.\n</think>\n\n4", True, "Hmm, 2+2.", "4"),
    ("Hmm, 2+2.\n</think>\n\n4", False, "", "Hmm, 2+2.\n</think>\n\n4"),
    ("Write <think> and then </think>.", None, "", "Write <think> and then </think>."),  # opener first: no guess
    ("<think>x</think>y", True, "x", "y"),  # opened by the prompt and again by the model
    ("still thinking", True, "still thinking", ""),
    ("x<|end_of_thought|>y", True, "x", "y"),
    ("<|begin_of_thought|>hmm<|end_of_thought|>\n\n<|begin_of_solution|>42<|end_of_solution|>", False,
     "hmm", "<|begin_of_solution|>42<|end_of_solution|>"),
    ("<think>a<|end_of_thought|>b</think>c", False, "a<|end_of_thought|>b", "c"),  # only its own closer
    ("<thinking>not a marker</thinking>", False, "", "<thinking>not a marker</thinking>"),
    ("<th", False, "", "<th"),
    ("<think", False, "", "<think"),
    ("<", False, "", "<"),
    ("", False, "", ""),
    ("   ", False, "", "   "),
    ("  plain answer  \n", False, "", "  plain answer  \n"),  # no block: unchanged
    ("<think>a\n</think>", False, "a", ""),
    ("<think>考えています。</think>答えは四です。", False, "考えています。", "答えは四です。"),
    ("<think>a < b and c </ d</think>so <", False, "a < b and c </ d", "so <"),
]


@pytest.mark.parametrize("text, starts, thinking, answer", CASES)
def test_split_of_a_finished_reply(text: str, starts: bool | None, thinking: str, answer: str) -> None:
    assert split_reasoning(text, starts) == (thinking, answer)


def stream(pieces: list[str], starts: bool) -> tuple[str, str, list[tuple[str, str]]]:
    """Feed pieces; check nothing is ever taken back; return (thinking, answer, deltas)."""
    s = ReasoningStream(starts)
    deltas: list[tuple[str, str]] = []
    for piece in pieces:
        deltas += s.feed(piece)
    deltas += s.finish()
    return ("".join(t for k, t in deltas if k == "reasoning"), "".join(t for k, t in deltas if k == "content"),
            deltas)


def cuts(text: str) -> list[list[str]]:
    """The text in one piece, char by char, cut once at every place, and cut twice at every pair."""
    n = len(text)
    out = [[text], list(text)]
    out += [[text[:i], text[i:]] for i in range(n + 1)]
    out += [[text[:i], text[i:j], text[j:]] for i, j in itertools.combinations(range(n + 1), 2)]
    return out


@pytest.mark.parametrize("text, starts, thinking, answer", [c for c in CASES if c[1] is not None])
def test_a_stream_cut_anywhere_gives_the_same_split(text: str, starts: bool, thinking: str, answer: str) -> None:
    for pieces in cuts(text):
        got_thinking, got_answer, deltas = stream(pieces, starts)
        assert (got_thinking, got_answer) == (thinking, answer), pieces
        assert all(t for _, t in deltas), "no empty deltas"


def test_nothing_is_let_out_that_may_still_be_a_marker() -> None:
    s = ReasoningStream()
    assert s.feed("<th") == [] and s.feed("ink") == [] and s.feed(">") == []
    assert s.thinking
    assert s.feed("\n") == []  # leading whitespace of the thinking is dropped
    assert s.feed("Two") == [("reasoning", "Two")]
    assert s.feed(" plus two.\n") == [("reasoning", " plus two.")]  # the trailing newline waits
    assert s.feed("</") == [] and s.feed("think") == []
    assert s.feed(">\n\nFour") == [("content", "Four")]
    assert not s.thinking and s.closed
    assert s.feed("</think> ok") == [("content", "</think> ok")]  # after the block: all answer
    assert s.finish() == []


def test_a_partial_opener_that_turns_out_otherwise_is_answer_at_once() -> None:
    s = ReasoningStream()
    assert s.feed("  <thi") == []
    assert s.feed("s is fine") == [("content", "  <this is fine")]
    assert not s.found_block


def test_every_answer_delta_extends_the_final_answer() -> None:
    """Streamed answer text is never taken back: each prefix of the deltas is a prefix of the end."""
    text = "<think>plan: say hi</think>\n\nHi <think> there"
    final = split_reasoning(text, False)
    for pieces in cuts(text):
        s = ReasoningStream()
        thinking = answer = ""
        for piece in pieces:
            for kind, t in s.feed(piece):
                if kind == "content":
                    answer += t
                else:
                    thinking += t
            assert final[1].startswith(answer) and final[0].startswith(thinking)


def test_thinking_pieces_are_counted_markers_included() -> None:
    s = ReasoningStream()
    for piece in ["<think>", "\n", "Okay", ",", " so", "\n", "</think>", "\n\n", "Hello", "!"]:
        s.feed(piece)
    assert s.reasoning_pieces == 7
    s = ReasoningStream()
    for piece in ["<", "th", "ink", ">", "a", "</think>", "b"]:
        s.feed(piece)
    assert s.reasoning_pieces == 6  # the held start counts once it opened the block
    s = ReasoningStream()
    for piece in ["<", "b", ">", "bold"]:
        s.feed(piece)
    assert s.reasoning_pieces == 0
    s = ReasoningStream(starts_in_reasoning=True)
    for piece in ["Hm", "m", "</think>", "Yes"]:
        s.feed(piece)
    assert s.reasoning_pieces == 3


def test_a_reply_still_streaming_shows_no_partial_marker() -> None:
    assert split_message("<thi", final=False) == split_message("", final=False)
    shown = split_message("<think>Let me", final=False)
    assert (shown.reasoning, shown.answer, shown.thinking) == ("Let me", "", True)
    shown = split_message("<think>Let me</thi", final=False)
    assert (shown.reasoning, shown.answer, shown.thinking) == ("Let me", "", True)
    shown = split_message("<think>Let me</think>\n", final=False)
    assert (shown.reasoning, shown.answer, shown.thinking) == ("Let me", "", False)
    assert split_message("<think>x</think>", final=True).found


def test_the_guess_for_stored_replies() -> None:
    assert opened_by_prompt("thinking\n</think>\nanswer")
    assert not opened_by_prompt("<think>x</think>y")
    assert not opened_by_prompt("no block at all")
    assert not opened_by_prompt("quote <think> then </think>")


def test_history_gets_the_answer_only() -> None:
    assert without_reasoning("<think>secret plan</think>\n\nHello!") == "Hello!"
    assert without_reasoning("plan\n</think>\nHello!") == "Hello!"
    assert without_reasoning("Hello <think>kept</think>") == "Hello <think>kept</think>"
    assert without_reasoning("<think>never finished") == ""
    assert without_reasoning("  no block  ") == "  no block  "


def test_the_stats_line_says_how_many_tokens_were_thinking() -> None:
    line = str(GenerationStats(seconds=2.0, tokens_generated=60, context_used=300, seed=42))
    assert with_thinking_count(line, 41) == line.replace("60 tokens,", "60 tokens (41 thinking),")
    assert with_thinking_count(line, 75).count("(60 thinking)") == 1  # never more than the reply's tokens
    assert with_thinking_count(line, 0) == line
    assert with_thinking_count("", 5) == ""
    assert with_thinking_count("odd line", 5) == "odd line (5 thinking tokens)"


def test_words_are_counted_in_any_script() -> None:
    assert count_words("Let me think about this.") == 5
    assert count_words("考えています") == 6
    assert count_words("ユーザーは挨拶している。短く返そう。") == 16  # punctuation is no word
    assert count_words("2 + 2 = 4 — done.") == 4
    assert count_words("  ") == 0


R1_TEMPLATE = ("{{ bos_token }}{% for message in messages %}{% if message['role'] == 'system' %}"
               "{{ message['content'] }}{% elif message['role'] == 'user' %}{{ '<｜User｜>' + message['content'] }}"
               "{% elif message['role'] == 'assistant' %}{% set content = message['content'] %}"
               "{% if '</think>' in content %}{% set content = content.split('</think>')[-1] %}{% endif %}"
               "{{ '<｜Assistant｜>' + content + '<｜end▁of▁sentence｜>' }}{% endif %}{% endfor %}"
               "{% if add_generation_prompt %}{{ '<｜Assistant｜><think>\\n' }}{% endif %}")
QWEN3_TEMPLATE = ("{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] "
                  "+ '<|im_end|>\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}"
                  "{% if enable_thinking is defined and enable_thinking is false %}"
                  "{{ '<think>\\n\\n</think>\\n\\n' }}{% endif %}{% endif %}")


def test_templates_that_open_the_block_in_the_generation_prompt() -> None:
    assert template_opens_reasoning(R1_TEMPLATE, "<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>")
    assert not template_opens_reasoning(QWEN3_TEMPLATE)  # Qwen3 thinks with its own <think>
    assert not template_opens_reasoning("{% for m in messages %}{{ m['content'] }}")  # does not compile
    assert not template_opens_reasoning("")
    assert prompt_opens_reasoning("<|im_start|>assistant\n<think>\n")
    assert not prompt_opens_reasoning("<|im_start|>assistant\n<think>\n\n</think>\n\n")


def test_the_sample_model_does_not_open_a_block(sample_model: str) -> None:
    assert not model_opens_reasoning(sample_model)
    assert not model_opens_reasoning("/nonexistent/model.gguf")


def test_the_history_sent_to_the_model_drops_the_replies_thinking() -> None:
    from desktop.chat import Conversation

    conv = Conversation()
    conv.add("user", "<think>a user may write this</think> hi")
    conv.add("assistant", "<think>\nplan\n</think>\n\nHello!")
    conv.add("user", "Again")
    conv.add("assistant", "<think>still going")
    story = conv.add("assistant", "<think>a story read in</think>", document=True)
    assert story.document
    sent = conv.history()
    assert [text for _, text, _ in sent] == ["<think>a user may write this</think> hi", "Hello!", "Again", "",
                                             "<think>a story read in</think>"]
    _, tail = conv.history_tail(10_000, upto=4, keep_last=True)  # continuing the open reply
    assert [text for _, text, _ in tail] == ["<think>a user may write this</think> hi", "Hello!", "Again",
                                             "<think>still going"]
    assert conv.messages[1].text == "<think>\nplan\n</think>\n\nHello!"  # stored as written
