"""The local API with real clients (the official `openai` package, httpx) against the real server,
the real engine process and the sample model."""

from __future__ import annotations

import threading
import time

import httpx
import openai
import pytest
from api_helpers import load_model, serving, sse_events

from desktop.api.bridge import WorkerBackend
from desktop.api.server import ApiServer, ServerError, ServerOptions
from desktop.worker import EngineClient

GREEDY = {"temperature": 0, "sampler_seed": 1, "rep_pen": 1.0}


@pytest.fixture(scope="module")
def engine_client(qapp, sample_model: str):
    client = EngineClient()
    load_model(qapp, client, sample_model, n_ctx=1024)
    yield client
    assert client.stop(10000)


@pytest.fixture(scope="module")
def server(engine_client):
    with serving(engine_client) as running:
        yield running


@pytest.fixture
def http(server):
    with httpx.Client(base_url=server.url, timeout=120) as c:
        yield c


def wait_idle(client: EngineClient, timeout: float = 10.0) -> float:
    """Seconds until the engine runs nothing (its current job has ended)."""
    started = time.monotonic()
    while client.running_job:
        assert time.monotonic() - started < timeout, "the engine is still busy"
        time.sleep(0.02)
    return time.monotonic() - started


# --- OpenAI ---------------------------------------------------------------------------------------

def test_openai_chat_completion_with_the_official_client(server) -> None:
    oai = openai.OpenAI(base_url=server.url + "/v1", api_key="unused")
    models = oai.models.list()
    assert [m.id for m in models.data] == ["SmolLM2-135M-Instruct.Q4_1"]
    raw = oai.chat.completions.with_raw_response.create(
        model=models.data[0].id, max_tokens=24, temperature=0, seed=3,
        messages=[{"role": "system", "content": "You are terse."}, {"role": "user", "content": "Name a color."}])
    reply = raw.parse()
    assert reply.choices[0].message.role == "assistant"
    assert reply.choices[0].message.content.strip()
    assert reply.choices[0].finish_reason in ("stop", "length")
    assert reply.usage.prompt_tokens > 10 and 0 < reply.usage.completion_tokens <= 24
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens
    assert int(raw.headers["X-Fireside-Tokens-Reprocessed"]) >= 0


def test_openai_streaming_matches_the_plain_reply(server) -> None:
    oai = openai.OpenAI(base_url=server.url + "/v1", api_key="unused")
    messages = [{"role": "user", "content": "Write one sentence about rain."}]
    plain = oai.chat.completions.create(model="any", messages=messages, max_tokens=20, temperature=0)
    chunks = list(oai.chat.completions.create(model="any", messages=messages, max_tokens=20, temperature=0,
                                              stream=True, stream_options={"include_usage": True}))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == plain.choices[0].message.content
    finals = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert finals == [plain.choices[0].finish_reason]
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == plain.usage.completion_tokens
    # The same conversation again: all but the last prompt token come from the cache.
    again = oai.chat.completions.with_raw_response.create(model="any", messages=messages, max_tokens=1)
    assert int(again.headers["X-Fireside-Tokens-Cached"]) == again.parse().usage.prompt_tokens - 1


def test_openai_text_completion_with_a_stop_string(server) -> None:
    oai = openai.OpenAI(base_url=server.url + "/v1", api_key="unused")
    result = oai.completions.create(model="any", prompt="1, 2, 3, 4,", max_tokens=30, temperature=0, stop=[" 7"])
    assert " 7" not in result.choices[0].text
    assert result.choices[0].finish_reason == "stop"
    streamed = "".join(c.choices[0].text for c in oai.completions.create(
        model="any", prompt="1, 2, 3, 4,", max_tokens=30, temperature=0, stop=[" 7"], stream=True))
    assert streamed == result.choices[0].text


def test_openai_errors_come_as_the_client_expects(server) -> None:
    oai = openai.OpenAI(base_url=server.url + "/v1", api_key="unused", max_retries=0)
    with pytest.raises(openai.BadRequestError, match="messages"):
        oai.chat.completions.create(model="any", messages=[])
    with pytest.raises(openai.BadRequestError, match="max_tokens"):
        oai.chat.completions.create(model="any", messages=[{"role": "user", "content": "x"}], max_tokens=-5)


# --- KoboldAI / KoboldCpp --------------------------------------------------------------------------

def test_kobold_info_endpoints(http) -> None:
    assert http.get("/api/v1/model").json() == {"result": "SmolLM2-135M-Instruct.Q4_1"}
    assert http.get("/api/v1/info/version").json()["result"]
    version = http.get("/api/extra/version").json()
    assert version["result"] == "KoboldCpp" and version["protected"] is False
    assert http.get("/api/v1/config/max_context_length").json() == {"value": 1024}
    assert http.get("/api/extra/true_max_context_length").json() == {"value": 1024}
    assert http.get("/api/v1/config/max_length").json()["value"] > 0


def test_kobold_generate_stream_and_tokencount(http, engine_client) -> None:
    body = {"prompt": "The cat sat on the", "max_length": 16, **GREEDY}
    plain = http.post("/api/v1/generate", json=body)
    assert plain.status_code == 200
    result = plain.json()["results"][0]
    assert result["text"] and result["finish_reason"] in ("stop", "length")
    with http.stream("POST", "/api/extra/generate/stream", json=body) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = list(sse_events(response))
    assert all(name == "message" for name, _ in events)
    assert "".join(data["token"] for _, data in events) == result["text"]
    assert events[-1][1]["finish_reason"] == result["finish_reason"]
    counted = http.post("/api/extra/tokencount", json={"prompt": "The cat sat on the mat."}).json()
    assert counted["value"] == len(counted["ids"]) == len(engine_client.tokenize("The cat sat on the mat."))


def test_kobold_sampler_fields_are_used(http) -> None:
    body = {"prompt": "Once upon a time", "max_length": 12, "temperature": 0.9, "top_k": 40, "top_p": 0.9,
            "min_p": 0.05, "typical": 1, "rep_pen": 1.1, "rep_pen_range": 64, "dry_multiplier": 0.8,
            "dry_base": 1.75, "dry_allowed_length": 2, "dry_sequence_breakers": ["\n", ":"], "xtc_threshold": 0.1,
            "xtc_probability": 0.5, "sampler_seed": 42, "stop_sequence": ["\n\n"], "banned_tokens": ["dragon"],
            "top_a": 0, "tfs": 1, "memory": "A fairy tale.\n"}
    first = http.post("/api/v1/generate", json=body).json()
    second = http.post("/api/v1/generate", json=body).json()
    assert first["results"][0]["text"] == second["results"][0]["text"]  # the seed decides
    assert first["ignored"] == ["top_a", "tfs"]
    mirostat = http.post("/api/v1/generate", json={**body, "mirostat": 2, "mirostat_tau": 4.0}).json()
    assert mirostat["results"][0]["text"]


@pytest.mark.parametrize("body, status, words", [
    (b"{not json", 400, "not valid JSON"),
    (b"[1, 2]", 400, "JSON object"),
    (b'{"prompt": "x", "max_length": "ten"}', 400, "max_length"),
    (b'{"prompt": "x", "max_length": -4}', 400, "max_length"),
    (b'{"prompt": 5}', 400, "prompt"),
    (b'{"prompt": "x", "temperature": -1}', 400, "temperature"),
    (b'{"prompt": "x", "stop_sequence": [1, 2]}', 400, "stop_sequence"),
    (b'{"prompt": "x", "logit_bias": {"abc": 1}}', 400, "logit_bias"),
    (b'{"prompt": "x", "logit_bias": {"99999999": -100}}', 400, "vocabulary"),
    (b'{"prompt": "x", "max_context_length": 64, "memory": "' + b"word " * 200 + b'"}', 400, "memory"),
])
def test_bad_kobold_requests_get_a_json_error(http, body: bytes, status: int, words: str) -> None:
    response = http.post("/api/v1/generate", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == status, response.text
    error = response.json()
    assert words in error["error"]["message"] and error["detail"]["msg"] == error["error"]["message"]


def test_unknown_endpoints_wrong_methods_and_huge_bodies(http) -> None:
    missing = http.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and "no endpoint" in missing.json()["error"]["message"]
    wrong = http.get("/api/v1/generate")
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == 405
    huge = http.post("/api/v1/generate", content=b'{"prompt": "' + b"a" * (9 << 20) + b'"}',
                     headers={"Content-Type": "application/json"})
    assert huge.status_code == 413 and "too large" in huge.json()["error"]["message"]
    assert http.get("/api/v1/model").status_code == 200  # and the server carries on


def test_a_client_that_disconnects_cancels_its_generation(http, engine_client) -> None:
    body = {"prompt": "Tell an endless story.", "max_length": 4000, "ban_eos_token": True, **GREEDY}
    with http.stream("POST", "/api/extra/generate/stream", json=body) as response:
        seen = 0
        for _ in sse_events(response):
            seen += 1
            if seen >= 5:
                break
    # 4,000 tokens would take a minute; the worker is free again at once.
    assert wait_idle(engine_client, timeout=5.0) < 5.0
    assert http.post("/api/v1/generate", json={"prompt": "Hi", "max_length": 2}).status_code == 200


def test_abort_ends_a_streaming_generation(http, server) -> None:
    body = {"prompt": "Tell an endless story.", "max_length": 4000, "ban_eos_token": True, **GREEDY}
    aborted: list[dict] = []

    def abort_soon() -> None:
        time.sleep(1.0)
        with httpx.Client(base_url=server.url) as other:
            aborted.append(other.post("/api/extra/abort", json={}).json())

    thread = threading.Thread(target=abort_soon)
    thread.start()
    with http.stream("POST", "/api/extra/generate/stream", json=body) as response:
        events = list(sse_events(response))
    thread.join()
    assert aborted == [{"success": "true", "done": "true"}]
    assert 0 < len(events) < 4000 and events[-1][1]["finish_reason"] == "stop"


def test_a_request_beyond_the_queue_gets_503(engine_client) -> None:
    with serving(engine_client, queue_size=0) as small, httpx.Client(base_url=small.url, timeout=60) as http:
        body = {"prompt": "A long story:", "max_length": 4000, "ban_eos_token": True, **GREEDY}
        with http.stream("POST", "/api/extra/generate/stream", json=body) as response:
            events = sse_events(response)  # (kept: dropping it would close the stream, and cancel)
            next(events)  # generating now
            busy = httpx.post(small.url + "/api/v1/generate", json={"prompt": "Hi", "max_length": 4})
            assert busy.status_code == 503
            assert "busy" in busy.json()["error"]["message"]
    wait_idle(engine_client)


def test_a_second_request_waits_in_the_queue_and_then_runs(server, engine_client) -> None:
    results: list[int] = []

    def ask(length: int) -> None:
        r = httpx.post(server.url + "/api/v1/generate", timeout=120,
                       json={"prompt": "Count: 1, 2,", "max_length": length, "ban_eos_token": True, **GREEDY})
        results.append(r.json()["results"][0]["completion_tokens"])

    threads = [threading.Thread(target=ask, args=(n,)) for n in (40, 8)]
    for t in threads:
        t.start()
        time.sleep(0.2)
    for t in threads:
        t.join()
    assert sorted(results) == [8, 40]


def test_a_long_generation_shifts_the_window_and_a_long_prompt_is_cut_to_fit(http, engine_client) -> None:
    story = " ".join(f"Day {i}: the ferry crossed the grey river twice." for i in range(70))
    body = {"prompt": story, "max_length": 800, "ban_eos_token": True, **GREEDY}
    long = http.post("/api/v1/generate", json=body).json()
    assert long["results"][0]["completion_tokens"] == 800  # the prompt (cut to 512) + 800 > the window
    assert long["usage"]["context_shifts"] > 0 and long["usage"]["tokens_reprocessed"] == 0
    huge = " ".join(f"Night {i}: the lamps burned low over the water." for i in range(400))  # ~5,000 tokens
    fitted = http.post("/api/v1/generate", json={"memory": "A river story.\n", "prompt": huge,
                                                 "max_length": 100, **GREEDY}).json()
    usage = fitted["usage"]
    assert usage["prompt_truncated"] > 3000 and usage["prompt_tokens"] <= 1024 - 100
    assert fitted["results"][0]["text"]
    assert engine_client.call("inspect")["invariant"] == "ok"


# --- security defaults ------------------------------------------------------------------------------

def test_listening_beyond_loopback_needs_the_option_and_a_key(engine_client) -> None:
    backend = WorkerBackend(engine_client)
    with pytest.raises(ServerError, match="127.0.0.1 only"):
        ApiServer(backend, ServerOptions(host="0.0.0.0", port=0))
    with pytest.raises(ServerError, match="API key"):
        ApiServer(backend, ServerOptions(host="0.0.0.0", port=0, allow_remote=True))
    remote = ApiServer(backend, ServerOptions(host="0.0.0.0", port=0, allow_remote=True, api_key="k"))
    remote.start()
    try:
        assert httpx.get(f"http://127.0.0.1:{remote.port}/api/v1/model").status_code == 401
        ok = httpx.get(f"http://127.0.0.1:{remote.port}/api/v1/model", headers={"Authorization": "Bearer k"})
        assert ok.status_code == 200
    finally:
        remote.stop()


def test_an_api_key_on_loopback_is_required_everywhere(engine_client) -> None:
    with serving(engine_client, api_key="s3cret") as locked:
        assert httpx.get(locked.url + "/v1/models").status_code == 401
        assert httpx.post(locked.url + "/api/v1/generate", json={"prompt": "x"}).status_code == 401
        assert httpx.get(locked.url + "/api/extra/version", headers={"X-Api-Key": "s3cret"}).json()["protected"]
        oai = openai.OpenAI(base_url=locked.url + "/v1", api_key="s3cret")
        assert oai.completions.create(model="m", prompt="Hi", max_tokens=2).choices[0].text is not None
        with pytest.raises(openai.AuthenticationError):
            openai.OpenAI(base_url=locked.url + "/v1", api_key="wrong", max_retries=0).models.list()


def test_dns_rebinding_and_foreign_web_pages_are_refused(server, engine_client) -> None:
    rebound = httpx.get(server.url + "/api/v1/model", headers={"Host": "evil.example:5001"})
    assert rebound.status_code == 403 and "127.0.0.1" in rebound.json()["error"]["message"]
    foreign = httpx.post(server.url + "/api/v1/generate", json={"prompt": "x"},
                         headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    with serving(engine_client, cors_origins=["https://lite.koboldai.net"]) as open_to_lite:
        pre = httpx.options(open_to_lite.url + "/api/v1/generate", headers={
            "Origin": "https://lite.koboldai.net", "Access-Control-Request-Method": "POST"})
        assert pre.status_code == 204
        assert pre.headers["Access-Control-Allow-Origin"] == "https://lite.koboldai.net"
        got = httpx.get(open_to_lite.url + "/api/v1/model", headers={"Origin": "https://lite.koboldai.net"})
        assert got.headers["Access-Control-Allow-Origin"] == "https://lite.koboldai.net"


def test_without_a_model_the_api_says_so(qapp) -> None:
    client = EngineClient()
    try:
        with serving(client) as empty:
            response = httpx.post(empty.url + "/api/v1/generate", json={"prompt": "x"})
            assert response.status_code == 503 and "no model" in response.json()["error"]["message"]
            assert httpx.get(empty.url + "/v1/models").json() == {"object": "list", "data": []}
    finally:
        assert client.stop(5000)


def test_a_taken_port_is_reported_in_plain_words(server, engine_client) -> None:
    with pytest.raises(ServerError, match="already in use"):
        ApiServer(WorkerBackend(engine_client), ServerOptions(port=server.port)).start()


def test_a_sillytavern_style_session_trimming_to_a_1024_window(server, monkeypatch) -> None:
    """The benchmark's replay, shorter: the client drops its oldest lines to fit and re-sends the
    whole prompt each turn; the cache loses the dropped piece and evaluates only what is new."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parents[1] / "benchmarks" / "api.py"
    monkeypatch.syspath_prepend(str(path.parent))  # its `common` helper
    spec = importlib.util.spec_from_file_location("api_benchmark", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    with httpx.Client(base_url=server.url, timeout=120) as client:
        result = bench.replay(client, turns=26, n_ctx=1024, max_length=60)
    assert result["shifts"] >= 3, result  # the window filled and the client trimmed
    assert result["tokens_reprocessed_total"] == 0
    assert result["reprocess_ratio"] <= 1.05, result


def test_abort_and_check_take_any_body(http) -> None:
    """KoboldCpp reads an optional genkey there; a body that is not JSON means no key, not an error."""
    assert http.post("/api/extra/generate/check", content=b"\xff not json").json() == {"results": [{"text": ""}]}
    assert http.post("/api/extra/abort", content=b"[1,2").json() == {"success": "false", "done": "true"}
    assert http.post("/api/extra/abort", json={"genkey": 7}).json()["success"] == "false"
