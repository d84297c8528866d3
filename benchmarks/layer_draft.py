"""Write a draft model cut from a model: its first N layers, with the same vocabulary and output head.

No small model of the sample's family can be had here, so this is the best same-vocabulary pair there
is: an early exit of the model itself (self-speculative decoding, as in LayerSkip and Draft & Verify).
It is not trained to exit early, so its guesses are rougher than a real small model's of the family.

    python benchmarks/layer_draft.py MODEL.gguf OUT.gguf --layers 8
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import gguf


def write_layer_draft(source: str | Path, out: str | Path, layers: int) -> Path:
    reader = gguf.GGUFReader(str(source))
    arch = reader.fields[gguf.Keys.General.ARCHITECTURE].contents()
    block_key = f"{arch}.block_count"
    total = int(reader.fields[block_key].contents())
    if not 1 <= layers < total:
        raise ValueError(f"the model has {total} layers: keep from 1 to {total - 1}")
    writer = gguf.GGUFWriter(str(out), arch)
    for field in reader.fields.values():
        if field.name == gguf.Keys.General.ARCHITECTURE or field.name.startswith("GGUF."):
            continue
        value = layers if field.name == block_key else field.contents()
        if field.name == gguf.Keys.General.NAME:
            value = f"{value} (first {layers} of {total} layers)"
        val_type = field.types[0]
        sub_type = field.types[-1] if val_type == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(field.name, value, val_type, sub_type=sub_type)
    kept = [t for t in reader.tensors if not t.name.startswith("blk.") or int(t.name.split(".")[1]) < layers]
    for tensor in kept:
        writer.add_tensor_info(tensor.name, tensor.data.shape, tensor.data.dtype, tensor.data.nbytes, tensor.tensor_type)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    for tensor in kept:
        writer.write_tensor_data(tensor.data, tensor_endianess=reader.endianess)
    writer.close()
    return Path(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("out")
    parser.add_argument("--layers", type=int, default=8)
    args = parser.parse_args(argv)
    print(write_layer_draft(args.model, args.out, args.layers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
