#| stacks: current, v4
#| timeout: 120
#| env: HF_HOME=hf-home
import os

from _hub_stand_in import start

start(repos={"example/tiny-bert": "checkpoints/tiny-random-bert"}, tokens={"hf_current"})
os.environ["HF_TOKEN"] = "hf_revoked"

from transformers import AutoModel

# Replace the old token (here: override it for this call) with a current one from
# https://huggingface.co/settings/tokens, or unset HF_TOKEN and run `hf auth login` again.
model = AutoModel.from_pretrained("example/tiny-bert", token="hf_current")
print(type(model).__name__, "loaded with the new token")
