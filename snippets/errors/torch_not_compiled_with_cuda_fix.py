#| stacks: current, v4
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

# Use the GPU when this torch build and the machine have one, the CPU otherwise.
device = "cuda" if torch.cuda.is_available() else "cpu"
checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint).to(device)

inputs = tokenizer(["i love this movie"], return_tensors="pt").to(device)
with torch.no_grad():
    logits = model(**inputs).logits
print("device:", logits.device, "logits:", tuple(logits.shape))
