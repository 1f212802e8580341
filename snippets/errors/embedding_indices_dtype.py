#| stacks: current, v4
#| expect: RuntimeError
import torch
from transformers import AutoModel, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModel.from_pretrained(checkpoint)

encoded = [tokenizer(text)["input_ids"] for text in ["i love this movie", "a boring film"]]
longest = max(len(ids) for ids in encoded)
input_ids = torch.zeros(len(encoded), longest)  # padded by hand: zeros() makes float32
for row, ids in enumerate(encoded):
    input_ids[row, : len(ids)] = torch.tensor(ids)
print("input_ids:", input_ids.dtype)
outputs = model(input_ids=input_ids, attention_mask=(input_ids != 0).long())
