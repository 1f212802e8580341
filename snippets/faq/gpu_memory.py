#| devices: cuda
import gc

import torch
from transformers import AutoModel

model = AutoModel.from_pretrained("checkpoints/tiny-random-bert").to("cuda")
print("weights and buffers:", model.get_memory_footprint(), "bytes")
print("allocated:          ", torch.cuda.memory_allocated(), "bytes")  # tensors alive now

# empty_cache() cannot free memory that a live tensor still uses: drop the references first.
torch.cuda.empty_cache()
print("after empty_cache:  ", torch.cuda.memory_allocated(), "bytes")
del model
gc.collect()
torch.cuda.empty_cache()
print("after del + gc:     ", torch.cuda.memory_allocated(), "bytes allocated,", torch.cuda.memory_reserved(), "reserved")
