#| stacks: current, v4
#| expect: RuntimeError
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"  # 2 labels
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

batch = tokenizer(["i love this movie", "a boring film"], padding=True, return_tensors="pt")
labels = torch.tensor([[1], [0]])  # one label per row, as a column: df[["label"]].values
logits = model(**batch).logits
print("logits:", tuple(logits.shape), "labels:", tuple(labels.shape))
loss = torch.nn.CrossEntropyLoss()(logits, labels)
