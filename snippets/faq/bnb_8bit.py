#| devices: cuda
import importlib.util

import torch
from transformers import AutoModel, BitsAndBytesConfig

checkpoint = "checkpoints/tiny-random-bert"
half = AutoModel.from_pretrained(checkpoint, dtype=torch.float16, device_map="cuda")
print("float16:", half.get_memory_footprint(), "bytes")

if importlib.util.find_spec("bitsandbytes") is None:
    print("bitsandbytes is not installed on this machine: `pip install bitsandbytes` first.")
else:
    config = BitsAndBytesConfig(load_in_8bit=True)
    model = AutoModel.from_pretrained(checkpoint, quantization_config=config, device_map="cuda")
    query = model.encoder.layer[0].attention.self.query
    print("8-bit:  ", model.get_memory_footprint(), "bytes")
    print(type(query).__name__, query.weight.dtype, tuple(query.weight.shape))
