#| stacks: current, v4
#| expect: RuntimeError
import torch
from torch.utils.data import DataLoader, Dataset
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("checkpoints/tiny-random-bert")
texts = ["i love this movie", "a boring film", "the best film of the year", "not good"]


class Reviews(Dataset):
    def __len__(self):
        return len(texts)

    def __getitem__(self, index):
        return torch.tensor(tokenizer(texts[index])["input_ids"])  # one length per text


loader = DataLoader(Reviews(), batch_size=2)
batch = next(iter(loader))
