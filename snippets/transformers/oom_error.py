#| devices: cuda
#| expect: torch.OutOfMemoryError
#| tolerance: inf
import torch

# Ask for 1 TiB on the GPU: more memory than any single card has.
x = torch.empty(2**40, dtype=torch.uint8, device="cuda")
