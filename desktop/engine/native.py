"""Thin, checked wrappers over llama-cpp-python's low-level (ctypes) API.

Only this module and `kv.py` call into llama.cpp. Everything that could make llama.cpp abort the
process is refused before the call (see validation.py and KVContext.can_shift).
"""

from __future__ import annotations

import ctypes
import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Sequence

import llama_cpp as ll

from .config import KV_CACHE_TYPES, LoadConfig, ResolvedRope

log = logging.getLogger("fireside.llama")

_backend_lock = threading.Lock()
_backend_ready = False


class LoadCancelled(Exception):
    """The user cancelled loading."""


class LoadFailed(RuntimeError):
    """llama.cpp could not load the model or create its context."""


# --- logging -------------------------------------------------------------------------------------

# ggml_log_level: 1 debug, 2 info, 3 warn, 4 error, 5 continuation
_LEVELS = {2: logging.INFO, 3: logging.WARNING, 4: logging.ERROR}


class LlamaLog:
    """Receives llama.cpp's log lines (global in llama.cpp) and keeps the recent ones.

    The memory planner reads buffer sizes from these lines; everything also goes to Python logging.
    """

    def __init__(self, keep: int = 4000) -> None:
        self.lines: deque[str] = deque(maxlen=keep)
        self.total = 0  # lines ever received; marks count from here
        self._partial = ""
        self._lock = threading.Lock()
        self._callback = ll.llama_log_callback(self._on_log)  # keep a reference: C holds the pointer
        self.on_line: Callable[[], None] | None = None  # a test hook (worker.faults' hang inside C)

    def _on_log(self, level: int, text: bytes | None, _user_data: ctypes.c_void_p) -> None:
        if not text:
            return
        if self.on_line is not None:
            self.on_line()
        chunk = text.decode("utf-8", errors="replace")
        with self._lock:
            self._partial += chunk
            if "\n" not in self._partial:
                return
            *complete, self._partial = self._partial.split("\n")
            for line in complete:
                if line.strip():
                    self.lines.append(line)
                    self.total += 1
                    log.log(_LEVELS.get(level, logging.DEBUG), "%s", line)

    def mark(self) -> int:
        """A position to read new lines from (see `since`)."""
        with self._lock:
            return self.total

    def since(self, mark: int) -> list[str]:
        """Lines received after `mark` (as many as are still kept)."""
        with self._lock:
            new = min(self.total - mark, len(self.lines))
            return list(self.lines)[len(self.lines) - new:] if new > 0 else []

    def clear(self) -> None:
        with self._lock:
            self.lines.clear()
            self.total = 0


LLAMA_LOG = LlamaLog()


def amx_backend_present() -> bool:
    """Whether this llama.cpp build runs ggml's AMX kernels (a native build on a Xeon with AMX)."""
    return "AMX_INT8 = 1" in ll.llama_print_system_info().decode("utf-8", errors="replace")


def use_extra_buffers() -> bool:
    """Whether weights may go to the CPU's extra buffer types (AMX, CPU_REPACK).

    Measured on a Xeon with AMX (llama-cpp-python 0.3.36 built natively): with ggml's AMX buffer, the
    first prompt batch segfaults inside llama_decode, on SmolLM2 (Q4_1) and Gemma 3 (Q4_K_M) alike;
    with extra buffer types off both run. Only native builds on such CPUs have AMX kernels (the
    bundle is built with GGML_NATIVE=OFF); elsewhere CPU_REPACK stays on (it speeds up Q4_0/Q4_K)."""
    return not amx_backend_present()


def ensure_backend() -> None:
    """Initialise llama.cpp's backends once per process and route its log to Python."""
    global _backend_ready
    with _backend_lock:
        if not _backend_ready:
            ll.llama_log_set(LLAMA_LOG._callback, ctypes.c_void_p(0))
            ll.llama_backend_init()
            _backend_ready = True


# --- model -------------------------------------------------------------------------------------

ProgressFn = Callable[[float], bool]  # returns False to cancel


class NativeModel:
    """An owned `llama_model` pointer with its vocabulary."""

    def __init__(self, config: LoadConfig, progress: ProgressFn | None = None) -> None:
        ensure_backend()
        params = ll.llama_model_default_params()
        set_fields(
            params,
            n_gpu_layers=config.n_gpu_layers if config.n_gpu_layers >= 0 else 0x7FFFFFFF,
            split_mode=int(config.split_mode),
            main_gpu=config.main_gpu,
            load_mode=_load_mode(config.use_mmap, config.use_mlock),
            use_extra_bufts=use_extra_buffers(),
        )
        self._tensor_split = None
        if config.tensor_split:
            n = ll.llama_max_devices()
            arr = (ctypes.c_float * n)(*(list(config.tensor_split) + [0.0] * (n - len(config.tensor_split))))
            self._tensor_split = arr
            params.tensor_split = ctypes.cast(arr, ctypes.POINTER(ctypes.c_float))
        cancelled = False

        def on_progress(value: float, _user: ctypes.c_void_p) -> bool:
            nonlocal cancelled
            try:
                keep_going = progress(float(value)) if progress else True
            except Exception:  # never let a Python error cross into C
                log.exception("progress callback failed")
                keep_going = True
            cancelled = not keep_going
            return bool(keep_going)

        self._progress_cb = ll.llama_progress_callback(on_progress)
        params.progress_callback = self._progress_cb
        ptr = ll.llama_model_load_from_file(config.model_path.encode("utf-8"), params)
        if not ptr:
            if cancelled:
                raise LoadCancelled("loading was cancelled")
            raise LoadFailed(f"llama.cpp could not load {config.model_path} (see the log for its reason)")
        self.ptr = ptr
        self.vocab = ll.llama_model_get_vocab(ptr)
        self.n_vocab = ll.llama_vocab_n_tokens(self.vocab)
        self.n_ctx_train = ll.llama_model_n_ctx_train(ptr)
        self.add_bos = bool(ll.llama_vocab_get_add_bos(self.vocab))
        self.bos = ll.llama_vocab_bos(self.vocab)
        self._piece_buf = ctypes.create_string_buffer(256)
        self._eog: list[int] | None = None
        self._eog_set: frozenset[int] | None = None
        self._pieces: dict[int, bytes] = {}

    def close(self) -> None:
        if getattr(self, "ptr", None):
            ll.llama_model_free(self.ptr)
            self.ptr = None

    def __del__(self) -> None:
        self.close()

    def tokenize(self, text: str, add_special: bool = False, parse_special: bool = True) -> list[int]:
        data = text.encode("utf-8")
        cap = len(data) + 16
        buf = (ll.llama_token * cap)()
        n = ll.llama_tokenize(self.vocab, data, len(data), buf, cap, add_special, parse_special)
        if n < 0:
            cap = -n
            buf = (ll.llama_token * cap)()
            n = ll.llama_tokenize(self.vocab, data, len(data), buf, cap, add_special, parse_special)
            if n < 0:
                raise ValueError("the text could not be tokenized")
        return list(buf[:n])

    def token_bytes(self, token: int, special: bool = False) -> bytes:
        """The raw bytes of one token (may be part of a UTF-8 character); remembered per token."""
        if not special:
            piece = self._pieces.get(token)
            if piece is None:
                piece = self._pieces[token] = self._token_bytes(token, False)
            return piece
        return self._token_bytes(token, True)

    def _token_bytes(self, token: int, special: bool) -> bytes:
        n = ll.llama_token_to_piece(self.vocab, token, self._piece_buf, 256, 0, special)
        if n < 0:
            big = ctypes.create_string_buffer(-n)
            n = ll.llama_token_to_piece(self.vocab, token, big, -n, 0, special)
            return big.raw[:n]
        return self._piece_buf.raw[:n]

    def detokenize(self, tokens: Sequence[int], special: bool = False) -> str:
        return b"".join(self.token_bytes(t, special) for t in tokens).decode("utf-8", errors="replace")

    def eog_tokens(self) -> list[int]:
        """Every end-of-generation token of the vocabulary (computed once)."""
        if self._eog is None:
            self._eog = [t for t in range(self.n_vocab) if ll.llama_vocab_is_eog(self.vocab, t)]
        return self._eog

    def is_eog(self, token: int) -> bool:
        if self._eog_set is None:
            self._eog_set = frozenset(self.eog_tokens())
        return token in self._eog_set

    def meta(self, key: str) -> str | None:
        buf = ctypes.create_string_buffer(4096)
        n = ll.llama_model_meta_val_str(self.ptr, key.encode(), buf, len(buf))
        return buf.value.decode("utf-8", errors="replace") if n >= 0 else None


def _load_mode(use_mmap: bool, use_mlock: bool) -> int:
    if use_mmap:
        return ll.LLAMA_LOAD_MODE_MMAP_MLOCK if use_mlock else ll.LLAMA_LOAD_MODE_MMAP
    return ll.LLAMA_LOAD_MODE_MLOCK if use_mlock else ll.LLAMA_LOAD_MODE_NONE


# --- context ------------------------------------------------------------------------------------

def set_fields(struct: ctypes.Structure, **values: object) -> None:
    """Set ctypes struct fields, refusing names the struct lacks (ctypes would silently accept them)."""
    known = {name for name, *_ in type(struct)._fields_}
    unknown = set(values) - known
    if unknown:
        raise AttributeError(f"{type(struct).__name__} has no field(s) {sorted(unknown)}")
    for name, value in values.items():
        setattr(struct, name, value)


def context_params(config: LoadConfig, rope: ResolvedRope) -> ll.llama_context_params:
    params = ll.llama_context_default_params()
    set_fields(
        params,
        n_ctx=config.n_ctx,
        n_batch=config.n_batch,
        n_ubatch=config.n_ubatch,
        n_seq_max=1,
        n_threads=config.n_threads,
        n_threads_batch=config.n_threads_batch or config.n_threads,
        type_k=int(KV_CACHE_TYPES[config.type_k]),
        type_v=int(KV_CACHE_TYPES[config.type_v]),
        flash_attn_type=1 if config.flash_attn else 0,  # never "auto": validation depends on it
        offload_kqv=config.offload_kqv,
        rope_scaling_type=int(rope.scaling),
        rope_freq_base=rope.freq_base,
        rope_freq_scale=rope.freq_scale,
        swa_full=True,  # a full-size SWA cache is what lets SWA models shift
        no_perf=False,
    )
    yarn = {
        "yarn_ext_factor": config.yarn_ext_factor,
        "yarn_attn_factor": config.yarn_attn_factor,
        "yarn_beta_fast": config.yarn_beta_fast,
        "yarn_beta_slow": config.yarn_beta_slow,
        "yarn_orig_ctx": config.yarn_orig_ctx,
    }
    set_fields(params, **{k: v for k, v in yarn.items() if v is not None})
    return params


class NativeContext:
    """An owned `llama_context` with one reusable batch."""

    def __init__(self, model: NativeModel, params: ll.llama_context_params) -> None:
        ptr = ll.llama_init_from_model(model.ptr, params)
        if not ptr:
            raise LoadFailed("llama.cpp could not create the context (see the log; often not enough memory)")
        self.ptr = ptr
        self.model = model
        self.memory = ll.llama_get_memory(ptr)
        self.n_ctx = ll.llama_n_ctx(ptr)
        self.n_batch = ll.llama_n_batch(ptr)
        self.type_k = int(params.type_k)
        # Whether a batch gives (near enough) the logits single decodes give, so that guesses can be verified
        # in one batch without changing the text. Measured on the CPU (0.3.36, 2 threads): with flash
        # attention they are bit-identical while the cache holds under 256 positions, then a lone token takes
        # the attention's split-KV path (only with K and V both f16 or both f32: ggml-cpu ops.cpp,
        # use_split_kv_path) and they move by up to about 0.6, so a near tie can go the other way (seen once
        # in the tests); a quantized cache has no such path and is exact (docs/engine.md); without it the batched attention moves them from a batch's fifth token
        # on, and the greedy text of the same story changed within 100 characters.
        self.verifies_guesses = bool(params.flash_attn_type == 1)
        self._batch = ll.llama_batch_init(self.n_batch, 0, 1)
        self._one = ll.llama_batch_init(1, 0, 1)  # the generation loop's batch: one token, with logits
        self._one.n_tokens = 1
        self._one.n_seq_id[0] = 1
        self._one.seq_id[0][0] = 0
        self._one.logits[0] = 1

    def close(self) -> None:
        if getattr(self, "ptr", None):
            ll.llama_batch_free(self._batch)
            ll.llama_batch_free(self._one)
            ll.llama_free(self.ptr)
            self.ptr = None

    def __del__(self) -> None:
        self.close()

    # memory (KV cache) -- callers must have checked can_shift before seq_add
    def can_shift(self) -> bool:
        """Whether positions may be removed from the middle and moved. A recurrent state (or a hybrid's
        recurrent half) says it can shift, but it still holds what a middle removal takes out of the
        positions: measured on a tiny Mamba, seq_rm(5, 10) returned true and changed nothing. A bf16 K cache
        says it can shift too, but moving it rotates bf16 keys, which the CPU backend cannot do: it aborts
        the process (ggml-cpu ops.cpp, ggml_compute_forward_rope: "fatal error"; measured on 0.3.36)."""
        return (bool(self.memory) and bool(ll.llama_memory_can_shift(self.memory)) and not self.is_recurrent()
                and self.type_k != int(KV_CACHE_TYPES["bf16"]))

    def is_recurrent(self) -> bool:
        """A recurrent or hybrid memory: its last tokens cannot be cut off (seq_rm(n, -1) fails)."""
        return bool(ll.llama_model_is_recurrent(self.model.ptr)) or bool(ll.llama_model_is_hybrid(self.model.ptr))

    def n_swa(self) -> int:
        """The model's sliding-window size (0: every layer attends to the whole context)."""
        return int(ll.llama_model_n_swa(self.model.ptr))

    def pos_max(self) -> int:
        return int(ll.llama_memory_seq_pos_max(self.memory, 0))

    def pos_min(self) -> int:
        return int(ll.llama_memory_seq_pos_min(self.memory, 0))

    def seq_rm(self, p0: int, p1: int) -> bool:
        return bool(ll.llama_memory_seq_rm(self.memory, 0, p0, p1))

    def seq_add(self, p0: int, p1: int, delta: int) -> None:
        ll.llama_memory_seq_add(self.memory, 0, p0, p1, delta)

    def clear(self) -> None:
        ll.llama_memory_clear(self.memory, True)

    def decode(self, tokens: Sequence[int], start_pos: int, want_logits: bool = True, logits_from: int | None = None) -> None:
        """Decode up to n_batch tokens at positions start_pos.. (logits for the last one only, or for
        every token from index `logits_from` on: read them with `logits_at`)."""
        n = len(tokens)
        if n == 0 or n > self.n_batch:
            raise ValueError(f"decode takes 1..{self.n_batch} tokens, got {n}")
        b = self._batch
        b.n_tokens = n
        for i, tok in enumerate(tokens):
            b.token[i] = tok
            b.pos[i] = start_pos + i
            b.n_seq_id[i] = 1
            b.seq_id[i][0] = 0
            b.logits[i] = 1 if logits_from is not None and i >= logits_from else 0
        b.logits[n - 1] = 1 if want_logits or logits_from is not None else 0
        rc = ll.llama_decode(self.ptr, b)
        if rc != 0:
            raise DecodeError(rc)

    def decode_one(self, token: int, pos: int) -> None:
        """Decode one token at `pos`, with logits (the generation loop's fast path)."""
        b = self._one
        b.token[0] = token
        b.pos[0] = pos
        rc = ll.llama_decode(self.ptr, b)
        if rc != 0:
            raise DecodeError(rc)

    def save_state(self, path: str, tokens: Sequence[int]) -> None:
        """Write the whole context state (KV cells, logits) and the token list to `path`."""
        arr = (ll.llama_token * max(len(tokens), 1))(*tokens)
        if not ll.llama_state_save_file(self.ptr, os.fsencode(path), arr, len(tokens)):
            raise OSError(f"llama.cpp could not write the state file {path}")

    def load_state(self, path: str) -> list[int]:
        """Read a state written by `save_state` for this model and these context settings (callers check
        that first); returns its token list. On failure the memory is cleared and OSError raised."""
        arr = (ll.llama_token * self.n_ctx)()
        count = ctypes.c_size_t(0)
        if not ll.llama_state_load_file(self.ptr, os.fsencode(path), arr, self.n_ctx, ctypes.byref(count)):
            self.clear()
            raise OSError(f"llama.cpp could not read the state file {path}")
        return list(arr[:count.value])

    def logits(self) -> ctypes.Array:
        """Logits of the last decoded token that asked for them (n_vocab floats)."""
        return ll.llama_get_logits_ith(self.ptr, -1)

    def logits_at(self, index: int) -> ctypes.Array:
        """Logits of the `index`-th token of the last batch (it must have asked for them)."""
        return ll.llama_get_logits_ith(self.ptr, index)


class DecodeError(RuntimeError):
    MESSAGES = {1: "no room left in the KV cache for this batch", 2: "decode was aborted",
                -1: "invalid batch", -2: "could not allocate compute memory"}

    def __init__(self, code: int) -> None:
        self.code = code
        super().__init__(f"llama_decode failed ({code}): {self.MESSAGES.get(code, 'error')}")
