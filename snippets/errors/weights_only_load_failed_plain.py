#| stacks: current, v4
import argparse

import torch

args = argparse.Namespace(lr=1e-3, epochs=3)
model = torch.nn.Linear(16, 2)
# Save plain Python values (a dict instead of a Namespace): weights_only loads them.
torch.save({"model": model.state_dict(), "args": vars(args), "epoch": 3}, "checkpoint.pt")

checkpoint = torch.load("checkpoint.pt")
args = argparse.Namespace(**checkpoint["args"])
model.load_state_dict(checkpoint["model"])
print("epoch:", checkpoint["epoch"], "args:", args)
