#| stacks: current, v4
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
# from_pretrained creates the model and fills it with the checkpoint's weights.
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)
model = model.to("cpu")
print("weights on:", model.classifier.weight.device)

tokenizer = AutoTokenizer.from_pretrained(checkpoint)
with torch.no_grad():
    logits = model(**tokenizer(["i love this movie"], return_tensors="pt")).logits
print("logits:", tuple(logits.shape))
