#| env: HF_HOME=hf-home
#| env: TRANSFORMERS_CACHE=old-transformers-cache
#| env: HF_HUB_OFFLINE=1
import os
import shutil

from huggingface_hub import constants
from transformers import AutoConfig

print("HF_HOME:     ", os.path.relpath(constants.HF_HOME))
print("HF_HUB_CACHE:", os.path.relpath(constants.HF_HUB_CACHE))
print("HF_XET_CACHE:", os.path.relpath(constants.HF_XET_CACHE))
print("token file:  ", os.path.relpath(constants.HF_TOKEN_PATH))


def put_in_cache(cache_dir, repo_id, folder):
    """Store a local folder the way a download stores a hub repository: models--ORG--NAME."""
    repo = os.path.join(cache_dir, "models--" + repo_id.replace("/", "--"))
    commit = "0" * 40
    shutil.copytree(folder, os.path.join(repo, "snapshots", commit))
    os.makedirs(os.path.join(repo, "refs"))
    with open(os.path.join(repo, "refs", "main"), "w") as ref:
        ref.write(commit)


# Two made-up repository ids, both holding the shipped tiny BERT: one cached where
# TRANSFORMERS_CACHE points, one in HF_HUB_CACHE. HF_HUB_OFFLINE=1: nothing is downloaded.
put_in_cache(os.environ["TRANSFORMERS_CACHE"], "example/in-transformers-cache", "checkpoints/tiny-random-bert")
put_in_cache(constants.HF_HUB_CACHE, "example/in-hub-cache", "checkpoints/tiny-random-bert")

config = AutoConfig.from_pretrained("example/in-hub-cache")
print("example/in-hub-cache:", config.model_type, "config loaded")
try:
    AutoConfig.from_pretrained("example/in-transformers-cache")
except OSError as error:
    print("example/in-transformers-cache:", str(error).splitlines()[0])
