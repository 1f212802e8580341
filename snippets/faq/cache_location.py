#| env: HF_HOME=hf-home
#| env: TRANSFORMERS_CACHE=old-transformers-cache
import os

from huggingface_hub import constants

# from_pretrained downloads into HF_HUB_CACHE and looks there first.
print("HF_HOME:     ", os.path.relpath(constants.HF_HOME))
print("HF_HUB_CACHE:", os.path.relpath(constants.HF_HUB_CACHE))
print("HF_XET_CACHE:", os.path.relpath(constants.HF_XET_CACHE))
print("token file:  ", os.path.relpath(constants.HF_TOKEN_PATH))
