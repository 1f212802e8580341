#| stacks: current, v4
#| timeout: 120
#| env: HF_HOME=hf-home
#| expect: OSError
from _hub_stand_in import start

# A gated repository, served by a stand-in for huggingface.co (the shipped tiny BERT).
start(repos={"example/gated-bert": "checkpoints/tiny-random-bert"}, gated={"example/gated-bert"})

from transformers import AutoModel

# No token: not logged in, HF_TOKEN not set, no token= argument.
model = AutoModel.from_pretrained("example/gated-bert")
