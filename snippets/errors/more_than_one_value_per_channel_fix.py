#| stacks: current, v4
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

features = torch.randn(9, 16)
labels = torch.randint(0, 2, (9,))
head = nn.Sequential(nn.Linear(16, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 2))
optimizer = torch.optim.SGD(head.parameters(), lr=0.1)

head.train()
# drop_last=True skips the last, incomplete batch (here the single example).
for x, y in DataLoader(TensorDataset(features, labels), batch_size=4, shuffle=True, drop_last=True):
    print("batch of", len(x))
    loss = nn.functional.cross_entropy(head(x), y)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()

# One example at a time is fine in evaluation mode: BatchNorm uses its running statistics.
head.eval()
with torch.no_grad():
    print("one example in eval mode:", tuple(head(features[:1]).shape))
