#| not-on-v4: transformers 4.57 falls back to its slow tokenizer, which asks for protobuf instead of reading the file
#| expect: Exception
import json
import shutil

from transformers import AutoTokenizer

# A tokenizer.json that the installed tokenizers cannot parse. To make one
# offline, the tokenizer model gets a type name this release does not have,
# which is how a file from a newer release looks to an older one.
shutil.copytree("checkpoints/tiny-random-gpt2", "gpt2-copy")
with open("gpt2-copy/tokenizer.json") as f:
    data = json.load(f)
data["model"]["type"] = "FutureBPE"
with open("gpt2-copy/tokenizer.json", "w") as f:
    json.dump(data, f)

tokenizer = AutoTokenizer.from_pretrained("gpt2-copy")
