#| stacks: current, v4
import torch
from transformers import AutoModel, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
encoder = AutoModel.from_pretrained(checkpoint, dtype=torch.bfloat16)
# Create the new layer in the encoder's dtype (or call head.to(encoder.dtype)).
head = torch.nn.Linear(encoder.config.hidden_size, 2, dtype=encoder.dtype)

inputs = tokenizer(["i love this movie"], return_tensors="pt")
sentence = encoder(**inputs).last_hidden_state[:, 0]
logits = head(sentence)
print("logits:", logits.dtype, tuple(logits.shape))
