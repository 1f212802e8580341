import torch
from transformers.trainer_utils import find_executable_batch_size


@find_executable_batch_size(starting_batch_size=128, auto_find_batch_size=True)
def train(batch_size):
    print("trying batch size", batch_size)
    # Stands in for a training loop on a GPU that holds at most 20 examples at once.
    if batch_size > 20:
        raise torch.OutOfMemoryError("CUDA out of memory.")
    return batch_size


print("runs with batch size", train())
