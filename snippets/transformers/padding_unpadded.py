import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint).eval()

# The second sentence alone, without padding: the logits it should get.
inputs = tokenizer(["hello"], return_tensors="pt")
print(inputs["input_ids"])
with torch.no_grad():
    print(model(inputs["input_ids"]).logits)
