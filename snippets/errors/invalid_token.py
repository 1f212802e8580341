#| stacks: current, v4
#| timeout: 120
#| env: HF_HOME=hf-home
#| expect: OSError
import os

from _hub_stand_in import start

# A stand-in for huggingface.co that serves the shipped tiny BERT and knows one token.
start(repos={"example/tiny-bert": "checkpoints/tiny-random-bert"}, tokens={"hf_current"})

# An old token left in the environment (a notebook secret, a .env file, CI settings):
# revoked, mistyped or from another account. It is sent even to public repositories.
os.environ["HF_TOKEN"] = "hf_revoked"

from transformers import AutoModel

model = AutoModel.from_pretrained("example/tiny-bert")
