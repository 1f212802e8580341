#| stacks: current, v4
import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

np.save("images.npy", np.zeros((8, 3, 32, 32), dtype=np.float32))


class Images(Dataset):
    def __init__(self, path):
        self.path = path  # keep the path, not the data, in the dataset

    def __len__(self):
        return 8

    def __getitem__(self, index):
        images = np.load(self.path, mmap_mode="r")  # reads only the item asked for
        return torch.from_numpy(np.array(images[index]))


# Fewer workers and smaller batches also lower the memory the workers take.
loader = DataLoader(Images("images.npy"), batch_size=4, num_workers=1)
for step, batch in enumerate(loader):
    print("step", step, tuple(batch.shape))
