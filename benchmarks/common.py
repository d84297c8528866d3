"""What the benchmarks share: the command line, loading the engine, a second context."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.engine import Engine, LoadConfig  # noqa: E402
from desktop.engine.native import NativeContext, context_params  # noqa: E402
from desktop.models import fetch_sample  # noqa: E402


def parser(doc: str, rounds: int) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=doc.splitlines()[0])
    p.add_argument("--model", help="GGUF file (default: the sample model, fetched if needed)")
    p.add_argument("--n-ctx", type=int, default=2048)
    p.add_argument("--rounds", type=int, default=rounds)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--json", action="store_true", help="print only the JSON line")
    return p


def load_engine(args: argparse.Namespace) -> Engine:
    return Engine.load(LoadConfig(args.model or str(fetch_sample()), n_ctx=args.n_ctx, n_threads=args.threads))


def second_context(engine: Engine) -> NativeContext:
    """Another context on the same model and settings (the reference side of a comparison)."""
    return NativeContext(engine.model, context_params(engine.config, engine.rope))
