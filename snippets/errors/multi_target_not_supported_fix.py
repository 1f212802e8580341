#| stacks: current, v4
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

batch = tokenizer(["i love this movie", "a boring film"], padding=True, return_tensors="pt")
labels = torch.tensor([[1], [0]])
labels = labels.view(-1)  # one class index per row: shape (batch,)
logits = model(**batch).logits
print("logits:", tuple(logits.shape), "labels:", tuple(labels.shape))
loss = torch.nn.CrossEntropyLoss()(logits, labels)
print("loss:", round(loss.item(), 4))
print("same as the model's own loss:", torch.allclose(loss, model(**batch, labels=labels).loss))
