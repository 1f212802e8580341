#| stacks: current, v4
#| expect: IndexError
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

inputs = tokenizer(["i love this movie"], return_tensors="pt")  # a batch of one
with torch.no_grad():
    logits = model(**inputs).logits.squeeze()  # (1, 2) -> (2,): the batch axis is gone
print("logits:", tuple(logits.shape))
probs = logits.softmax(dim=1)
