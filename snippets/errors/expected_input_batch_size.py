#| stacks: current, v4
#| expect: ValueError
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"  # 2 labels
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

batch = tokenizer(["i love this movie", "the film was bad"], padding=True, return_tensors="pt")
labels = torch.nn.functional.one_hot(torch.tensor([1, 0]), num_classes=2)  # one-hot: shape (2, 2)
print("logits for", batch["input_ids"].shape[0], "texts, labels:", tuple(labels.shape))
outputs = model(**batch, labels=labels)
