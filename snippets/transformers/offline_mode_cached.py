#| env: HF_HUB_OFFLINE=1
#| env: HF_HOME=hf-home
import os
import shutil

from huggingface_hub import constants
from transformers import AutoModel, AutoTokenizer

print("HF_HUB_OFFLINE:", constants.HF_HUB_OFFLINE)

# The shipped tiny BERT, stored under a made-up hub id the way a download stores it.
repo = os.path.join(constants.HF_HUB_CACHE, "models--example--tiny-bert")
shutil.copytree("checkpoints/tiny-random-bert", os.path.join(repo, "snapshots", "0" * 40))
os.makedirs(os.path.join(repo, "refs"))
with open(os.path.join(repo, "refs", "main"), "w") as ref:
    ref.write("0" * 40)

# The same hub id as on a machine with access: found in the cache, no request sent.
tokenizer = AutoTokenizer.from_pretrained("example/tiny-bert")
model = AutoModel.from_pretrained("example/tiny-bert")
print(type(tokenizer).__name__, type(model).__name__)
