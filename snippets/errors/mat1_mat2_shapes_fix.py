#| stacks: current, v4
import torch
from transformers import AutoModel, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
encoder = AutoModel.from_pretrained(checkpoint)
# Take the input size from the model's config instead of writing it by hand.
head = torch.nn.Linear(encoder.config.hidden_size, 2)

inputs = tokenizer(["i love this movie"], return_tensors="pt")
sentence = encoder(**inputs).last_hidden_state[:, 0]
print("sentence:", tuple(sentence.shape), "weight:", tuple(head.weight.shape))
logits = head(sentence)
print("logits:", tuple(logits.shape))
