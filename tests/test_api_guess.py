"""Guess ahead through the API: `lookup_draft` in a KoboldCpp or OpenAI body, else the server's
`guess_ahead`; the usage says how many tokens were guessed and kept, and the text is plain decoding's."""

from __future__ import annotations

import httpx
import openai
import pytest
from api_helpers import load_model, serving

from desktop.api.server import ServerError, ServerOptions, check_options
from desktop.worker import EngineClient

STORY = ("The bell of Saint Aldric rang at dawn, and the baker opened his shop, and the miller opened his mill. "
         "The bell of Saint Aldric rang at noon, and the baker closed his shop, and the miller closed his mill. "
         "The bell of Saint Aldric rang at dusk, and")


@pytest.fixture(scope="module")
def flash_client(qapp, sample_model: str):
    client = EngineClient()
    load_model(qapp, client, sample_model, n_ctx=1024, flash_attn=True)
    yield client
    client.stop(2000)


def _kobold(url: str, **extra) -> dict:
    body = {"prompt": STORY, "max_length": 40, "temperature": 0, "rep_pen": 1.0, "ban_eos_token": True, **extra}
    return httpx.post(f"{url}/api/v1/generate", json=body, timeout=120).json()


def test_a_request_asks_for_guesses_and_gets_plain_decodings_text(flash_client) -> None:
    with serving(flash_client) as server:
        plain = _kobold(server.url)
        guessed = _kobold(server.url, lookup_draft=8)
    assert plain["usage"]["tokens_guessed"] == 0
    assert guessed["usage"]["tokens_guessed"] > 0 and guessed["usage"]["guesses_kept"] > 0
    assert guessed["results"][0]["text"] == plain["results"][0]["text"]


def test_the_servers_setting_is_the_default_and_a_request_may_turn_it_off(flash_client) -> None:
    with serving(flash_client, guess_ahead=6) as server:
        assert _kobold(server.url)["usage"]["tokens_guessed"] > 0
        assert _kobold(server.url, lookup_draft=0)["usage"]["tokens_guessed"] == 0
        oai = openai.OpenAI(base_url=server.url + "/v1", api_key="unused")
        result = oai.completions.create(model="any", prompt=STORY, max_tokens=30, temperature=0,
                                        extra_body={"ignore_eos": True})
        assert result.usage is not None and (result.usage.model_extra or {}).get("tokens_guessed", 0) > 0


def test_out_of_range_guesses_are_refused(flash_client) -> None:
    with pytest.raises(ServerError, match="guess ahead"):
        check_options(ServerOptions(guess_ahead=99))
    with serving(flash_client) as server:
        answer = httpx.post(f"{server.url}/api/v1/generate", json={"prompt": STORY, "lookup_draft": 99}, timeout=60)
    assert answer.status_code == 400 and "lookup_draft" in answer.text
