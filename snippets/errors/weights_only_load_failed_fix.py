#| stacks: current, v4
import argparse

import torch

args = argparse.Namespace(lr=1e-3, epochs=3)
model = torch.nn.Linear(16, 2)
torch.save({"model": model.state_dict(), "args": args, "epoch": 3}, "checkpoint.pt")

# Allow exactly the class the file needs, and keep weights_only=True for the rest.
with torch.serialization.safe_globals([argparse.Namespace]):
    checkpoint = torch.load("checkpoint.pt")
model.load_state_dict(checkpoint["model"])
print("epoch:", checkpoint["epoch"], "args:", checkpoint["args"])
