import torch

torch.manual_seed(0)
logits = torch.randn(2, 3)
print(logits)
print(logits.softmax(dim=-1).argmax(dim=-1))
