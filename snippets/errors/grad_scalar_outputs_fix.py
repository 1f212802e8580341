#| stacks: current, v4
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

inputs = tokenizer(["i love this movie", "a boring film"], padding=True, return_tensors="pt")
labels = torch.tensor([1, 0])
logits = model(**inputs).logits
loss = torch.nn.functional.cross_entropy(logits, labels, reduction="none")
weights = torch.tensor([1.0, 2.0])
loss = (loss * weights).mean()  # reduce to one number before backward()
print("loss:", tuple(loss.shape), round(loss.item(), 4))
loss.backward()
print("classifier grad:", tuple(model.classifier.weight.grad.shape))
