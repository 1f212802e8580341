#| stacks: current, v4
#| expect: RuntimeError
import os
import signal
import time

import torch
from torch.utils.data import DataLoader, Dataset


class Images(Dataset):
    def __len__(self):
        return 8

    def __getitem__(self, index):
        if index >= 4:  # the second batch: say this worker has now run out of memory
            time.sleep(1)
            # What the kernel's out-of-memory killer does: SIGKILL, no Python traceback.
            os.kill(os.getpid(), signal.SIGKILL)
        return torch.zeros(3, 32, 32)


loader = DataLoader(Images(), batch_size=4, num_workers=1)
for step, batch in enumerate(loader):
    print("step", step, tuple(batch.shape))
    time.sleep(3)  # the training step; the worker prepares the next batch meanwhile
