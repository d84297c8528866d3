"""A terminal chat on the engine: `python -m desktop --cli` (also what `fireside` runs until the window exists).

It fetches the sample model when no model is given, so it works on a fresh machine.
"""

from __future__ import annotations

import argparse
import sys

from .engine import ConfigError, Engine, LoadConfig, SamplerSettings
from .models import FetchError, fetch_sample


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="fireside", description="Chat with a local GGUF model.")
    parser.add_argument("--model", help="GGUF file (default: the sample model, fetched if needed)")
    parser.add_argument("--n-ctx", type=int, default=4096)
    parser.add_argument("--compress-pos-emb", type=float, help="linear RoPE scaling (SuperHOT), e.g. 2")
    parser.add_argument("--system", default="You are a friendly storyteller.", help="the pinned system prompt")
    parser.add_argument("--max-tokens", type=int, default=256)
    parser.add_argument("--cli", action="store_true", help="terminal chat (the default for now)")
    parser.add_argument("--say", help="send one message, print the reply and its stats, and exit")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        model = args.model or str(fetch_sample(progress=_download_progress))
        engine = Engine.load(LoadConfig(model, n_ctx=args.n_ctx, compress_pos_emb=args.compress_pos_emb))
    except (FetchError, ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{engine.facts.summary()}; context {engine.n_ctx}", file=sys.stderr)
    if engine.chat_format.notice:
        print(f"note: {engine.chat_format.notice}", file=sys.stderr)
    chat = engine.new_chat(args.system)
    settings = SamplerSettings(max_tokens=args.max_tokens)
    messages = [args.say] if args.say is not None else None
    while True:
        if messages is not None:
            if not messages:
                break
            text = messages.pop()
        else:
            try:
                text = input("you> ")
            except EOFError:
                break
        if not text.strip():
            continue
        reply = chat.send(text, settings)
        try:
            for piece in reply:
                print(piece, end="", flush=True)
        except KeyboardInterrupt:
            reply.cancel()
            reply.run()
        print()
        print(f"  [{reply.stats}]", file=sys.stderr)
        if reply.stats.shift_notice():
            print(f"  [{reply.stats.shift_notice()}]", file=sys.stderr)
    engine.close()
    return 0


def _download_progress(done: int, total: int) -> None:
    if total:
        print(f"\rfetching the sample model: {done * 100 // total}%", end="", file=sys.stderr, flush=True)
        if done >= total:
            print(file=sys.stderr)
