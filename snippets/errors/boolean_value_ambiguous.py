#| stacks: current, v4
#| expect: RuntimeError
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

batch = tokenizer(["i love this movie", "a boring film", "great acting"], padding=True, return_tensors="pt")
labels = torch.tensor([1, 0, 1])
with torch.no_grad():
    predictions = model(**batch).logits.argmax(dim=-1)
print("predictions == labels:", predictions == labels)
correct = 0
if predictions == labels:  # one answer for the whole batch?
    correct += 1
