"""`fireside --serve --model PATH`: the API with no window, in its own process, stopped by Ctrl+C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import openai


def start(tmp_path: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "FIRESIDE_DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "desktop", "--serve", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env, cwd=Path(__file__).parents[1])


def serving_url(proc: subprocess.Popen, pattern: str) -> str:
    """The URL from the server's serving line, which must match `pattern` (its group 1 is the URL)."""
    lines: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        assert line, f"the server ended early: {''.join(lines)}"
        lines.append(line)
        if " on http://" in line:
            found = re.search(pattern, line)
            assert found, line
            return found.group(1)
    raise AssertionError("".join(lines))


def test_headless_serving_answers_an_openai_client_and_stops_on_ctrl_c(tmp_path: Path, sample_model: str) -> None:
    proc = start(tmp_path, "--model", sample_model, "--port", "0", "--n-ctx", "512")
    try:
        url = serving_url(proc, r"\(context 512\) on (http://127\.0\.0\.1:\d+)")
        oai = openai.OpenAI(base_url=url + "/v1", api_key="none")
        reply = oai.chat.completions.create(model="m", messages=[{"role": "user", "content": "Hi!"}], max_tokens=8)
        assert reply.usage.completion_tokens > 0
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
        assert proc.returncode == 0, out
        assert "stopping" in out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_headless_serving_refuses_other_interfaces_without_the_option(tmp_path: Path, sample_model: str) -> None:
    proc = start(tmp_path, "--model", sample_model, "--host", "0.0.0.0")
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert "127.0.0.1 only" in out


def test_headless_serving_with_a_draft_model_guesses_in_the_engine_process(tmp_path: Path, sample_model: str) -> None:
    """`--draft-model` loads the draft beside the model in the engine's own process; a greedy request's usage
    says how many tokens it guessed (the model as its own draft: it guesses right, and a warning says it
    is slower than without)."""
    import httpx

    proc = start(tmp_path, "--model", sample_model, "--port", "0", "--n-ctx", "1024", "--draft-model", sample_model,
                 "--draft-max", "4", "--flash-attn")
    try:
        url = serving_url(proc, r"\(context 1024, draft model [^)]+\) on (http://127\.0\.0\.1:\d+)")
        body = {"prompt": "Once upon a time, in a small village by the sea,", "max_length": 40, "temperature": 0,
                "rep_pen": 1.0, "ban_eos_token": True}
        answer = httpx.post(f"{url}/api/v1/generate", json=body, timeout=120).json()
        assert answer["usage"]["tokens_guessed"] > 0 and answer["usage"]["guesses_kept"] > 0
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
        assert proc.returncode == 0, out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
