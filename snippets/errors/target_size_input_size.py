#| stacks: current, v4
#| expect: ValueError
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"  # 2 labels
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

batch = tokenizer(["i love this movie", "the film was bad"], padding=True, return_tensors="pt")
labels = torch.tensor([1.0, 0.0])  # class labels read as floats, e.g. from a CSV column
outputs = model(**batch, labels=labels)
