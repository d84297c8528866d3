"""Model facts read from a GGUF file's header with ggml's own `gguf` reader, without loading it."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from gguf import GGUFReader, LlamaFileType

GGUF_MAGIC = b"GGUF"
# llama.cpp's split files: name-00001-of-00003.gguf (the first part holds the metadata).
SPLIT_NAME = re.compile(r"^(?P<stem>.+)-(?P<no>\d{5})-of-(?P<count>\d{5})\.gguf$", re.IGNORECASE)


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
    shape: tuple[int, ...] = ()  # ggml order: shape[0] is a row's length, shape[1] the number of rows


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
    swa_pattern: int = 0  # every Nth layer has full attention, the others the sliding window; 0: no SWA
    rope_freq_base_swa: float = 0.0  # the RoPE base of the sliding-window layers; 0.0: no SWA

    @property
    def swa_layers(self) -> int:
        """How many layers use the sliding window (llama.cpp: layer il is SWA when il % N < N - 1)."""
        if not self.swa_pattern:
            return 0
        return sum(il % self.swa_pattern < self.swa_pattern - 1 for il in range(self.n_layers))

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


@dataclass(frozen=True)
class SwaDefaults:
    """What llama.cpp assumes for an architecture's sliding-window attention when the GGUF does not say."""

    pattern: int
    window: int = 0  # 0: the GGUF must give `attention.sliding_window`, else there is no SWA
    freq_base: float = 0.0  # 0.0: the SWA layers use the model's own RoPE base


# From llama.cpp's src/llama-model.cpp (`load_hparams`: `set_swa_pattern(N)`, `n_swa`,
# `rope_freq_base_train_swa`; any other architecture's SWA layers keep the model's RoPE base).
# Only these families were checked; llama4's chunked attention is not a sliding window.
SWA_DEFAULTS = {
    "gemma2": SwaDefaults(2, window=4096),
    "gemma3": SwaDefaults(6, freq_base=10000.0),
    "gemma3n": SwaDefaults(5, freq_base=10000.0),
    "gemma-embedding": SwaDefaults(6, freq_base=10000.0),
    "cohere2": SwaDefaults(4),
    "olmo2": SwaDefaults(4),
}


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


def split_part_names(filename: str) -> list[str]:
    """All part names of a split model named by any of its parts; [filename] for a single file."""
    m = SPLIT_NAME.match(filename)
    if not m or int(m.group("count")) <= 1:
        return [filename]
    count = int(m.group("count"))
    return [f"{m.group('stem')}-{i:05d}-of-{count:05d}.gguf" for i in range(1, count + 1)]


def read_model_facts(path: str) -> ModelFacts:
    """Read the header (cached per file identity, since parsing a vocabulary takes seconds).

    For a split model (`-00001-of-00003.gguf`) the facts cover every part: the tensors of all parts
    and their total size, as llama.cpp loads them from the first part's name."""
    check_gguf_file(path)
    parts = split_part_names(Path(path).name)
    if len(parts) == 1:
        st = os.stat(path)
        return _read_cached(os.path.abspath(path), st.st_size, st.st_mtime_ns)
    if parts[0] != Path(path).name:
        raise ModelFileError(path, f"this is a later part of a split model; open its first part, {parts[0]}")
    first = _read_cached(*_identity(path))
    later = [_read_part_cached(*_identity(str(Path(path).with_name(name)))) for name in parts[1:]]
    return merge_split_facts(first, later)


def _identity(path: str) -> tuple[str, int, int]:
    try:
        st = os.stat(path)
    except OSError:
        raise ModelFileError(path, f"a part of this split model is missing: {Path(path).name}") from None
    return os.path.abspath(path), st.st_size, st.st_mtime_ns


Part = tuple[tuple["TensorInfo", ...], int]  # a later split part: its tensors and its file size


def merge_split_facts(first: ModelFacts, later: list[Part]) -> ModelFacts:
    """One model's facts from its parts' headers: the first part's metadata, every part's tensors."""
    tensors = first.tensors + tuple(t for part_tensors, _size in later for t in part_tensors)
    return dataclasses.replace(first, file_size=first.file_size + sum(size for _t, size in later), tensors=tensors,
                               n_params=sum(t.n_elements for t in tensors))


class NeedMoreBytes(Exception):
    """A header read from a prefix of the file needs the bytes up to `end` (exclusive)."""

    def __init__(self, end: int) -> None:
        super().__init__(f"the header goes on past byte {end}")
        self.end = end


class _PrefixReader(GGUFReader):
    """ggml's reader over the first bytes of a GGUF file: the header parses as usual; reads past the
    prefix raise NeedMoreBytes while in the header and give zero-sized views for tensor data."""

    def _get(self, offset: int, dtype: Any, count: int = 1, override_order: Any = None) -> Any:
        count = int(count)
        end = offset + np.dtype(dtype).itemsize * count
        if end > len(self.data):
            if "data_offset" not in self.__dict__:
                raise NeedMoreBytes(end)
            return np.lib.stride_tricks.as_strided(np.zeros(1, dtype), shape=(count,), strides=(0,), writeable=False)
        return super()._get(offset, dtype, count, override_order)


def facts_from_prefix(prefix_file: str, name: str, size: int, first_part: bool = True) -> ModelFacts | Part:
    """Facts (or, for a later split part, its tensors and size) from a file holding only the first bytes
    of a GGUF read over HTTP. Raises NeedMoreBytes when the header does not end within it, ModelFileError
    when it is not a usable GGUF header."""
    try:
        reader = _PrefixReader(prefix_file, "r")
        return _facts_from_reader(name, size, reader) if first_part else (_tensor_infos(reader), size)
    except (NeedMoreBytes, ModelFileError):
        raise
    except Exception as exc:  # noqa: BLE001 - a hostile header can make the reader fail in any way
        reason = str(exc)[:200] or type(exc).__name__
        raise ModelFileError(name, f"the GGUF header is damaged or unsupported ({reason})") from exc


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


@functools.lru_cache(maxsize=32)
def _read_part_cached(path: str, size: int, mtime_ns: int) -> Part:
    try:
        return _tensor_infos(GGUFReader(path, "r")), size
    except Exception as exc:  # noqa: BLE001 - as above
        reason = str(exc)[:200] or type(exc).__name__
        raise ModelFileError(path, f"the GGUF file is damaged or unsupported ({reason})") from exc


def _tensor_infos(reader: GGUFReader) -> tuple[TensorInfo, ...]:
    return tuple(TensorInfo(t.name, t.tensor_type.name, int(t.n_elements), int(t.n_bytes),
                            tuple(int(n) for n in t.shape)) for t in reader.tensors)


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
    head_dim_k = int(key("attention.key_length", head_dim))
    n_layers = int(key("block_count", 0))
    freq_base = float(key("rope.freq_base", 10000.0))
    file_type_id = _field(reader, "general.file_type")
    try:
        file_type = LlamaFileType(int(file_type_id)).name.removeprefix("MOSTLY_") if file_type_id is not None else "unknown"
    except ValueError:
        file_type = f"type {file_type_id}"
    tensors = _tensor_infos(reader)
    template = _field(reader, "tokenizer.chat_template", "") or ""
    tokens_field = reader.get_field("tokenizer.ggml.tokens")
    n_ctx_train = int(key("context_length", 0))
    defaults = SWA_DEFAULTS.get(arch, SwaDefaults(0))
    window = int(key("attention.sliding_window", defaults.window))
    swa_pattern = _swa_pattern(key("attention.sliding_window_pattern"), defaults.pattern, n_layers) if window else 0
    freq_base_swa = (float(key("rope.freq_base_swa", 0.0)) or defaults.freq_base or freq_base) if swa_pattern else 0.0
    return ModelFacts(
        path=path,
        file_size=size,
        architecture=arch,
        name=str(_field(reader, "general.name", "") or ""),
        file_type=file_type,
        n_params=sum(t.n_elements for t in tensors),
        n_layers=n_layers,
        n_embd=n_embd,
        n_head=n_head,
        n_head_kv=n_head_kv,
        head_dim_k=head_dim_k,
        head_dim_v=int(key("attention.value_length", head_dim)),
        n_ctx_train=n_ctx_train,
        rope_dim=int(key("rope.dimension_count", head_dim_k)),  # llama.cpp: n_rot defaults to n_embd_head_k
        rope_freq_base=freq_base,
        rope_scaling_type=str(key("rope.scaling.type", "none")),
        rope_scaling_factor=float(key("rope.scaling.factor", 1.0)),
        rope_orig_ctx=int(key("rope.scaling.original_context_length", n_ctx_train)),
        sliding_window=window,
        has_chat_template=bool(template),
        chat_template=str(template),
        bos_token=_token_text(reader, tokens_field, "tokenizer.ggml.bos_token_id"),
        eos_token=_token_text(reader, tokens_field, "tokenizer.ggml.eos_token_id"),
        tensors=tensors,
        swa_pattern=swa_pattern,
        rope_freq_base_swa=freq_base_swa,
    )


def _swa_pattern(value: Any, default: int, n_layers: int) -> int:
    """ModelFacts.swa_pattern from the GGUF's `sliding_window_pattern`: a period, or one flag per layer
    (True: sliding window). llama.cpp's period 0 means every layer slides: here n_layers + 1, which its
    rule `il % N < N - 1` reads the same way; 1 (no layer slides) is 0, no SWA."""
    if value is None:
        period = default
    elif isinstance(value, (list, tuple)):
        flags = [bool(v) for v in value][:n_layers]
        full = flags.count(False)
        if full == len(flags):
            return 0
        if not full:
            return n_layers + 1
        period = flags.index(False) + 1
        if flags != [il % period < period - 1 for il in range(len(flags))]:  # irregular: the same share of full layers
            period = round(len(flags) / full)
    else:
        period = int(value) or n_layers + 1
    return period if period > 1 else 0


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
