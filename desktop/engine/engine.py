"""The engine: one loaded model with one context (one KV cache) and the chats that use it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from .chat import ChatSession
from .config import LoadConfig, ResolvedRope, resolve_rope
from .draft_model import DraftModel
from .kv import KVContext, ProgressFn
from .metadata import ModelFacts, ModelFileError, read_model_facts
from .native import LLAMA_LOG, LoadCancelled, LoadFailed, NativeContext, NativeModel, context_params
from .rpc import RpcDevice
from .template import ChosenFormat, PlainFormat, TurnFormat, choose_format
from .token_cache import TokenCache
from .validation import ConfigError, ConfigProblem, validate_config

log = logging.getLogger("fireside.engine")


class Engine:
    """Load with `Engine.load(config)`; then `new_chat(system_prompt)`.

    Loading validates the config first (raising `ConfigError` with every problem), reads the model
    facts from the GGUF header, then loads through llama.cpp, reporting progress from 0 to 1;
    `progress` returning False (or `cancel` being set) cancels with `LoadCancelled`.
    """

    def __init__(self, config: LoadConfig, facts: ModelFacts, model: NativeModel, native: NativeContext,
                 rope: ResolvedRope, warnings: list[ConfigProblem], load_log: list[str], load_seconds: float,
                 cancel: threading.Event | None = None) -> None:
        self.config = config
        self.facts = facts
        self.model = model
        self.native = native
        self.rope = rope
        self.warnings = warnings
        self.load_log = load_log
        self.load_seconds = load_seconds
        self.remote_devices: tuple[RpcDevice, ...] = ()  # other computers' GPUs, in llama.cpp's order
        self.draft: DraftModel | None = None  # a second model that guesses ahead (speculative decoding)
        self.kv = KVContext(native, allow_shift=config.context_shift)
        self.token_cache = TokenCache()
        # The template comes from the file: rendering it is bounded in time and size, and cancellable.
        self.chat_format: ChosenFormat = choose_format(facts.chat_template, facts.bos_token, facts.eos_token,
                                                         add_bos=model.add_bos,
                                                         cancelled=cancel.is_set if cancel is not None else None)

    @classmethod
    def load(cls, config: LoadConfig, progress: Callable[[float], bool] | None = None,
             cancel: threading.Event | None = None) -> Engine:
        try:
            facts = read_model_facts(config.model_path)
        except ModelFileError as exc:
            raise ConfigError([ConfigProblem("model_path", str(exc).removeprefix("model_path: "))]) from exc
        if cancel is not None and cancel.is_set():  # (reading the header can take a while on a cold disk)
            raise LoadCancelled("loading was cancelled")
        warnings = validate_config(config, facts)
        for w in warnings:
            log.warning("%s", w)
        rope = resolve_rope(config, facts.rope_freq_base, facts.rope_dim)
        remote = connect_servers(config.rpc_servers)

        def on_progress(value: float) -> bool:
            if cancel is not None and cancel.is_set():
                return False
            return progress(value) if progress else True

        mark = LLAMA_LOG.mark()
        started = time.perf_counter()
        model = NativeModel(config, on_progress)
        draft = None
        try:
            native = NativeContext(model, context_params(config, rope))
            if config.draft_model_path:
                try:
                    draft = DraftModel.load(config, model, native.n_ctx)
                except BaseException:
                    native.close()
                    raise
        except BaseException:
            model.close()
            raise
        seconds = time.perf_counter() - started
        log.info("loaded %s in %.2f s (n_ctx %d)", facts.summary(), seconds, native.n_ctx)
        engine = cls(config, facts, model, native, rope, warnings, LLAMA_LOG.since(mark), seconds, cancel)
        engine.remote_devices = remote
        engine.draft = draft
        if cancel is not None and cancel.is_set():
            engine.close()
            raise LoadCancelled("loading was cancelled")
        return engine

    # --- facts ---------------------------------------------------------------------------------------

    @property
    def n_ctx(self) -> int:
        """The real context size (llama.cpp rounds the requested one up to a multiple of 256)."""
        return self.native.n_ctx

    @property
    def can_shift(self) -> bool:
        """Whether the window moves by context shifting (else it drops and re-processes)."""
        return self.kv.shift_enabled

    def shift_notice(self) -> str:
        if self.kv.shift_enabled:
            return ""
        if self.native.is_recurrent():
            return ("this model keeps a recurrent state (no KV cache to shift): when the window is full, old "
                    "turns are dropped and the rest is processed again; regenerating or editing the last turns "
                    "goes back to a saved state of the turn")
        if self.config.type_k == "bf16":
            return ("a bf16 K cache cannot be shifted here: when the window is full, old turns are dropped and "
                    "the rest is processed again (an f16 or q8_0 K cache shifts)")
        if not self.kv.memory_can_shift:
            return ("this model's memory cannot be shifted (llama.cpp says so): when the window is full, "
                    "old turns are dropped and the rest is processed again")
        return "context shifting is off: when the window is full, the rest is processed again"

    # --- chats ---------------------------------------------------------------------------------------

    def new_chat(self, system_prompt: str = "", on_prompt_progress: ProgressFn | None = None,
                 user_name: str | None = None, assistant_name: str | None = None) -> ChatSession:
        fmt = self.format_for(user_name, assistant_name)
        chat = ChatSession(self.model, self.kv, fmt, system_prompt, on_prompt_progress, self.token_cache)
        chat.draft = self.draft
        return chat

    def format_for(self, user_name: str | None = None, assistant_name: str | None = None) -> TurnFormat:
        """The chat format for a chat between these names: the model's template ignores them; the
        plain fallback labels turns with them (and stops on them), as the card block names them."""
        fmt = self.chat_format.format
        if isinstance(fmt, PlainFormat) and (user_name or assistant_name):
            return PlainFormat(user_name or fmt.user_name, assistant_name or fmt.assistant_name)
        return fmt

    def close(self) -> None:
        if self.draft is not None:
            self.draft.close()
        self.native.close()
        self.model.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def connect_servers(endpoints: list[str]) -> tuple[RpcDevice, ...]:
    """Other computers' GPUs: checked, then registered with ggml, before llama.cpp sees the model
    (ggml-rpc aborts the process on a server it cannot use). A problem names the server. Returns their
    devices, in the order llama.cpp numbers them (before this computer's GPUs)."""
    from .rpc import RpcProblem, use_servers

    try:
        servers = use_servers(endpoints)
    except RpcProblem as problem:
        if problem.kind == "restart":
            raise LoadFailed(problem.explain()) from problem
        raise ConfigError([ConfigProblem("rpc_servers", problem.explain())]) from problem
    for server in servers:
        log.info("RPC server %s: %s", server.endpoint,
                 ", ".join(f"{d.free / 2**20:,.0f} of {d.total / 2**20:,.0f} MiB free" for d in server.devices))
    return tuple(d for server in servers for d in server.devices)
