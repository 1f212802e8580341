#| devices: cpu, cuda
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

device = "cuda" if torch.cuda.is_available() else "cpu"
checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint).to(device)

# The tokenizer returns CPU tensors: move them to the model's device too.
inputs = tokenizer(["i love this movie"], return_tensors="pt").to(model.device)
logits = model(**inputs).logits
print("model:", model.device, "inputs:", inputs["input_ids"].device, "logits:", logits.device)
print("as a list:", [round(x, 4) for x in logits[0].tolist()])  # .tolist() and .item() copy back to the CPU
