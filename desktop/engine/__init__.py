"""Fireside's inference engine: llama.cpp with context shifting, no Qt.

Scripting it without the GUI::

    from desktop.engine import Engine, LoadConfig, SamplerSettings

    engine = Engine.load(LoadConfig("model.gguf", n_ctx=4096, compress_pos_emb=2))
    chat = engine.new_chat("You are Ember, a dragon who tells stories.")   # the pinned block
    reply = chat.send("Tell me about your cave.", SamplerSettings(max_tokens=200))
    for piece in reply:            # streams text; reply.cancel() from another thread stops it
        print(piece, end="", flush=True)
    print(reply.stats)             # Output generated in 1.93 seconds (103.40 tokens/s, 200 tokens, ...)
    print(reply.stats.shift_notice())
    engine.kv.tokens               # the token mirror (== the KV cache, position by position)
    engine.close()

What it guarantees:

- `LoadConfig` is checked before llama.cpp sees it (`check_config` lists problems per field;
  `Engine.load` raises `ConfigError`). Settings that would abort the process are refused.
- The system prompt is pinned: never evicted. When the window is full, whole oldest messages leave
  the cache and the rest is shifted (`llama_memory_seq_rm` + `llama_memory_seq_add`), also in the
  middle of one long reply. Models whose memory cannot shift drop and re-process instead, and say so.
- A new prompt evaluates only what follows its longest common prefix with the cache, so an edited
  or regenerated last turn re-processes only its own tail.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Names load their module on first use (PEP 562): the app process imports `desktop.engine.config`
# and friends without loading llama.cpp, which only the engine process needs.
_WHERE = {
    "ChatMessage": "chat", "ChatSession": "chat",
    "KV_CACHE_TYPES": "config", "LoadConfig": "config", "RopeScaling": "config", "SplitMode": "config",
    "resolve_rope": "config",
    "Engine": "engine", "Generation": "generate",
    "Cancelled": "kv", "ContextFull": "kv", "KVContext": "kv", "ShiftEvent": "kv",
    "ModelFacts": "metadata", "ModelFileError": "metadata", "read_model_facts": "metadata",
    "LLAMA_LOG": "native", "DecodeError": "native", "LoadCancelled": "native", "LoadFailed": "native",
    "SamplerSettings": "sampling", "GenerationStats": "stats",
    "ConfigError": "validation", "ConfigProblem": "validation", "check_config": "validation",
    "real_n_ctx": "validation", "validate_config": "validation",
}

if TYPE_CHECKING:
    from .chat import ChatMessage, ChatSession
    from .config import KV_CACHE_TYPES, LoadConfig, RopeScaling, SplitMode, resolve_rope
    from .engine import Engine
    from .generate import Generation
    from .kv import Cancelled, ContextFull, KVContext, ShiftEvent
    from .metadata import ModelFacts, ModelFileError, read_model_facts
    from .native import LLAMA_LOG, DecodeError, LoadCancelled, LoadFailed
    from .sampling import SamplerSettings
    from .stats import GenerationStats
    from .validation import ConfigError, ConfigProblem, check_config, real_n_ctx, validate_config


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "Cancelled",
    "ChatMessage",
    "ChatSession",
    "ConfigError",
    "ConfigProblem",
    "ContextFull",
    "DecodeError",
    "Engine",
    "Generation",
    "GenerationStats",
    "KVContext",
    "KV_CACHE_TYPES",
    "LLAMA_LOG",
    "LoadCancelled",
    "LoadConfig",
    "LoadFailed",
    "ModelFacts",
    "ModelFileError",
    "RopeScaling",
    "SamplerSettings",
    "ShiftEvent",
    "SplitMode",
    "check_config",
    "read_model_facts",
    "real_n_ctx",
    "resolve_rope",
    "validate_config",
]
