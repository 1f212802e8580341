#| stacks: current, v4
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
batch = tokenizer(["i love this movie", "the film was bad"], padding=True, return_tensors="pt")

# One class per text: integer class indices.
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)
outputs = model(**batch, labels=torch.tensor([1, 0]))
print(model.config.problem_type, "loss:", round(outputs.loss.item(), 4))

# Several classes per text: one float per class, and say so in the config.
model = AutoModelForSequenceClassification.from_pretrained(checkpoint, problem_type="multi_label_classification")
outputs = model(**batch, labels=torch.tensor([[1.0, 1.0], [0.0, 1.0]]))
print(model.config.problem_type, "loss:", round(outputs.loss.item(), 4))
