"""Where a count of a story's tokens ends in its text (the reader's marks): byte-level tokens for the
edges (a Japanese character split between tokens, a template head, text the tokenizer changed), and
the real model's tokens in test_roleplay."""

from __future__ import annotations

from desktop.engine.document_place import DocumentPlaces


class ByteTokens:
    """A tokenizer of one byte per token (token t is the byte t)."""

    def __init__(self) -> None:
        self.calls = 0

    def token_bytes(self, token: int, special: bool = False) -> bytes:
        self.calls += 1
        return bytes([token])


def tokens_of(text: str) -> list[int]:
    return list(text.encode("utf-8"))


def test_a_character_split_between_tokens_counts_once_it_is_whole() -> None:
    content = "あいう story"
    head = "<|user|>\n"
    tokens = tokens_of(head + content + "<|end|>")
    places = DocumentPlaces(ByteTokens())
    at = len(head.encode())
    assert places.chars(1, tokens, content, at) == 0  # only the template's head
    assert places.chars(1, tokens, content, at + 2) == 0  # two of あ's three bytes
    assert places.chars(1, tokens, content, at + 3) == 1
    assert places.chars(1, tokens, content, at + 7) == 2
    assert places.chars(1, tokens, content, at + len(content.encode())) == len(content)
    assert places.chars(1, tokens, content, len(tokens)) == len(content)
    assert places.chars(1, tokens, content, 0) == 0


def test_the_tokens_are_read_once_per_story() -> None:
    model = ByteTokens()
    content = "Once upon a time. " * 50
    tokens = tokens_of("> " + content)
    places = DocumentPlaces(model)
    first = [places.chars(7, tokens, content, n) for n in range(0, len(tokens), 37)]
    calls = model.calls
    assert [places.chars(7, tokens, content, n) for n in range(0, len(tokens), 37)] == first
    assert model.calls == calls == len(tokens)
    assert first == sorted(first) and first[-1] < len(content)


def test_text_the_tokenizer_changed_falls_back_to_the_tokens_share() -> None:
    content = "Ünïcödé folded away " * 10
    tokens = tokens_of(content.lower().replace("ü", "u"))  # not the content's bytes
    places = DocumentPlaces(ByteTokens())
    half = places.chars(3, tokens, content, len(tokens) // 2)
    assert abs(half - len(content) / 2) <= 1


def test_gemmas_sentencepiece_tokens_place_a_japanese_story(gemma_it_model: str) -> None:
    """Another tokenizer family (SentencePiece, spaces as ▁) on text of multi-byte characters."""
    from conftest import load

    engine = load(gemma_it_model, n_ctx=1024)
    chat = engine.new_chat("You are a careful reader.")
    story = "昔々、川のほとりの村に、鷺の形をした銀の指ぬきを持つ粉屋の娘がいました。 " * 8
    chat.sync(chat.system_prompt, [("user", "Read this story:\n\n" + story, True), ("assistant", "I have read it.")])
    chat.read()
    msg = chat.messages[0]
    place = chat.context_map()["documents"][0]
    assert place["dropped"] == 0 and place["end_chars"] == len(msg.content)
    for n in range(20, len(msg.tokens) - 10, 23):
        c = chat.places.chars(msg.id, msg.tokens, msg.content, n)
        assert 0 < c < len(msg.content)
        shown = engine.model.detokenize(msg.tokens[:n]).replace("▁", " ")
        assert shown.endswith(msg.content[max(0, c - 6):c]), (n, c)  # the text up to the mark is what was read
    engine.close()
