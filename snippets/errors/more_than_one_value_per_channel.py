#| stacks: current, v4
#| expect: ValueError
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

features = torch.randn(9, 16)  # 9 examples: batches of 4, 4 and 1
labels = torch.randint(0, 2, (9,))
head = nn.Sequential(nn.Linear(16, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 2))
optimizer = torch.optim.SGD(head.parameters(), lr=0.1)

head.train()
for x, y in DataLoader(TensorDataset(features, labels), batch_size=4):
    print("batch of", len(x))
    loss = nn.functional.cross_entropy(head(x), y)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
