"""Writes tiny random-weight GGUF models with ggml's `gguf` package, for edge cases.

`write_tiny_model(path, arch="llama")` gives a working 2-layer model; `arch="qwen2vl"` one with
M-RoPE, whose memory llama.cpp cannot shift (`llama_memory_can_shift` is false).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from gguf import GGUFWriter, TokenType

N_EMBD = 64
N_HEAD = 4
N_FF = 128
N_LAYER = 2
CTX_TRAIN = 1024
MAMBA_CONV, MAMBA_STATE, MAMBA_DT_RANK = 4, 8, 4


def _vocab() -> tuple[list[str], list[float], list[int]]:
    tokens = ["<unk>", "<s>", "</s>"]
    types = [TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL]
    for b in range(256):
        tokens.append(f"<0x{b:02X}>")
        types.append(TokenType.BYTE)
    for word in ["\u2581the", "\u2581a", "\u2581story", "\u2581dragon", "e", "t", "a", "o", "\u2581"]:
        tokens.append(word)
        types.append(TokenType.NORMAL)
    scores = [0.0] * 3 + [0.0] * 256 + [-float(i) for i in range(len(tokens) - 259)]
    return tokens, scores, [int(t) for t in types]


def write_tiny_model(path: Path, arch: str = "llama", seed: int = 0, chat_template: str | None = None) -> Path:
    rng = np.random.default_rng(seed)
    tokens, scores, types = _vocab()
    n_vocab = len(tokens)
    w = GGUFWriter(str(path), arch)
    w.add_name(f"tiny-{arch}")
    w.add_context_length(CTX_TRAIN)
    w.add_embedding_length(N_EMBD)
    w.add_block_count(N_LAYER)
    w.add_feed_forward_length(N_FF)
    w.add_head_count(N_HEAD)
    w.add_head_count_kv(N_HEAD)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_freq_base(10000.0)
    w.add_rope_dimension_count(N_EMBD // N_HEAD)
    w.add_file_type(0)
    if arch == "qwen2vl":
        w.add_rope_dimension_sections([2, 3, 3, 0])
    if arch == "mamba":  # a recurrent state, no KV cache: llama.cpp cannot cut its memory in part
        w.add_ssm_conv_kernel(MAMBA_CONV)
        w.add_ssm_inner_size(2 * N_EMBD)  # llama.cpp takes only an expansion factor of 2
        w.add_ssm_state_size(MAMBA_STATE)
        w.add_ssm_time_step_rank(MAMBA_DT_RANK)
    w.add_tokenizer_model("llama")
    w.add_token_list(tokens)
    w.add_token_scores(scores)
    w.add_token_types(types)
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_unk_token_id(0)
    w.add_add_bos_token(True)
    if chat_template:
        w.add_chat_template(chat_template)

    def tensor(name: str, *shape: int) -> None:
        # numpy shape is the reverse of ggml's ne order
        w.add_tensor(name, (rng.standard_normal(shape[::-1]) * 0.05).astype(np.float32))

    tensor("token_embd.weight", N_EMBD, n_vocab)
    w.add_tensor("output_norm.weight", np.ones(N_EMBD, dtype=np.float32))
    tensor("output.weight", N_EMBD, n_vocab)
    if arch == "mamba":
        _mamba_layers(w, tensor)
    for i in range(N_LAYER if arch != "mamba" else 0):
        w.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
            tensor(f"blk.{i}.{name}.weight", N_EMBD, N_EMBD)
        w.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        tensor(f"blk.{i}.ffn_gate.weight", N_EMBD, N_FF)
        tensor(f"blk.{i}.ffn_up.weight", N_EMBD, N_FF)
        tensor(f"blk.{i}.ffn_down.weight", N_FF, N_EMBD)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


def _mamba_layers(w: GGUFWriter, tensor) -> None:  # noqa: ANN001 - the writer's tensor helper above
    d_inner = 2 * N_EMBD
    for i in range(N_LAYER):
        w.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        tensor(f"blk.{i}.ssm_in.weight", N_EMBD, 2 * d_inner)
        tensor(f"blk.{i}.ssm_conv1d.weight", MAMBA_CONV, d_inner)
        tensor(f"blk.{i}.ssm_conv1d.bias", d_inner)
        tensor(f"blk.{i}.ssm_x.weight", d_inner, MAMBA_DT_RANK + 2 * MAMBA_STATE)
        tensor(f"blk.{i}.ssm_dt.weight", MAMBA_DT_RANK, d_inner)
        tensor(f"blk.{i}.ssm_dt.bias", d_inner)
        w.add_tensor(f"blk.{i}.ssm_a", -np.ones((d_inner, MAMBA_STATE), dtype=np.float32))
        w.add_tensor(f"blk.{i}.ssm_d", np.ones(d_inner, dtype=np.float32))
        tensor(f"blk.{i}.ssm_out.weight", d_inner, N_EMBD)


def write_layer_draft(source: str | Path, out: Path, layers: int) -> Path:
    """A model's first `layers` layers as a draft model: benchmarks/layer_draft.py, loaded by its path (the
    benchmarks are scripts, not a package)."""
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "benchmarks" / "layer_draft.py"
    spec = importlib.util.spec_from_file_location("layer_draft", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_layer_draft(source, out, layers)
