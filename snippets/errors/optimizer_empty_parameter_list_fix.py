#| stacks: current, v4
import torch
from transformers import AutoModelForSequenceClassification

model = AutoModelForSequenceClassification.from_pretrained("checkpoints/tiny-random-bert-classifier")
for param in model.bert.parameters():  # the encoder only; the classifier stays trainable
    param.requires_grad = False

trainable = [p for p in model.parameters() if p.requires_grad]
print("trainable tensors:", len(trainable), "values:", sum(p.numel() for p in trainable))
optimizer = torch.optim.AdamW(trainable, lr=1e-3)
print("optimizer groups:", len(optimizer.param_groups))
