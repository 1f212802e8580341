#| stacks: current, v4
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)
model.eval()

inputs = tokenizer(["i love this movie", "a boring film"], padding=True, return_tensors="pt")
with torch.no_grad():  # inference: no graph, so the outputs do not require grad
    logits = model(**inputs).logits
print("requires_grad:", logits.requires_grad)
predictions = logits.cpu().numpy().argmax(axis=-1)
print("predictions:", predictions.tolist())
