#| stacks: current, v4
#| expect: RuntimeError
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

inputs = tokenizer(["i love this movie", "a boring film"], padding=True, return_tensors="pt")
labels = torch.tensor([1.0, 0.0])  # class numbers read as floats, e.g. from a CSV column
logits = model(**inputs).logits
print("logits:", tuple(logits.shape), "labels:", labels.dtype)
loss = torch.nn.functional.cross_entropy(logits, labels)
