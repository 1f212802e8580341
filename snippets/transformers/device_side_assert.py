#| devices: cpu, cuda
#| expect: cpu=IndexError, cuda=torch.AcceleratorError
#| isolation: process
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

device = "cuda" if torch.cuda.is_available() else "cpu"
checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint).to(device)
print("num_labels:", model.config.num_labels)

inputs = tokenizer(["i love this movie"], return_tensors="pt").to(device)
labels = torch.tensor([5], device=device)  # a label must be 0 or 1 here
outputs = model(**inputs, labels=labels)
print("loss:", outputs.loss.item())
