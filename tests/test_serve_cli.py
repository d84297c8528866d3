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


def test_headless_serving_answers_an_openai_client_and_stops_on_ctrl_c(tmp_path: Path, sample_model: str) -> None:
    proc = start(tmp_path, "--model", sample_model, "--port", "0", "--n-ctx", "512")
    try:
        url = None
        lines = []
        deadline = time.monotonic() + 120
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            assert line, f"the server ended early: {''.join(lines)}"
            lines.append(line)
            found = re.search(r"\(context (\d+)\) on (http://127\.0\.0\.1:\d+)", line)
            if found:
                assert found.group(1) == "512"
                url = found.group(2)
        assert url, "".join(lines)
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
