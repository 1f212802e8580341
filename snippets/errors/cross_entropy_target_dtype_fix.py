#| stacks: current, v4
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

inputs = tokenizer(["i love this movie", "a boring film"], padding=True, return_tensors="pt")
labels = torch.tensor([1.0, 0.0]).long()  # class numbers are integers (int64)
logits = model(**inputs).logits
loss = torch.nn.functional.cross_entropy(logits, labels)
print("labels:", labels.dtype, "loss:", round(loss.item(), 4))
