"""Smoke test of headless serving from a built bundle: `python packaging/smoke_serve.py BINARY MODEL`.

Starts `BINARY --serve --model MODEL --port 0`, waits for its URL, asks /api/extra/version and one
short /v1/completions, then stops it with SIGINT and expects exit code 0. Prints one line; exit 1 on
any failure (the bundle misses a module the API needs, say).
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import urllib.request


def main(binary: str, model: str) -> int:
    proc = subprocess.Popen([binary, "--serve", "--model", model, "--port", "0", "--n-ctx", "512"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    url = None
    for line in proc.stdout:
        found = re.search(r" on (http://127\.0\.0\.1:\d+)", line)
        if found:
            url = found.group(1)
            break
    if url is None:
        print("smoke-serve: the server did not start:", proc.stdout.read() if proc.poll() is not None else "")
        proc.kill()
        return 1
    try:
        version = json.load(urllib.request.urlopen(url + "/api/extra/version", timeout=30))
        request = urllib.request.Request(url + "/v1/completions", method="POST",
                                         data=json.dumps({"prompt": "Hello", "max_tokens": 4}).encode(),
                                         headers={"Content-Type": "application/json"})
        reply = json.load(urllib.request.urlopen(request, timeout=120))
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(60)
    ok = version.get("result") == "KoboldCpp" and reply["usage"]["completion_tokens"] > 0 and proc.returncode == 0
    print(f"smoke-serve: {url}: version {version.get('version')}, {reply['usage']['completion_tokens']} tokens, "
          f"exit {proc.returncode}: {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
