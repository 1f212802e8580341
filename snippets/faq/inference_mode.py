import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)
batches = [["i love this movie"], ["the food was bad"], ["what a day"]]

kept = [model(**tokenizer(texts, return_tensors="pt")).logits for texts in batches]
# Each kept tensor holds its autograd graph, and with it every activation of its batch.
print("without inference_mode:", [type(logits.grad_fn).__name__ for logits in kept])

with torch.inference_mode():
    kept = [model(**tokenizer(texts, return_tensors="pt")).logits for texts in batches]
print("with inference_mode:   ", [logits.grad_fn for logits in kept])
