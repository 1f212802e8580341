import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint).eval()
print("pad_token_id:", model.config.pad_token_id)

# The second sentence is shorter, so it is padded with pad_token_id (0).
batch = tokenizer(["hello world, the model is good", "hello"], padding=True, return_tensors="pt")
print(batch["input_ids"])

# Passing only input_ids: the model attends to the padding tokens too.
with torch.no_grad():
    print(model(batch["input_ids"]).logits)
