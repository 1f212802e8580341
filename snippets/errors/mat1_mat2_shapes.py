#| stacks: current, v4
#| expect: RuntimeError
import torch
from transformers import AutoModel, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
encoder = AutoModel.from_pretrained(checkpoint)
head = torch.nn.Linear(768, 2)  # sized for bert-base, whose hidden size is 768
print("hidden size:", encoder.config.hidden_size, "head expects:", head.in_features)

inputs = tokenizer(["i love this movie"], return_tensors="pt")
sentence = encoder(**inputs).last_hidden_state[:, 0]
logits = head(sentence)
