"""Roleplay and story reading on the real model: the pinned card block, the author's note at the
tail, stories read in order with shifting, and the long-story scenarios users report."""

from __future__ import annotations

import json

import pytest
from conftest import load

from desktop.chat.cards import card_from_json
from desktop.chat.prompt import Persona, pinned_block
from desktop.engine import SamplerSettings
from desktop.engine.kv import ShiftEvent

CARD = card_from_json({"spec": "chara_card_v2", "data": {
    "name": "Ember", "description": "{{char}} is an old dragon who keeps a lantern shop under the hill.",
    "personality": "warm, proud, fond of riddles", "scenario": "{{user}} shelters in {{char}}'s shop from a storm.",
    "first_mes": "Welcome, {{user}}.", "mes_example": "<START>\n{{user}}: Hello\n{{char}}: Mind the lanterns."}})
PERSONA = Persona("Ann", "A courier who carries letters across the marsh.")
OPENING = "the miller's daughter kept a silver thimble shaped like a heron"


def fairy_tale(paragraphs: int) -> str:
    first = f"Once upon a time, in a village by the river, {OPENING}. She never let anyone touch it."
    body = [f"On day {i} the wind came down from the northern hills, and the villagers mended the nets, "
            f"counted the geese, and told the story of the {i}th bridge to the children by the fire."
            for i in range(paragraphs)]
    return "\n\n".join([first, *body, "And that is the end of the tale."])


def test_the_card_block_stays_pinned_through_ten_shifts(sample_model: str) -> None:
    engine = load(sample_model, n_ctx=512)
    chat = engine.new_chat(pinned_block(CARD, PERSONA))
    pinned = chat.pinned_tokens
    assert 100 < len(pinned) < 300
    shifts: list[ShiftEvent] = []

    def check(event: ShiftEvent) -> None:
        shifts.append(event)
        assert engine.kv.tokens[:len(pinned)] == pinned

    engine.kv.on_shift = check
    chat.sync(chat.system_prompt, [("assistant", "Welcome, Ann."), ("user", "Tell me a very long story.")])
    reply = chat.reply(SamplerSettings(max_tokens=1400, ignore_eos=True, seed=3))
    reply.run()
    assert len(shifts) >= 10 and all(e.shifted for e in shifts)
    assert reply.stats.tokens_reprocessed == 0
    assert engine.kv.tokens[:len(pinned)] == pinned
    engine.close()


def test_changing_the_authors_note_reprocesses_only_the_tail(sample_model: str) -> None:
    engine = load(sample_model, n_ctx=2048)
    chat = engine.new_chat(pinned_block(CARD, PERSONA))
    history = []
    for i in range(6):
        history += [("user", f"Question {i}: what is behind lantern {i}?"),
                    ("assistant", " ".join(f"Behind lantern {i} there is shelf {j}." for j in range(10)))]
    chat.sync(chat.system_prompt, history + [("user", "And now?")])
    chat.note = "Ember is sleepy tonight."
    chat.reply(SamplerSettings(max_tokens=4, seed=1)).run()
    history_tokens = len(engine.kv.tokens)
    chat.note = "Ember is wide awake and cheerful tonight."
    again = chat.regenerate(SamplerSettings(max_tokens=4, seed=1))
    again.run()
    note_tokens = len(chat._note_tokens())
    assert history_tokens > 500
    assert again.stats.prompt_tokens <= note_tokens + 8  # the new note and the reply opener, nothing else
    engine.close()


def test_a_story_longer_than_the_window_is_read_in_order(sample_model: str) -> None:
    engine = load(sample_model, n_ctx=1024)
    chat = engine.new_chat("You are a careful reader.")
    story = fairy_tale(60)
    chat.sync(chat.system_prompt, [("user", "Read this story:\n\n" + story, True),
                                   ("assistant", "I have read it.")])
    progress: list[tuple[int, int]] = []
    read = chat.read(lambda done, total: progress.append((done, total)))
    total, dropped, cached = chat.document_window(0)
    assert total > 2500 and read >= total
    assert [d for d, _ in progress] == sorted(d for d, _ in progress) and progress[-1][0] == progress[-1][1]
    assert dropped > 0 and cached > 0 and dropped + cached == total  # the bookmark moved past the window
    doc_tokens = chat.messages[0].tokens
    assert engine.kv.tokens[-len(chat.messages[1].tokens) - 50:-len(chat.messages[1].tokens)] == \
        doc_tokens[-50:]  # the story's end is in the window
    assert engine.kv.counters.tokens_reprocessed == 0 and engine.kv.counters.shifts > 0
    # The reader's marks: the window starts in the text exactly where the first kept token's text is.
    place = chat.context_map()["documents"][0]
    content = chat.messages[0].content
    assert (place["tokens"], place["dropped"], place["cached"]) == (total, dropped, cached)
    assert place["end_chars"] == place["chars"] == len(content)
    assert 0 < place["dropped_chars"] < len(content)
    assert content[place["dropped_chars"]:].startswith(engine.model.detokenize(doc_tokens[dropped:dropped + 12]))
    states = dict((m.id, s) for m, s in chat.in_context())
    assert states[chat.messages[0].id] == "partial"
    reply = chat.send("How did the story end?", SamplerSettings(max_tokens=16, seed=1))
    reply.run()
    assert reply.stats.prompt_tokens < 40  # the story is not read again
    engine.close()


def _read_then_ask(engine, story: str) -> None:
    chat = engine.new_chat("You are a careful reader. Answer questions about the story.")
    chat.sync(chat.system_prompt, [("user", "Read this story:\n\n" + story, True),
                                   ("assistant", "I have read the story.")])
    chat.read()
    opening = engine.model.tokenize(OPENING, parse_special=False)[1:-1]
    chat.send("Unrelated: what is a good name for a cat?", SamplerSettings(max_tokens=24, seed=2)).run()
    answer = chat.send("What did the miller's daughter keep?", SamplerSettings(max_tokens=24, seed=2))
    answer.run()
    total, dropped, cached = chat.document_window(0)
    assert dropped == 0 and cached == total  # the whole story, opening included, is still in context
    mirror = engine.kv.tokens
    assert any(mirror[i:i + len(opening)] == opening for i in range(len(mirror)))
    assert answer.text.strip()
    assert answer.stats.prompt_tokens < 40


@pytest.mark.slow
def test_fairy_tale_of_5000_tokens_then_a_question_about_its_opening(sample_model: str) -> None:
    engine = load(sample_model, n_ctx=8192)
    story = fairy_tale(115)
    assert 4500 < len(engine.model.tokenize(story)) < 5500
    _read_then_ask(engine, story)
    engine.close()


@pytest.mark.slow
def test_12000_token_story_past_the_trained_length_with_linear_rope(sample_model: str) -> None:
    engine = load(sample_model, n_ctx=16384, compress_pos_emb=2)
    assert engine.rope.freq_scale == 0.5 and engine.facts.n_ctx_train == 8192
    story = fairy_tale(255)
    assert 11000 < len(engine.model.tokenize(story)) < 13000
    _read_then_ask(engine, story)
    engine.close()


def test_card_json_round_trip() -> None:
    assert json.loads(json.dumps(CARD.to_json()))["data"]["name"] == "Ember"
