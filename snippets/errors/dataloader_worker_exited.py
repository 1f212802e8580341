#| stacks: current, v4
#| expect: RuntimeError
import os
import signal

import torch
from torch.utils.data import DataLoader, Dataset


class Images(Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, index):
        os.kill(os.getpid(), signal.SIGKILL)  # killed before the first batch is ready
        return torch.zeros(3, 32, 32)


loader = DataLoader(Images(), batch_size=4, num_workers=1)
for step, batch in enumerate(loader):
    print("step", step, tuple(batch.shape))
