#| stacks: current, v4
import torch
from transformers import AutoModel, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModel.from_pretrained(checkpoint)

# The tokenizer pads and returns int64 ids and the attention mask in one call.
inputs = tokenizer(["i love this movie", "a boring film"], padding=True, return_tensors="pt")
print("input_ids:", inputs["input_ids"].dtype)  # by hand: torch.zeros(..., dtype=torch.long)
with torch.no_grad():
    outputs = model(**inputs)
print("last_hidden_state:", tuple(outputs.last_hidden_state.shape))
