#| expect: ValueError
import torch
from transformers import AutoModel

checkpoint = "checkpoints/tiny-random-bert"
for dtype in (torch.float32, torch.bfloat16, torch.float16):
    model = AutoModel.from_pretrained(checkpoint, dtype=dtype)
    print(f"{str(dtype):<15} {model.get_memory_footprint():>7} bytes")

# "auto" keeps the dtype the checkpoint's config.json records.
model = AutoModel.from_pretrained(checkpoint, dtype="auto")
print("dtype='auto':", model.dtype)

# int8 is not a dtype to load weights in: quantization needs a quantization_config.
model = AutoModel.from_pretrained(checkpoint, dtype=torch.int8)
