#| stacks: current, v4
#| expect: ValueError
import torch
from transformers import AutoModelForSequenceClassification

model = AutoModelForSequenceClassification.from_pretrained("checkpoints/tiny-random-bert-classifier")
for param in model.parameters():  # meant to freeze the encoder only
    param.requires_grad = False

trainable = [p for p in model.parameters() if p.requires_grad]
print("trainable tensors:", len(trainable))
optimizer = torch.optim.AdamW(trainable, lr=1e-3)
