#| stacks: current, v4
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

batch = tokenizer(["i love this movie", "the film was bad"], padding=True, return_tensors="pt")
one_hot = torch.nn.functional.one_hot(torch.tensor([1, 0]), num_classes=2)
labels = one_hot.argmax(dim=-1)  # one class index per text: shape (2,)
outputs = model(**batch, labels=labels)
print("labels:", labels.tolist(), "loss:", round(outputs.loss.item(), 4))
