#| expect: ValueError
import torch
from transformers import AutoModel

checkpoint = "checkpoints/tiny-random-bert"
for dtype in (torch.float32, torch.bfloat16, torch.float16):
    model = AutoModel.from_pretrained(checkpoint, dtype=dtype)
    print(f"{str(dtype):<15} {model.get_memory_footprint():>7} bytes")

# "auto" keeps the dtype the checkpoint's config.json records, and it is the default:
# a checkpoint saved in bfloat16 loads in bfloat16 unless you pass a dtype.
AutoModel.from_pretrained(checkpoint, dtype=torch.bfloat16).save_pretrained("bf16-copy")
print("dtype='auto':    ", AutoModel.from_pretrained("bf16-copy", dtype="auto").dtype)
print("no dtype given:  ", AutoModel.from_pretrained("bf16-copy").dtype)
print("dtype=float32:   ", AutoModel.from_pretrained("bf16-copy", dtype=torch.float32).dtype)

# int8 is not a dtype to load weights in: quantization needs a quantization_config.
model = AutoModel.from_pretrained(checkpoint, dtype=torch.int8)
