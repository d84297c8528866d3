"""The terminal chat, run as a user runs it."""

from __future__ import annotations

import re
import subprocess
import sys


def test_cli_sends_one_message_and_prints_stats(sample_model: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--model", sample_model, "--n-ctx", "512", "--max-tokens", "8",
         "--say", "Hello!"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert re.search(r"Output generated in [\d.]+ seconds \([\d.]+ tokens/s, \d+ tokens, context \d+, seed \d+\)",
                     result.stderr)


def test_cli_reports_a_bad_model_clearly(tmp_path) -> None:
    bogus = tmp_path / "x.gguf"
    bogus.write_text("nope")
    result = subprocess.run([sys.executable, "-m", "desktop", "--model", str(bogus), "--say", "hi"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "not a GGUF model file" in result.stderr
