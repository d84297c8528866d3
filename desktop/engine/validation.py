"""Checks a LoadConfig before llama.cpp sees it.

llama.cpp answers some bad settings with an error, and others by aborting the whole process. Every
rule here names the field it is about, so the settings panel can put the message next to it.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from .config import KV_CACHE_TYPES, UNQUANTIZED_KV_TYPES, LoadConfig, RopeScaling, SplitMode, kv_block_size
from .metadata import ModelFacts, ModelFileError, read_model_facts

# llama.cpp allocates the context in whole multiples of this many cells.
N_CTX_GRANULARITY = 256
MAX_DEVICES = 16  # LLAMA_MAX_DEVICES in llama.h


@dataclass(frozen=True)
class ConfigProblem:
    field: str
    message: str
    severity: str = "error"  # "error" refuses the config, "warning" only informs

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ConfigError(ValueError):
    """Raised with every error-level problem found in a LoadConfig."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def real_n_ctx(requested: int) -> int:
    """The context size llama.cpp will actually allocate (rounded up to a multiple of 256)."""
    return -(-requested // N_CTX_GRANULARITY) * N_CTX_GRANULARITY


def check_config(config: LoadConfig, facts: ModelFacts | None = None) -> list[ConfigProblem]:
    """All problems with `config`; reads the model header unless `facts` is given."""
    problems: list[ConfigProblem] = []
    if facts is None:
        try:
            facts = read_model_facts(config.model_path)
        except ModelFileError as exc:
            problems.append(ConfigProblem("model_path", str(exc).removeprefix("model_path: ")))
    problems += _check_sizes(config)
    problems += _check_kv_cache(config, facts)
    problems += _check_gpu(config)
    problems += _check_rpc(config)
    problems += _check_rope(config, facts)
    problems += _check_draft(config)
    return problems


def validate_config(config: LoadConfig, facts: ModelFacts | None = None) -> list[ConfigProblem]:
    """Raise ConfigError on any error; return the warnings."""
    problems = check_config(config, facts)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ConfigError(errors)
    return problems


def _positive_int(problems: list[ConfigProblem], name: str, value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        problems.append(ConfigProblem(name, f"must be a whole number above 0 (got {value!r})"))


def _check_sizes(c: LoadConfig) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    _positive_int(problems, "n_ctx", c.n_ctx)
    if isinstance(c.n_ctx, int) and c.n_ctx > 0 and c.n_ctx % N_CTX_GRANULARITY:
        problems.append(ConfigProblem(
            "n_ctx", f"llama.cpp rounds the context up to a multiple of {N_CTX_GRANULARITY}: "
            f"{c.n_ctx} becomes {real_n_ctx(c.n_ctx)}", "warning"))
    _positive_int(problems, "n_batch", c.n_batch)
    _positive_int(problems, "n_ubatch", c.n_ubatch)
    _positive_int(problems, "n_threads", c.n_threads)
    if c.n_threads_batch is not None:
        _positive_int(problems, "n_threads_batch", c.n_threads_batch)
    if isinstance(c.n_ubatch, int) and isinstance(c.n_batch, int) and c.n_ubatch > c.n_batch > 0:
        problems.append(ConfigProblem("n_ubatch", f"cannot be larger than n_batch ({c.n_batch})"))
    if c.seed < -1 or c.seed > 0xFFFFFFFE:
        problems.append(ConfigProblem("seed", "must be -1 (random) or a number from 0 to 4294967294"))
    return problems


def _check_kv_cache(c: LoadConfig, facts: ModelFacts | None) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    for name, value in (("type_k", c.type_k), ("type_v", c.type_v)):
        if value not in KV_CACHE_TYPES:
            problems.append(ConfigProblem(name, f"unknown cache type {value!r}; choose one of {', '.join(KV_CACHE_TYPES)}"))
    if problems:
        return problems
    if c.type_v not in UNQUANTIZED_KV_TYPES and not c.flash_attn:
        problems.append(ConfigProblem(
            "type_v", f"a quantized V cache ({c.type_v}) needs flash attention: turn flash attention on "
            "or use an f16 V cache"))
    if c.type_k == "bf16" and c.context_shift:
        # (NativeContext.can_shift: shifting bf16 keys would abort the process, so they never shift)
        problems.append(ConfigProblem(
            "type_k", "a bf16 K cache cannot shift: when the window is full, the rest is processed again. "
            "f16 or q8_0 shifts", "warning"))
    if c.flash_attn and facts is not None:
        for name, type_name, head_dim in (("type_k", c.type_k, facts.head_dim_k), ("type_v", c.type_v, facts.head_dim_v)):
            block = kv_block_size(type_name)
            if head_dim and head_dim % block:
                problems.append(ConfigProblem(
                    name, f"with flash attention the {type_name} block size ({block}) must divide the "
                    f"model's head size ({head_dim}); pick f16 or another type"))
    return problems


def _check_gpu(c: LoadConfig) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    if not isinstance(c.n_gpu_layers, int) or c.n_gpu_layers < -1:
        problems.append(ConfigProblem("n_gpu_layers", "must be -1 (all layers) or 0 and up"))
    if c.main_gpu < 0:
        problems.append(ConfigProblem("main_gpu", "must be 0 or more"))
    try:
        mode = SplitMode(c.split_mode)
    except ValueError:
        problems.append(ConfigProblem("split_mode", f"unknown split mode {c.split_mode!r}"))
        mode = SplitMode.LAYER
    if mode == SplitMode.TENSOR and not c.flash_attn:
        problems.append(ConfigProblem("split_mode", "tensor split needs flash attention"))
    split = list(c.tensor_split)
    if len(split) > MAX_DEVICES:
        problems.append(ConfigProblem("tensor_split", f"at most {MAX_DEVICES} values (one per GPU), got {len(split)}"))
    if any((not isinstance(v, (int, float))) or not math.isfinite(v) or v < 0 for v in split):
        problems.append(ConfigProblem("tensor_split", "every value must be a finite number of 0 or more"))
    elif split and sum(split) <= 0:
        problems.append(ConfigProblem("tensor_split", "at least one GPU needs a share above 0"))
    return problems


def _check_rpc(c: LoadConfig) -> list[ConfigProblem]:
    """Other computers' GPUs: each written as host:port, each once (ggml-rpc aborts on an address it
    cannot parse, so this is checked here)."""
    from .rpc import RpcProblem, endpoint_text, parse_endpoint

    problems: list[ConfigProblem] = []
    if not isinstance(c.rpc_servers, list) or not all(isinstance(e, str) for e in c.rpc_servers):
        return [ConfigProblem("rpc_servers", "a list of host:port addresses")]
    seen: set[str] = set()
    for text in c.rpc_servers:
        try:
            endpoint = endpoint_text(*parse_endpoint(text))
        except RpcProblem as problem:
            problems.append(ConfigProblem("rpc_servers", f"{text!r}: {problem.detail}"))
            continue
        if endpoint in seen:
            problems.append(ConfigProblem("rpc_servers", f"{endpoint} is listed twice"))
        seen.add(endpoint)
    if len(c.rpc_servers) > MAX_DEVICES:
        problems.append(ConfigProblem("rpc_servers", f"at most {MAX_DEVICES} servers"))
    return problems


def _check_rope(c: LoadConfig, facts: ModelFacts | None) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    for name in ("rope_freq_base", "rope_freq_scale", "compress_pos_emb", "ntk_alpha", "yarn_attn_factor"):
        value = getattr(c, name)
        if value is not None and (not math.isfinite(value) or value <= 0):
            problems.append(ConfigProblem(name, f"must be above 0 (got {value}); leave it empty to use the model's value"))
    if c.yarn_orig_ctx is not None and c.yarn_orig_ctx <= 0:
        problems.append(ConfigProblem("yarn_orig_ctx", "must be above 0, or empty for the model's value"))
    try:
        RopeScaling(c.rope_scaling)
    except ValueError:
        problems.append(ConfigProblem("rope_scaling", f"unknown RoPE scaling type {c.rope_scaling!r}"))
    if facts is not None and facts.rope_dim and facts.rope_dim <= 2 and c.ntk_alpha is not None:
        problems.append(ConfigProblem("ntk_alpha", "the model's RoPE dimension is too small for NTK scaling"))
    if facts is not None and facts.n_ctx_train and isinstance(c.n_ctx, int) and c.n_ctx > facts.n_ctx_train:
        scaled = (c.compress_pos_emb or 1.0) > 1.0 or (c.ntk_alpha or 1.0) > 1.0 or (
            c.rope_freq_scale is not None and c.rope_freq_scale < 1.0) or c.rope_scaling == RopeScaling.YARN
        if not scaled:
            factor = round(c.n_ctx / facts.n_ctx_train, 2)
            problems.append(ConfigProblem(
                "n_ctx", f"{c.n_ctx} is above the model's trained context ({facts.n_ctx_train}) with no RoPE "
                f"scaling: quality will drop; try YaRN scaling ×{factor:g} (\"Check this setting\" measures it)",
                "warning"))
    return problems


MAX_DRAFT_TOKENS = 32


def _check_draft(c: LoadConfig) -> list[ConfigProblem]:
    """The draft model's own numbers; whether its file can guess for the model is checked when it loads."""
    if not c.draft_model_path:
        return []
    problems = []
    if not isinstance(c.draft_max, int) or isinstance(c.draft_max, bool) or not 1 <= c.draft_max <= MAX_DRAFT_TOKENS:
        problems.append(ConfigProblem("draft_max", f"must be from 1 to {MAX_DRAFT_TOKENS} (got {c.draft_max!r})"))
    if not isinstance(c.draft_gpu_layers, int) or c.draft_gpu_layers < -1:
        problems.append(ConfigProblem("draft_gpu_layers", "must be -1 (all layers) or 0 and up"))
    if os.path.abspath(c.draft_model_path) == os.path.abspath(c.model_path):
        problems.append(ConfigProblem("draft_model_path", "the model itself as its draft guesses right but costs as much "
                                      "as it saves: replies get slower", "warning"))
    if not c.flash_attn:
        problems.append(ConfigProblem("draft_model_path", "the draft model only guesses with flash attention on (a batch "
                                      "without it can change the text)", "warning"))
    return problems
