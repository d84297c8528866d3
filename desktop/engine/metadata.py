"""Model facts read from a GGUF file's header with ggml's own `gguf` reader, without loading it."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gguf import GGUFReader, LlamaFileType

GGUF_MAGIC = b"GGUF"


class ModelFileError(ValueError):
    """The model file is missing, not a GGUF file, or cannot be read."""

    def __init__(self, path: str, message: str) -> None:
        name = Path(path).name
        if name not in message:  # the user must see which file is meant
            message = f"{name}: {message}"
        super().__init__(f"model_path: {message}")
        self.path = path
        self.field = "model_path"


@dataclass(frozen=True)
class TensorInfo:
    name: str
    type_name: str
    n_elements: int
    n_bytes: int


@dataclass(frozen=True)
class ModelFacts:
    path: str
    file_size: int
    architecture: str
    name: str
    file_type: str
    n_params: int
    n_layers: int
    n_embd: int
    n_head: int
    n_head_kv: int
    head_dim_k: int
    head_dim_v: int
    n_ctx_train: int
    rope_dim: int
    rope_freq_base: float
    rope_scaling_type: str
    rope_scaling_factor: float
    rope_orig_ctx: int
    sliding_window: int
    has_chat_template: bool
    chat_template: str
    bos_token: str
    eos_token: str
    tensors: tuple[TensorInfo, ...]

    @property
    def is_recurrent(self) -> bool:
        """Architectures whose memory is a recurrent state: no positional shifting."""
        return self.architecture in RECURRENT_ARCHS or "mamba" in self.architecture

    def summary(self) -> str:
        params = f"{self.n_params / 1e6:.0f}M" if self.n_params < 1e9 else f"{self.n_params / 1e9:.1f}B"
        return (
            f"{self.name or self.architecture} ({self.architecture}, {params} params, {self.file_type}), "
            f"{self.n_layers} layers, trained context {self.n_ctx_train}"
        )


RECURRENT_ARCHS = frozenset({"mamba", "mamba2", "rwkv6", "rwkv6qwen2", "rwkv7", "arwkv7", "jamba",
                             "falcon-h1", "granitehybrid", "nemotron_h", "plamo2", "lfm2", "qwen3next"})


def check_gguf_file(path: str) -> None:
    """Raise ModelFileError unless `path` is an existing, readable file starting with the GGUF magic."""
    p = Path(path)
    if not str(path):
        raise ModelFileError(path, "no model file chosen")
    if not p.exists():
        raise ModelFileError(path, f"file not found: {path}")
    if not p.is_file():
        raise ModelFileError(path, f"not a file: {path}")
    try:
        with p.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise ModelFileError(path, f"cannot read {path}: {exc.strerror or exc}") from exc
    if magic != GGUF_MAGIC:
        raise ModelFileError(path, f"not a GGUF model file (it does not start with 'GGUF'): {p.name}")


def read_model_facts(path: str) -> ModelFacts:
    """Read the header (cached per file identity, since parsing a vocabulary takes seconds)."""
    check_gguf_file(path)
    st = os.stat(path)
    return _read_cached(os.path.abspath(path), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _read_cached(path: str, size: int, mtime_ns: int) -> ModelFacts:
    try:
        reader = GGUFReader(path, "r")
        return _facts_from_reader(path, size, reader)
    except ModelFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - a hostile header can make the reader fail in any way
        reason = str(exc)[:200] or type(exc).__name__
        raise ModelFileError(path, f"the GGUF file is damaged or unsupported ({reason})") from exc


def _field(reader: GGUFReader, key: str, default: Any = None) -> Any:
    f = reader.get_field(key)
    if f is None:
        return default
    try:
        return f.contents()
    except (ValueError, IndexError):
        return default


def _facts_from_reader(path: str, size: int, reader: GGUFReader) -> ModelFacts:
    arch = str(_field(reader, "general.architecture", ""))
    if not arch:
        raise ModelFileError(path, "the GGUF file names no architecture (general.architecture)")

    def key(name: str, default: Any = None) -> Any:
        return _field(reader, f"{arch}.{name}", default)

    n_embd = int(key("embedding_length", 0))
    n_head = _first_int(key("attention.head_count", 0))
    n_head_kv = _first_int(key("attention.head_count_kv", n_head))
    head_dim = n_embd // n_head if n_head else 0
    file_type_id = _field(reader, "general.file_type")
    try:
        file_type = LlamaFileType(int(file_type_id)).name.removeprefix("MOSTLY_") if file_type_id is not None else "unknown"
    except ValueError:
        file_type = f"type {file_type_id}"
    tensors = tuple(
        TensorInfo(t.name, t.tensor_type.name, int(t.n_elements), int(t.n_bytes)) for t in reader.tensors
    )
    template = _field(reader, "tokenizer.chat_template", "") or ""
    tokens_field = reader.get_field("tokenizer.ggml.tokens")
    n_ctx_train = int(key("context_length", 0))
    return ModelFacts(
        path=path,
        file_size=size,
        architecture=arch,
        name=str(_field(reader, "general.name", "") or ""),
        file_type=file_type,
        n_params=sum(t.n_elements for t in tensors),
        n_layers=int(key("block_count", 0)),
        n_embd=n_embd,
        n_head=n_head,
        n_head_kv=n_head_kv,
        head_dim_k=int(key("attention.key_length", head_dim)),
        head_dim_v=int(key("attention.value_length", head_dim)),
        n_ctx_train=n_ctx_train,
        rope_dim=int(key("rope.dimension_count", head_dim)),
        rope_freq_base=float(key("rope.freq_base", 10000.0)),
        rope_scaling_type=str(key("rope.scaling.type", "none")),
        rope_scaling_factor=float(key("rope.scaling.factor", 1.0)),
        rope_orig_ctx=int(key("rope.scaling.original_context_length", n_ctx_train)),
        sliding_window=int(key("attention.sliding_window", 0)),
        has_chat_template=bool(template),
        chat_template=str(template),
        bos_token=_token_text(reader, tokens_field, "tokenizer.ggml.bos_token_id"),
        eos_token=_token_text(reader, tokens_field, "tokenizer.ggml.eos_token_id"),
        tensors=tensors,
    )


def _first_int(value: Any) -> int:
    """Head counts may be stored per layer as an array; the first layer's value stands for all."""
    if isinstance(value, (list, tuple)):
        return int(value[0]) if value else 0
    return int(value)


def _token_text(reader: GGUFReader, tokens_field: Any, id_key: str) -> str:
    token_id = _field(reader, id_key)
    if tokens_field is None or token_id is None:
        return ""
    try:
        return str(tokens_field.contents(int(token_id)))
    except (IndexError, ValueError):
        return ""
