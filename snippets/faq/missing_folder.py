#| expect: OSError
from pathlib import Path

from transformers import AutoModel

# A relative path is resolved from the current working directory, not from the script's folder.
path = "./my-finetuned-model"
print("is a folder here:", Path(path).is_dir())

model = AutoModel.from_pretrained(path)
