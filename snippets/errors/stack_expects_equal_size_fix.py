#| stacks: current, v4
from torch.utils.data import DataLoader, Dataset
from transformers import AutoTokenizer, DataCollatorWithPadding

tokenizer = AutoTokenizer.from_pretrained("checkpoints/tiny-random-bert")
texts = ["i love this movie", "a boring film", "the best film of the year", "not good"]


class Reviews(Dataset):
    def __len__(self):
        return len(texts)

    def __getitem__(self, index):
        return tokenizer(texts[index])  # input_ids and attention_mask, as lists


# The collator pads each batch to its longest text and builds the tensors.
loader = DataLoader(Reviews(), batch_size=2, collate_fn=DataCollatorWithPadding(tokenizer))
for batch in loader:
    print({name: tuple(tensor.shape) for name, tensor in batch.items()})
