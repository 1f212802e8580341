import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint).eval()

# The tokenizer also returns an attention_mask with 0 at every padding position.
batch = tokenizer(["hello world, the model is good", "hello"], padding=True, return_tensors="pt")
print(batch["attention_mask"])

# Passing it (here with **batch) makes the model ignore the padding.
with torch.no_grad():
    print(model(**batch).logits)
