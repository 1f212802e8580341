#| stacks: current, v4
#| expect: RuntimeError
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

inputs = tokenizer(["i love this movie", "a boring film"], padding=True, return_tensors="pt")
labels = torch.tensor([1, 0])
logits = model(**inputs).logits
# One loss per example, to weight them later.
loss = torch.nn.functional.cross_entropy(logits, labels, reduction="none")
print("loss:", tuple(loss.shape))
loss.backward()
