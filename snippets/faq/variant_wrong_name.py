#| expect: OSError
from transformers import AutoModel

# variant is not a file name: it is inserted into the usual ones.
model = AutoModel.from_pretrained("checkpoints/tiny-random-bert", variant="pytorch_model.bin")
