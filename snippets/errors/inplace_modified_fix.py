#| stacks: current, v4
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

inputs = tokenizer(["i love this movie", "a boring film"], padding=True, return_tensors="pt")
probs = model(**inputs).logits.softmax(dim=-1)
# Build a new tensor instead of writing into the one softmax saved.
probs = probs * torch.tensor([0.5, 1.0])
loss = -probs[:, 1].log().mean()
loss.backward()
print("loss:", round(loss.item(), 4), "classifier grad:", tuple(model.classifier.weight.grad.shape))
