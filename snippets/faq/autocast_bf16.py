#| devices: cpu, cuda
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

device = "cuda" if torch.cuda.is_available() else "cpu"
checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint).to(device)
inputs = tokenizer(["i love this movie"], return_tensors="pt").to(device)

with torch.autocast(device_type=device, dtype=torch.bfloat16):
    outputs = model(**inputs, labels=torch.tensor([1], device=device))

print("weights:", model.classifier.weight.dtype)  # stored in float32
print("logits: ", outputs.logits.dtype)  # computed in bfloat16
print("loss:   ", outputs.loss.dtype)  # autocast keeps the loss in float32
