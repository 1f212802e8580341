#| env: HF_HOME=hf-home
import os
import shutil

from huggingface_hub import constants
from transformers import AutoTokenizer, BertModel

# A local folder loads without any request to the hub; local_files_only changes nothing here.
path = "checkpoints/tiny-random-bert"
print("local folder:", type(BertModel.from_pretrained(path)).__name__)

# A hub id that is cached: a copy of the shipped tiny BERT, stored the way a download
# stores a repository (models--ORG--NAME/snapshots/COMMIT), under a made-up id.
repo = os.path.join(constants.HF_HUB_CACHE, "models--example--tiny-bert")
shutil.copytree(path, os.path.join(repo, "snapshots", "0" * 40))
os.makedirs(os.path.join(repo, "refs"))
with open(os.path.join(repo, "refs", "main"), "w") as ref:
    ref.write("0" * 40)

# local_files_only=True: these calls read the cache and send no request.
tokenizer = AutoTokenizer.from_pretrained("example/tiny-bert", local_files_only=True)
model = BertModel.from_pretrained("example/tiny-bert", local_files_only=True)
print("cached hub id:", type(tokenizer).__name__, model.config.hidden_size)

# An id that is not cached fails at once, instead of retrying the network.
try:
    BertModel.from_pretrained("example/not-cached", local_files_only=True)
except OSError as error:
    print("not cached:", str(error).splitlines()[0])
