#| stacks: current, v4
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

inputs = tokenizer(["i love this movie"], return_tensors="pt")
with torch.no_grad():
    logits = model(**inputs).logits  # keep the batch axis: (1, 2)
probs = logits.softmax(dim=-1)  # -1 is the last axis, whatever the number of axes
print("probs:", tuple(probs.shape), "sum:", round(probs.sum().item(), 4))
