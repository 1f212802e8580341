#| env: HF_HUB_OFFLINE=1
from pathlib import Path

from transformers import AutoModel, AutoTokenizer

# Step 1, on a machine that can reach the hub: load the model once and save a copy.
# (Here "checkpoints/tiny-random-bert" stands in for the hub id.)
tokenizer = AutoTokenizer.from_pretrained("checkpoints/tiny-random-bert")
model = AutoModel.from_pretrained("checkpoints/tiny-random-bert")
tokenizer.save_pretrained("bert-copy")
model.save_pretrained("bert-copy")
print(sorted(p.name for p in Path("bert-copy").iterdir()))

# Step 2, on the firewalled machine: load from the copied folder, no request is made.
model = AutoModel.from_pretrained("bert-copy")
print(type(model).__name__, "loaded from", model.name_or_path)
