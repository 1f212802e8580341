#| stacks: current, v4
#| expect: UnpicklingError
import argparse

import torch

# A training script saves its arguments next to the weights...
args = argparse.Namespace(lr=1e-3, epochs=3)
model = torch.nn.Linear(16, 2)
torch.save({"model": model.state_dict(), "args": args, "epoch": 3}, "checkpoint.pt")

# ...and the script that resumes from it loads the file.
checkpoint = torch.load("checkpoint.pt")
