#| stacks: current, v4
#| expect: RuntimeError
import torch
from transformers import AutoModel, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
encoder = AutoModel.from_pretrained(checkpoint, dtype=torch.bfloat16)
head = torch.nn.Linear(encoder.config.hidden_size, 2)  # a new layer is created in float32
print("encoder:", encoder.dtype, "head:", head.weight.dtype)

inputs = tokenizer(["i love this movie"], return_tensors="pt")
sentence = encoder(**inputs).last_hidden_state[:, 0]
logits = head(sentence)
