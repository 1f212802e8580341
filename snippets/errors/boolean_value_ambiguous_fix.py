#| stacks: current, v4
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

batch = tokenizer(["i love this movie", "a boring film", "great acting"], padding=True, return_tensors="pt")
labels = torch.tensor([1, 0, 1])
with torch.no_grad():
    predictions = model(**batch).logits.argmax(dim=-1)
matches = predictions == labels
correct = matches.sum().item()  # count the rows, one answer per example
print("correct:", correct, "of", len(labels), "accuracy:", round(correct / len(labels), 4))
print("all correct:", matches.all().item(), "any correct:", matches.any().item())
