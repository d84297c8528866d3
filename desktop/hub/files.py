"""A repo's GGUF files as the user chooses them: one entry per model (split parts together), its
quantization read from the name, its total size."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..engine.metadata import SPLIT_NAME, split_part_names

# Q4_K_M, IQ4_XS, Q8_0, F16, BF16, MXFP4, TQ1_0 ... (case-insensitive, between separators)
_QUANT = re.compile(r"(?<![A-Za-z0-9])(I?Q\d(?:_[A-Z0-9]+)*|BF16|F16|FP16|F32|MXFP4(?:_MOE)?|TQ\d_\d)(?![A-Za-z0-9])",
                    re.IGNORECASE)
# Bits per weight, roughly, to order the quantizations from small to large.
_BITS = {"TQ1": 1.7, "IQ1": 1.6, "TQ2": 2.1, "IQ2": 2.3, "Q2": 2.6, "IQ3": 3.3, "Q3": 3.5, "IQ4": 4.3, "Q4": 4.6,
         "MXFP4": 4.3, "Q5": 5.5, "Q6": 6.6, "Q8": 8.5, "F16": 16, "FP16": 16, "BF16": 16, "F32": 32}


@dataclass(frozen=True)
class RemoteFile:
    filename: str  # path in the repo
    size: int
    sha256: str  # from the hub's LFS metadata; "" when it gave none

    def to_dict(self) -> dict:
        return {"filename": self.filename, "size": self.size, "sha256": self.sha256}

    @classmethod
    def from_dict(cls, data: dict) -> RemoteFile:
        return cls(str(data["filename"]), int(data["size"]), str(data.get("sha256") or ""))


@dataclass(frozen=True)
class GgufEntry:
    """One loadable model in a repo: a single .gguf, or every part of a split one."""

    name: str  # the file name, or for a split model its first part's name
    quant: str
    parts: tuple[RemoteFile, ...]
    missing: tuple[str, ...] = ()  # split parts the repo does not have

    @property
    def size(self) -> int:
        return sum(p.size for p in self.parts)

    @property
    def first(self) -> RemoteFile:
        return self.parts[0]

    @property
    def complete(self) -> bool:
        return not self.missing


def quant_of(filename: str) -> str:
    """The quantization named in a file name (the last one, as in `model-Q4_K_M.gguf`), or "other"."""
    stem = PurePosixPath(filename).name
    m = SPLIT_NAME.match(stem)
    stem = m.group("stem") if m else stem.removesuffix(".gguf")
    found = _QUANT.findall(stem)
    return found[-1].upper() if found else "other"


def quant_bits(quant: str) -> float:
    """Roughly how many bits a weight takes in `quant` (for ordering); unknown ones sort last."""
    head = quant.split("_")[0]
    return _BITS.get(head, _BITS.get(head.rstrip("0123456789"), 99.0))


def is_model_file(filename: str) -> bool:
    """A .gguf that is a language model (vision projectors and imatrix data are not)."""
    name = PurePosixPath(filename).name.lower()
    return name.endswith(".gguf") and not name.startswith("mmproj") and "imatrix" not in name


def group_gguf(files: list[RemoteFile]) -> list[GgufEntry]:
    """The repo's models, split parts gathered under their first part, ordered by size of quantization."""
    by_name = {f.filename: f for f in files if is_model_file(f.filename)}
    entries: list[GgufEntry] = []
    seen: set[str] = set()
    for filename in sorted(by_name):
        if filename in seen:
            continue
        folder = str(PurePosixPath(filename).parent)
        prefix = "" if folder == "." else folder + "/"
        names = [prefix + n for n in split_part_names(PurePosixPath(filename).name)]
        seen.update(names)
        present = tuple(by_name[n] for n in names if n in by_name)
        missing = tuple(n for n in names if n not in by_name)
        entries.append(GgufEntry(names[0], quant_of(filename), present, missing))
    entries.sort(key=lambda e: (quant_bits(e.quant), e.quant, e.name))
    return entries
