#| stacks: current, v4
#| expect: RuntimeError
import torch

logits = torch.randn(2, 3)
labels = torch.tensor([[0, 1, 0], [1, 0, 0]])  # one-hot rows, but integer
loss = torch.nn.functional.cross_entropy(logits, labels)
